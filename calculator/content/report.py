"""The printed report's own sections (the PDF, both audiences), one builder each, every
number formatted here: the parents' key numbers in plain words, the key numbers with their
95 % ranges, the options compared, the relatives as modelled, the check against published
observations, when keeping cord blood makes sense, what to do next, the disclaimer.

The PDF draws them (:mod:`calculator.present.pdf.draw`); the verdict, reasons, limits, bank
advice and red flags it shares with the page and the command line
(:mod:`calculator.content.common`)."""

from __future__ import annotations

from calculator.analysis.results import Results
from calculator.analysis.validation import ValidationResult
from calculator.content import common, counsellor_tables
from calculator.content.blocks import Bullets, Callout, Column, KeyNumber, Paragraph, Section, Table
from calculator.content.numbers import (
    format_frequency,
    format_frequency_range,
    is_fixed_range,
)
from calculator.content.tables import money_text, planned_not_entered, weight_text, years_text
from calculator.content.units import format_parameter
from calculator.content.words import Words
from calculator.inputs.assumptions import load_region
from calculator.inputs.scenario_values import fee_plan_of

#: Key-number rows (by their label key) that are health economics: in the parents' copy they
#: are printed only in the titled health-economics section.
ECON_ROWS = ("text.pv_cost", "text.qaly_gain", "text.icer", "text.nmb", "text.max_fee", "text.min_p")


def psa_range(res: Results, key: str | None) -> tuple[float, float] | None:
    """The 95 % range of PSA output ``key``; None without a PSA."""
    if key is None or res.psa is None or key not in res.psa.summary:
        return None
    row = res.psa.summary[key]
    return float(row["p2_5"]), float(row["p97_5"])


def natural(res: Results, w: Words, prob: float | None, psa_key: str | None, noun: str = "family_like_yours") -> str:
    """A chance as whole families like yours (the page's formatter too), with the PSA's 95 %
    range in the same style."""
    text = format_frequency(prob, w.lang, noun)
    r = psa_range(res, psa_key)
    if r is not None and not is_fixed_range(*r):
        text += w("app.freq.range", range=format_frequency_range(r[0], r[1], prob, w.lang, noun))
    return text


def plain_numbers(res: Results, w: Words) -> Section:
    """The parents' key numbers in plain words: chances out of 10,000 families like yours over
    the contract, money paid with its currency."""
    pr, pu = res.strategies["private"], res.strategies["public"]
    years = res.horizon_years
    rows = [(w("report.plain_child"), natural(res, w, pr.p_child_use, "p_child_use"))]
    if (pr.p_sibling_use or 0) > 0:
        rows.append((w("report.plain_sibling"), natural(res, w, pr.p_sibling_use, "p_sibling_use")))
    if pr.p_relative_use is not None and pr.p_relative_use != pr.p_sibling_use and pr.p_relative_use > 0:
        rows.append((w("report.plain_relative"), natural(res, w, pr.p_relative_use, None)))
    rows += [
        (w("report.plain_family"), natural(res, w, pr.p_family_use, "p_family_use_private")),
        (w("report.plain_public_back"), natural(res, w, pu.p_family_use, "p_family_use_public")),
        (w("report.plain_helped"), natural(res, w, pu.expected_patients_helped, "expected_patients_helped", "donated_unit")),
        (w("report.plain_paid", years=years), w("report.plain_paid_value", amount=pr.nominal_cost, today=pr.pv_cost)),
        (w("report.plain_per_use"), money_text(res.cost_per_family_use, w.currency, w.lang)),
    ]
    return Section("plain_numbers", w("report.h_plain", years=years),
                   (Table((Column(w("report.col_measure")), Column(w("report.col_value"))), tuple(rows), colon=w.sep("colon")),))


def key_numbers(res: Results, w: Words, econ: bool | None = None) -> Section:
    """The key numbers with their 95 % range: every row (``econ`` None, the counsellor), the
    plain rows (False) or the health-economics rows (True, the parents' section)."""
    full = common.key_numbers(res, w)
    table = full.blocks[0]
    assert isinstance(table, Table)
    econ_labels = {w(k) for k in ECON_ROWS}
    rows = tuple(r for r in table.rows if econ is None or (r[0] in econ_labels) == econ)
    note = w("report.range_note", n=res.psa.n) if res.psa is not None else w("report.range_missing")
    return Section("key_numbers", full.title, (Table(table.columns, rows, colon=w.sep("colon")), Paragraph(note, role="caption")))


def comparison(res: Results, w: Words) -> Section:
    """The options side by side (counsellor), each number as the page's comparison formats it
    (:mod:`calculator.content.counsellor_tables`: the chance with its percentage, money, the
    health gain in quality-adjusted days); fewer columns than the page's, for the printed width."""
    keys = [k for k in ("private", "directed", "public", "none") if k in res.strategies]
    head = (Column(w("app.counsellor.col_option")), Column(w("app.counsellor.col_p_use"), "chance"),
            Column(w("app.counsellor.col_nominal"), "money"), Column(w("app.counsellor.col_pv_cost"), "money"),
            Column(w("app.counsellor.col_qaly_days"), "number"), Column(w("report.col_nmb"), "money"))
    rows = []
    for k in keys:
        st = res.strategies[k]
        cmp_ = res.comparisons.get(f"private_vs_{k}")
        rows.append((w("strategy." + k), counsellor_tables.chance(st.p_family_use, w), counsellor_tables.money(st.nominal_cost, w),
                     counsellor_tables.money(st.pv_cost, w), counsellor_tables.days(st.qalys_gained),
                     counsellor_tables.money(cmp_.nmb, w) if cmp_ else common.FIXED_RANGE))
    return Section("comparison", w("report.h_compare", years=res.horizon_years), (
        Table(head, tuple(rows), colon=w.sep("colon")),
        Paragraph(w("report.compare_note", wtp=res.parameters["wtp_per_qaly"]), role="caption")))


def validation(val: ValidationResult, w: Words) -> Section:
    """The calculator beside published observations (counsellor): the page's table
    (:func:`calculator.content.counsellor_tables.validation`) with its sources numbered under
    it instead of in a column (a printed page has no room for them)."""
    table = next(b for b in counsellor_tables.validation(val, w).blocks if isinstance(b, Table))
    return Section("validation", w("report.h_validation"), (
        Table(table.columns[:-1], tuple(row[:-1] for row in table.rows), colon=w.sep("colon")),
        Paragraph(" ".join(f"{i}. {r.source}." for i, r in enumerate(val.rows, 1)), role="caption")))


def title(res: Results, w: Words, audience: str, today: str) -> Section:
    """The report's title, its subtitle for ``audience`` and what it was made from: the date,
    the region, the language, the audience, the model's version and its review date."""
    meta = (("report.meta_date", today), ("report.meta_region", w("region." + res.region)),
            ("report.meta_language", w("report.meta_language_name")),
            ("report.meta_version", w("report.audience_" + audience)), ("report.meta_model", res.model_version),
            ("report.meta_reviewed", res.assumptions_reviewed.isoformat()))
    return Section("title", w("text.title"), (Paragraph(w("report.subtitle_" + audience)),
                                              *(KeyNumber(w(k), v) for k, v in meta)))


def disclaimer(w: Words) -> Section:
    return Section("disclaimer", w("report.h_disclaimer"), (Callout(w("disclaimer"), tone="neutral"),))


#: The offer's parameters: the family entered its own offer when it changed one of them.
_FEE_KEYS = {"fee_upfront", "fee_annual", "fee_package_price", "fee_escalation", "storage_years"}


def _relative_line(d, w: Words) -> str:
    if d.planned:
        return w("report.fam_planned", n=d.index)
    return w("report.fam_relative", n=d.index, relation=f"relation.{d.relation}", condition=f"condition.{d.condition}",
             weight=weight_text(d, w.lang), hla=f"hla.{d.hla_match}", years=years_text(d, w.lang))


def family(res: Results, w: Words) -> Section:
    """The family in one compact list: relatives, carriers, the baby, the offer and fee plan;
    then the numbers the family changed."""
    prm = res.parameters
    colon, semi = w.sep("colon"), w.sep("semi")
    lines = []
    listed = [d for d in res.relatives if d.listed]
    if listed:
        lines.append(w("text.relatives") + colon)
        lines += ["    " + _relative_line(d, w) for d in listed]
    elif res.relatives and res.relatives[0].planned:  # not described: children at the parents' risk
        lines.append(w("text.default_siblings_at_risk", n=len(res.relatives),
                       condition=f"condition.{res.newborn_inherited_risk.condition}"))
    elif res.siblings:
        lines.append(w("text.family_no_history") + semi + w("report.siblings_assumed", n=len(res.siblings)))
    else:
        lines.append(w("text.family_no_history") + semi + w("report.no_siblings"))
    if planned_not_entered(res):
        lines.append(w("text.planned_not_entered"))
    c, risk = res.scenario.parent_carriers, res.newborn_inherited_risk
    inferred = risk.basis == "inferred"  # the parents' statuses as modelled, said to be inferred
    mother, father = (risk.mother, risk.father) if inferred else (c.mother, c.father)
    carriers = w("report.fam_carriers", mother=f"carrier.{mother}", father=f"carrier.{father}")
    lines.append(w("text.carriers_inferred", text=carriers) if inferred else carriers)
    if risk.disorder != "none":
        lines.append(w("report.fam_baby", status=f"newborn_status.{risk.status}", p=risk.probability))
    elif risk.status != "unknown":
        lines.append(w("text.newborn_status") + colon + w(f"newborn_status.{risk.status}"))
    years = res.horizon_years
    plan = fee_plan_of(res.scenario.fee_plan, prm.get("fee_package_price", 0))  # the plan decides the fees named
    if plan == "package_all_in":
        offer = w("report.offer_all_in", lump=prm["fee_package_price"], years=years)
    elif plan == "package_plus_first_payment":
        offer = w("report.offer_lump", upfront=prm["fee_upfront"], lump=prm["fee_package_price"], years=years)
    else:
        offer = w("report.offer_yearly", upfront=prm["fee_upfront"], annual=prm["fee_annual"], years=years)
    if plan == "yearly" and prm.get("fee_escalation", 0) > 0:
        offer += w.sep("space") + w("report.offer_escalation", rate=prm["fee_escalation"])
    offer += w.sep("space") + w("report.offer_entered" if _FEE_KEYS & set(res.overridden) else "report.offer_defaults")
    lines.append(offer)
    lines.append(w("report.fam_fee_plan", plan=f"fee_plan.{plan}"))
    blocks: list = [Bullets(tuple(lines))]
    if res.overridden:
        params = load_region(res.region).parameters
        changed = [f"{params[n].label_in(w.lang)} = {format_parameter(prm[n], params[n].unit, w.lang, w.currency)}"
                   for n in res.overridden if n in params]
        blocks.append(Paragraph(f"{w('text.overridden')}{colon}" + semi.join(changed), role="caption"))
    return Section("family", w("report.h_family"), tuple(blocks))
