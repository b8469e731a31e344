"""The report's tables: the key numbers (for parents in plain words, for the counsellor with
ranges), the comparison of the options, the relatives as modelled and the check against
published observations."""

from __future__ import annotations

from collections.abc import Sequence

from fpdf.enums import WrapMode
from fpdf.fonts import FontFace

from calculator.present.numbers import format_one_in, format_pct
from calculator.present.pdf.document import (
    ACCENT,
    BODY_W,
    BOX,
    MUTED,
    SOURCE_PT,
    Page,
    natural,
    style,
)
from calculator.present.pdf.texts import FIXED_RANGE
from calculator.present.tables import key_numbers

#: Key-number rows (by their PSA key or label key) that are health economics: in the parents'
#: copy they are printed only in the titled health-economics section.
ECON_ROWS = ("text.pv_cost", "text.qaly_gain", "text.icer", "text.nmb", "text.max_fee", "text.min_p")


def _is_econ(p: Page, label: str) -> bool:
    return any(label == p.T(k) for k in ECON_ROWS)


def table(p: Page, head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
          size: float = 7.4, align: str = "LEFT") -> None:
    """A compact table on fpdf2's own flow (rows never split; the heading repeats on a new page)."""
    pdf = p.pdf
    with style(pdf, size=size), pdf.table(col_widths=tuple(widths), width=BODY_W, text_align=align,
                                          line_height=size * 0.49,
                                          headings_style=FontFace(emphasis="", color=ACCENT, fill_color=BOX),
                                          borders_layout="HORIZONTAL_LINES", wrapmode=WrapMode.WORD,
                                          padding=(0.6, 1.2), markdown=False) as tab:
        for row in [head, *rows]:
            tab.row([p.cell_text(c, w * BODY_W / sum(widths), size, 1.2) for c, w in zip(row, widths)])
    pdf.ln(1.5)


def numbers(p: Page, econ: bool | None = None) -> None:
    """The key numbers table with the 95 % range. ``econ``: None for every row (counsellor),
    False for the plain rows only, True for the health-economics rows only (parents)."""
    res = p.res
    rows = [k for k in key_numbers(res, p.lang) if econ is None or _is_econ(p, k.label) == econ]
    has_psa = any(p.psa_range(k.psa_key) for k in rows if k.psa_key)
    if econ is None:
        p.heading(p.T("text.numbers", years=res.horizon_years), keep=40)
    widths = (84, 34, 62) if has_psa else (120, 60)
    head = [p.T("report.col_measure"), p.T("report.col_value")] + ([p.T("report.col_range")] if has_psa else [])
    body = []
    for k in rows:
        cells = [k.label, k.value]
        if has_psa:
            cells.append(p.range_text(k.psa_key, k.kind) if k.psa_key and k.kind else "")
        body.append(cells)
    table(p, head, body, widths)
    if has_psa:
        p.para(p.T("report.range_note", n=res.psa.n), size=7.5, colour=MUTED)
    else:
        p.para(p.T("report.range_missing"), size=7.5, colour=MUTED)


def plain_numbers(p: Page) -> None:
    """The parents' key numbers in plain words: chances out of 10,000 families like yours over
    the contract, money paid with its currency."""
    res = p.res
    pr, pu = res.strategies["private"], res.strategies["public"]
    years = res.horizon_years
    rows = [(p.T("report.plain_child"), natural(p, pr.p_child_use, "p_child_use"))]
    if (pr.p_sibling_use or 0) > 0:
        rows.append((p.T("report.plain_sibling"), natural(p, pr.p_sibling_use, "p_sibling_use")))
    if pr.p_relative_use is not None and pr.p_relative_use != pr.p_sibling_use and pr.p_relative_use > 0:
        rows.append((p.T("report.plain_relative"), natural(p, pr.p_relative_use, None)))
    rows += [
        (p.T("report.plain_family"), natural(p, pr.p_family_use, "p_family_use_private")),
        (p.T("report.plain_public_back"), natural(p, pu.p_family_use, "p_family_use_public")),
        (p.T("report.plain_helped"), natural(p, pu.expected_patients_helped, "expected_patients_helped", "donated_unit")),
        (p.T("report.plain_paid", years=years), p.T("report.plain_paid_value", amount=pr.nominal_cost, today=pr.pv_cost)),
        (p.T("report.plain_per_use"), p.money(res.cost_per_family_use)),
    ]
    p.heading(p.T("report.h_plain", years=years), keep=40)
    table(p, [p.T("report.col_measure"), p.T("report.col_value")], rows, (95, 85), size=8)


def comparison(p: Page) -> None:
    """The options side by side (counsellor): one number format per column."""
    res = p.res
    keys = [k for k in ("private", "directed", "public", "none") if k in res.strategies]
    head = [p.T("app.counsellor.col_option"), p.T("report.col_use"), p.T("app.counsellor.col_nominal"), p.T("report.col_pv"),
            p.T("report.col_qaly"), p.T("report.col_nmb")]
    rows = []
    for k in keys:
        st = res.strategies[k]
        cmp_ = res.comparisons.get(f"private_vs_{k}")
        rows.append([p.T("strategy." + k), format_one_in(st.p_family_use, p.lang), p.money(st.nominal_cost),
                     p.money(st.pv_cost), f"{st.qalys_gained:.4f}", p.money(cmp_.nmb) if cmp_ else FIXED_RANGE])
    p.heading(p.T("report.h_compare", years=res.horizon_years), keep=40)
    table(p, head, rows, (42, 28, 26, 26, 24, 34), size=7.4)
    p.para(p.T("report.compare_note", wtp=res.parameters["wtp_per_qaly"]), size=7.5, colour=MUTED)


def relatives(p: Page) -> None:
    """The relatives as the model sees them (counsellor): each factor of the chance of use."""
    res = p.res
    rel = [d for d in res.relatives if d.listed or d.planned]
    if not rel:
        return
    head = [p.T("report.col_relative"), p.T("report.col_need"), p.T("report.col_match"), p.T("report.col_unaffected"),
            p.T("report.col_dose"), p.T("report.col_within"), p.T("report.col_p_use")]
    pct = lambda x: format_pct(x, p.lang)  # noqa: E731
    rows = []
    for d in rel:
        who = (p.T("report.fam_planned", n=d.index) if d.planned else
               f"{d.index}. " + p.T(f"relation.{d.relation}") + p.sep("open") + p.T(f"condition.{d.condition}") + p.sep("close"))
        rows.append([who, pct(d.p_need), pct(d.p_match), pct(d.p_unaffected), pct(d.p_dose_adequate),
                     pct(d.p_within_contract), format_one_in(d.p_use, p.lang)])
    p.heading(p.T("report.h_relatives"), keep=30)
    table(p, head, rows, (50, 20, 20, 22, 22, 22, 24), size=7.4)
    p.para(p.T("report.relatives_note"), size=7.5, colour=MUTED)


def validation(p: Page) -> None:
    """The calculator beside published observations (counsellor)."""
    from calculator.analysis.validation import validate
    from calculator.present.validation_text import _value

    res = validate()
    head = [""] + [p.T(f"validation.columns.{c}") for c in ("published", "model", "ratio", "band", "agrees")]
    rows = []
    for row in res.rows:
        lo, hi = row.band
        rows.append([p.T(f"validation.row.{row.id}.title"), _value(row, row.published, p.lang),
                     _value(row, row.model, p.lang), f"{row.ratio:.2f}", f"{lo:.2f}-{hi:.2f}",
                     p.T("validation.agrees_yes" if row.inside else "validation.agrees_no")])
    p.heading(p.T("report.h_validation"), keep=40)
    table(p, head, rows, (62, 30, 30, 14, 20, 14), size=7.2)
    p.para(" ".join(f"{i}. {r.source}." for i, r in enumerate(res.rows, 1)), size=SOURCE_PT, colour=MUTED)

