"""Make the font subset of the PDF (:data:`calculator.present.pdf.cjk_font.SUBSET_PATH`) from
the full Noto Sans CJK SC, reproducibly (the same full font, texts and fontTools version
give the same file)::

    python -m calculator.present.pdf.make_cjk_subset

Kept: every character of the report's own texts (:func:`text_chars`), GB 2312 (levels 1
and 2 with its symbols, kana, Greek and Cyrillic), everything of the full font below the
CJK blocks and CJK punctuation and full-width forms; see
``calculator/present/fonts/README.md``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from calculator.present.pdf.cjk_font import FULL_PATH, SUBSET_PATH, cmap_of

_PACKAGE = Path(__file__).resolve().parents[2]  # calculator/
_ROOT = _PACKAGE.parent
#: Files whose characters the report can print: the text catalogues, the assumption and
#: offer files, and the code (number formats, units, validation sources). The app's own
#: code is left out: none of its texts reach the PDF.
TEXT_GLOBS = ("calculator/content/locales/*.yaml", "assumptions/*.yaml", "calculator/**/*.py",
              "calculator/**/*.json", "calculator/content/*.yaml")
_EXCLUDED = ("calculator/app/",)

#: Ranges kept whole (where the full font has them): CJK symbols and punctuation, kana,
#: CJK compatibility forms, small form variants, half- and full-width forms.
KEEP_RANGES = ((0x3000, 0x30FF), (0xFE10, 0xFE1F), (0xFE30, 0xFE6F), (0xFF00, 0xFFEF))
#: Everything of the full font below this code point is kept (Latin, Greek, Cyrillic,
#: general punctuation, letterlike symbols, arrows, maths, box drawing, shapes, dingbats).
KEEP_BELOW = 0x2E80


def gb2312_chars() -> set[str]:
    """Every character of GB 2312 (symbols, levels 1 and 2 of the hanzi)."""
    codes = (bytes((hi, lo)) for hi in range(0xA1, 0xF8) for lo in range(0xA1, 0xFF))
    return set("".join(code.decode("gb2312", errors="ignore") for code in codes))  # a code not assigned: ""


def text_files(root: Path = _ROOT) -> list[Path]:
    files = {p for pattern in TEXT_GLOBS for p in root.glob(pattern)}
    return sorted(p for p in files if not p.relative_to(root).as_posix().startswith(_EXCLUDED))


def text_chars(root: Path = _ROOT) -> set[str]:
    """Every character of the files the report's texts come from (:data:`TEXT_GLOBS`)."""
    return set("".join(path.read_text(encoding="utf-8") for path in text_files(root)))


def subset_codepoints(full_cmap: Iterable[int], root: Path = _ROOT) -> set[int]:
    """The code points the subset keeps: those of the full font (``full_cmap``) that are in
    GB 2312, in the report's texts, below :data:`KEEP_BELOW` or in :data:`KEEP_RANGES`."""
    full = set(full_cmap)
    wanted = {ord(c) for c in gb2312_chars() | text_chars(root)}
    wanted.update(cp for cp in full if cp < KEEP_BELOW or any(lo <= cp <= hi for lo, hi in KEEP_RANGES))
    return wanted & full


def build(out: Path = SUBSET_PATH, source: Path = FULL_PATH) -> set[int]:
    """Write the subset of ``source`` to ``out``; return the code points it keeps.

    fontTools' subsetter with every OpenType layout feature (and the glyphs they reach),
    the hints, every name record (copyright, licence, trademark) and the ``.notdef`` outline
    kept; only the digital signature (invalid for a modified font) is dropped. Glyphs are
    renumbered; the CID of each glyph is kept (the font is CID-keyed)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(layout_features=["*"], name_IDs=["*"], name_languages=["*"], name_legacy=True,
                             notdef_outline=True, recommended_glyphs=True, hinting=True, drop_tables=["DSIG"],
                             prune_unicode_ranges=False)
    with TTFont(str(source), recalcTimestamp=False) as font:
        keep = subset_codepoints(font.getBestCmap())
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(keep))
        subsetter.subset(font)
        font.save(str(out))
    cmap_of.cache_clear()
    return keep


def main(argv: list[str] | None = None) -> int:
    import hashlib

    keep = build()
    data = SUBSET_PATH.read_bytes()
    print(f"{SUBSET_PATH.name}: {len(keep):,} characters, {len(data):,} bytes, "
          f"SHA-256 {hashlib.sha256(data).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
