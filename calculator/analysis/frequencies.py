"""Natural frequencies as numbers: the N of "1 in N" (pure arithmetic, no words).

Parents read chances better as "1 in N" than as decimals (Gigerenzer); the words around the
number are :mod:`calculator.content.numbers`' job.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def round_sig(x: float, sig: int = 2) -> float:
    """Round ``x`` to ``sig`` significant figures, a half away from zero as people round
    (7,071 -> 7,100; 22.5 -> 23, as :func:`calculator.content.numbers.whole_count` counts
    families: Python's ``round`` would give 22, rounding a half to even, and the binary value
    of 0.00225 * 10,000 is just below 22.5). The decimal digits are those of ``repr(float(x))`` (a numpy float too)."""
    if x == 0 or not math.isfinite(x):
        return x
    exponent = int(math.floor(math.log10(abs(x)))) - sig + 1
    return float(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP))


def one_in(p: float | None) -> int | None:
    """The N of "1 in N" for a probability [/1], to two significant figures; None if p <= 0."""
    if p is None or not math.isfinite(p) or p <= 0:
        return None
    return int(round_sig(1.0 / p, 2)) if p < 1 else 1
