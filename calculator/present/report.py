"""The PDF summary for families and counsellors (A4, Chinese or English).

One function, :func:`build_pdf`, builds the whole document from the shared
:class:`~calculator.analysis.results.Results` object; the app's download button and
``python -m calculator report`` both call it, so they produce the same document.

Contents, in order: title block (date, region, language, model version, assumptions'
review date); the family's inputs in words; the counsellor's optional note (printed
literally); the verdict and its reasons; natural frequencies out of 10,000 families with
grouped icon arrays; the key numbers (with the 95 % range when ``results.psa`` is set);
the expected-value chart; the cost of private storage over the contract; for the
counsellor, the tornado and the acceptability curve (when ``results.sensitivity`` /
``results.psa`` are set); limits; how to choose a licensed bank; red flags; the source of
every number; the disclaimer.

Every text comes from the i18n catalogue (``locales/core.*`` and ``locales/report.*``)
and every number is formatted by :mod:`calculator.present.numbers`, as in the app and the
text output. The only font is the vendored Noto Sans CJK SC (SIL OFL 1.1, see
``calculator/fonts/README.md``); fpdf2 embeds the subset of glyphs used.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import tempfile
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from fpdf import FPDF
from fpdf.enums import TextMode, WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from calculator.present import print_charts
from calculator.inputs.assumptions import load_region
from calculator.inputs.errors import InputError
from calculator.present.numbers import format_count, format_money, format_one_in, format_one_in_range, format_qaly, is_fixed_range
from calculator.present.i18n import LANGS, t
from calculator.analysis.psa import DEFAULT_DRAWS, DEFAULT_SEED
from calculator.analysis.results import Results
from calculator.present.units import format_parameter

AUDIENCES = ("parent", "counsellor")
#: The counsellor's note: at most this many characters and lines (keeps the report 2-4 pages).
MAX_NOTE_CHARS = 1000
MAX_NOTE_LINES = 15
#: One denominator for every natural frequency and icon array.
DENOMINATOR = 10_000
#: Draws and seed of the PSA behind the report's 95 % ranges: the same defaults as the app
#: and ``evaluate --psa``, so every place prints the same ranges.
PSA_DRAWS = DEFAULT_DRAWS
PSA_SEED = DEFAULT_SEED

FONT = "noto"
FONT_PATH = print_charts.FONT_PATH

# Layout [mm] and colours (RGB).
_MARGIN = 15.0
_PAGE_W = 210.0
_BODY_W = _PAGE_W - 2 * _MARGIN
_INK = (33, 33, 33)
_MUTED = (105, 105, 105)
_ACCENT = (0, 92, 128)
_RULE = (200, 200, 200)
_BOX = (240, 245, 248)
_NOTE_BOX = (252, 248, 235)
_VERDICT = {"prefer_public_donation": (0, 114, 178), "private_storage_clear_value": (196, 90, 17)}
_ICON_GREY = (208, 208, 208)
_ICON = {"child": (196, 90, 17), "sibling": (230, 159, 0), "helped": (0, 114, 178), "family_back": (0, 158, 115)}

_RED_FLAGS = ("anti_ageing", "online_testimonials", "no_risk", "unregistered_trial", "no_consent", "unlicensed")
_BANK_ADVICE = ("licensed_bank", "check_bank", "directed_donation")
_HSCT_PREFIX = "p_hsct_"
#: Parameters that matter only when a brother or sister with a disease is listed.
_SICK_SIBLING_ONLY = ("years_to_sibling_hsct",)

#: Shown for a character of the note that the font has no glyph for (U+25A1 WHITE SQUARE).
_MISSING_GLYPH = "\u25a1"
#: Separators of texts composed here: ASCII in English, full-width in Chinese.
_SEP = {"en": {"colon": ": ", "semi": "; ", "open": " (", "close": ")"},
        "zh": {"colon": "\uff1a", "semi": "\uff1b", "open": "\uff08", "close": "\uff09"}}
#: Shown in the range column for a number the analysis does not vary (e.g. the offer).
FIXED_RANGE = "\u2014"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: Line breaking: these may not start a line (they hang at the end of the previous one) ...
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’,.;:?!)]}%…·")
#: ... and these may not end one.
_NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
#: Latin words and numbers stay whole ("14,200", "HLA", "20-30"); anything else breaks per character.
_WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9'’_.,/%+\-]*[A-Za-z0-9%])?")


def _tokens(text: str) -> list[str]:
    out, i = [], 0
    while i < len(text):
        m = _WORD.match(text, i)
        if m:
            out.append(m.group())
            i = m.end()
        else:
            out.append(text[i])
            i += 1
    return out


def wrap_text(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (``measure`` gives a string's width).

    Works for Chinese and English alike: breaks between Chinese characters and at spaces,
    keeps Latin words and numbers whole (unless one is wider than a line), lets closing
    punctuation hang at the end of a line instead of starting the next (Chinese line
    breaking rules), and keeps explicit line breaks. Nothing is dropped except the spaces
    at a wrapped line break.
    """
    lines: list[str] = []
    for para in text.split("\n"):
        cur, wrapped = "", False
        stack = _tokens(para)[::-1]
        while stack:
            tok = stack.pop()
            if tok == " " and wrapped and not cur:  # spaces at a wrapped line's start
                continue
            if measure(tok) > width and len(tok) > 1:  # a word wider than a line: break it
                stack.extend(list(tok)[::-1])
                continue
            if not cur or measure(cur + tok) <= width or tok in _NO_LINE_START:
                cur += tok
                continue
            wrapped = True
            if tok == " ":
                lines.append(cur.rstrip(" "))
                cur = ""
                continue
            carry = ""
            while cur and cur[-1] in _NO_LINE_END and len(cur) > 1:
                carry, cur = cur[-1] + carry, cur[:-1]
            lines.append(cur.rstrip(" "))
            cur = carry + tok
        lines.append(cur)
    return lines


# --------------------------------------------------------------------------- checks


def check_lang(lang: Any, field: str = "lang") -> str:
    if lang not in LANGS:
        raise InputError(field, f"{str(lang)[:20]!r} is not a language; allowed: {', '.join(LANGS)}")
    return lang


def check_audience(audience: Any, field: str = "audience") -> str:
    if audience not in AUDIENCES:
        raise InputError(field, f"{str(audience)[:20]!r} is not an audience; allowed: {', '.join(AUDIENCES)}")
    return audience


def check_note(note: Any, field: str = "note") -> str | None:
    """Validate the counsellor's free-text note; return it ready to print, or None.

    Any characters are allowed and printed literally (nothing is interpreted as markup).
    Line ends are normalised, tabs become spaces, other control characters (which have no
    printed form) and lone surrogates become U+FFFD. Empty or blank notes are None.

    Raises
    ------
    InputError
        If the note is not text, longer than ``MAX_NOTE_CHARS`` characters or has more
        than ``MAX_NOTE_LINES`` lines.
    """
    if note is None:
        return None
    if not isinstance(note, str):
        raise InputError(field, "must be text")
    text = note.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    if len(text) > MAX_NOTE_CHARS:
        raise InputError(field, f"is {len(text):,} characters long; at most {MAX_NOTE_CHARS:,} characters are allowed")
    if text.count("\n") + 1 > MAX_NOTE_LINES:
        raise InputError(field, f"has {text.count(chr(10)) + 1} lines; at most {MAX_NOTE_LINES} lines are allowed")
    text = _CONTROL.sub("\ufffd", text)
    text = "".join("\ufffd" if unicodedata.category(c) == "Cs" else c for c in text)
    return text if text.strip() else None


# --------------------------------------------------------------------------- icon arrays


@dataclass(frozen=True)
class IconGroup:
    """One coloured group of an icon array: ``count`` whole icons of category ``key``;
    ``expected`` is the unrounded expected number out of the denominator."""

    key: str
    count: int
    expected: float


def icon_groups(probabilities: Sequence[tuple[str, float]], denominator: int = DENOMINATOR) -> list[IconGroup]:
    """Whole icons per category out of ``denominator`` families, rounding the total first.

    The total coloured is ``round(sum(p) x denominator)``; categories take their rounded
    share in order and the last takes the remainder, so the icons add up to the rounded
    total (no category gains an icon from double rounding).
    """
    expected = [max(0.0, float(p)) * denominator for _, p in probabilities]
    total = min(denominator, int(round(sum(expected))))
    out, used = [], 0
    for i, ((key, _), e) in enumerate(zip(probabilities, expected)):
        n = total - used if i == len(probabilities) - 1 else min(total - used, int(round(e)))
        out.append(IconGroup(key, n, e))
        used += n
    return out


def icon_cells(denominator: int = DENOMINATOR, block: int = 10) -> list[tuple[int, int]]:
    """Grid (column, row) of each icon in fill order: blocks of ``block x block`` icons,
    filled row by row inside a block, blocks left to right then top to bottom.

    Coloured icons take the first positions, so they sit together in the top-left block(s)
    instead of being scattered (grouped icon arrays are easier to read; Trevena 2013).
    """
    side = int(round(math.sqrt(denominator)))
    if side * side != denominator or side % block:
        raise ValueError("denominator must be a square whose side is a multiple of the block")
    per_row = side // block
    cells = []
    for i in range(denominator):
        b, j = divmod(i, block * block)
        by, bx = divmod(b, per_row)
        r, c = divmod(j, block)
        cells.append((bx * block + c, by * block + r))
    return cells


# --------------------------------------------------------------------------- document


@contextmanager
def _style(pdf: "_Doc", *, size: float | None = None, colour: tuple[int, int, int] | None = None,
           stroke: float | None = None):
    """Text size, colour and (fake bold) stroke for a block that may cross a page break.

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


class _Doc(FPDF):
    """A4 document with the report's font and a footer on every page."""

    def __init__(self, footer: Callable[[int], str]) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self._footer = footer
        self.set_margins(_MARGIN, 14, _MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.add_font(FONT, fname=str(FONT_PATH))
        # Speed: do not recompute every embedded glyph's bounding box when the subset is
        # written (about 40 % of the build time for a Chinese report); the CFF keeps the
        # full font's bounding box, a valid superset.
        font = self.fonts.get(FONT)
        if font is not None and hasattr(font, "ttfont"):
            font.ttfont.recalcBBoxes = False
        self.c_margin = 1.0
        self.rgb: tuple[int, int, int] = (0, 0, 0)

    def set_rgb(self, colour: tuple[int, int, int]) -> None:
        """Set the text colour and remember it (for :func:`_style`)."""
        self.rgb = tuple(colour)  # type: ignore[assignment]
        self.set_text_color(*colour)

    def footer(self) -> None:  # called by fpdf2 at each page end
        self.set_y(-11)
        with self.local_context(font_family=FONT, font_size_pt=6.5, text_color=_MUTED):
            self.cell(0, 4, self._footer(self.page_no()), align="C")


class _Report:
    """Lays out one report; ``build`` returns the PDF bytes."""

    def __init__(self, res: Results, lang: str, audience: str, note: str | None, today: dt.date) -> None:
        self.res = res
        self.lang = lang
        self.audience = audience
        self.note = note
        self.today = today
        self.cur = res.currency
        title = self.T("text.title")
        self.pdf = _Doc(lambda page: self.T("report.footer", title=title, version=res.model_version,
                                            page=page, pages="{nb}"))
        self.pdf.set_title(f"{title}: {self.T('report.subtitle_' + audience)}")
        self.pdf.set_author(title)
        self.pdf.set_creator(f"calculator {res.model_version} (fpdf2)")
        self.pdf.set_lang("zh-CN" if lang == "zh" else "en")
        self.pdf.add_page()
        self.pdf.set_font(FONT, size=9)
        self.pdf.set_rgb(_INK)

    # ---------------------------------------------------------------- text helpers

    def T(self, key: str, **values: Any) -> str:
        return t(key, self.lang, currency=self.cur, **values)

    def money(self, x: float | None) -> str:
        return self.T("text.not_reachable") if x is None else format_money(x, self.cur, self.lang)

    def one_in(self, p: float | None) -> str:
        return format_one_in(p, self.lang)

    def sep(self, kind: str) -> str:
        """A separator for text composed in code ("colon", "semi", "open", "close"):
        full-width in Chinese."""
        return _SEP[self.lang][kind]

    def money_range(self, low: float, high: float) -> str:
        return self.T("report.range_text", low=self.money(low), high=self.money(high))

    def one_in_range(self, low: float, high: float) -> str:
        return format_one_in_range(low, high, self.lang)

    def qaly(self, q: float | None) -> str:
        return format_qaly(q, self.lang)

    def qaly_range(self, low: float, high: float) -> str:
        return self.T("report.range_text", low=self.qaly(low), high=self.qaly(high))

    def range_cell(self, key: str, fmt: Callable[[float, float], str]) -> str:
        """The 95 % range of PSA output ``key`` formatted by ``fmt``; a dash when the
        analysis keeps the number fixed (both ends equal); "" without a PSA."""
        r = self._psa_summary(key)
        if r is None:
            return ""
        lo, hi = float(r["p2_5"]), float(r["p97_5"])
        return FIXED_RANGE if is_fixed_range(lo, hi) else fmt(lo, hi)

    def lines(self, text: str, width: float, size: float) -> list[str]:
        """``text`` wrapped to ``width`` mm at ``size`` pt (see :func:`wrap_text`)."""
        pdf = self.pdf
        with _style(pdf, size=size):
            return wrap_text(text, width - 2 * pdf.c_margin - 0.3, pdf.get_string_width)

    def cell_text(self, text: str, width: float, size: float, pad: float) -> str:
        """Table cell text: in Chinese pre-wrapped with our line breaking rules (fpdf2's
        would start lines with punctuation); in English left to fpdf2's word wrapping."""
        if self.lang != "zh":
            return text
        return "\n".join(self.lines(text, width - 2 * pad - 0.6, size))

    def write(self, text: str, *, x: float = _MARGIN, width: float = _BODY_W, size: float = 9.0,
              lh: float | None = None, colour=_INK) -> None:
        """Left-aligned wrapped text at ``x``; lines break across pages as needed."""
        pdf = self.pdf
        lh = lh or size * 0.5
        with _style(pdf, size=size, colour=colour):
            for line in self.lines(text, width, size):
                if pdf.get_y() + lh > pdf.page_break_trigger:
                    pdf.add_page()
                pdf.set_x(x)
                pdf.cell(width, lh, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_x(_MARGIN)

    def heading(self, text: str, size: float = 12.0, keep: float = 30.0) -> None:
        """A section heading; starts a new page if less than ``keep`` mm would follow it."""
        pdf = self.pdf
        if pdf.get_y() + keep > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(2.0)
        with _style(pdf, colour=_ACCENT, stroke=0.12):
            self.write(text, size=size, lh=size * 0.5, colour=_ACCENT)
        y = pdf.get_y() + 0.6
        with pdf.local_context(draw_color=_RULE, line_width=0.3):
            pdf.line(_MARGIN, y, _PAGE_W - _MARGIN, y)
        pdf.set_y(y + 1.6)

    def para(self, text: str, size: float = 9.0, colour=_INK) -> None:
        self.write(text, size=size, colour=colour)

    def bullets(self, items: Iterable[str], size: float = 9.0, gap: float = 0.8) -> None:
        pdf = self.pdf
        lh = size * 0.5
        for text in items:
            if pdf.get_y() + lh > pdf.page_break_trigger:
                pdf.add_page()
            with pdf.local_context(fill_color=_MUTED):
                pdf.circle(_MARGIN + 2.2, pdf.get_y() + lh / 2, 0.5, style="F")
            self.write(text, x=_MARGIN + 4.5, width=_BODY_W - 4.5, size=size, lh=lh)
            pdf.ln(gap)

    def box(self, text: str, *, fill, bar, size: float = 9.0, label: str | None = None) -> None:
        """Text in a tinted box with a coloured bar on the left (kept on one page when it fits)."""
        pdf = self.pdf
        lh = size * 0.52
        pad = 2.5
        inner_x = _MARGIN + 3.5
        inner_w = _BODY_W - 3.5 - pad
        lines = self.lines(text, inner_w, size)
        label_h = 5.0 if label else 0.0
        h = len(lines) * lh + 2 * pad + label_h
        if pdf.get_y() + h > pdf.page_break_trigger and h < pdf.page_break_trigger - pdf.t_margin:
            pdf.add_page()
        y0 = pdf.get_y()
        h_here = min(h, pdf.page_break_trigger - y0)
        with pdf.local_context(fill_color=fill):
            pdf.rect(_MARGIN, y0, _BODY_W, h_here, style="F")
        with pdf.local_context(fill_color=bar):
            pdf.rect(_MARGIN, y0, 1.6, h_here, style="F")
        pdf.set_y(y0 + pad)
        if label:
            self.write(label, x=inner_x, width=inner_w, size=7.5, lh=4.0, colour=_MUTED)
            pdf.set_y(y0 + pad + label_h)
        with _style(pdf, size=size, colour=_INK):
            for line in lines:
                if pdf.get_y() + lh > pdf.page_break_trigger:
                    pdf.add_page()
                pdf.set_x(inner_x)
                pdf.cell(inner_w, lh, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_y(pdf.get_y() + pad + 2)

    def ensure(self, h: float) -> None:
        if self.pdf.get_y() + h > self.pdf.page_break_trigger:
            self.pdf.add_page()

    # ---------------------------------------------------------------- sections

    def build(self) -> bytes:
        self.title_block()
        self.inputs()
        if self.note:
            self.note_box()
        self.verdict()
        self.numbers()
        self.frequencies()
        self.value_and_cost()
        if self.audience == "counsellor":
            self.uncertainty()
        self.limits_bank_flags()
        self.disclaimer()
        self.sources()
        return bytes(self.pdf.output())

    def title_block(self) -> None:
        pdf, res = self.pdf, self.res
        with _style(pdf, size=17, colour=_ACCENT, stroke=0.18):
            pdf.multi_cell(0, 8, self.T("text.title"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        with _style(pdf, size=11.5, colour=_INK):
            pdf.multi_cell(0, 6, self.T("report.subtitle_" + self.audience), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
        meta = [
            (self.T("report.meta_date"), self.today.isoformat()),
            (self.T("report.meta_region"), self.T("region." + res.region)),
            (self.T("report.meta_language"), self.T("report.meta_language_name")),
            (self.T("report.meta_version"), self.T("report.audience_" + self.audience)),
            (self.T("report.meta_model"), res.model_version),
            (self.T("report.meta_reviewed"), res.assumptions_reviewed.isoformat()),
        ]
        col_w = _BODY_W / 3
        with _style(pdf, size=8):
            for i, (k, v) in enumerate(meta):
                if i % 3 == 0 and i:
                    pdf.ln(4.4)
                pdf.set_x(_MARGIN + (i % 3) * col_w)
                with _style(pdf, colour=_MUTED):
                    label = k + self.sep("colon")
                    pdf.cell(pdf.get_string_width(label), 4.4, label)
                pdf.cell(col_w - pdf.get_string_width(label), 4.4, v)
        pdf.ln(6)
        with pdf.local_context(draw_color=_ACCENT, line_width=0.5):
            pdf.line(_MARGIN, pdf.get_y(), _PAGE_W - _MARGIN, pdf.get_y())
        pdf.ln(1)

    def inputs(self) -> None:
        res, p = self.res, self.res.parameters
        self.heading(self.T("report.h_inputs"), keep=25)
        lines = []
        if res.siblings and res.siblings[0].listed:
            lines.append(self.T("text.siblings") + self.sep("colon"))
            lines += ["    " + self.T("text.sibling_line", n=s.index, condition=f"condition.{s.condition}",
                                     weight=s.weight_used_kg, hla=f"hla.{s.hla_match}") for s in res.siblings]
        elif res.siblings:
            lines.append(self.T("text.family_no_history") + self.sep("semi")
                         + self.T("report.siblings_assumed", n=len(res.siblings)))
        else:
            lines.append(self.T("text.family_no_history") + self.sep("semi") + self.T("report.no_siblings"))
        sep = self.sep("colon")
        lines.append(f"{self.T('text.carriers')}{sep}{self.T('carrier.' + res.scenario.parents_carriers)}")
        risk = res.newborn_inherited_risk
        if risk.disorder != "none":
            lines.append(self.T("report.newborn_risk", disorder=f"carrier.{risk.disorder}", p=risk.probability))
        years = res.horizon_years
        if p.get("fee_lump_sum", 0) > 0:
            offer = self.T("report.offer_lump", upfront=p["fee_upfront"], lump=p["fee_lump_sum"], years=years)
        else:
            offer = self.T("report.offer_yearly", upfront=p["fee_upfront"], annual=p["fee_annual"], years=years)
        if p.get("fee_escalation", 0) > 0:
            offer += " " + self.T("report.offer_escalation", rate=p["fee_escalation"])
        fee_keys = {"fee_upfront", "fee_annual", "fee_lump_sum", "fee_escalation", "storage_years"}
        offer += " " + self.T("report.offer_entered" if fee_keys & set(res.overridden) else "report.offer_defaults")
        lines.append(offer)
        self.bullets(lines, size=9, gap=0.4)
        if res.overridden:
            params = load_region(res.region).parameters
            changed = [f"{params[n].label_in(self.lang)} = {self.param_value(n, res.parameters[n])}"
                       for n in res.overridden if n in params]
            self.para(f"{self.T('text.overridden')}{sep}" + self.sep("semi").join(changed),
                      size=8, colour=_MUTED)

    def printable(self, text: str) -> str:
        """``text`` with every character the font cannot draw (emoji, scripts other than
        Chinese, Latin, Greek and Cyrillic, U+FFFD) shown as a white square instead of
        silently vanishing."""
        font = self.pdf.fonts.get(FONT)
        cmap = getattr(font, "cmap", None)
        if not cmap:
            return text
        return "".join(c if c == "\n" or ord(c) in cmap else _MISSING_GLYPH for c in text)

    def note_box(self) -> None:
        self.heading(self.T("report.h_note"), keep=20)
        self.box(self.printable(self.note or ""), fill=_NOTE_BOX, bar=(230, 159, 0), size=8.5, label=self.T("report.note_literal"))

    def verdict(self) -> None:
        rec = self.rec = self.res.recommendation
        self.heading(self.T("text.verdict"), keep=40)
        self.box(self.T("verdict." + rec.code), fill=_BOX, bar=_VERDICT.get(rec.code, _ACCENT), size=11)
        self.heading(self.T("text.reasons"), size=10.5, keep=20)
        self.bullets([self.T("reason." + r.id, **r.values) for r in rec.reasons], size=8.5, gap=0.5)

    # ---------------------------------------------------------------- natural frequencies

    def _psa_summary(self, name: str) -> dict | None:
        psa = self.res.psa
        summary = getattr(psa, "summary", None) if psa is not None else None
        if isinstance(summary, dict) and name in summary:
            row = summary[name]
            if isinstance(row, dict) and "p2_5" in row and "p97_5" in row:
                return row
        return None

    def _count_range(self, name: str) -> str:
        """"; 95% range about 1 in a to 1 in b" from the PSA (both ends in one style, as the
        chance beside it), or "" without a PSA or when the analysis keeps it fixed."""
        row = self._psa_summary(name)
        if row is None or is_fixed_range(float(row["p2_5"]), float(row["p97_5"])):
            return ""
        rng = format_one_in_range(float(row["p2_5"]), float(row["p97_5"]), self.lang)
        return self.sep("semi") + self.T("report.col_range") + " " + rng

    def frequencies(self) -> None:
        pdf, res = self.pdf, self.res
        pr, pu = res.strategies["private"], res.strategies["public"]
        years = res.horizon_years
        self.heading(self.T("report.h_frequencies", years=years), keep=122)
        self.para(self.T("report.freq_intro", years=years), size=8.5)
        pdf.ln(2)
        # private: child and sibling routes share the family-use total (routes can overlap)
        p_child = pr.p_child_use or 0.0
        p_sib = max(0.0, pr.p_family_use - p_child)
        private = icon_groups([("child", p_child), ("sibling", p_sib)])
        public = icon_groups([("helped", pu.expected_patients_helped or 0.0), ("family_back", pu.p_family_use)])
        size = 68.0
        x_left, x_right = _MARGIN, _MARGIN + _BODY_W / 2 + 5
        y_title = pdf.get_y()
        with _style(pdf, size=9, colour=_INK):
            for x, key in ((x_left, "report.icon_private"), (x_right, "report.icon_public")):
                pdf.set_xy(x, y_title)
                pdf.cell(size, 5, self.T(key))
        y0 = y_title + 6
        self.icon_array(x_left, y0, size, private)
        self.icon_array(x_right, y0, size, public)
        y_leg = y0 + size + 2
        n_priv_unused = DENOMINATOR - sum(g.count for g in private)
        n_pub_unused = DENOMINATOR - sum(g.count for g in public)
        legends_private = [
            (_ICON["child"], self.T("report.legend_child", count=format_count(private[0].expected), p=p_child,
                                    range=self._count_range("p_child_use"))),
            (_ICON["sibling"], self.T("report.legend_sibling", count=format_count(private[1].expected),
                                      p=pr.p_sibling_use or 0.0, range=self._count_range("p_sibling_use"))),
            (_ICON_GREY, self.T("report.legend_private_unused", count=f"{n_priv_unused:,}")),
        ]
        legends_public = [
            (_ICON["helped"], self.T("report.legend_helped", count=format_count(public[0].expected),
                                     p=pu.expected_patients_helped or 0.0,
                                     range=self._count_range("expected_patients_helped"))),
            (_ICON["family_back"], self.T("report.legend_family_back", count=format_count(public[1].expected),
                                          p=pu.p_family_use, range=self._count_range("p_family_use_public"))),
            (_ICON_GREY, self.T("report.legend_public_unused", count=f"{n_pub_unused:,}")),
        ]
        y_end = y_leg
        for x, legends in ((x_left, legends_private), (x_right, legends_public)):
            pdf.set_y(y_leg)
            for colour, text in legends:
                y = pdf.get_y()
                with pdf.local_context(fill_color=colour):
                    pdf.rect(x, y + 0.9, 2.4, 2.4, style="F")
                pdf.set_y(y)
                self.write(text, x=x + 3.5, width=size + 4, size=7.5, lh=3.9)
                pdf.ln(0.5)
            y_end = max(y_end, pdf.get_y())
        pdf.set_y(y_end + 1)

    def icon_array(self, x: float, y: float, size: float, groups: Sequence[IconGroup]) -> None:
        """Draw a 10,000-icon array (100 x 100 in 10 x 10 blocks) with grouped colours.

        Each run of same-coloured icons in a block row is one dashed line (dash = icon,
        gap = spacing) instead of one rectangle per icon: the same picture with about a
        tenth of the drawing operations.
        """
        pdf = self.pdf
        block = 10
        block_gap = 0.9
        pitch = (size - 9 * block_gap) / 100
        icon = pitch * 0.78
        colours: list[tuple[int, int, int]] = []
        for g in groups:
            colours += [_ICON[g.key]] * g.count
        coloured = len(colours)

        def colour_of(i: int) -> tuple[int, int, int]:
            return colours[i] if i < coloured else _ICON_GREY

        runs: dict[tuple[int, int, int], list[tuple[float, float, int]]] = {}
        cells = icon_cells()
        for seg in range(0, DENOMINATOR, block):  # one block row: fill indices seg .. seg + 9
            cx0, cy = cells[seg]
            px0 = x + cx0 * pitch + (cx0 // block) * block_gap
            py = y + cy * pitch + (cy // block) * block_gap
            start = 0
            for j in range(1, block + 1):
                if j == block or colour_of(seg + j) != colour_of(seg + start):
                    runs.setdefault(colour_of(seg + start), []).append((px0 + start * pitch, py, j - start))
                    start = j
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
            with pdf.local_context(draw_color=_ICON["child"], line_width=0.35):
                pdf.ellipse(x - 1.6, y - 1.6, w + 3.2, (cy + 1) * pitch + 3.2)

    # ---------------------------------------------------------------- numbers

    def numbers(self) -> None:
        pdf, res = self.pdf, self.res
        pr, pu = res.strategies["private"], res.strategies["public"]
        cmp_ = res.comparisons["private_vs_public"]
        th = res.thresholds
        T = self.T
        rows: list[tuple[str, str, str | None, Callable[[float, float], str] | None]] = [
            (T("text.p_child_use"), self.one_in(pr.p_child_use), "p_child_use", self.one_in_range),
            (T("text.p_sibling_use"), self.one_in(pr.p_sibling_use), "p_sibling_use", self.one_in_range),
            (T("text.p_family_use"), self.one_in(pr.p_family_use), "p_family_use_private", self.one_in_range),
            (T("text.p_family_use_public"), self.one_in(pu.p_family_use), "p_family_use_public", self.one_in_range),
            (T("text.patients_helped"), self.one_in(pu.expected_patients_helped), "expected_patients_helped",
             self.one_in_range),
            (T("text.nominal_cost"), self.money(pr.nominal_cost), "nominal_cost_private", self.money_range),
            (T("text.pv_cost"), self.money(pr.pv_cost), "pv_cost_private", self.money_range),
            (T("text.cost_per_use"), self.money(res.cost_per_family_use), "cost_per_family_use", self.money_range),
            (T("text.qaly_gain"), self.qaly(cmp_.delta_qaly), "delta_qaly_vs_public", self.qaly_range),
            (T("text.icer"), self.money(cmp_.icer) if cmp_.icer is not None else T("text.dominated"), None, None),
            (T("text.nmb"), self.money(cmp_.nmb), "nmb_vs_public", self.money_range),
            (T("text.max_fee"), self.money(th.max_fee_pv), None, None),
            (T("text.min_p"), self.one_in(th.min_p_family_use) if th.min_p_family_use is not None
             else T("text.not_reachable"), None, None),
        ]
        has_psa = any(self._psa_summary(k) for _, _, k, _ in rows if k)
        self.heading(T("text.numbers", years=res.horizon_years), keep=40)
        widths = (84, 34, 62) if has_psa else (120, 60)
        head = [T("report.col_measure"), T("report.col_value")] + ([T("report.col_range")] if has_psa else [])
        with _style(pdf, size=7.4):
            with pdf.table(col_widths=widths, width=_BODY_W, text_align="LEFT", line_height=3.6,
                           headings_style=FontFace(emphasis="", color=_ACCENT, fill_color=_BOX),
                           borders_layout="HORIZONTAL_LINES", wrapmode=WrapMode.WORD, padding=(0.6, 1.2),
                           markdown=False) as table:
                table.row(head)
                for label, value, key, fmt in rows:
                    cells = [self.cell_text(label, widths[0], 7.4, 1.2), value]
                    if has_psa:
                        cells.append(self.range_cell(key, fmt) if key and fmt else "")
                    table.row(cells)
        pdf.ln(1.5)
        if has_psa:
            self.para(T("report.range_note", n=int(getattr(res.psa, "n", 0) or 0)), size=7.5, colour=_MUTED)
        else:
            self.para(T("report.range_missing"), size=7.5, colour=_MUTED)

    # ---------------------------------------------------------------- charts

    def chart_pair(self, left: bytes | None, right: bytes | None, titles: tuple[str, str] = ("", "")) -> None:
        pdf = self.pdf
        h = print_charts.CHART_H_MM
        title_h = 5.0 if any(titles) else 0
        self.ensure(h + title_h + 2)
        y = pdf.get_y()
        for i, (png, title) in enumerate(zip((left, right), titles)):
            if png is None:
                continue
            x = _MARGIN + i * (print_charts.CHART_W_MM + 4)
            if title:
                pdf.set_y(y)
                self.write(title, x=x, width=print_charts.CHART_W_MM, size=9, lh=4.5, colour=_ACCENT)
            pdf.image(io.BytesIO(png), x=x, y=y + title_h, w=print_charts.CHART_W_MM, h=h)
        pdf.set_y(y + title_h + h + 2)

    def value_and_cost(self) -> None:
        res = self.res
        pr = res.strategies["private"]
        wtp = res.parameters["wtp_per_qaly"]
        keys = ("private", "public", "none")
        labels = [self.T("strategy." + k) for k in keys]
        qalys = [res.strategies[k].qalys_gained for k in keys]
        nmb = [wtp * res.strategies[k].qalys_gained - res.strategies[k].pv_cost for k in keys]
        ev = print_charts.expected_value_chart(
            labels, qalys, nmb, title_qaly=self.T("report.chart_qaly"),
            title_nmb=self.T("report.chart_nmb"), money=self.money, keys=keys,
            qaly_label=lambda q: self.T("report.qaly_days", days=q * 365))
        cs = res.cost_schedule
        cost = print_charts.cost_chart(
            cs["year"], cs["cumulative_nominal"], cs["cumulative_pv"],
            label_nominal=self.T("report.chart_cost_nominal"),
            label_pv=self.T("report.chart_cost_pv", r=res.parameters["discount_rate"]),
            xlabel=self.T("report.chart_cost_x"), money=self.money)
        self.heading(self.T("report.h_value_cost"), keep=print_charts.CHART_H_MM + 25)
        self.chart_pair(print_charts.figure_png(ev), print_charts.figure_png(cost),
                        (self.T("report.h_value"), self.T("report.h_cost")))
        self.para(self.T("report.value_caption", wtp=wtp) + " "
                  + self.T("reason.cost", pv=pr.pv_cost, nominal=pr.nominal_cost, cpu=res.cost_per_family_use,
                           years=res.horizon_years), size=7.5, colour=_MUTED)

    def uncertainty(self) -> None:
        res = self.res
        sens = res.sensitivity
        tornado = getattr(sens, "tornado_nmb", None) if sens is not None else None
        rows = getattr(tornado, "rows", None) if tornado is not None else None
        ceac = getattr(res.psa, "ceac", None) if res.psa is not None else None
        self.heading(self.T("report.h_uncertainty"), keep=print_charts.CHART_H_MM + 20)
        left = right = None
        captions = []
        if rows:
            params = load_region(res.region).parameters
            data = []
            for r in rows:
                name, out_lo, out_hi = _row_field(r, "name", 0), _row_field(r, "output_low", 3), _row_field(r, "output_high", 4)
                label = params[name].label_in(self.lang) if name in params else str(name)
                data.append((label, float(out_lo), float(out_hi)))
            fig = print_charts.tornado_chart(
                data, base=float(getattr(tornado, "base", res.comparisons["private_vs_public"].nmb)), xlabel=self.T("report.chart_tornado_x"),
                label_low=self.T("report.chart_tornado_low"), label_high=self.T("report.chart_tornado_high"),
                money=self.money)
            left = print_charts.figure_png(fig)
            captions.append(self.T("report.tornado_caption"))
        if ceac is not None and len(ceac):
            fig = print_charts.ceac_chart(
                ceac, wtp_used=res.parameters["wtp_per_qaly"], xlabel=self.T("report.chart_ceac_x"),
                ylabel=self.T("report.chart_ceac_y"), label_wtp=self.T("report.chart_ceac_wtp"), money=self.money)
            right = print_charts.figure_png(fig)
            captions.append(self.T("report.ceac_caption"))
        if left is None and right is None:
            self.para(self.T("report.uncertainty_missing"), size=8.5, colour=_MUTED)
            return
        if left is None:
            left, right = right, None
        self.chart_pair(left, right)
        self.para(" ".join(captions), size=7.5, colour=_MUTED)

    # ---------------------------------------------------------------- advice, limits, flags

    def limits_bank_flags(self) -> None:
        rec = self.res.recommendation
        self.heading(self.T("text.limits"), keep=30)
        self.bullets([self.T("limit." + k) for k in rec.limits], size=8.3, gap=0.3)
        self.heading(self.T("report.h_bank"), keep=25)
        self.bullets([self.T("advice." + k) for k in _BANK_ADVICE if k in rec.advice or k != "directed_donation"],
                     size=8.3, gap=0.3)
        self.heading(self.T("red_flag.title"), keep=30)
        self.bullets([self.T("red_flag." + k) for k in _RED_FLAGS], size=8.3, gap=0.3)

    # ---------------------------------------------------------------- sources

    def param_value(self, name: str, value: float) -> str:
        params = load_region(self.res.region).parameters
        unit = params[name].unit if name in params else ""
        return format_parameter(value, unit, self.lang, self.cur)

    def source_rows(self) -> list[tuple[str, str, str, str, bool]]:
        """(label, value and range, kind, source with link and review date, is assumption)
        for every parameter that enters this family's numbers."""
        res = self.res
        params = load_region(res.region).parameters
        sick = {s.condition for s in res.siblings if s.listed and s.condition != "none"}
        rows = []
        for name, prm in params.items():
            if name.startswith(_HSCT_PREFIX) and name[len(_HSCT_PREFIX):] not in sick:
                continue
            if name in _SICK_SIBLING_ONLY and not sick:
                continue
            if name == "n_siblings" and res.siblings and res.siblings[0].listed:
                continue
            if name == "default_sibling_weight_kg" and res.siblings and all(
                    s.weight_kg is not None for s in res.siblings):
                continue
            value = res.parameters.get(name, prm.value)
            shown = format_parameter(value, prm.unit, self.lang, self.cur)
            if prm.low != prm.high:
                rng = self.T("report.range_text", low=format_parameter(prm.low, prm.unit, self.lang, self.cur),
                             high=format_parameter(prm.high, prm.unit, self.lang, self.cur))
                shown += self.sep("open") + rng + self.sep("close")
            kind = self.T("source_type." + prm.source_type)
            if name in res.overridden:
                kind += self.sep("semi") + self.T("text.overridden")
            source = " ".join(prm.source.split())
            if prm.url:
                source += " " + prm.url
            source += f" ({prm.reviewed.isoformat()})"
            rows.append((prm.label_in(self.lang), shown, kind, source, prm.is_assumption))
        return rows

    def sources(self) -> None:
        """Every number's source as a compact list (a table would waste a column's height)."""
        pdf = self.pdf
        self.heading(self.T("report.h_sources"), keep=50)
        self.para(self.T("report.sources_intro"), size=7.5, colour=_MUTED)
        pdf.ln(1.2)
        lh = 2.5
        sep = self.sep("colon")
        with _style(pdf, size=5.8):
            for label, value, kind, source, assumption in self.source_rows():
                if pdf.get_y() + 2 * lh > pdf.page_break_trigger:
                    pdf.add_page()
                pdf.set_x(_MARGIN)
                with _style(pdf, colour=_ACCENT):
                    pdf.write(lh, label + sep)
                with _style(pdf, colour=_INK):
                    pdf.write(lh, value + " ")
                with _style(pdf, colour=(170, 60, 0) if assumption else _MUTED):
                    pdf.write(lh, f"[{kind}] ")
                with _style(pdf, colour=_INK):
                    pdf.write(lh, source)
                pdf.ln(lh + 0.8)

    def disclaimer(self) -> None:
        self.heading(self.T("report.h_disclaimer"), keep=22)
        self.box(self.T("disclaimer"), fill=_BOX, bar=_MUTED, size=8.5)


def _row_field(row: Any, name: str, index: int) -> Any:
    """A field of a tornado row: attribute, mapping key or tuple position."""
    if hasattr(row, name):
        return getattr(row, name)
    if isinstance(row, dict):
        return row[name]
    return row[index]


# --------------------------------------------------------------------------- public API


def build_pdf(
    results: Results,
    *,
    lang: str,
    audience: str = "parent",
    note: str | None = None,
    today: dt.date | None = None,
) -> bytes:
    """Build the PDF summary of ``results`` and return its bytes.

    Parameters
    ----------
    results : the evaluated family (:func:`calculator.analysis.evaluate.evaluate`); when
        ``results.psa`` / ``results.sensitivity`` are set, the 95 % ranges, the tornado and
        the acceptability curve are included.
    lang : ``"zh"`` or ``"en"``.
    audience : ``"parent"`` (the family's copy) or ``"counsellor"`` (adds the tornado and
        the acceptability curve).
    note : the counsellor's free-text note, at most ``MAX_NOTE_CHARS`` characters and
        ``MAX_NOTE_LINES`` lines, printed literally (never interpreted as markup); a
        character the font has no glyph for (emoji, Arabic, ...) prints as a white square.
    today : the date printed on the report (default: today).

    Raises
    ------
    InputError
        For a bad ``lang``, ``audience`` or ``note``, naming it and what is allowed.
    """
    check_lang(lang)
    check_audience(audience)
    text = check_note(note)
    return _Report(results, lang, audience, text, today or dt.date.today()).build()


def make_report(
    scenario: Any = None,
    *,
    region: str | None = None,
    overrides: dict[str, float] | None = None,
    lang: str,
    audience: str = "parent",
    note: str | None = None,
    psa_draws: int = PSA_DRAWS,
    seed: int = PSA_SEED,
    today: dt.date | None = None,
) -> bytes:
    """Evaluate a family with its uncertainty analyses and build the PDF (the ``report``
    command): the PSA (``psa_draws`` draws, ``seed``) gives the 95 % ranges; the counsellor's
    version adds the one-way sensitivity (tornado). Inputs are checked before any work."""
    from calculator.analysis.evaluate import evaluate_with_uncertainty

    check_lang(lang, "--lang")
    check_audience(audience, "--audience")
    check_note(note, "--note")
    res = evaluate_with_uncertainty(scenario, region=region, overrides=overrides,
                                    sensitivity=audience == "counsellor", psa_draws=psa_draws, seed=seed)
    return build_pdf(res, lang=lang, audience=audience, note=note, today=today)


def check_output_path(path: str | os.PathLike, field: str = "--out") -> Path:
    """Check that ``path`` names a ``.pdf`` file (any case) in an existing, writable directory."""
    p = Path(path)
    if str(path) == "" or p.name in ("", ".", ".."):
        raise InputError(field, "must be a file name such as summary.pdf")
    if p.is_dir():
        raise InputError(field, f"{str(path)[:200]} is a directory; give a file name such as summary.pdf")
    if not p.name.lower().endswith(".pdf"):
        raise InputError(field, f"{p.name[:200]} must end in .pdf (the report is a PDF), e.g. summary.pdf")
    parent = p.parent
    if not parent.exists():
        raise InputError(field, f"directory {str(parent)[:200]} does not exist; create it first")
    if not parent.is_dir():
        raise InputError(field, f"{str(parent)[:200]} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(field, f"directory {str(parent)[:200]} is not writable")
    if p.exists() and not os.access(p, os.W_OK):
        raise InputError(field, f"{str(path)[:200]} exists and is not writable")
    return p


def write_atomic(data: bytes, path: str | os.PathLike, field: str = "--out") -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file in the same directory, then
    ``os.replace``; on any failure the temporary file is removed and ``path`` is untouched.

    Raises
    ------
    InputError
        If the path is not a writable file location (naming ``field``).
    """
    p = check_output_path(path, field)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name[:80]}.", suffix=".tmp", dir=p.parent)
    except OSError as exc:
        raise InputError(field, f"cannot write in {str(p.parent)[:200]} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, p)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(field, f"cannot write {str(p)[:200]} ({exc.strerror})") from None
        raise
    return p
