"""Numbers people read: natural frequencies ("about 1 in 7,100"), money and percentages.

Rounded for reading, never for computing: the model keeps full precision. Formatting
depends on the language (``en``/``zh``) and the currency (``CNY``/``USD``).
"""

from __future__ import annotations

import math

from calculator.analysis.frequencies import one_in, round_sig

__all__ = [
    "one_in", "round_sig", "format_one_in", "format_count", "format_money", "format_pct", "is_fixed_range",
    "format_one_in_range", "format_qaly", "FIXED_RTOL", "DAYS_PER_QALY",
]


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


#: Two ends of a range closer than this (relative) are one number: fixed in the analysis.
FIXED_RTOL = 1e-9


def is_fixed_range(low: float | None, high: float | None) -> bool:
    """True when a 95 % range has no width (the number is not varied, e.g. the family's own
    offer): both ends finite and within ``FIXED_RTOL`` of each other."""
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return False
    return abs(high - low) <= FIXED_RTOL * max(abs(low), abs(high)) or low == high


def _per_100(p: float) -> str:
    v = max(p, 0.0) * 100
    return f"{round(v):,}" if v >= 1 or v == 0 else format_count(v)


def format_one_in_range(low: float | None, high: float | None, lang: str) -> str:
    """A range of probabilities with both ends in one style, chosen from the larger end.

    Per hundred when the larger end is 10 % or more ("about 2 to 35 in 100" /
    "约 100 分之 2 至 100 分之 35"), else both as "1 in N" ("about 1 in 7,100 to 1 in 430" /
    "约 7,100 分之一至 430 分之一"), never one end of each ("1 in 43 to 10 in 100"). An
    end that is zero reads "none" / "无" in the "1 in N" style; a range whose ends read the
    same is one value.
    """
    ends = [p if p is not None and math.isfinite(p) else None for p in (low, high)]
    if all(p is None or p <= 0 for p in ends):
        return "none" if lang == "en" else "无"
    lo, hi = sorted(p or 0.0 for p in ends)
    if hi >= 0.1:
        a, b = _per_100(lo), _per_100(hi)
        if a == b:
            return f"about {a} in 100" if lang == "en" else f"约 100 分之 {a}"
        return f"about {a} to {b} in 100" if lang == "en" else f"约 100 分之 {a} 至 100 分之 {b}"
    n_hi = one_in(hi)
    if lo <= 0:
        return f"none to about 1 in {n_hi:,}" if lang == "en" else f"无至约 {n_hi:,} 分之一"
    n_lo = one_in(lo)
    if n_lo == n_hi:
        return format_one_in(hi, lang)
    return f"about 1 in {n_lo:,} to 1 in {n_hi:,}" if lang == "en" else f"约 {n_lo:,} 分之一至 {n_hi:,} 分之一"


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
