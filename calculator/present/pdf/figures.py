"""The report's picture sections, drawn from their content
(:mod:`calculator.content.report_figures`, where every title, legend and caption is built):
natural frequencies with icon arrays, the expected-value and cost charts and, for the
counsellor, the uncertainty charts. The tables are in :mod:`calculator.present.pdf.tables`."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from calculator.content import parent, report_figures
from calculator.content.blocks import Bullets, Chart, Heading, Paragraph, SideBySide
from calculator.content.icons import DENOMINATOR, IconGroup, icon_cells
from calculator.present import print_charts
from calculator.present.palette import colour as role_colour
from calculator.present.palette import rgb
from calculator.present.pdf import draw
from calculator.present.pdf.charts import tornado_h
from calculator.present.pdf.document import BODY_W, MARGIN, Page
from calculator.present.pdf.page_style import ACCENT, INK, MUTED, style

if TYPE_CHECKING:
    from PIL.Image import Image


_ICON_GREY = rgb(role_colour("empty"))
_ICON_SIZE = 68.0  # one icon array's side [mm]


# --------------------------------------------------------------------------- natural frequencies


def frequencies(p: Page) -> None:
    """The two icon arrays side by side, each with its title above and its legend below
    (:func:`calculator.content.report_figures.frequencies`)."""
    pdf = p.pdf
    section = report_figures.frequencies(p.res, p.words, p.audience)
    intro, pair = section.blocks
    assert isinstance(intro, Paragraph) and isinstance(pair, SideBySide)
    size = _ICON_SIZE - (8 if p.compact >= 2 else 0)
    # kept on one page: the intro, the two arrays and their legends (a legend that ran over the
    # page break left the next page nearly empty)
    legend_h = max(sum(len(p.lines(text, size + 4, 7.5)) * 3.9 + 0.5 for text in legend.items)
                   for _title, _icons, legend in pair.panels if isinstance(legend, Bullets))
    p.heading(section.title, keep=12 + len(p.lines(intro.text, BODY_W, 8.5)) * 4.25 + 10 + size + legend_h)
    p.write(intro.text, size=8.5)
    pdf.ln(2)
    xs = (MARGIN, MARGIN + BODY_W / 2 + 5)
    y_title = pdf.get_y()
    y0 = y_title + 6
    y_end = y0 + size + 2
    for x, (title, icons, legend) in zip(xs, pair.panels):
        assert isinstance(title, Heading) and isinstance(icons, Chart) and isinstance(legend, Bullets)
        with style(pdf, size=9, colour=INK):
            pdf.set_xy(x, y_title)
            pdf.cell(size, 5, title.text)
        icon_array(p, x, y0, icons.spec, size)
    for x, (_title, icons, legend) in zip(xs, pair.panels):
        assert isinstance(icons, Chart) and isinstance(legend, Bullets)
        pdf.set_y(y0 + size + 2)
        roles: list[str | None] = [g.key for g in icons.spec] + [None]  # the last: the families left uncoloured
        for role, text in zip(roles, legend.items):
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
    colours += [_ICON_GREY] * (DENOMINATOR - coloured)
    runs: dict[tuple[int, int, int], list[tuple[float, float, int]]] = {}
    cells = icon_cells()
    for seg in range(0, DENOMINATOR, block):  # one block row: fill indices seg .. seg + 9
        cx0, cy = cells[seg]
        px0 = x + cx0 * pitch + (cx0 // block) * block_gap
        py = y + cy * pitch + (cy // block) * block_gap
        start = 0
        for colour, run in groupby(colours[seg:seg + block]):
            n = len(list(run))
            runs.setdefault(colour, []).append((px0 + start * pitch, py, n))
            start += n
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


def chart_pair(p: Page, left: Image, right: Image, titles: tuple[str, str] = ("", "")) -> None:
    pdf = p.pdf
    h = print_charts.CHART_H_MM
    title_h = 5.0 if any(titles) else 0
    pdf.keep(h + title_h + 2)
    y = pdf.get_y()
    for i, (img, title) in enumerate(zip((left, right), titles)):
        x = MARGIN + i * (print_charts.CHART_W_MM + 4)
        if title:
            pdf.set_y(y)
            p.write(title, x=x, width=print_charts.CHART_W_MM, size=9, lh=4.5, colour=ACCENT)
        pdf.image(img, x=x, y=y + title_h, w=print_charts.CHART_W_MM, h=h)
    pdf.set_y(y + title_h + h + 2)


def value_and_cost(p: Page) -> None:
    """Counsellor: the expected-value chart beside the cost chart, their caption under both.
    Parents: the cost chart beside the words on cost
    (:func:`calculator.content.report_figures.value_and_cost`)."""
    section = report_figures.value_and_cost(p.res, p.words, p.audience)
    if p.audience == "counsellor":
        pair, caption = section.blocks
        assert isinstance(pair, SideBySide) and isinstance(caption, Paragraph)
        p.heading(section.title, keep=print_charts.CHART_H_MM + 25)
        (h_left, left), (h_right, right) = pair.panels
        assert isinstance(h_left, Heading) and isinstance(h_right, Heading)
        assert isinstance(left, Chart) and isinstance(right, Chart)
        chart_pair(p, draw.chart(p, left.kind), draw.chart(p, right.kind), (h_left.text, h_right.text))
        p.write(caption.text, size=7.5, colour=MUTED)
        return
    cost, words = section.blocks
    assert isinstance(cost, Chart) and isinstance(words, Paragraph)
    p.heading(section.title, keep=print_charts.CHART_H_MM + 12)
    chart_beside_text(p, draw.chart(p, cost.kind), words.text)


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
    """Parents: every health-economics number in one titled section, the page's
    (:func:`calculator.content.parent.health_economics`): its texts, the key numbers' table and
    its note, then its chart (the expected-value chart) beside the chart's caption."""
    section = parent.health_economics(p.res, p.words)
    *texts, value, caption = section.blocks
    assert isinstance(value, Chart) and isinstance(caption, Paragraph)
    p.heading(section.title, keep=60)
    for block in texts:
        if isinstance(block, Paragraph) and block.role == "body":
            p.write(block.text, size=8.5)
            p.pdf.ln(1)
        elif isinstance(block, Paragraph):  # the note under the table
            p.write(block.text, size=7.5, colour=MUTED)
        else:
            draw.draw(p, block, size=8.3, gap=0.3)
    chart_beside_text(p, draw.chart(p, "value"), caption.text)


def uncertainty(p: Page) -> None:
    """The tornado full width (when ``res.sensitivity`` is set; full labels, wrapped), then
    the acceptability curve on a true log axis beside its caption (when ``res.psa`` is set)
    (:func:`calculator.content.report_figures.uncertainty`)."""
    pdf = p.pdf
    tornado = draw.chart(p, "tornado")
    section = report_figures.uncertainty(p.res, p.words, tornado is not None)
    if tornado is None and not any(isinstance(b, Chart) for b in section.blocks):
        p.heading(section.title, keep=20)
        p.write(section.blocks[0].text if isinstance(section.blocks[0], Paragraph) else "", size=8.5, colour=MUTED)
        return
    p.heading(section.title, keep=(tornado_h(p) if tornado else print_charts.CHART_H_MM) + 24)
    blocks = list(section.blocks)
    while blocks:
        picture, caption = blocks.pop(0), blocks.pop(0)
        assert isinstance(picture, Chart) and isinstance(caption, Paragraph)
        if picture.kind == "tornado":
            assert tornado is not None
            pdf.keep(tornado_h(p) + 12)  # with its caption
            y = pdf.get_y()
            pdf.image(tornado[0], x=MARGIN, y=y, w=BODY_W, h=tornado_h(p))
            pdf.set_y(y + tornado_h(p) + 1)
            p.write(caption.text, size=7.5, colour=MUTED)
            pdf.ln(1)
        else:
            chart_beside_text(p, draw.chart(p, picture.kind), caption.text)
