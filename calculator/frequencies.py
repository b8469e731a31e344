"""Numbers people read: natural frequencies ("about 1 in 7,100"), money and percentages.

Rounded for reading, never for computing: the model keeps full precision. Formatting
depends on the language (``en``/``zh``) and the currency (``CNY``/``USD``).
"""

from __future__ import annotations

import math


def round_sig(x: float, sig: int = 2) -> float:
    """Round ``x`` to ``sig`` significant figures (7,071 -> 7,100)."""
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, sig - 1 - int(math.floor(math.log10(abs(x)))))


def one_in(p: float) -> int | None:
    """The N of "1 in N" for a probability, to two significant figures; None if p <= 0."""
    if p is None or not math.isfinite(p) or p <= 0:
        return None
    return int(round_sig(1.0 / p, 2)) if p < 1 else 1


def format_one_in(p: float | None, lang: str) -> str:
    """A probability as a natural frequency: "about 1 in 7,100" / "约 7,100 分之一".

    Probabilities of 10 % or more read better per hundred: "about 35 in 100".
    """
    if p is None or not math.isfinite(p) or p <= 0:
        return "none" if lang == "en" else "无"
    if p >= 0.1:
        n = round(p * 100)
        return f"about {n} in 100" if lang == "en" else f"约 100 分之 {n}"
    n = one_in(p)
    return f"about 1 in {n:,}" if lang == "en" else f"约 {n:,} 分之一"


def per_denominator(p: float, denominator: int) -> float:
    """Expected count among ``denominator`` people (for "x in 10,000" with one denominator)."""
    return p * denominator


def format_count(x: float) -> str:
    """A count read by a person: 0.3 -> "0.3", 14.2 -> "14", 7071 -> "7,071"."""
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
