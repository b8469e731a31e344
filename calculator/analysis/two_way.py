"""Two-way sensitivity: NMB of private vs public storage over a grid of two parameters,
and the break-even line NMB = 0 across it. Conventions of :mod:`calculator.analysis.nmb`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from calculator.analysis.model_inputs import ModelInputs
from calculator.analysis.nmb import (
    FAMILY_USE,
    FEE_PV,
    WORTH_IT_ABOVE,
    WORTH_IT_BELOW,
    brackets,
    family_use_at,
    fee_pv_range,
    parameter_range,
    run_with,
    worth_it,
    zero_on_grid,
)
from calculator.analysis.thresholds import max_need_scale, thresholds_of
from calculator.inputs.assumptions import INTEGER_PARAMETERS
from calculator.inputs.errors import InputError


@dataclass(frozen=True)
class TwoWay:
    """NMB of private vs public storage over a grid of two parameters [currency].

    ``nmb[i][j]`` is at ``y_values[i]``, ``x_values[j]`` (rows = y, columns = x).
    ``break_even``: ``[x, y]`` points on the line NMB = 0, one for each x at which NMB
    changes sign between the lowest and the highest y of the grid (``y`` solved exactly
    with Brent's method, not read off the grid). Private storage is worth it on the side
    named by ``direction`` (relative to y).
    """

    x_name: str
    y_name: str
    x_values: list[float]
    y_values: list[float]
    nmb: list[list[float]]
    break_even: list[list[float]]
    direction: str | None = None


def default_axis(inputs: ModelInputs, name: str, n: int) -> np.ndarray:
    """Grid values of one axis, in the unit of ``name``.

    :data:`FAMILY_USE`: the factor ``k`` on every chance of need, geometric from 0.25 to
    the larger of 4 and twice the break-even factor (so the break-even line shows),
    capped where a chance of need reaches 1. :data:`FEE_PV`: 0 to the larger of the PV
    with every fee at its high value and 1.5 x the family's PV. A parameter: linear from
    low to high, or over its allowed bounds when its range is a single point.
    """
    if name == FAMILY_USE:
        th = thresholds_of(inputs, inputs.run())
        k_hi = 4.0 if th.need_scale is None else max(4.0, 2.0 * th.need_scale)
        k_hi = min(k_hi, max_need_scale(inputs))
        return np.geomspace(min(0.25, k_hi / 2), k_hi, n)
    if name == FEE_PV:
        return np.linspace(0.0, max(fee_pv_range(inputs)[1], 1.5 * float(inputs.run().pv_cost_private)), n)
    if name not in inputs.assumptions:
        raise InputError(name, "unknown parameter; 'python -m calculator params' lists them")
    if name in INTEGER_PARAMETERS:
        lo, hi = parameter_range(inputs, name)
        return np.arange(lo, hi + 1)
    lo, hi = parameter_range(inputs, name)
    if lo == hi:
        lo, hi = inputs.assumptions[name].bounds
    return np.linspace(lo, hi, n)


def _grid_nmb(inputs: ModelInputs, x_name: str, y_name: str, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """NMB on the grid, shape (len(ys), len(xs)); one model call unless an axis is n_siblings."""
    if x_name == "n_siblings" or y_name == "n_siblings":
        out = np.empty((len(ys), len(xs)))
        for i, y in enumerate(ys):
            for j, x in enumerate(xs):
                out[i, j] = float(run_with(inputs, {x_name: x, y_name: y}).nmb_vs_public)
        return out
    o = run_with(inputs, {x_name: xs[None, :], y_name: ys[:, None]})
    return np.broadcast_to(np.asarray(o.nmb_vs_public, dtype=float), (len(ys), len(xs))).copy()


def two_way_grid(
    inputs: ModelInputs,
    x_name: str = FAMILY_USE,
    y_name: str = FEE_PV,
    *,
    n: int = 21,
    x_values: Sequence[float] | None = None,
    y_values: Sequence[float] | None = None,
) -> TwoWay:
    """NMB of private vs public storage over a grid of two parameters.

    Parameters
    ----------
    inputs : ModelInputs
    x_name, y_name : str
        Parameter names, :data:`FAMILY_USE` or :data:`FEE_PV` (defaults: the family's
        chance of use across, the PV of fees down).
    n : int
        Points per axis when the values are not given (:func:`default_axis`).
    x_values, y_values : sequence of float, optional
        The grid's values [parameter unit]; for :data:`FAMILY_USE` the factor ``k`` on every
        chance of need.

    Returns
    -------
    TwoWay
        For :data:`FAMILY_USE` the reported ``x_values``/``y_values`` are the family's
        chance of use [/1] (at the other axis' base value), not ``k``.

    Notes
    -----
    With the default axes NMB is linear in both: ``NMB = k x WTP x dQALY(1) - fee_pv``,
    so the break-even line is ``fee_pv = WTP x dQALY`` at each chance of use.
    """
    if x_name == y_name:
        raise InputError("two-way", "needs two different parameters")
    xs = np.asarray(x_values, dtype=float) if x_values is not None else default_axis(inputs, x_name, n)
    ys = np.asarray(y_values, dtype=float) if y_values is not None else default_axis(inputs, y_name, n)
    grid = _grid_nmb(inputs, x_name, y_name, xs, ys)

    break_even: list[list[float]] = []
    direction = None
    for j, x in enumerate(xs):
        col = grid[:, j]

        def f(y: float, x: float = float(x)) -> float:
            return float(run_with(inputs, {x_name: x, y_name: y}).nmb_vs_public)

        if y_name in INTEGER_PARAMETERS:
            br = brackets(ys, col, float(ys[0]))
            found = (float(ys[br[0][1]]), bool(worth_it(col[br[0][1]]))) if br else None
        else:
            found = zero_on_grid(f, ys, col, float(ys[0]))
        if found is None:
            continue
        break_even.append([float(x), found[0]])
        direction = WORTH_IT_ABOVE if found[1] else WORTH_IT_BELOW

    def shown(name: str, v: np.ndarray) -> np.ndarray:
        return family_use_at(inputs, v) if name == FAMILY_USE else v

    x_shown, y_shown = shown(x_name, xs), shown(y_name, ys)
    if x_name == FAMILY_USE:
        to_p = dict(zip(xs.tolist(), x_shown.tolist()))
        break_even = [[to_p[x], y] for x, y in break_even]
    if y_name == FAMILY_USE:
        break_even = [[x, float(family_use_at(inputs, y))] for x, y in break_even]
    return TwoWay(x_name, y_name, x_shown.tolist(), y_shown.tolist(), grid.tolist(), break_even, direction)
