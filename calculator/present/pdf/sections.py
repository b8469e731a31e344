"""The report's text sections, one small function each, in the order they are printed
(the frequencies, key numbers and charts are in :mod:`.figures`)."""

from __future__ import annotations

from fpdf.enums import XPos, YPos

from calculator.inputs.assumptions import load_region
from calculator.present.palette import OKABE_ITO, VERDICT_COLOURS, rgb
from calculator.present.pdf.document import ACCENT, ASSUMPTION, BODY_W, BOX, INK, MARGIN, MUTED, NOTE_BOX, PAGE_W, Page, style
from calculator.present.tables import BANK_ADVICE, RED_FLAGS
from calculator.present.units import format_parameter

_HSCT_PREFIX = "p_hsct_"
#: Fallback for assumption files without ``applies_when``: parameters that matter only
#: when a brother or sister with a disease is listed.
_SICK_SIBLING_ONLY = ("years_to_sibling_hsct",)
_FEE_KEYS = {"fee_upfront", "fee_annual", "fee_package_price", "fee_escalation", "storage_years"}


def title_block(p: Page) -> None:
    pdf, res = p.pdf, p.res
    with style(pdf, size=17, colour=ACCENT, stroke=0.18):
        pdf.multi_cell(0, 8, p.T("text.title"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    with style(pdf, size=11.5, colour=INK):
        pdf.multi_cell(0, 6, p.T("report.subtitle_" + p.audience), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    meta = [
        (p.T("report.meta_date"), p.today.isoformat()),
        (p.T("report.meta_region"), p.T("region." + res.region)),
        (p.T("report.meta_language"), p.T("report.meta_language_name")),
        (p.T("report.meta_version"), p.T("report.audience_" + p.audience)),
        (p.T("report.meta_model"), res.model_version),
        (p.T("report.meta_reviewed"), res.assumptions_reviewed.isoformat()),
    ]
    col_w = BODY_W / 3
    with style(pdf, size=8):
        for i, (k, v) in enumerate(meta):
            if i % 3 == 0 and i:
                pdf.ln(4.4)
            pdf.set_x(MARGIN + (i % 3) * col_w)
            label = k + p.sep("colon")
            with style(pdf, colour=MUTED):
                pdf.cell(pdf.get_string_width(label), 4.4, label)
            pdf.cell(col_w - pdf.get_string_width(label), 4.4, v)
    pdf.ln(6)
    with pdf.local_context(draw_color=ACCENT, line_width=0.5):
        pdf.line(MARGIN, pdf.get_y(), PAGE_W - MARGIN, pdf.get_y())
    pdf.ln(1)


def param_value(p: Page, name: str, value: float) -> str:
    params = load_region(p.res.region).parameters
    unit = params[name].unit if name in params else ""
    return format_parameter(value, unit, p.lang, p.cur)


def inputs(p: Page) -> None:
    res, prm = p.res, p.res.parameters
    colon, semi = p.sep("colon"), p.sep("semi")
    p.heading(p.T("report.h_inputs"), keep=25)
    lines = []
    if res.siblings and res.siblings[0].listed:
        lines.append(p.T("text.siblings") + colon)
        lines += ["    " + p.T("text.sibling_line", n=s.index, condition=f"condition.{s.condition}",
                                weight=s.weight_used_kg, hla=f"hla.{s.hla_match}") for s in res.siblings]
    elif res.siblings:
        lines.append(p.T("text.family_no_history") + semi + p.T("report.siblings_assumed", n=len(res.siblings)))
    else:
        lines.append(p.T("text.family_no_history") + semi + p.T("report.no_siblings"))
    c = res.scenario.parent_carriers
    lines.append(f"{p.T('text.carriers')}{colon}"
                 f"{p.T('text.carriers_each', mother=f'carrier.{c.mother}', father=f'carrier.{c.father}')}")
    risk = res.newborn_inherited_risk
    if risk.disorder != "none":
        lines.append(p.T("report.newborn_risk", disorder=f"carrier.{risk.disorder}", p=risk.probability))
    years = res.horizon_years
    if prm.get("fee_package_price", 0) > 0:
        offer = p.T("report.offer_lump", upfront=prm["fee_upfront"], lump=prm["fee_package_price"], years=years)
    else:
        offer = p.T("report.offer_yearly", upfront=prm["fee_upfront"], annual=prm["fee_annual"], years=years)
    if prm.get("fee_escalation", 0) > 0:
        offer += " " + p.T("report.offer_escalation", rate=prm["fee_escalation"])
    offer += " " + p.T("report.offer_entered" if _FEE_KEYS & set(res.overridden) else "report.offer_defaults")
    lines.append(offer)
    p.bullets(lines, size=9, gap=0.4)
    if res.overridden:
        params = load_region(res.region).parameters
        changed = [f"{params[n].label_in(p.lang)} = {param_value(p, n, prm[n])}" for n in res.overridden if n in params]
        p.para(f"{p.T('text.overridden')}{colon}" + semi.join(changed), size=8, colour=MUTED)


def note_box(p: Page) -> None:
    p.heading(p.T("report.h_note"), keep=20)
    with p.note_script():
        p.box(p.printable(p.note or ""), fill=NOTE_BOX, bar=rgb(OKABE_ITO["orange"]), size=8.5,
              label=p.T("report.note_literal"))


def verdict(p: Page) -> None:
    rec = p.res.recommendation
    p.heading(p.T("text.verdict"), keep=40)
    bar = rgb(VERDICT_COLOURS[rec.code]) if rec.code in VERDICT_COLOURS else ACCENT
    p.box(p.T("verdict." + rec.code), fill=BOX, bar=bar, size=11)
    p.heading(p.T("text.reasons"), size=10.5, keep=20)
    p.bullets([p.T("reason." + r.id, **r.values) for r in rec.reasons], size=8.5, gap=0.5)


def limits_bank_flags(p: Page) -> None:
    rec = p.res.recommendation
    p.heading(p.T("text.limits"), keep=30)
    p.bullets([p.T("limit." + k) for k in rec.limits], size=8.3, gap=0.3)
    p.heading(p.T("report.h_bank"), keep=25)
    p.bullets([p.T("advice." + k) for k in BANK_ADVICE if k in rec.advice or k != "directed_donation"],
              size=8.3, gap=0.3)
    p.heading(p.T("red_flag.title"), keep=30)
    p.bullets([p.T("red_flag." + k) for k in RED_FLAGS], size=8.3, gap=0.3)


def disclaimer(p: Page) -> None:
    p.heading(p.T("report.h_disclaimer"), keep=22)
    p.box(p.T("disclaimer"), fill=BOX, bar=MUTED, size=8.5)


def _only_for_sick_relative(name: str, prm) -> bool:
    applies = getattr(prm, "applies_when", None)  # transitional: older assumption files lack it
    if applies is not None:
        return applies == "sick_relative"
    return name in _SICK_SIBLING_ONLY


#: Parameters that matter only when a relative of that relation is listed.
_ONLY_FOR_RELATION = {
    "p_hla_identical_one_haplotype": ("half_sibling", "parent"),
    "p_hla_identical_other_relative": ("other_relative",),
}

def source_rows(p: Page) -> list[tuple[str, str, str, str, bool]]:
    """(label, value and range, kind, source with link and review date, is assumption)
    for every parameter that enters this family's numbers."""
    res = p.res
    sick = {s.condition for s in res.siblings if s.listed and s.condition != "none"}
    listed = bool(res.siblings) and res.siblings[0].listed
    relations = {d.relation for d in res.relatives if d.listed and not d.planned}
    rows = []
    for name, prm in load_region(res.region).parameters.items():
        if name in _ONLY_FOR_RELATION and not relations & set(_ONLY_FOR_RELATION[name]):
            continue
        if name.startswith(_HSCT_PREFIX) and name[len(_HSCT_PREFIX):] not in sick:
            continue
        if not sick and _only_for_sick_relative(name, prm):
            continue
        if name == "n_siblings" and listed:
            continue
        if name == "default_sibling_weight_kg" and res.siblings and all(s.weight_kg is not None for s in res.siblings):
            continue
        shown = format_parameter(res.parameters.get(name, prm.value), prm.unit, p.lang, p.cur)
        if prm.low != prm.high:
            rng = p.T("report.range_text", low=format_parameter(prm.low, prm.unit, p.lang, p.cur),
                      high=format_parameter(prm.high, prm.unit, p.lang, p.cur))
            shown += p.sep("open") + rng + p.sep("close")
        kind = p.T("source_type." + prm.source_type)
        if name in res.overridden:
            kind += p.sep("semi") + p.T("text.overridden")
        source = prm.source_in(p.lang) + (" " + prm.url if prm.url else "")
        source += f" ({prm.reviewed.isoformat()})"
        rows.append((prm.label_in(p.lang), shown, kind, source, prm.is_assumption))
    return rows


def sources(p: Page) -> None:
    """Every number's source as a compact list (a table would waste a column's height)."""
    pdf = p.pdf
    p.heading(p.T("report.h_sources"), keep=50)
    p.para(p.T("report.sources_intro"), size=7.5, colour=MUTED)
    pdf.ln(1.2)
    lh = 2.4
    sep = p.sep("colon")
    with style(pdf, size=5.6):
        for label, value, kind, source, assumption in source_rows(p):
            pdf.keep(2 * lh)
            pdf.set_x(MARGIN)
            for text, colour in ((label + sep, ACCENT), (value + " ", INK),
                                 (f"[{kind}] ", ASSUMPTION if assumption else MUTED), (source, INK)):
                with style(pdf, colour=colour):
                    pdf.write(lh, text)
            pdf.ln(lh + 0.3)
