"""The counsellor's tables, built once with every cell formatted: the family as modelled, the
answer for each HLA result, the options compared (with the health gains as days and the
thresholds), the relatives as modelled and the check against published observations."""

from __future__ import annotations

from calculator.analysis.results import Results
from calculator.analysis.validation import ValidationResult
from calculator.content import common
from calculator.content.blocks import Bullets, Cell, Column, Paragraph, Section, Table
from calculator.content.numbers import format_money, format_one_in, format_pct, plain_number
from calculator.content.tables import weight_text
from calculator.content.units import parameter_value, unit_name
from calculator.content.validation import row_cells
from calculator.content.words import Words
from calculator.inputs.assumptions import Parameter

#: Days in a year, to show health gains as (quality-adjusted) days.
DAYS_PER_YEAR = 365.25
#: The options in the order the comparison lists them.
STRATEGY_ORDER = ("private", "public", "directed", "none")
DASH = "\u2014"
#: The columns of the validation table after the observation's title (:func:`calculator.content.validation.row_cells`).
VALIDATION_COLUMNS = ("published", "model", "ratio", "band", "agrees")



def chance(p: float | None, w: Words) -> Cell:
    """A chance in a table: "about 1 in 56" with its percentage as the cell's note, unless the
    words already are the percentage (Chinese chances of 10 % or more: "约 47%", not "约 47%（47%）")."""
    if p is None:
        return Cell(DASH)
    if p >= 0.9995:
        return Cell(w("app.counsellor.certain"))
    if p <= 0:
        return Cell("0")
    text = format_one_in(p, w.lang)
    return Cell(text) if text.endswith("%") else Cell(text, format_pct(p, w.lang))


def days(q: float) -> str:
    """Years of (quality-adjusted) life as days, two significant figures, no exponent."""
    return plain_number(q * DAYS_PER_YEAR, 2)


def money(x: float | None, w: Words) -> str:
    return w("text.not_reachable") if x is None else format_money(x, w.currency, w.lang)


def family(res: Results, w: Words) -> Section:
    """Who the family is, as modelled: the parents' carrier status and each listed relative."""
    c, risk = res.scenario.parent_carriers, res.newborn_inherited_risk
    inferred = risk.basis == "inferred"  # the statuses the model uses, said to be inferred (as the PDF says them)
    mother, father = (risk.mother, risk.father) if inferred else (c.mother, c.father)
    key = "app.counsellor.family_carriers_inferred" if inferred else "app.counsellor.family_carriers"
    lines = [w(key, mother=w(f"carrier.{mother}"), father=w(f"carrier.{father}"))]
    listed = [r for r in res.relatives if r.listed]
    for r in listed:
        lines.append(w("app.counsellor.family_relative", relation=w(f"relation.{r.relation}"), n=r.index,
                       condition=w(f"condition.{r.condition}"), hla=w(f"hla.{r.hla_match}")))
    if not listed:
        lines.append(w("app.counsellor.family_no_relatives"))
    return Section("family", w("app.counsellor.family"), (Bullets(tuple(lines)),))


def conditional(res: Results, w: Words) -> Section | None:
    """While a relative's HLA type is unknown: the answer if the baby is a match, and if not
    (:func:`calculator.content.common.hla_answers`, the PDF's too)."""
    return common.hla_answers(res, w, "counsellor")


def comparison(res: Results, w: Words) -> Section:
    """Every option and every comparison, one number format per column."""
    cols = ("option", "p_use", "pv_cost", "nominal", "ly_days", "qaly_days", "helped")
    optional = {"weight", "hla", "if_match_each"}  # the PDF leaves them out (its width); the chances it keeps
    header = tuple(Column(w(f"app.counsellor.col_{c}"), "text" if i == 0 else "number", essential=c not in optional)
                   for i, c in enumerate(cols))
    rows = []
    for name in (n for n in STRATEGY_ORDER if n in res.strategies):
        s = res.strategies[name]
        rows.append((w(f"strategy.{name}"), chance(s.p_family_use, w), money(s.pv_cost, w), money(s.nominal_cost, w),
                     days(s.life_years_gained), days(s.qalys_gained),
                     chance(s.expected_patients_helped, w) if s.expected_patients_helped else DASH))
    pr, th = res.strategies["private"], res.thresholds
    facts: list[tuple[str, str | Cell]] = [
        (w("text.p_child_use"), chance(pr.p_child_use, w)),
        (w("text.p_sibling_use"), chance(pr.p_sibling_use, w)),
        (w("text.p_family_use"), chance(pr.p_family_use, w)),
        (w("text.cost_per_use"), money(res.cost_per_family_use, w)),
    ]
    for other in ("public", "directed", "none"):
        c = res.comparisons.get(f"private_vs_{other}")
        if c is None:
            continue
        vs = w(f"strategy.{other}")
        vs = vs[0].lower() + vs[1:] if w.lang == "en" else vs  # mid-sentence
        facts += [
            (w("app.counsellor.fact_days", other=vs), days(c.delta_qaly)),
            (w("app.counsellor.fact_icer", other=vs), money(c.icer, w) if c.icer is not None else w("text.dominated")),
            (w("app.counsellor.fact_nmb", other=vs), money(c.nmb, w)),
        ]
    facts += [
        (w("app.counsellor.threshold_max_fee"), money(th.max_fee_pv, w)),
        (w("app.counsellor.threshold_min_p"), chance(th.min_p_family_use, w) if th.min_p_family_use is not None
         else w("text.not_reachable")),
    ]
    title = w("app.counsellor.comparison")
    return Section("comparison", title, (
        Table(header, tuple(rows), title=title, colon=w.sep("colon")),
        Paragraph(w("app.counsellor.comparison_note", years=res.horizon_years), role="caption"),
        Table((Column(w("app.counsellor.col_quantity")), Column(w("app.counsellor.col_value"), "number")),
              tuple(facts), title=title, colon=w.sep("colon")),
    ))


def relatives(res: Results, w: Words) -> Section | None:
    """Each relative as the model counts them: every factor of the chance the unit is used for them
    (the page, and the counsellor's PDF, which prints the essential columns: :meth:`Table.essential`)."""
    if not res.relatives:
        return None
    cols = ("relative", "condition", "weight", "hla", "p_need", "p_match", "p_unaffected", "p_dose", "p_contract",
            "p_use_sib", "if_match_each")
    optional = {"weight", "hla", "if_match_each"}  # the PDF leaves them out (its width); the chances it keeps
    header = tuple(Column(w(f"app.counsellor.col_{c}"), "text" if i == 0 else "number", essential=c not in optional)
                   for i, c in enumerate(cols))
    rows = []
    for r in res.relatives:
        who = w("app.counsellor.relative_who", relation=f"relation.{r.relation}", n=r.index)  # never "Parent 1"
        if r.planned:
            who += w.sep("space") + w("app.counsellor.planned")
        rows.append((who, w(f"condition.{r.condition}"),
                     plain_number(r.weight_used_kg) if r.weight_basis == "entered" or r.planned else weight_text(r, w.lang),
                     w(f"hla.{r.hla_match}"), chance(r.p_need, w), chance(r.p_match, w), chance(r.p_unaffected, w),
                     chance(r.p_dose_adequate, w), chance(r.p_within_contract, w), chance(r.p_use, w),
                     chance(r.p_family_use_if_match, w) if r.p_family_use_if_match is not None else ""))
    title = w("app.counsellor.relatives_table")
    return Section("relatives", title, (
        Table(header, tuple(rows), title=title, colon=w.sep("colon")),
        Paragraph(w("app.counsellor.relatives_note", years=res.horizon_years), role="caption"),
    ))


def validation(val: ValidationResult, w: Words) -> Section:
    """The calculator beside published observations (the same check as the command line's,
    :func:`calculator.content.validation.row_cells`), each row with its source."""
    header = (Column(w("app.counsellor.col_observation")),
              *(Column(w(f"validation.columns.{c}"), "number") for c in VALIDATION_COLUMNS),
              Column(w("app.counsellor.col_source")))
    rows = tuple((*row_cells(row, w.lang), row.source) for row in val.rows)
    return Section("validation", w("validation.title"), (
        Paragraph(w("validation.intro"), role="caption"), Table(header, rows, colon=w.sep("colon"))))


# --------------------------------------------------------------------------- the parameter editor
#: Units of chances (a value below 10 % is also said as "about 1 in N").
PROBABILITY_UNITS = ("probability", "probability per year")


def editor_caption(prm: Parameter, value: float, w: Words) -> str:
    """Under a parameter's input: its plausible range, the allowed bounds with the unit, the
    value as "about 1 in N" for a small chance, and the kind of source."""
    lo, hi = prm.bounds
    extra = f" {w('app.counsellor.as_one_in', p=value)}" if prm.unit in PROBABILITY_UNITS and 0 < value < 0.1 else ""
    low, high = (parameter_value(x, prm.unit, w.lang, w.currency) for x in (prm.low, prm.high))
    return (w("app.counsellor.plausible", low=low, high=high,
              lo=plain_number(lo), hi=plain_number(hi), unit=unit_name(prm.unit, w.lang, w.currency))
            + extra + f" · {w(f'source_type.{prm.source_type}')}")


# --------------------------------------------------------------------------- texts with a count
def changed_count(n: int, w: Words) -> str:
    """Under the parameter editor: how many numbers the counsellor changed."""
    return w("app.counsellor.changed_count", n=n)


def reasons_title(res: Results, w: Words) -> str:
    """The title of the folded reasons: "Show the n reasons"."""
    return w("app.verdict.show_reasons", n=len(res.recommendation.reasons))


def note_count(note: str, max_chars: int, max_lines: int, w: Words) -> str:
    """Under the note: its lines and characters against the limits."""
    lines = note.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1 if note else 0
    return w("app.counsellor.note_count", lines=lines, max_lines=max_lines, chars=len(note), max_chars=max_chars)
