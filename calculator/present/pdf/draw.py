"""The PDF renderer of the content layer: draws a section's blocks with the report's
document helpers (:class:`calculator.present.pdf.document.Page`). It formats nothing: every
text and number comes from the block; the caller chooses sizes (the report's page budget)."""

from __future__ import annotations

from calculator.analysis.recommendation import PRIVATE_CLEAR_VALUE
from calculator.content.blocks import Block, Bullets, Callout, Heading, Paragraph, Section, Table
from calculator.content.words import Words
from calculator.present.pdf.document import BOX, INK, MUTED, Page, verdict_colour


def words(p: Page) -> Words:
    """The report's texts: its language, money in the family's currency."""
    return Words(p.lang, p.cur)


def tone_colour(tone: str) -> tuple[int, int, int]:
    """The bar beside a callout: green for clear value (the app's success box), else blue."""
    return verdict_colour(PRIVATE_CLEAR_VALUE if tone == "success" else "")


def draw(p: Page, block: Block, *, size: float = 8.5, gap: float = 0.4) -> None:
    """One block at ``size`` pt (bullets ``gap`` mm apart)."""
    if isinstance(block, Callout):
        p.box(block.text, fill=BOX, bar=tone_colour(block.tone), size=size)
    elif isinstance(block, Bullets):
        p.bullets(block.items, size=size, gap=gap)
    elif isinstance(block, Paragraph):
        p.para(block.text, size=size, colour=MUTED if block.role == "caption" else INK)
    elif isinstance(block, Heading):
        p.heading(block.text, size=10.5, keep=20)
    elif isinstance(block, Table):
        from calculator.present.pdf.tables import table

        widths = (120, 60) if len(block.columns) == 2 else (84, 34, 62)
        table(p, [c.title for c in block.columns], block.rows, widths)
    else:
        raise TypeError(f"the PDF does not draw a {type(block).__name__} here")


def section(p: Page, s: Section, *, heading: float = 12.0, keep: float = 30.0, size: float = 8.5,
            gap: float = 0.4) -> None:
    """A section: its title as a heading (kept with ``keep`` mm that follow), then its blocks."""
    p.heading(s.title, size=heading, keep=keep)
    for block in s.blocks:
        draw(p, block, size=size, gap=gap)
