"""The report's page: an A4 fpdf2 document with the vendored CJK font, a footer on every
page, and the few text blocks every section is made of (wrapped text, headings, bullets,
a tinted box), all wrapped with the project's CJK line breaking (:mod:`calculator.present.cjk`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.line_break import Fragment

from calculator.analysis.results import Results
from calculator.content.sources import Reference
from calculator.inputs.scenario_schema import Scenario
from calculator.present.cjk import wrap_text
from calculator.present.pdf import cjk_font
from calculator.present.pdf.fpdf_adapter import (
    _DROPPED_TABLES,
    _PLAIN,
    _UNEMBEDDED_CFF_TABLES,
    _MeasuredFont,
    _plain_lines,
    remember_widths,
    ttf,
)
from calculator.present.pdf.page_style import (
    ACCENT,
    FONT,
    FONT_DIR,
    GUTTER,
    INK,
    MISSING_GLYPH,
    MUTED,
    NOTE_FONTS,
    RULE,
    SOURCE_PT,
    can_shape,
    style,
)
from calculator.present.pdf.texts import BODY_W, MARGIN, PAGE_W, Texts


class Doc(FPDF):
    """A4 document with the report's font and a footer on every page."""

    def __init__(self, footer: Callable[[int], str], font_path: Path = cjk_font.SUBSET_PATH) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self._footer = footer
        self.set_margins(MARGIN, 14, MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.add_font(FONT, fname=str(font_path))
        # Speed: do not recompute every embedded glyph's bounding box when the subset is
        # written (about 40 % of the build time for a Chinese report); the CFF keeps the
        # full font's bounding box, a valid superset.
        ttf(self.fonts, FONT).ttfont.recalcBBoxes = False
        remember_widths(ttf(self.fonts, FONT))
        self.c_margin = 1.0
        self.rgb: tuple[int, int, int] = (0, 0, 0)
        self.has_fallback = False  # fallback fonts set (the note's scripts)

    def output(self, *args: Any, **kwargs: Any) -> Any:
        """fpdf2's ``output``, after deleting the font tables fpdf2 leaves out of the PDF (the
        subsetter would read and subset them: about 50 ms for the CJK font; the layout is done)."""
        for font in self.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is None:
                continue
            cid_cff = getattr(font, "is_cff", False) and getattr(font, "is_cid_keyed", False)
            for tag in _DROPPED_TABLES + (_UNEMBEDDED_CFF_TABLES if cid_cff else ()):
                if tag in ttfont:
                    del ttfont[tag]
        return super().output(*args, **kwargs)

    def set_fallback_fonts(self, fallback_fonts: Any, exact_match: bool = True) -> None:
        self.has_fallback = bool(fallback_fonts)
        super().set_fallback_fonts(fallback_fonts, exact_match)

    def text_width(self, text: str) -> float:
        """``get_string_width(text)``, exactly, measured directly by the font for plain text
        (fpdf2 first splits the text into styled fragments, copying the graphics state,
        which costs more than the measuring)."""
        font = self.current_font
        if (not text or self.text_shaping or self.has_fallback or not isinstance(font, _MeasuredFont)
                or self.char_spacing or self.font_stretching != 100
                or (self.str_alias_nb_pages and self.str_alias_nb_pages in text)):
            return self.get_string_width(text)
        return font.get_text_width(text, self.font_size_pt, None)[1] / self.k

    def write_plain(self, h: float, text: str) -> bool:
        """``write(h, text)``, the same lines and output, for plain text in one style: the lines
        broken by :func:`~calculator.present.pdf.fpdf_adapter._plain_lines` on the remembered
        widths (fpdf2 measures the whole line after each character: about 0.1 s for the source
        list). Anything else (breaks, soft hyphens, shaping, fallback fonts) goes to ``write``."""
        font = self.current_font
        if (not text or self.text_shaping or self.has_fallback or not isinstance(font, _MeasuredFont)
                or self.char_spacing or self.font_stretching != 100 or not _PLAIN.isdisjoint(text)
                or (self.str_alias_nb_pages and self.str_alias_nb_pages in text)):
            return self.write(h, text)
        frags = self._preload_font_styles(text, False)
        if len(frags) != 1 or type(frags[0]) is not Fragment:
            return self.write(h, text)
        lines = _plain_lines(frags[0], self.w - self.x - self.r_margin, self.w - self.l_margin - self.r_margin,
                             self.c_margin)
        if lines is None:  # fpdf2 refuses the text (a character wider than the line)
            return self.write(h, text)
        page_break = False
        for i, line in enumerate(lines):
            if i > 0:
                self.ln()
            page_break = self._render_styled_text_line(line, h=h, border=0, new_x=XPos.WCONT, new_y=YPos.TOP,
                                                       fill=False, link="") or page_break
        return page_break

    def set_rgb(self, colour: tuple[int, int, int]) -> None:
        """Set the text colour and remember it (for :func:`style`)."""
        self.rgb = tuple(colour)  # type: ignore[assignment]
        self.set_text_color(*colour)

    def footer(self) -> None:  # called by fpdf2 at each page end
        self.set_y(-11)
        with self.local_context(font_family=FONT, font_size_pt=SOURCE_PT, text_color=MUTED):
            self.cell(0, 4, self._footer(self.page_no()), align="C")

    def keep(self, h: float) -> None:
        """Start a new page unless ``h`` mm fit on this one (keep a block together)."""
        if self.get_y() + h > self.page_break_trigger:
            self.add_page()


class Page(Texts):
    """One report being laid out: the document, the family's results, the language and
    audience, and the text blocks the sections are made of."""

    def __init__(self, res: Results, lang: str, audience: str, note: str | None, today: dt.date,
                 compact: int = 0, font_path: Path | None = None, charts: Any = None,
                 family: Scenario | None = None, offer2: Results | None = None) -> None:
        super().__init__(res, lang, audience, compact)
        self.note = note
        #: the scenario as saved (the values step, the record) and the second offer's results
        self.family = family or res.scenario
        self.offer2 = offer2
        #: The parents' copy prints each source once, numbered, in its short form at the end of
        #: its appendix; a section's sources and the appendix's rows cite the number ("[3]"):
        #: the source's key (its link) -> number, in order of first citation (:meth:`cite`).
        self.links: dict[str, int] = {}
        #: The sources cited so far, by key (their short form and link).
        self.references: dict[str, Reference] = {}
        self.today = today
        #: The report's chart images (:class:`calculator.present.pdf.figures.Charts`), kept
        #: when the report is laid out again; None: made when the first chart is drawn.
        self.charts = charts
        title = self.T("text.title")
        #: The CJK font file: the subset, or the full font when the note needs it (or when the
        #: subset lacked a character of the texts, :func:`calculator.present.pdf.build.render`).
        self.font_path = font_path or cjk_font.font_path_for(note)
        self.pdf = Doc(lambda page: self.T("report.footer", title=title, version=res.model_version,
                                           page=page, pages="{nb}"), self.font_path)
        self.pdf.set_title(f"{title}: {self.T('report.subtitle_' + audience)}")
        self.pdf.set_author(title)
        self.pdf.set_creator(f"calculator {res.model_version} (fpdf2)")
        self.pdf.set_lang("zh-CN" if lang == "zh" else "en")
        self.pdf.add_page()
        self.pdf.set_font(FONT, size=9)
        self.pdf.set_rgb(INK)

    def cite(self, ref: Reference) -> int:
        """The number of source ``ref`` in the appendix's list (numbered on first citation)."""
        self.references.setdefault(ref.key, ref)
        return self.links.setdefault(ref.key, len(self.links) + 1)

    # ---------------------------------------------------------------- text

    @contextmanager
    def note_script(self):
        """Draw the counsellor's note with the fallback fonts (scripts and symbols beyond the CJK
        font) and, when available, text shaping (joined Arabic, right-to-left, combining accents)."""
        pdf = self.pdf
        for name, file in NOTE_FONTS.items():
            if name not in pdf.fonts:
                pdf.add_font(name, fname=str(FONT_DIR / file))
        pdf.set_fallback_fonts(list(NOTE_FONTS), exact_match=False)
        shaping = can_shape()
        if shaping:
            pdf.set_text_shaping(True)
        try:
            yield
        finally:
            if shaping:
                pdf.set_text_shaping(False)
            pdf.set_fallback_fonts([])

    def printable(self, text: str) -> str:
        """``text`` with every character no font draws (emoji, other scripts, U+FFFD) shown as a
        white square instead of silently vanishing."""
        cmaps = [ttf(self.pdf.fonts, f).cmap for f in (FONT, *NOTE_FONTS) if f in self.pdf.fonts]
        return "".join(c if c == "\n" or any(ord(c) in m for m in cmaps) else MISSING_GLYPH for c in text)

    def lines(self, text: str, width: float, size: float) -> list[str]:
        """``text`` wrapped to ``width`` mm at ``size`` pt (see :func:`wrap_text`)."""
        pdf = self.pdf
        with style(pdf, size=size):
            return wrap_text(text, width - 2 * pdf.c_margin - 0.3, pdf.text_width)

    def cell_text(self, text: str, width: float, size: float, pad: float) -> str:
        """Table cell text: in Chinese pre-wrapped with our line breaking rules (fpdf2's
        would start lines with punctuation); in English left to fpdf2's word wrapping."""
        if self.lang != "zh":
            return text
        return "\n".join(self.lines(text, width - 2 * pad - 0.6, size))

    # ---------------------------------------------------------------- blocks

    def write(self, text: str, *, x: float = MARGIN, width: float = BODY_W, size: float = 9.0,
              lh: float | None = None, colour=INK) -> None:
        """Left-aligned wrapped text at ``x``; lines break across pages as needed."""
        pdf = self.pdf
        lh = lh or size * 0.5
        with style(pdf, size=size, colour=colour):
            for line in self.lines(text, width, size):
                pdf.keep(lh)
                pdf.set_x(x)
                pdf.cell(width, lh, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_x(MARGIN)

    def heading(self, text: str, size: float = 12.0, keep: float = 30.0) -> None:
        """A section heading, kept on one page with the first ``keep`` mm that follow it."""
        pdf = self.pdf
        pdf.keep(keep)
        pdf.ln(2.0)
        with style(pdf, colour=ACCENT, stroke=0.12):
            self.write(text, size=size, lh=size * 0.5, colour=ACCENT)
        y = pdf.get_y() + 0.6
        with pdf.local_context(draw_color=RULE, line_width=0.3):
            pdf.line(MARGIN, y, PAGE_W - MARGIN, y)
        pdf.set_y(y + 1.6)

    def bullets(self, items: Iterable[str], size: float = 9.0, gap: float = 0.8, ordered: bool = False) -> None:
        """A list: a dot before each item, or its number ("1.") when ``ordered`` (as the page)."""
        pdf = self.pdf
        lh = size * 0.5
        for i, text in enumerate(items, 1):
            pdf.keep(lh)
            if ordered:
                with style(pdf, size=size):
                    pdf.set_x(MARGIN)
                    pdf.cell(4.5, lh, f"{i}.")
            else:
                with pdf.local_context(fill_color=MUTED):
                    pdf.circle(MARGIN + 2.2, pdf.get_y() + lh / 2, 0.5, style="F")
            self.write(text, x=MARGIN + 4.5, width=BODY_W - 4.5, size=size, lh=lh)
            pdf.ln(gap)

    def box(self, text: str, *, fill, bar, size: float = 9.0, label: str | None = None) -> None:
        """Text in a tinted box with a coloured bar on the left (kept on one page when it fits)."""
        pdf = self.pdf
        lh = size * 0.52
        pad = 2.5
        inner_x = MARGIN + 3.5
        inner_w = BODY_W - 3.5 - pad
        lines = self.lines(text, inner_w, size)
        label_h = 5.0 if label else 0.0
        h = len(lines) * lh + 2 * pad + label_h
        if h < pdf.page_break_trigger - pdf.t_margin:
            pdf.keep(h)
        y0 = pdf.get_y()
        h_here = min(h, pdf.page_break_trigger - y0)
        with pdf.local_context(fill_color=fill):
            pdf.rect(MARGIN, y0, BODY_W, h_here, style="F")
        with pdf.local_context(fill_color=bar):
            pdf.rect(MARGIN, y0, 1.6, h_here, style="F")
        pdf.set_y(y0 + pad)
        if label:
            self.write(label, x=inner_x, width=inner_w, size=7.5, lh=4.0, colour=MUTED)
            pdf.set_y(y0 + pad + label_h)
        self.write(text, x=inner_x, width=inner_w, size=size, lh=lh)
        pdf.set_y(pdf.get_y() + pad + 2)

    def columns(self, entries: Sequence[Sequence[Segment]], *, size: float, lh: float, gap: float = 0.5,
                gutter: float = GUTTER) -> None:
        """Short entries in two columns, read down the first column, then the second: each
        entry kept whole in one column, the columns of the last page balanced. An entry is a
        sequence of (text, colour, link) segments, wrapped as one text (the CJK line breaking)
        and drawn in its segments' colours; a link makes its text clickable."""
        pdf = self.pdf
        col_w = (BODY_W - gutter) / 2
        blocks = [self._segment_lines(e, col_w, size) for e in entries]
        heights = [len(b) * lh + gap for b in blocks]
        i = 0
        with style(pdf, size=size):
            while i < len(blocks):
                avail = pdf.page_break_trigger - pdf.get_y()
                split = _balanced(heights[i:], avail)
                if split is not None:
                    k1, k2 = i + split, len(blocks)
                else:
                    k1 = i + _fill(heights[i:], avail)
                    k2 = k1 + _fill(heights[k1:], avail)
                if k1 == i and pdf.get_y() > pdf.t_margin + lh:  # not even one entry fits below: a new page
                    pdf.add_page()
                    continue
                if k1 == i:  # an entry taller than a page's column (none is): drawn as it is
                    k1 = i + 1
                    k2 = k1 + _fill(heights[k1:], avail)
                y0 = pdf.get_y()
                bottom = y0
                for x, part in ((MARGIN, blocks[i:k1]), (MARGIN + col_w + gutter, blocks[k1:k2])):
                    y = y0
                    for lines in part:
                        for line in lines:
                            self._draw_segments(x, y, lh, line)
                            y += lh
                        y += gap
                    bottom = max(bottom, y)
                i = k2
                if i < len(blocks):
                    pdf.add_page()
                else:
                    pdf.set_xy(MARGIN, bottom)

    def _segment_lines(self, segments: Sequence[Segment], width: float, size: float) -> list[list[Segment]]:
        """``segments`` wrapped as one text to ``width``: each line as its segments."""
        full = "".join(t for t, _, _ in segments)
        ends = accumulate(len(t) for t, _, _ in segments)
        bounds = [(end - len(text), end, colour, link) for (text, colour, link), end in zip(segments, ends)]
        out, at = [], 0
        for line in self.lines(full, width, size):
            start = full.find(line, at) if line else at
            start = at if start < 0 else start
            end = start + len(line)
            out.append([(full[max(a, start):min(b, end)], colour, link) for a, b, colour, link in bounds
                        if max(a, start) < min(b, end)])
            at = end
        return out

    def _draw_segments(self, x: float, y: float, lh: float, line: Sequence[Segment]) -> None:
        pdf = self.pdf
        old_margin, pdf.c_margin = pdf.c_margin, 0.0
        try:
            pdf.set_xy(x, y)
            for text, colour, link in line:
                with style(pdf, colour=colour):
                    pdf.cell(self.pdf.text_width(text), lh, text, link=link or "")
        finally:
            pdf.c_margin = old_margin

#: A piece of text in one colour, with its link ("" for none).
Segment = tuple[str, tuple[int, int, int], str]


def _fill(heights: Sequence[float], avail: float) -> int:
    """How many of the first ``heights`` fit one after the other in ``avail``."""
    return bisect.bisect_right(list(accumulate(heights)), avail + 1e-6)


def _balanced(heights: Sequence[float], avail: float) -> int | None:
    """Where to start the second column so that two columns of at most ``avail`` hold every
    entry and the longer is as short as it can be; None when they cannot hold them all."""
    total = sum(heights)
    fits = [(longer, k) for k, first in enumerate(accumulate(heights, initial=0.0))
            if (longer := max(first, total - first)) <= avail + 1e-6]
    return min(fits)[1] if fits else None
