"""The model's standard normal CDF (the chance a unit holds enough cells) without scipy.

:func:`calculator.model.clinical._ndtr` computes ``erfc(-z / sqrt(2)) / 2`` with ``math.erfc``
for one value and for every value of an array. Stated tolerance against ``scipy.special.ndtr``
(the function it replaced): 5e-13 relative wherever Phi(z) is a normal float (z >= -37), and
1e-300 absolute below (subnormal results, where relative precision is lost anyway). An array
gives exactly the float one value gives, so the deterministic model and the PSA agree.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import ndtr

from calculator.model.clinical import _ndtr

REL_TOL = 5e-13


def test_matches_scipy_over_the_whole_range():
    z = np.concatenate([np.linspace(-37.0, 9.0, 200_001), np.random.default_rng(7).normal(0.0, 4.0, 50_000)])
    z = z[z >= -37.0]
    ours, ref = _ndtr(z), ndtr(z)
    assert np.max(np.abs(ours - ref) / ref) <= REL_TOL


def test_far_tail_absolute():
    z = np.linspace(-60.0, -37.0, 2_001)
    assert np.max(np.abs(_ndtr(z) - ndtr(z))) <= 1e-300


def test_an_array_gives_what_one_value_gives():
    z = np.random.default_rng(11).normal(0.0, 3.0, 2_000)
    many = _ndtr(z)
    assert [float(_ndtr(np.asarray(v))) for v in z] == many.tolist()


def test_shape_and_special_values():
    z = np.array([[np.inf, -np.inf], [0.0, np.nan]])
    out = _ndtr(z)
    assert out.shape == (2, 2)
    assert out[0, 0] == 1.0 and out[0, 1] == 0.0 and out[1, 0] == 0.5 and np.isnan(out[1, 1])
    assert float(_ndtr(np.asarray(1.959963984540054))) == pytest.approx(0.975, rel=1e-15)
