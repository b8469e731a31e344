"""Brent's method for a root of a function of one number, without importing scipy.

:func:`brentq` does, operation for operation, what ``scipy.optimize.brentq`` does (its C
routine ``brentq.c`` by Charles Harris, with scipy's argument checks), so it returns the
same float for the same function; a test compares the two. Importing ``scipy.optimize``
takes about 0.4 s, more than the whole deterministic evaluation: the evaluation's
break-even threshold is solved here so that ``python -m calculator evaluate`` starts without it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

_EPS = 2.220446049250313e-16


def brentq(f: Callable[[float], float], a: float, b: float, *, xtol: float = 2e-12,
           rtol: float = 4 * _EPS, maxiter: int = 100) -> float:
    """A zero of ``f`` in ``[a, b]`` where ``f(a)`` and ``f(b)`` differ in sign.

    Raises
    ------
    ValueError
        Tolerances out of range, ``f(a)`` and ``f(b)`` of the same sign, or ``f`` giving NaN.
    RuntimeError
        Not converged within ``maxiter`` iterations.
    """
    if xtol <= 0:
        raise ValueError(f"xtol too small ({xtol:g} <= 0)")
    if rtol < 4 * _EPS:
        raise ValueError(f"rtol too small ({rtol:g} < {4 * _EPS:g})")

    def call(x: float) -> float:
        v = float(f(x))
        if math.isnan(v):
            raise ValueError("the function value is NaN")
        return v

    xpre, xcur = float(a), float(b)
    xblk = fblk = spre = scur = 0.0
    fpre = call(xpre)
    fcur = call(xcur)
    if fpre == 0:
        return xpre
    if fcur == 0:
        return xcur
    if math.copysign(1.0, fpre) == math.copysign(1.0, fcur):
        raise ValueError("f(a) and f(b) must have different signs")
    for _ in range(maxiter):
        if fpre != 0 and fcur != 0 and math.copysign(1.0, fpre) != math.copysign(1.0, fcur):
            xblk, fblk = xpre, fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre, xcur, xblk = xcur, xblk, xcur
            fpre, fcur, fblk = fcur, fblk, fcur
        delta = (xtol + rtol * abs(xcur)) / 2
        sbis = (xblk - xcur) / 2
        if fcur == 0 or abs(sbis) < delta:
            return xcur
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:
                stry = -fcur * (xcur - xpre) / (fcur - fpre)  # secant (interpolation)
            else:
                dpre = (fpre - fcur) / (xpre - xcur)  # inverse quadratic (extrapolation)
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta):
                spre, scur = scur, stry  # a good short step
            else:
                spre = scur = sbis  # bisect
        else:
            spre = scur = sbis  # bisect
        xpre, fpre = xcur, fcur
        if abs(scur) > delta:
            xcur += scur
        else:
            xcur += delta if sbis > 0 else -delta
        fcur = call(xcur)
    raise RuntimeError(f"no root found within {maxiter} iterations")
