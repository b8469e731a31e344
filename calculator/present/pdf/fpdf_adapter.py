"""The report's adapter to fpdf2 internals (fpdf2 2.8), in one place: a font that remembers
the width of every string it measured, fpdf2's line breaking of one plain fragment done with a
running sum of the same widths, and the font tables fpdf2 leaves out of the PDF. Each is a
measured speed-up (see each docstring) over fpdf2's public ``write``/``output``, which
:class:`calculator.present.pdf.document.Doc` falls back to whenever a case is not covered;
the PDF tests compare their output with fpdf2's own."""

from __future__ import annotations

from typing import Any

from fpdf.enums import Align
from fpdf.fonts import TTFFont
from fpdf.line_break import BREAKING_SPACE_SYMBOLS_STR, Fragment, TextLine
from fpdf.util import FloatTolerance


class _Widths(dict):
    """A font's advance widths by code point (fpdf2's ``TTFFont.cw``: the font's default width
    for a code point it lacks) and, in ``memo``, the sum of the widths of each string measured."""

    def __init__(self, widths: dict[int, float], default: float) -> None:
        super().__init__(widths)
        self.default = default
        self.memo: dict[str, float] = {}

    def __missing__(self, key: int) -> float:
        self[key] = self.default
        return self.default


class _MeasuredFont(TTFFont):
    """fpdf2's font, remembering the width of every string it measured.

    fpdf2 breaks ``write()`` text into lines one character at a time and measures the whole
    line so far after each one (quadratic in the line's length: about 0.2 s for the 7 pt
    source list). Here a string one character longer than one measured before costs one
    look-up. The sum is of the same integer widths in the same units, so every width is
    exactly fpdf2's. Shaped text (the note with text shaping) is measured by fpdf2 as before.
    """

    __slots__ = ()

    def get_text_width(self, text: str, font_size_pt: float, text_shaping_params: Any) -> tuple[int, float]:
        widths = self.cw
        if text_shaping_params or self.is_symbol or not isinstance(widths, _Widths):
            return super().get_text_width(text, font_size_pt, text_shaping_params)
        if font_size_pt > self.biggest_size_pt:
            self.biggest_size_pt = font_size_pt
        memo = widths.memo
        units = memo.get(text)
        if units is None:
            head = memo.get(text[:-1]) if len(text) > 1 else None
            units = head + widths[ord(text[-1])] if head is not None else sum(widths[ord(c)] for c in text)
            memo[text] = units
        return len(text), units * font_size_pt * 0.001


def ttf(fonts: dict[str, Any], name: str) -> TTFFont:
    """The TrueType font ``name`` added to a document (``FPDF.fonts``; the report adds only
    TrueType fonts, never a core font)."""
    font = fonts[name]
    if not isinstance(font, TTFFont):
        raise TypeError(f"font {name!r} is not a TrueType font")
    return font


def remember_widths(font: TTFFont) -> None:
    """Make fpdf2's ``font`` remember the width of each string it measures (:class:`_MeasuredFont`)."""
    cw: Any = font.cw  # fpdf2 2.8: a defaultdict of advance widths by code point
    font.cw = _Widths(cw, cw.default_factory())
    font.__class__ = _MeasuredFont


#: Characters fpdf2's line breaking treats specially besides the space (line and page
#: breaks, soft hyphen, no-break and other breaking spaces): text with them goes to ``write``.
_PLAIN = frozenset(set(BREAKING_SPACE_SYMBOLS_STR) - {" "}) | {"\n", "\r", "\f", "\u00ad", "\u00a0"}


def _plain_lines(frag: Fragment, first_width: float, full_width: float, margin: float) -> list[TextLine] | None:
    """The lines fpdf2's ``MultiLineBreak`` makes of one plain fragment (word wrapping, left
    aligned, ``margin`` on both sides; the first line ``first_width`` wide, the others
    ``full_width``), or None where fpdf2 raises (a character wider than a line).

    The same steps as fpdf2 2.8's ``MultiLineBreak.get_line`` for this case: a character that
    does not fit ends the line; a space there is dropped; otherwise the line breaks at its
    last space (dropped) or, without one, before the character. A line's width is computed
    as fpdf2 computes it (integer widths summed, times the size, divided by the scale)."""
    chars = frag.characters
    font = frag.font
    widths: Any = font.cw  # by code point (see remember_widths)
    size_pt = frag.font_size_pt
    k = frag.k
    greater = FloatTolerance.greater_than
    lines: list[TextLine] = []
    n = len(chars)
    i = 0
    first = True
    last_forced: int | None = None
    while i < n:
        max_w = first_width if first else full_width
        limit = max_w - float(margin) - float(margin)
        forced, last_forced = last_forced, None
        line: list[str] = []
        units = 0
        spaces = 0
        hint: tuple[int, int, int] | None = None  # a space: its place in the line and in the text, spaces before
        started = False  # a character was added (fpdf2 then has a fragment, maybe emptied)
        while i < n:
            ch = chars[i]
            ch_w = widths[ord(ch)] * size_pt * 0.001 / k
            line_w = units * size_pt * 0.001 / k if started else 0
            if greater(line_w + ch_w, limit):
                if ch == " ":
                    i += 1
                elif hint is not None:
                    line = line[:hint[0]]
                    spaces = hint[2]
                    line_w = sum(widths[ord(c)] for c in line) * size_pt * 0.001 / k
                    i = hint[1] + 1
                else:
                    if forced == i:
                        return None
                    last_forced = i
                lines.append(_text_line(frag, line, started, line_w, spaces, max_w))
                break
            if ch == " ":
                hint = (len(line), i, spaces)
                spaces += 1
            line.append(ch)
            units += widths[ord(ch)]
            started = True
            i += 1
        else:  # the text ended inside the line
            line_w = units * size_pt * 0.001 / k if started else 0
            if line_w:
                lines.append(_text_line(frag, line, started, line_w, spaces, max_w))
        first = False
    return lines


def _text_line(frag: Fragment, chars: list[str], started: bool, width: float, spaces: int, max_width: float) -> TextLine:
    return TextLine(fragments=[frag.clone(characters=chars, link=frag.link)] if started else [],
                    text_width=width, number_of_spaces=spaces, align=Align.L, height=frag.font_size * 1.0 if started else 0.0,
                    max_width=max_width - 0, trailing_nl=False, trailing_form_feed=False, indent=0)


#: OpenType tables fpdf2 leaves out of every font it embeds (``fpdf.output``, fpdf2 2.8) ...
_DROPPED_TABLES = ("GDEF", "GSUB", "GPOS")
#: ... and, of a CID-keyed CFF font (the CJK font), whose CFF table alone it embeds, the
#: vertical metrics and baselines (the subsetter would read and subset them for nothing).
_UNEMBEDDED_CFF_TABLES = ("vhea", "vmtx", "VORG", "BASE")
