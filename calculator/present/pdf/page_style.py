"""The report's look: its fonts, colours and sizes, the verdict's colour, and :func:`style` (text
size, colour and stroke for a block that may cross a page break).
"""

from __future__ import annotations

import importlib.util
from contextlib import contextmanager
from typing import Any

from fpdf.enums import TextMode

from calculator.present.palette import OKABE_ITO, rgb
from calculator.present.pdf.cjk_font import FULL_PATH as FONT_PATH  # the PDF's when a note needs it

FONT = "noto"
FONT_DIR = FONT_PATH.parent
#: Fonts for the counsellor's note, tried in this order for a character the CJK font has no
#: glyph for (vendored subsets, SIL OFL 1.1; see calculator/present/fonts/README.md).
NOTE_FONTS: dict[str, str] = {
    "noto-latin": "NotoSans-Regular-subset.ttf",
    "noto-arabic": "NotoSansArabic-Regular-subset.ttf",
    "noto-hebrew": "NotoSansHebrew-Regular-subset.ttf",
    "noto-symbols": "NotoSansSymbols-Regular-subset.ttf",
    "noto-symbols2": "NotoSansSymbols2-Regular-subset.ttf",
}


def can_shape() -> bool:
    """True when right-to-left text can be laid out (fpdf2's text shaping needs uharfbuzz)."""
    return importlib.util.find_spec("uharfbuzz") is not None

# Layout [mm] and colours (RGB) of the page itself; chart colours are in present/palette.py.
INK = (33, 33, 33)
MUTED = (105, 105, 105)
ACCENT = (0, 92, 128)
RULE = (200, 200, 200)
BOX = (240, 245, 248)
NOTE_BOX = (252, 248, 235)
ASSUMPTION = (170, 60, 0)
#: Gap between the two columns of :meth:`Page.columns` [mm].
GUTTER = 5.0
#: Text size of the source list [pt]: the smallest text of the report, still readable in print.
SOURCE_PT = 7.0
#: The verdict's colour, as in the app: green for clear value for the family (the app's
#: success box), blue for the other verdicts (the app's information box).
_VERDICT_PDF = {"private_storage_clear_value": OKABE_ITO["green"]}


def verdict_colour(code: str) -> tuple[int, int, int]:
    """The RGB colour of verdict ``code`` (the bar beside the verdict box)."""
    return rgb(_VERDICT_PDF.get(code, OKABE_ITO["blue"]))

#: Shown for a character of the note that the font has no glyph for (U+25A1 WHITE SQUARE).
MISSING_GLYPH = "\u25a1"


@contextmanager
def style(pdf: Any, *, size: float | None = None, colour: tuple[int, int, int] | None = None,
          stroke: float | None = None):
    """Text size, colour and (fake bold) stroke for a block that may cross a page break
    (``pdf``: the report's :class:`calculator.present.pdf.document.Doc`).

    fpdf2's ``local_context`` wraps its block in a PDF graphics state (q ... Q); a page break
    inside the block leaves the pair unbalanced, so text that can flow onto the next page
    is styled here with plain setters and restored afterwards.
    """
    old_size, old_colour = pdf.font_size_pt, pdf.rgb
    old_mode, old_width = pdf.text_mode, pdf.line_width
    if size is not None:
        pdf.set_font_size(size)
    if colour is not None:
        pdf.set_rgb(colour)
    if stroke is not None:
        pdf.text_mode = TextMode.FILL_STROKE
        pdf.set_line_width(stroke)
        pdf.set_draw_color(*(colour or old_colour))
    try:
        yield
    finally:
        if stroke is not None:
            pdf.text_mode = old_mode
            pdf.set_line_width(old_width)
            pdf.set_draw_color(0, 0, 0)
        pdf.set_rgb(old_colour)
        pdf.set_font_size(old_size)
