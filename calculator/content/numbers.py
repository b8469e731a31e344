"""Numbers people read: chances, natural frequencies, money and percentages.

Rounded for reading, never for computing: the model keeps full precision. Formatting
depends on the language (``en``/``zh``) and the currency (``CNY``/``USD``).

One number style per language, and this module is its only home (the app, the command line
and the PDF all call it, so they round the same way):

- English: a chance is whole families out of 10,000 ("about 13 in 10,000"; from 100 up to two
  significant figures: "about 830 in 10,000"), or "about 1 in N" below 1 in 10,000
  ("about 1 in 20,000"). Never a fraction of a family ("0.25 of 10,000").
- Chinese (ZH-REVIEW §3.1): 10 % and above "约 38%"; 1 % to 10 % "约 14 分之一"; below 1 %
  "约万分之 1.4" (two significant figures; below 1 in 100,000 "约十万分之 N"). Headlines are
  whole families: "每 100 个家庭中约 38 个" from 1 %, "每 1 万个家庭中约 13 个" from 10 in
  10,000, "每 10 万个家庭中约 14 个" below.
- A range is written in one style with one range mark: "about 5 to 33 in 10,000",
  "约 3%～11%", "约万分之 0.5～4".
- Zero is "0" (never "none"/"无" after a word for chance).
"""

from __future__ import annotations

import math

from calculator.analysis.frequencies import one_in, round_sig

__all__ = [
    "one_in", "round_sig", "format_one_in", "format_count", "format_money", "format_pct", "is_fixed_range",
    "format_one_in_range", "format_qaly", "FIXED_RTOL", "DAYS_PER_QALY", "whole_count", "frequency_denominator",
    "format_frequency", "format_frequency_range", "RANGE_MARK", "NOUNS", "compact_number", "plain_number",
    "nice_ticks",
]

#: The one range mark of each language (GB/T 15835: the wave dash for Chinese).
RANGE_MARK = {"en": " to ", "zh": "\uff5e"}
#: English denominator of natural frequencies; "about 1 in N" below one family in it.
EN_DENOMINATOR = 10_000


def whole_count(x: float) -> int:
    """Families as people count them: whole, half up, and two significant figures from 100
    (827.4 -> 830, 13.4 -> 13, 2.5 -> 3). The one rounding of every family count shown."""
    if not math.isfinite(x) or x <= 0:
        return 0
    if x >= 100:
        return int(round_sig(x, 2))
    return int(math.floor(x + 0.5))


def _sig(x: float) -> str:
    """Two significant figures without trailing zeros: 1.4, 29, 0.05."""
    return f"{round_sig(x, 2):g}" if x >= 0.1 or x == 0 else f"{round_sig(x, 1):g}"


def _zh_pct(p: float) -> str:
    v = p * 100
    return f"{whole_count(v)}%" if v >= 10 else f"{_sig(v)}%"


def format_one_in(p: float | None, lang: str) -> str:
    """A chance in the one style of the language (see the module's rules).

    en: "about 13 in 10,000", "about 1 in 20,000", "0"; zh: "约 38%", "约 14 分之一",
    "约万分之 1.4", "约十万分之 5", "0"."""
    if p is None or not math.isfinite(p):
        return "-"
    if p <= 0:
        return "0"
    if lang == "en":
        if p >= 1:
            return "10,000 in 10,000"
        if p * EN_DENOMINATOR >= 0.995:  # rounds to at least one family
            n = max(1, whole_count(p * EN_DENOMINATOR))
            return f"about {n:,} in 10,000"
        return f"about 1 in {one_in(p):,}"
    if p >= 1:
        return "100%"
    if p >= 0.1:
        return f"约 {_zh_pct(p)}"
    if p >= 0.01:
        return f"约 {one_in(p):,} 分之一"
    if p >= 1e-5:
        return f"约万分之 {_sig(p * 1e4)}"
    return f"约十万分之 {_sig(p * 1e5)}"


def format_one_in_range(low: float | None, high: float | None, lang: str) -> str:
    """A range of chances in one style with one range mark, the style chosen from the larger end.

    en: "about 5 to 33 in 10,000", "fewer than 1 to about 3 in 10,000", "about 1 in 80,000 to
    1 in 12,000"; zh: "约 3%～11%", "约 0.5%～4.8%", "约万分之 0.5～4", "约十万分之 2～8".
    Ends that read the same are one value; a zero end is "0"."""
    ends = [p if p is not None and math.isfinite(p) else None for p in (low, high)]
    if all(p is None or p <= 0 for p in ends):
        return "0"
    lo, hi = sorted(max(p or 0.0, 0.0) for p in ends)
    if lang == "en":
        if hi * EN_DENOMINATOR >= 0.995:
            b = max(1, whole_count(hi * EN_DENOMINATOR))
            if lo <= 0:
                return f"0 to about {b:,} in 10,000"
            if lo * EN_DENOMINATOR < 0.995:
                return "up to about 1 in 10,000" if b == 1 else f"fewer than 1 to about {b:,} in 10,000"
            a = f"{max(1, whole_count(lo * EN_DENOMINATOR)):,}"
            return f"about {b:,} in 10,000" if a == f"{b:,}" else f"about {a} to {b:,} in 10,000"
        if lo <= 0:
            return f"0 to about 1 in {one_in(hi):,}"
        n_lo, n_hi = one_in(lo), one_in(hi)
        return f"about 1 in {n_hi:,}" if n_lo == n_hi else f"about 1 in {n_lo:,} to 1 in {n_hi:,}"
    mark = RANGE_MARK["zh"]
    if hi >= 0.01:
        zh_lo, zh_hi = ("0%" if lo <= 0 else _zh_pct(lo)), _zh_pct(hi)
        return f"约 {zh_hi}" if zh_lo == zh_hi else f"约 {zh_lo}{mark}{zh_hi}"
    scale, word = (1e4, "万分之") if hi >= 1e-5 else (1e5, "十万分之")
    zh_lo, zh_hi = ("0" if lo <= 0 else _sig(lo * scale)), _sig(hi * scale)
    return f"约{word} {zh_hi}" if zh_lo == zh_hi else f"约{word} {zh_lo}{mark}{zh_hi}"


#: Nouns of the natural-frequency headlines: (English plural, Chinese noun, Chinese classifier).
NOUNS = {
    "family": ("families", "家庭", "个"),
    "family_like_yours": ("families like yours", "像您这样的家庭", "个"),
    "donated_unit": ("donated units", "捐献的脐带血", "份"),
}


def frequency_denominator(p: float, lang: str) -> int:
    """The denominator of a headline natural frequency: 10,000 in English; in Chinese 100 from
    1 %, 1 万 from 10 in 10,000, 10 万 below."""
    if lang == "en":
        return EN_DENOMINATOR
    if p >= 0.01:
        return 100
    if p >= 1e-3:
        return 10_000
    return 100_000


def _zh_denominator(d: int) -> str:
    return {100: "100 ", 10_000: "1 万", 100_000: "10 万"}[d]


def format_frequency(p: float | None, lang: str, noun: str = "family_like_yours") -> str:
    """A chance as whole families (or units) out of a denominator, for headlines.

    en: "about 13 of every 10,000 families like yours", "about 1 in 20,000 families like
    yours"; zh: "每 1 万个像您这样的家庭中约 13 个", "每 100 个家庭中约 38 个",
    "每 10 万个家庭中约 14 个", "每 10 万个家庭中不到 1 个"."""
    en_noun, zh_noun, cls = NOUNS[noun]
    p = 0.0 if p is None or not math.isfinite(p) else max(float(p), 0.0)
    if lang == "en":
        if p >= 1:
            return f"10,000 of every 10,000 {en_noun}"
        if p * EN_DENOMINATOR >= 0.995 or p == 0:
            n = whole_count(p * EN_DENOMINATOR)
            return f"{'about ' if n else ''}{max(n, 1) if p > 0 else 0:,} of every 10,000 {en_noun}"
        return f"about 1 in {one_in(p):,} {en_noun}"
    d = frequency_denominator(p, lang)
    n = whole_count(p * d)
    head = f"每 {_zh_denominator(d)}{cls}{zh_noun}中"
    if p > 0 and n == 0:
        return f"{head}不到 1 {cls}"
    return f"{head}{'约 ' if 0 < p < 1 else ' '}{n:,} {cls}"


def format_frequency_range(low: float | None, high: float | None, p: float | None, lang: str,
                           noun: str = "family_like_yours") -> str:
    """The range of a headline frequency, in its denominator and style: en "about 5 to 33 in
    10,000" (as :func:`format_one_in_range`), zh "5～33 个" in the denominator of ``p``."""
    if lang == "en":
        return format_one_in_range(low, high, lang)
    cls = NOUNS[noun][2]
    d = frequency_denominator(0.0 if p is None or not math.isfinite(p) else float(p), lang)
    lo, hi = sorted(max(0.0, x if x is not None and math.isfinite(x) else 0.0) for x in (low, high))
    a, b = whole_count(lo * d), whole_count(hi * d)
    a_txt = "不到 1" if lo > 0 and a == 0 else f"{a:,}"
    b_txt = "不到 1" if hi > 0 and b == 0 else f"{b:,}"
    if a_txt == b_txt:
        return f"约 {b_txt} {cls}"
    return f"{a_txt}{RANGE_MARK['zh']}{b_txt} {cls}"


def format_count(x: float) -> str:
    """A count read by a person (days, kilograms, years): 0.3 -> "0.3", 14.2 -> "14",
    7071 -> "7,071". Not for families: those are :func:`whole_count`."""
    if x is None or not math.isfinite(x):
        return "-"
    if abs(x) >= 10:
        return f"{round(x):,}"
    if abs(x) >= 1:
        return f"{x:.1f}".rstrip("0").rstrip(".")
    if x == 0:
        return "0"
    return f"{round_sig(x, 2):g}"


def format_money(x: float | None, currency: str, lang: str) -> str:
    """Money: "CNY 11,337", "CNY 81 million" / "287,100 元", "7,117 万元", "1.42 亿元".

    Chinese switches to 万 only from 1,000,000 up, so amounts below keep every digit, as in
    English (no "29 万元" for 287,100)."""
    if x is None or not math.isfinite(x):
        return "not reachable" if lang == "en" else "无法达到"
    sign = "-" if x < 0 else ""
    a = abs(x)
    if lang == "zh":
        unit = "元" if currency == "CNY" else "美元"
        if a >= 1e8:
            return f"{sign}{round_sig(a / 1e8, 3):g} 亿{unit}"
        if a >= 1e6:
            return f"{sign}{round(a / 1e4):,} 万{unit}"
        return f"{sign}{round(a):,} {unit}"
    if a >= 1e9:
        return f"{sign}{currency} {round_sig(a / 1e9, 3):g} billion"
    if a >= 1e6:
        return f"{sign}{currency} {round_sig(a / 1e6, 3):g} million"
    return f"{sign}{currency} {round(a):,}"


def format_pct(p: float | None, lang: str = "en") -> str:
    """A share as a percentage with sensible precision: 0.25 -> "25%", 0.0037 -> "0.37%"."""
    if p is None or not math.isfinite(p):
        return "-"
    v = p * 100
    if v == 0:
        return "0%"
    if abs(v) >= 10:
        return f"{v:.0f}%"
    if abs(v) >= 1:
        return f"{v:.1f}%".replace(".0%", "%")
    return f"{round_sig(v, 2):g}%"


#: Two ends of a range closer than this (relative) are one number: fixed in the analysis.
FIXED_RTOL = 1e-9


def is_fixed_range(low: float | None, high: float | None) -> bool:
    """True when a 95 % range has no width (the number is not varied, e.g. the family's own
    offer): both ends finite and within ``FIXED_RTOL`` of each other."""
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return False
    return abs(high - low) <= FIXED_RTOL * max(abs(low), abs(high)) or low == high


#: Quality-adjusted days in one QALY.
DAYS_PER_QALY = 365


def format_qaly(q: float | None, lang: str) -> str:
    """A health gain in QALYs per newborn with its unit and in days parents can picture:
    "0.035 QALY (about 13 healthy days)" / "0.035 QALY\uff08约 13 个健康日\uff09"; below
    0.001 QALY in days only: "about 0.03 quality-adjusted days per newborn" /
    "每个新生儿约 0.03 个质量调整日". A loss says so ("about 13 healthy days lost")."""
    if q is None or not math.isfinite(q):
        return "-"
    if q == 0:
        return "0 QALY"
    days = format_count(abs(q) * DAYS_PER_QALY)
    lost = q < 0
    if abs(q) < 0.001:
        if lang == "en":
            return f"about {days} quality-adjusted days {'lost ' if lost else ''}per newborn"
        return f"每个新生儿约{'损失' if lost else ''} {days} 个质量调整日"
    qaly = f"{round_sig(q, 2):g} QALY"
    if lang == "en":
        return f"{qaly} (about {days} healthy days{' lost' if lost else ''})"
    return f"{qaly}\uff08约{'损失' if lost else ''} {days} 个健康日\uff09"


# --------------------------------------------------------------------------- chart axes and tables
def compact_number(x: float, lang: str) -> str:
    """Axis tick text for large money values: 10k, 1M, 1B / 1万, 100万, 1亿."""
    if lang == "zh":
        for div, unit in ((1e8, "亿"), (1e4, "万")):
            if abs(x) >= div:
                return f"{x / div:,.4g}{unit}"
        return f"{x:,.4g}"
    for div, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= div:
            return f"{x / div:,.4g}{unit}"
    return f"{x:,.4g}"


def plain_number(x: float, digits: int = 3) -> str:
    """``x`` to ``digits`` significant figures, never in exponent form ("0.00005", "12,600")."""
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    mag = math.floor(math.log10(abs(x)))
    decimals = max(0, digits - 1 - mag)
    text = f"{round(x, decimals):,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if decimals else text


def nice_ticks(lo: float, hi: float, n: int = 6) -> list[float]:
    """About ``n`` round tick values (1, 2, 2.5 or 5 x a power of ten) covering ``lo`` to ``hi``."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo] if math.isfinite(lo) else []
    raw = (hi - lo) / max(1, n - 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    out, k = [], 0
    while first + k * step <= hi + step * 1e-9:
        v = first + k * step
        out.append(0.0 if abs(v) < step * 1e-9 else round(v, 12))
        k += 1
    return out
