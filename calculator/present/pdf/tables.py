"""The report's tables: the key numbers (for parents in plain words, for the counsellor with
ranges), the comparison of the options, the relatives as modelled and the check against
published observations."""

from __future__ import annotations

from dataclasses import replace

from calculator.content import counsellor_tables, report
from calculator.content.blocks import Paragraph, Section, Table
from calculator.present.pdf import draw
from calculator.present.pdf.document import Page
from calculator.present.pdf.page_style import MUTED, SOURCE_PT


def numbers(p: Page) -> None:
    """The counsellor's key numbers with their 95 % range and the note on the range."""
    _titled(p, report.key_numbers(p.res, p.words), None)


def _titled(p: Page, section: Section | None, widths: tuple[float, ...] | None, *, keep: float = 40, size: float = 7.4,
            note_size: float = 7.5) -> None:
    """A section of one table and a note under it, at the report's sizes (``widths`` None: the
    table's default widths, :func:`calculator.present.pdf.draw.table`)."""
    if section is None:
        return
    p.heading(section.title, keep=keep)
    for block in section.blocks:
        if isinstance(block, Table):
            draw.table(p, block, widths, size=size)
        elif isinstance(block, Paragraph):
            p.write(block.text, size=note_size, colour=MUTED)


def plain_numbers(p: Page) -> None:
    """The parents' key numbers in plain words: chances out of 10,000 families like yours over
    the contract, money paid with its currency."""
    _titled(p, report.plain_numbers(p.res, p.words), (95, 85), size=8)


def comparison(p: Page) -> None:
    """The options side by side (counsellor): one number format per column."""
    _titled(p, report.comparison(p.res, p.words), (34, 40, 22, 24, 26, 34))


def relatives(p: Page) -> None:
    """The relatives as the model sees them (counsellor): each factor of the chance of use."""
    section = counsellor_tables.relatives(p.res, p.words)
    if section is not None:  # the page's table, its essential columns (the printed width)
        section = replace(section, blocks=tuple(b.essential() if isinstance(b, Table) else b for b in section.blocks))
    _titled(p, section, (28, 34, 20, 20, 20, 20, 20, 20), keep=30)


def validation(p: Page) -> None:
    """The calculator beside published observations (counsellor)."""
    from calculator.analysis.validation import validate

    _titled(p, report.validation(validate(), p.words), (62, 30, 30, 14, 20, 14), size=7.2, note_size=SOURCE_PT)
