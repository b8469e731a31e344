"""The CJK font of the PDF: a vendored subset of Noto Sans CJK SC, and the full font when a
text needs a character the subset lacks.

Reading the full font (16 MB, 65,535 glyphs) costs fpdf2 about a quarter of a second when
the document is opened and again when the used glyphs are written. The subset
(``NotoSansCJKsc-Regular-subset.otf``) holds every character the report's own texts can
contain (:func:`~calculator.present.pdf.make_cjk_subset.text_chars`: the text catalogues, the assumption and offer files, string
literals of the code), the common Simplified Chinese characters (GB 2312, levels 1 and 2,
with its symbols, kana, Greek and Cyrillic), everything of the full font below the CJK
blocks (Latin, Greek, Cyrillic, punctuation, symbols), CJK punctuation and full-width forms.
Glyph outlines, hints, metrics, layout features and the name table are those of the full
font, so a PDF made with the subset shows the same glyphs at the same places.

A counsellor's note is free text: when it holds a character that the full font has and the
subset lacks (a rare character), the report is made with the full font
(:func:`font_path_for`), as before the subset existed.

The subset is made by :mod:`calculator.present.pdf.make_cjk_subset`; rebuild it after a text
gains a character outside it (``tests/present/test_cjk_font.py`` checks)::

    python -m calculator.present.pdf.make_cjk_subset
"""

from __future__ import annotations

import functools
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parents[1] / "fonts"
#: The full font (also used by the print charts, :mod:`calculator.present.print_charts`).
FULL_PATH = FONT_DIR / "NotoSansCJKsc-Regular.otf"
#: The subset the report uses unless a note needs the full font.
SUBSET_PATH = FONT_DIR / "NotoSansCJKsc-Regular-subset.otf"


@functools.lru_cache(maxsize=2)
def cmap_of(path: Path) -> frozenset[int]:
    """The code points font ``path`` has glyphs for."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def font_path_for(text: str | None) -> Path:
    """The font file for a report that prints ``text`` besides its own texts: the subset,
    unless ``text`` has a character the subset lacks and the full font has."""
    if text:
        subset = cmap_of(SUBSET_PATH)
        missing = {ord(c) for c in text if ord(c) not in subset}
        if missing and not missing.isdisjoint(cmap_of(FULL_PATH)):
            return FULL_PATH
    return SUBSET_PATH
