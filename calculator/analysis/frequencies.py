"""Natural frequencies as numbers: the N of "1 in N" (pure arithmetic, no words).

Parents read chances better as "1 in N" than as decimals (Gigerenzer); the words around the
number are :mod:`calculator.present.numbers`' job.
"""

from __future__ import annotations

import math


def round_sig(x: float, sig: int = 2) -> float:
    """Round ``x`` to ``sig`` significant figures (7,071 -> 7,100)."""
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, sig - 1 - int(math.floor(math.log10(abs(x)))))


def one_in(p: float | None) -> int | None:
    """The N of "1 in N" for a probability [/1], to two significant figures; None if p <= 0."""
    if p is None or not math.isfinite(p) or p <= 0:
        return None
    return int(round_sig(1.0 / p, 2)) if p < 1 else 1
