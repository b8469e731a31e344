"""The CJK font of the PDF: a vendored subset of Noto Sans CJK SC, and the full font when a
text needs a character the subset lacks.

Why: fpdf2 takes about a quarter of a second to read the full font (16 MB, 65,535 glyphs) when
the document opens and again when it writes the glyphs used. The subset holds every character
the report's own texts can contain, GB 2312 and everything below the CJK blocks
(:mod:`calculator.present.pdf.make_cjk_subset`, which rebuilds it; ``test_cjk_font.py`` checks
it is current), with the full font's outlines and metrics: the same glyphs at the same places.
A counsellor's note with a rare character gets the full font (:func:`font_path_for`).
"""

from __future__ import annotations

import functools
from pathlib import Path

#: The full font, the print charts' (:mod:`calculator.present.print_charts`).
from calculator.present.print_charts import FONT_PATH as FULL_PATH

#: The subset the report uses unless a note needs the full font.
SUBSET_PATH = FULL_PATH.with_name("NotoSansCJKsc-Regular-subset.otf")


@functools.lru_cache(maxsize=8)
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
