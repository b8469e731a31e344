"""The report's picture sections: natural frequencies with icon arrays, the expected-value
and cost charts and, for the counsellor, the uncertainty charts. The tables are in
:mod:`calculator.present.pdf.tables`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from calculator.content.chart_spec import uncertainty_pair
from calculator.content.icons import DENOMINATOR, IconGroup, icon_cells, icon_groups
from calculator.content.numbers import format_frequency, format_one_in_range, is_fixed_range
from calculator.present import print_charts
from calculator.present.palette import colour as role_colour
from calculator.present.palette import rgb
from calculator.present.pdf.charts import Charts, tornado_h
from calculator.present.pdf.document import (
    ACCENT,
    BODY_W,
    INK,
    MARGIN,
    MUTED,
    Page,
    style,
)
from calculator.present.pdf.tables import numbers

if TYPE_CHECKING:
    from PIL.Image import Image


_ICON_GREY = rgb(role_colour("empty"))
_ICON_SIZE = 68.0  # one icon array's side [mm]


# --------------------------------------------------------------------------- natural frequencies


def _count_range(p: Page, key: str) -> str:
    """"; 95% range about 1 in a to 1 in b" from the PSA (both ends in one style, as the
    chance beside it), or "" without a PSA or when the analysis keeps it fixed."""
    r = p.psa_range(key)
    if r is None or is_fixed_range(*r):
        return ""
    return p.sep("semi") + p.T("report.col_range") + " " + format_one_in_range(r[0], r[1], p.lang)


def frequencies(p: Page) -> None:
    pdf, res = p.pdf, p.res
    pr, pu = res.strategies["private"], res.strategies["public"]
    years = res.horizon_years
    # private: child and sibling routes share the family-use total (routes can overlap)
    p_child = pr.p_child_use or 0.0
    private = icon_groups([("child", p_child), ("sibling", max(0.0, pr.p_family_use - p_child))])
    public = icon_groups([("helped", pu.expected_patients_helped or 0.0), ("family_back", pu.p_family_use)])
    size = _ICON_SIZE - (8 if p.compact >= 2 else 0)
    x_left, x_right = MARGIN, MARGIN + BODY_W / 2 + 5
    def unused(groups) -> str:  # the families left uncoloured, rounded as every family count
        return format_frequency(1.0 - sum(g.count for g in groups) / DENOMINATOR, p.lang, "family")

    def freq(group) -> str:
        return format_frequency(group.expected / DENOMINATOR, p.lang, "family")

    legends_private: list[tuple[str | None, str]]
    legends_public: list[tuple[str | None, str]]
    if p.audience == "parent":  # whole families, as in the table above and on the web page
        legends_private = [
            ("child", p.T("report.legend_child_plain", freq=freq(private[0]))),
            ("sibling", p.T("report.legend_sibling_plain", freq=freq(private[1]))),
            (None, p.T("report.legend_private_unused", freq=unused(private))),
        ]
        legends_public = [
            ("helped", p.T("report.legend_helped_plain", freq=freq(public[0]))),
            ("family_back", p.T("report.legend_family_back_plain", freq=freq(public[1]))),
            (None, p.T("report.legend_public_unused", freq=unused(public))),
        ]
    else:
        legends_private = [
            ("child", p.T("report.legend_child", p=p_child, range=_count_range(p, "p_child_use"))),
            ("sibling", p.T("report.legend_sibling", p=pr.p_sibling_use or 0.0, range=_count_range(p, "p_sibling_use"))),
            (None, p.T("report.legend_private_unused", freq=unused(private))),
        ]
        legends_public = [
            ("helped", p.T("report.legend_helped", p=pu.expected_patients_helped or 0.0,
                           range=_count_range(p, "expected_patients_helped"))),
            ("family_back", p.T("report.legend_family_back", p=pu.p_family_use, range=_count_range(p, "p_family_use_public"))),
            (None, p.T("report.legend_public_unused", freq=unused(public))),
        ]
    # kept on one page: the intro, the two arrays and their legends (a legend that ran over the
    # page break left the next page nearly empty)
    intro = p.T("report.freq_intro", years=years)
    legend_h = max(sum(len(p.lines(text, size + 4, 7.5)) * 3.9 + 0.5 for _, text in legends)
                   for legends in (legends_private, legends_public))
    p.heading(p.T("report.h_frequencies", years=years), keep=12 + len(p.lines(intro, BODY_W, 8.5)) * 4.25 + 10 + size + legend_h)
    p.para(intro, size=8.5)
    pdf.ln(2)
    y_title = pdf.get_y()
    with style(pdf, size=9, colour=INK):
        for x, key in ((x_left, "report.icon_private"), (x_right, "report.icon_public")):
            pdf.set_xy(x, y_title)
            pdf.cell(size, 5, p.T(key))
    y0 = y_title + 6
    icon_array(p, x_left, y0, private, size)
    icon_array(p, x_right, y0, public, size)
    y_leg = y_end = y0 + size + 2
    for x, legends in ((x_left, legends_private), (x_right, legends_public)):
        pdf.set_y(y_leg)
        for role, text in legends:
            y = pdf.get_y()
            with pdf.local_context(fill_color=rgb(role_colour(role)) if role else _ICON_GREY):
                pdf.rect(x, y + 0.9, 2.4, 2.4, style="F")
            pdf.set_y(y)
            p.write(text, x=x + 3.5, width=size + 4, size=7.5, lh=3.9)
            pdf.ln(0.5)
        y_end = max(y_end, pdf.get_y())
    pdf.set_y(y_end + 1)


def icon_array(p: Page, x: float, y: float, groups: Sequence[IconGroup], size: float = _ICON_SIZE) -> None:
    """Draw a 10,000-icon array (100 x 100 in 10 x 10 blocks) with grouped colours.

    Each run of same-coloured icons in a block row is one dashed line (dash = icon,
    gap = spacing) instead of one rectangle per icon: the same picture with about a
    tenth of the drawing operations.
    """
    pdf = p.pdf
    block, block_gap = 10, 0.9
    pitch = (size - 9 * block_gap) / 100
    icon = pitch * 0.78
    colours: list[tuple[int, int, int]] = []
    for g in groups:
        colours += [rgb(role_colour(g.key))] * g.count
    coloured = len(colours)

    def colour_of(i: int) -> tuple[int, int, int]:
        return colours[i] if i < coloured else _ICON_GREY

    runs: dict[tuple[int, int, int], list[tuple[float, float, int]]] = {}
    cells = icon_cells()
    for seg in range(0, DENOMINATOR, block):  # one block row: fill indices seg .. seg + 9
        cx0, cy = cells[seg]
        px0 = x + cx0 * pitch + (cx0 // block) * block_gap
        py = y + cy * pitch + (cy // block) * block_gap
        start = 0
        for j in range(1, block + 1):
            if j == block or colour_of(seg + j) != colour_of(seg + start):
                runs.setdefault(colour_of(seg + start), []).append((px0 + start * pitch, py, j - start))
                start = j
    with pdf.local_context(line_width=icon, stroke_cap_style="BUTT"):
        pdf.set_dash_pattern(dash=icon, gap=pitch - icon)
        for colour, items in runs.items():
            pdf.set_draw_color(*colour)
            for px, py, n in items:
                pdf.line(px, py + icon / 2, px + (n - 1) * pitch + icon, py + icon / 2)
        pdf.set_dash_pattern()
    if 0 < coloured < 30:  # a ring so that a handful of coloured squares is found at once
        cx, cy = cells[coloured - 1]
        w = min(coloured, block) * pitch
        with pdf.local_context(draw_color=rgb(role_colour("child")), line_width=0.35):
            pdf.ellipse(x - 1.6, y - 1.6, w + 3.2, (cy + 1) * pitch + 3.2)


# --------------------------------------------------------------------------- charts


def chart_pair(p: Page, left: Image, right: Image | None, titles: tuple[str, str] = ("", "")) -> None:
    pdf = p.pdf
    h = print_charts.CHART_H_MM
    title_h = 5.0 if any(titles) else 0
    pdf.keep(h + title_h + 2)
    y = pdf.get_y()
    for i, (img, title) in enumerate(zip((left, right), titles)):
        if img is None:
            continue
        x = MARGIN + i * (print_charts.CHART_W_MM + 4)
        if title:
            pdf.set_y(y)
            p.write(title, x=x, width=print_charts.CHART_W_MM, size=9, lh=4.5, colour=ACCENT)
        pdf.image(img, x=x, y=y + title_h, w=print_charts.CHART_W_MM, h=h)
    pdf.set_y(y + title_h + h + 2)


def value_and_cost(p: Page) -> None:
    """Counsellor: the expected-value chart beside the cost chart. Parents: the cost chart
    beside the words on cost (the expected value is in the health-economics section)."""
    res = p.res
    pr = res.strategies["private"]
    key = "reason.cost" if p.audience == "counsellor" else "report.cost_plain"
    cost_words = p.T(key, pv=pr.pv_cost, nominal=pr.nominal_cost, cpu=res.cost_per_family_use,
                     years=res.horizon_years)
    if p.audience == "counsellor":
        p.heading(p.T("report.h_value_cost"), keep=print_charts.CHART_H_MM + 25)
        chart_pair(p, chart(p, "value"), chart(p, "cost"), (p.T("report.h_value"), p.T("report.h_cost")))
        p.para(p.T("report.value_caption", wtp=res.parameters["wtp_per_qaly"]) + p.sep("space") + cost_words,
               size=7.5, colour=MUTED)
        return
    p.heading(p.T("report.h_cost"), keep=print_charts.CHART_H_MM + 12)
    chart_beside_text(p, chart(p, "cost"), cost_words)


def chart_beside_text(p: Page, img: Image, text: str) -> None:
    """One chart on the left half, its words on the right."""
    pdf = p.pdf
    h = print_charts.CHART_H_MM
    pdf.keep(h + 2)
    y = pdf.get_y()
    pdf.image(img, x=MARGIN, y=y, w=print_charts.CHART_W_MM, h=h)
    pdf.set_y(y + 4)
    x = MARGIN + print_charts.CHART_W_MM + 4
    p.write(text, x=x, width=BODY_W - print_charts.CHART_W_MM - 4, size=8.5, lh=4.4)
    pdf.set_y(max(pdf.get_y(), y + h + 2))


def economics(p: Page) -> None:
    """Parents: every health-economics number in one titled section (QALY, net monetary
    benefit, willingness to pay, present value), for those who want them."""
    res = p.res
    rec = res.recommendation
    from calculator.present.pdf.sections import ECON_REASONS

    p.heading(p.T("report.h_econ"), keep=60)
    p.para(p.T("report.econ_intro"), size=8.5)
    p.pdf.ln(1)
    econ = [p.T("reason." + r.id, **r.values) for r in rec.reasons if r.id in ECON_REASONS]
    if econ:
        p.bullets(econ, size=8.3, gap=0.3)
    numbers(p, econ=True)
    chart_beside_text(p, chart(p, "value"), p.T("report.value_caption", wtp=res.parameters["wtp_per_qaly"]))


def uncertainty(p: Page) -> None:
    """The tornado full width (when ``res.sensitivity`` is set; full labels, wrapped), then
    the acceptability curve on a true log axis beside its caption (when ``res.psa`` is set)."""
    res = p.res
    pdf = p.pdf
    tornado = chart(p, "tornado")
    has_ceac = res.psa is not None and bool(res.psa.ceac)
    if tornado is None and not has_ceac:
        p.heading(p.T("report.h_uncertainty"), keep=20)
        p.para(p.T("report.uncertainty_missing"), size=8.5, colour=MUTED)
        return
    p.heading(p.T("report.h_uncertainty"), keep=(tornado_h(p) if tornado else print_charts.CHART_H_MM) + 24)
    if tornado is not None:
        pdf.keep(tornado_h(p) + 12)  # with its caption
        y = pdf.get_y()
        pdf.image(tornado[0], x=MARGIN, y=y, w=BODY_W, h=tornado_h(p))
        pdf.set_y(y + tornado_h(p) + 1)
        p.para(p.T("report.tornado_caption"), size=7.5, colour=MUTED)
        pdf.ln(1)
    if has_ceac:
        directed = uncertainty_pair(res).versus == "directed"
        chart_beside_text(p, chart(p, "ceac"), p.T("report.ceac_caption_directed" if directed else "report.ceac_caption"))


def chart(p: Page, name: str) -> Any:
    """Chart ``name`` of the report (:data:`CHARTS`), drawn once per report."""
    if p.charts is None:
        p.charts = Charts()
    return p.charts.get(p, name)
