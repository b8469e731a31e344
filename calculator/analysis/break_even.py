"""Threshold analysis: the value of one parameter at which NMB (private vs public) is zero.

Found by scanning for a change of verdict over the parameter's allowed bounds and refining
with Brent's method; the two thresholds of the results (largest PV of fees, smallest chance
of family use) come from :func:`calculator.analysis.thresholds.thresholds_of`. Conventions
of :mod:`calculator.analysis.nmb`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from calculator.analysis.model_inputs import ModelInputs
from calculator.analysis.nmb import (
    FAMILY_USE,
    FEE_PV,
    WORTH_IT_ABOVE,
    WORTH_IT_BELOW,
    fee_pv_range,
    need_names,
    nmb_at,
    parameter_range,
    run_with,
    scalar_nmb,
    worth_it,
    zero_on_grid,
)
from calculator.analysis.thresholds import thresholds_of
from calculator.inputs.assumptions import INTEGER_PARAMETERS
from calculator.inputs.errors import InputError


@dataclass(frozen=True)
class ThresholdResult:
    """The value of one parameter at which NMB (private vs public) is zero.

    ``value``: the threshold [parameter unit], None when NMB does not change sign within
    the parameter's allowed bounds; ``within_range``: the threshold lies within the
    parameter's plausible low-high range; ``base_value``: the family's value;
    ``direction``: ``"private worth it above"`` or ``"... below"`` the threshold.
    ``low``/``high``: the plausible range compared against (None if not a parameter).
    """

    name: str
    value: float | None
    within_range: bool
    base_value: float
    direction: str | None
    low: float | None = None
    high: float | None = None


def _scan_grid(lo: float, hi: float, low: float, high: float, base: float) -> np.ndarray:
    """Points to look for sign changes of NMB: linear over the allowed bounds and over the
    plausible range, geometric over the bounds (small values matter for probabilities and
    fees), and the base value."""
    parts = [np.linspace(lo, hi, 257), np.linspace(low, high, 65), [base]]
    g_lo = lo if lo > 0 else max(hi * 1e-9, 1e-12)
    if g_lo < hi:
        parts.append(np.geomspace(g_lo, hi, 257))
    grid = np.unique(np.concatenate([np.asarray(x, dtype=float) for x in parts]))
    return grid[(grid >= lo) & (grid <= hi)]


def threshold(inputs: ModelInputs, name: str) -> ThresholdResult:
    """The value of ``name`` at which NMB (private vs public) is zero, others at base.

    Parameters
    ----------
    inputs : ModelInputs
    name : str
        A parameter of ``assumptions/`` or :data:`FAMILY_USE` / :data:`FEE_PV`.

    Returns
    -------
    ThresholdResult
        The zero within the parameter's allowed bounds (hard limits, e.g. 0 to 1 for a
        probability) found by scanning for a change of verdict and refining with Brent's
        method (``scipy.optimize.brentq``); if there are several, the one nearest the
        family's value. Whole-number parameters (``storage_years``, ``n_siblings``) report the
        whole number nearest the family's value at which the verdict differs from theirs.
    """
    if name == FAMILY_USE:
        return _threshold_family_use(inputs)
    if name == FEE_PV:
        return _threshold_fee_pv(inputs)
    if name not in inputs.assumptions:
        raise InputError(name, "unknown parameter; 'python -m calculator params' lists them")
    prm = inputs.assumptions[name]
    base = float(inputs.params[name])
    lo, hi = prm.bounds
    low, high = parameter_range(inputs, name)
    if name in INTEGER_PARAMETERS:
        grid = np.arange(np.ceil(lo), np.floor(hi) + 1)
        f = nmb_at(inputs, name, grid)
        base_v = bool(worth_it(float(nmb_at(inputs, name, base))))
        other = np.flatnonzero(worth_it(f) != base_v)
        if other.size == 0:
            return ThresholdResult(name, None, False, base, None, low, high)
        value = float(grid[other[np.argmin(np.abs(grid[other] - base))]])
        above = bool(worth_it(f[grid == value][0])) == (value > base)
    else:
        grid = _scan_grid(lo, hi, prm.low, prm.high, base)
        found = zero_on_grid(scalar_nmb(inputs, name), grid, nmb_at(inputs, name, grid), base)
        if found is None:
            return ThresholdResult(name, None, False, base, None, low, high)
        value, above = found
    return ThresholdResult(name, value, bool(low <= value <= high), base,
                           WORTH_IT_ABOVE if above else WORTH_IT_BELOW, low, high)


def _need_range(inputs: ModelInputs) -> tuple[float, float]:
    """The family's chance of use with every chance of need at its low, then high value."""
    lo = {n: inputs.assumptions[n].low for n in need_names(inputs)}
    hi = {n: inputs.assumptions[n].high for n in need_names(inputs)}
    p_lo = float(run_with(inputs, lo).p_family_use_private)
    p_hi = float(run_with(inputs, hi).p_family_use_private)
    base = float(inputs.run().p_family_use_private)
    return min(p_lo, base), max(p_hi, base)


def _threshold_fee_pv(inputs: ModelInputs) -> ThresholdResult:
    """Largest PV of fees with NMB >= 0: ``Thresholds.max_fee_pv`` of the results."""
    out = inputs.run()
    th = thresholds_of(inputs, out)
    low, high = fee_pv_range(inputs)
    v = th.max_fee_pv
    return ThresholdResult("max_fee_pv", v, v is not None and low <= v <= high, float(out.pv_cost_private),
                           WORTH_IT_BELOW if v is not None else None, low, high)


def _threshold_family_use(inputs: ModelInputs) -> ThresholdResult:
    """Smallest chance of family use with NMB >= 0: ``Thresholds.min_p_family_use``."""
    out = inputs.run()
    th = thresholds_of(inputs, out)
    low, high = _need_range(inputs)
    v = th.min_p_family_use
    return ThresholdResult("min_p_family_use", v, v is not None and low <= v <= high,
                           float(out.p_family_use_private), WORTH_IT_ABOVE if v is not None else None, low, high)


def all_thresholds(inputs: ModelInputs) -> tuple[ThresholdResult, ...]:
    """The two thresholds of the results (largest fee, smallest chance of family use) and
    one for every parameter that can vary (its plausible range is not a single value, so
    not a Mendelian constant such as the 1 in 4 chance of an HLA match) whose NMB zero lies
    within its allowed bounds."""
    out = [_threshold_fee_pv(inputs), _threshold_family_use(inputs)]
    for name in inputs.params:
        low, high = parameter_range(inputs, name)
        if low == high:
            continue
        r = threshold(inputs, name)
        if r.value is not None:
            out.append(r)
    return tuple(out)
