"""The PDF renderer of the content layer: draws a section's blocks with the report's
document helpers (:class:`calculator.present.pdf.document.Page`). It formats nothing: every
text and number comes from the block; the caller chooses sizes (the report's page budget)."""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from typing import Any

from fpdf.enums import WrapMode
from fpdf.fonts import FontFace

from calculator.analysis.recommendation import PRIVATE_CLEAR_VALUE
from calculator.content.blocks import Block, Bullets, Callout, Cell, Chart, Heading, KeyNumber, Paragraph, Section, Sources, Table
from calculator.content.sources import reference, short_reason
from calculator.content.words import cell_text
from calculator.present import print_charts
from calculator.present.pdf.charts import CHARTS, Charts
from calculator.present.pdf.document import BODY_W, MARGIN, Page
from calculator.present.pdf.page_style import ACCENT, BOX, INK, MUTED, SOURCE_PT, style, verdict_colour
from calculator.present.pictures import PICTURES


def tone_colour(tone: str) -> tuple[int, int, int]:
    """The bar beside a callout: green for clear value (the app's success box), else blue."""
    return verdict_colour(PRIVATE_CLEAR_VALUE if tone == "success" else "")


def plain(text: str) -> str:
    """A text without the page's Markdown emphasis (the PDF prints it in one weight)."""
    return text.replace("**", "")


def draw(p: Page, block: Block, *, size: float = 8.5, gap: float = 0.4) -> None:
    """One block at ``size`` pt (bullets ``gap`` mm apart)."""
    if isinstance(block, Callout):
        p.box(plain(block.text), fill=BOX, bar=tone_colour(block.tone), size=size)
    elif isinstance(block, Bullets):
        p.bullets([plain(x) for x in block.items], size=size, gap=gap, ordered=block.ordered)
    elif isinstance(block, Paragraph):
        p.write(plain(block.text), size=size, colour=MUTED if block.role == "caption" else INK)
    elif isinstance(block, Heading):
        p.heading(block.text, size=10.5, keep=20)
    elif isinstance(block, Table):
        table(p, block)
    elif isinstance(block, KeyNumber):
        p.write(block.label + p.sep("colon") + block.value + (p.sep("space") + block.detail if block.detail else ""),
               size=size)
    elif isinstance(block, Sources):
        sources(p, block)
    elif isinstance(block, Chart):
        picture(p, block)
    else:
        raise TypeError(f"the PDF does not draw a {type(block).__name__} here")


def sources(p: Page, block: Sources) -> None:
    """A section's sources in small print. The counsellor's copy: what each supports, the
    citation and the address. The parents' copy: one line, what each supports with the number
    of the source in the appendix's list, where each source is named once in its short form
    ("Guideline [1, 2]; Published study [4]"); an assumption without a source says so and
    gives the first part of its reason (:func:`calculator.content.sources.short_reason`)."""
    if p.audience != "parent":
        for s in block.entries:
            where = p.sep("space") + s.url if s.url else ""
            p.write(s.label + p.sep("colon") + s.citation + where, size=SOURCE_PT, colour=MUTED)
        return
    cited: dict[str, dict[int, None]] = {}  # each label's source numbers, in order, each once
    unsourced = []
    for s in block.entries:
        ref = reference(s.url, p.lang)
        if ref is None:
            unsourced.append(s.label + p.sep("colon") + short_reason(s.citation, p.lang))
        else:
            cited.setdefault(s.label, {})[p.cite(ref)] = None
    title = block.title or p.T("report.appendix.sources")
    parts = [f"{label} [{', '.join(str(n) for n in ns)}]" for label, ns in cited.items()]
    if parts:
        p.write(title + p.sep("colon") + p.sep("semi").join(parts), size=SOURCE_PT, colour=MUTED)
    for text in unsourced:
        p.write(text, size=SOURCE_PT, colour=MUTED)


#: The tallest a picture is printed [mm] (a pedigree of three generations fits a third of a page).
PICTURE_MAX_H = 75.0


def picture(p: Page, block: Chart) -> None:
    """A chart block drawn as a picture at most the text's width, kept on one page, then its
    table (the data as text)."""
    # a report's chart is drawn by the chart helper when there is one (no matplotlib here)
    png = chart(p, block.kind) if block.kind in CHARTS else PICTURES[block.kind](block.spec)
    w_px, h_px = struct.unpack(">II", png[16:24])  # the PNG's IHDR: width, height
    w = min(BODY_W, w_px * 25.4 / print_charts.DPI, PICTURE_MAX_H * w_px / h_px)
    h = w * h_px / w_px
    p.pdf.keep(h + 2)
    p.pdf.image(io.BytesIO(png), x=MARGIN, y=p.pdf.get_y(), w=w, h=h)
    p.pdf.set_y(p.pdf.get_y() + h + 2)
    if block.table is not None:
        table(p, block.table)


def chart(p: Page, name: str) -> Any:
    """Chart ``name`` of the report (:data:`~calculator.present.pdf.charts.CHARTS`), drawn once per report."""
    if p.charts is None:
        p.charts = Charts()
    return p.charts.get(p, name)


def _widths(block: Table) -> tuple[float, ...]:
    """A table's column widths in relative units: the key numbers' for two or three columns."""
    n = len(block.columns)
    return (120, 60) if n == 2 else (84, 34, 62) if n == 3 else _text_widths(block)


def table(p: Page, block: Table, widths: tuple[float, ...] | None = None, size: float = 7.4) -> None:
    """A table block, compact, on fpdf2's own flow (rows never split; the heading repeats on a new
    page); column widths in relative units, by default the key numbers' widths."""
    pdf = p.pdf
    widths = widths or _widths(block)
    rows = [[c.title for c in block.columns], *([cell_text(c, p.lang) for c in row] for row in block.rows)]
    with style(pdf, size=size), pdf.table(col_widths=widths, width=BODY_W, text_align="LEFT", line_height=size * 0.49,
                                          headings_style=FontFace(emphasis="", color=ACCENT, fill_color=BOX),
                                          borders_layout="HORIZONTAL_LINES", wrapmode=WrapMode.WORD,
                                          padding=(0.6, 1.2), markdown=False) as tab:
        for row in rows:
            tab.row([p.cell_text(c, w * BODY_W / sum(widths), size, 1.2) for c, w in zip(row, widths)])
    pdf.ln(1.5)


def _table_start_h(p: Page, block: Table, size: float = 7.4) -> float:
    """About the height [mm] of a table's heading row and first row as :func:`table` draws them."""
    widths = _widths(block)
    total = sum(widths)

    def row_h(row: Sequence[str | Cell]) -> float:
        return max(len(p.lines(cell_text(c, p.lang), w * BODY_W / total - 2 * 1.2, size))
                   for c, w in zip(row, widths)) * size * 0.49 + 1.2

    return row_h([c.title for c in block.columns]) + (row_h(block.rows[0]) if block.rows else 0.0)


def _opening_h(p: Page, s: Section, size: float) -> float:
    """About the height [mm] of a section's opening paragraphs and its table's first row, when
    the section opens with a table (0 otherwise): fpdf2 never splits a row, so without this a
    heading and its intro can stay at the foot of a page whose table starts on the next."""
    h = 0.0
    for block in s.blocks:
        if isinstance(block, Paragraph):
            h += len(p.lines(plain(block.text), BODY_W, size)) * size * 0.5
        elif isinstance(block, Table):
            return h + _table_start_h(p, block)
        else:
            break
    return 0.0


def _text_widths(block: Table) -> tuple[float, ...]:
    """Column widths for a table of text: each column's share grows with the square root of
    the text it holds (a wordy column gets room, so no row grows tall for one narrow column),
    none narrower than half the mean."""
    cols = len(block.columns)
    chars = [len(block.columns[i].title) + sum(len(str(row[i])) for row in block.rows) for i in range(cols)]
    raw = [max(c, 1) ** 0.5 for c in chars]
    mean = sum(raw) / cols
    return tuple(max(r, mean / 2) for r in raw)


def section(p: Page, s: Section, *, heading: float = 12.0, keep: float = 30.0, size: float = 8.5,
            gap: float = 0.4) -> None:
    """A section: its title as a heading (kept with ``keep`` mm that follow, or with its intro and
    its table's first row when the section opens with a table), then its blocks."""
    p.heading(s.title, size=heading, keep=max(keep, 10.0 + _opening_h(p, s, size)))
    for block in s.blocks:
        draw(p, block, size=size, gap=gap)
