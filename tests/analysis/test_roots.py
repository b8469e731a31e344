"""Brent's method without scipy (calculator.analysis.roots) gives scipy's floats exactly."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import brentq as scipy_brentq

from calculator.analysis.roots import brentq


def _functions(rng: np.random.Generator):
    for i in range(400):
        c = rng.normal(size=3)
        r0 = float(rng.uniform(-2, 2))
        forms = (
            lambda x, c=c, r0=r0: (x - r0) * (1 + c[0] ** 2 + c[1] ** 2 * (x - r0) ** 2),
            lambda x, c=c, r0=r0: math.exp(c[0] * x) - math.exp(c[0] * r0),
            lambda x, c=c, r0=r0: math.tanh(3 * (x - r0)) + 0.1 * c[1] * (x - r0) ** 3,
            lambda x, c=c, r0=r0: (x - r0) ** 3 + c[2] * (x - r0),
        )
        f = forms[i % 4]
        a, b = r0 - float(rng.uniform(0.01, 5)), r0 + float(rng.uniform(0.01, 5))
        yield (f, b, a) if rng.random() < 0.5 else (f, a, b)


@pytest.mark.parametrize(("xtol", "rtol"), [(2e-12, 4 * np.finfo(float).eps), (1e-14, 1e-12)])
def test_same_root_as_scipy_bit_for_bit(xtol: float, rtol: float) -> None:
    def outcome(solver, f, a, b):
        try:
            return solver(f, a, b, xtol=xtol, rtol=rtol, maxiter=200)
        except (ValueError, RuntimeError) as exc:  # no sign change: both refuse
            return type(exc)

    solved = 0
    for f, a, b in _functions(np.random.default_rng(7)):
        ours = outcome(brentq, f, a, b)
        assert ours == outcome(scipy_brentq, f, a, b)
        solved += isinstance(ours, float)
    assert solved > 300


def test_errors_like_scipy() -> None:
    with pytest.raises(ValueError):
        brentq(lambda x: x * x + 1, -1.0, 1.0)
    with pytest.raises(ValueError):
        brentq(lambda x: x, -1.0, 1.0, xtol=0.0)
    with pytest.raises(RuntimeError):
        brentq(lambda x: math.exp(5 * x) - 2.0, 0.0, 1.0, maxiter=2)
    assert brentq(lambda x: x, 0.0, 1.0) == 0.0
