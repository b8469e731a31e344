"""Net monetary benefit of private over public storage with parameters changed.

The shared ground of the deterministic sensitivity analyses (:mod:`calculator.analysis.tornado`,
:mod:`calculator.analysis.break_even`, :mod:`calculator.analysis.two_way`): run the vectorised
model (:func:`calculator.model.family.compute`) with some parameters replaced by arrays of
values, and find where NMB changes sign.

``NMB = WTP x (QALY_private - QALY_public) - PV cost`` [currency]: private storage is worth
it when ``NMB >= 0`` (the convention of :class:`calculator.analysis.thresholds.Thresholds` and
of the recommendation).

Parameter names are those of ``assumptions/``; two more names are accepted:

``p_family_use_private`` (:data:`FAMILY_USE`)
    The family's chance of using a private unit, moved by multiplying *every* chance of
    need (the child's own use and each brother's or sister's transplant) by one factor
    ``k`` (``need_scale`` of the model), keeping the mix of routes. Values are the chance of
    use [/1] at the other parameters' base values.
``pv_cost_private`` (:data:`FEE_PV`)
    The present value of the storage fees [currency], entered as one payment at the birth
    (``fee_upfront = value``, ``fee_annual = fee_package_price = 0``; with the plan
    ``package_all_in``, ``fee_package_price = value``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from calculator.analysis.model_inputs import ModelInputs
from calculator.analysis.roots import brentq
from calculator.inputs.errors import InputError
from calculator.model.clinical import RelativeInput
from calculator.model.family import Outcome

FAMILY_USE = "p_family_use_private"
#: Pseudo-parameter: present value of the fees, paid as one sum at the birth [currency].
FEE_PV = "pv_cost_private"
#: Parameters that are chances of *needing* the unit (scaled together by ``need_scale``).
NEED_PREFIXES = ("p_auto_use", "p_sibling_hsct", "p_hsct_")

WORTH_IT_ABOVE = "private worth it above"
WORTH_IT_BELOW = "private worth it below"


def worth_it(nmb: Any) -> Any:
    """The verdict: private storage is worth it where ``NMB >= 0`` (bool or bool array)."""
    return np.asarray(nmb) >= 0


def _siblings_for(inputs: ModelInputs, n_siblings: float) -> tuple[RelativeInput, ...]:
    """Brothers and sisters for ``n_siblings``: only unlisted (healthy) siblings change."""
    if inputs.listed:
        return inputs.relatives
    return tuple(RelativeInput() for _ in range(int(round(float(n_siblings)))))


def run_with(inputs: ModelInputs, changes: Mapping[str, Any]) -> Outcome:
    """Run the model with some parameters replaced by scalars or broadcastable arrays.

    Parameters
    ----------
    inputs : ModelInputs
        The family.
    changes : mapping of str to numeric
        Parameter names of ``assumptions/``, :data:`FAMILY_USE` (the value is the factor
        ``k`` on every chance of need [/1]) or :data:`FEE_PV` [currency]. ``n_siblings``
        must be a scalar (it changes the list of siblings).
    """
    params: dict[str, Any] = dict(inputs.params)
    need_scale: Any = 1.0
    siblings = inputs.relatives
    for name, v in changes.items():
        if name == FAMILY_USE:
            need_scale = v
        elif name == FEE_PV:
            if inputs.fee_plan == "package_all_in":
                params.update(fee_package_price=v)
            else:
                params.update(fee_upfront=v, fee_annual=0.0, fee_package_price=0.0)
        elif name == "n_siblings":
            if np.ndim(v) != 0:
                raise ValueError("n_siblings must be varied one value at a time")
            siblings = _siblings_for(inputs, v)
            params[name] = v
        elif name in params:
            params[name] = v
        else:
            raise InputError(name, "unknown parameter; 'python -m calculator params' lists them")
    return dataclasses.replace(inputs, relatives=siblings).run(params, need_scale=need_scale)


def nmb_at(inputs: ModelInputs, name: str, values: Any) -> np.ndarray:
    """NMB of private vs public storage [currency] with ``name`` set to each of ``values``,
    the other parameters at their base values (one vectorised call)."""
    values = np.asarray(values, dtype=float)
    if name == "n_siblings":
        return np.array([float(run_with(inputs, {name: v}).nmb_vs_public) for v in values.ravel()]).reshape(values.shape)
    return np.broadcast_to(np.asarray(run_with(inputs, {name: values}).nmb_vs_public, dtype=float), values.shape)


def need_names(inputs: ModelInputs) -> list[str]:
    return [n for n in inputs.params if n.startswith(NEED_PREFIXES)]


def family_use_at(inputs: ModelInputs, need_scale: Any) -> np.ndarray:
    """The family's chance of using a private unit [/1] at factor ``need_scale`` on every
    chance of need (other parameters at base)."""
    return np.asarray(inputs.run(need_scale=np.asarray(need_scale, dtype=float)).p_family_use_private, dtype=float)


def parameter_range(inputs: ModelInputs, name: str) -> tuple[float, float]:
    """The plausible low and high values of ``name`` [parameter unit] for the tornado.

    The assumptions' ``low``/``high``, widened to include the family's own value when a
    scenario or ``--set`` moved it outside that range.
    """
    p = inputs.assumptions[name]
    base = float(inputs.params[name])
    return min(p.low, base), max(p.high, base)


def scalar_nmb(inputs: ModelInputs, name: str) -> Callable[[float], float]:
    return lambda v: float(nmb_at(inputs, name, v))


def _root(f: Callable[[float], float], a: float, b: float, fa: float, fb: float) -> tuple[float, float]:
    """Zero of ``f`` in ``[a, b]`` where the verdict differs at the ends, and ``f`` there.

    One secant step first: where NMB is linear in the parameter (a fee, the factor on every
    chance of need, the willingness to pay: the two-way grid's columns and many thresholds)
    it lands on the zero, to within rounding, in one model run. Otherwise Brent's method
    (:func:`calculator.analysis.roots.brentq`, the same float as ``scipy.optimize.brentq``
    without importing scipy; to 1e-12 relative)."""
    if fa == 0.0:
        return a, fa
    if fb == 0.0:
        return b, fb
    v = a - fa * (b - a) / (fb - fa)
    if a < v < b:
        fv = f(v)
        if abs(fv) <= 1e-12 * max(abs(fa), abs(fb)):
            return v, fv
    v = float(brentq(f, a, b, xtol=1e-12 * max(1.0, abs(a), abs(b)), rtol=1e-12, maxiter=200))
    return v, f(v)


def brackets(grid: np.ndarray, f: np.ndarray, base: float) -> list[tuple[int, int]]:
    """Index pairs ``(i, i + 1)`` where the verdict changes, nearest to ``base`` first."""
    v = worth_it(f)
    idx = np.flatnonzero(v[1:] != v[:-1])
    mid = (grid[idx] + grid[idx + 1]) / 2
    return [(int(i), int(i) + 1) for i in idx[np.argsort(np.abs(mid - base), kind="stable")]]


def _is_zero(fv: float, fa: float, fb: float) -> bool:
    """A root from :func:`_root` is a real zero, not a jump of NMB (e.g. a lump sum that
    that changes the plan; within a plan the fees are continuous)."""
    return abs(fv) <= 1e-6 * max(abs(fa), abs(fb))


def zero_on_grid(f: Callable[[float], float], grid: np.ndarray, fgrid: np.ndarray,
                  base: float) -> tuple[float, bool] | None:
    """The zero of ``f`` nearest ``base`` among the sign changes of ``fgrid`` on ``grid``;
    returns ``(value, worth it above the value)`` or None."""
    for i, j in brackets(grid, fgrid, base):
        v, fv = _root(f, float(grid[i]), float(grid[j]), float(fgrid[i]), float(fgrid[j]))
        if _is_zero(fv, float(fgrid[i]), float(fgrid[j])):
            return v, bool(worth_it(fgrid[j]))
    return None


def fee_pv_range(inputs: ModelInputs) -> tuple[float, float]:
    """PV of fees [currency] with every fee parameter at its low, then high value."""
    fees = ("fee_upfront", "fee_annual", "fee_package_price", "fee_escalation")
    lo = float(run_with(inputs, {n: inputs.assumptions[n].low for n in fees}).pv_cost_private)
    hi = float(run_with(inputs, {n: inputs.assumptions[n].high for n in fees}).pv_cost_private)
    base = float(inputs.run().pv_cost_private)
    return min(lo, base), max(hi, base)
