"""Deterministic sensitivity: one-way (tornado), two-way grid and threshold analysis.

Every analysis starts from :class:`calculator.analysis.evaluate.ModelInputs` (one family's resolved
inputs), varies parameters around their base values and runs the same vectorised model
(:func:`calculator.model.core.compute`) on arrays of values: the whole tornado is one model call.
Analyses return plain data (frozen dataclasses with ``to_dict``); nothing here draws.

The verdict is read from the net monetary benefit of private storage over public donation,
``NMB = WTP x (QALY_private - QALY_public) - PV cost`` [currency]: private storage is worth
it when ``NMB >= 0`` (the convention of :class:`calculator.analysis.results.Thresholds` and of the
recommendation).

Parameter names are those of ``assumptions/``; two more names are accepted as axes of the
two-way grid and for :func:`threshold`:

``p_family_use_private`` (:data:`FAMILY_USE`)
    The family's chance of using a private unit, moved by multiplying *every* chance of
    need (the child's own use and each brother's or sister's transplant) by one factor
    ``k`` (``need_scale`` of the model), keeping the mix of routes. Values are the chance of
    use [/1] at the other parameters' base values.
``pv_cost_private`` (:data:`FEE_PV`)
    The present value of the storage fees [currency], entered as one payment at the birth
    (``fee_upfront = value``, ``fee_annual = fee_lump_sum = 0``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np
from scipy.optimize import brentq

from calculator.inputs.assumptions import INTEGER_PARAMETERS
from calculator.inputs.errors import InputError
from calculator.analysis.evaluate import ModelInputs, max_need, thresholds_of
from calculator.model.core import Outcome, SiblingInput
from calculator.analysis.results import jsonable

#: Pseudo-parameter: the family's chance of use, moved through ``need_scale``.
FAMILY_USE = "p_family_use_private"
#: Pseudo-parameter: present value of the fees, paid as one sum at the birth [currency].
FEE_PV = "pv_cost_private"
#: Parameters that are chances of *needing* the unit (scaled together by ``need_scale``).
NEED_PREFIXES = ("p_auto_use", "p_sibling_hsct", "p_hsct_")
#: Outputs of the two tornado diagrams.
TORNADO_OUTPUTS = ("nmb_vs_public", "cost_per_family_use")

WORTH_IT_ABOVE = "private worth it above"
WORTH_IT_BELOW = "private worth it below"


def worth_it(nmb: Any) -> Any:
    """The verdict: private storage is worth it where ``NMB >= 0`` (bool or bool array)."""
    return np.asarray(nmb) >= 0


# --- data ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class TornadoRow:
    """One bar of a tornado diagram.

    ``low_value``/``high_value``: the parameter's low and high values [parameter unit];
    ``output_low``/``output_high``: the output at those values [output unit];
    ``swing = |output_high - output_low|``; ``flips``: the verdict (sign of NMB) at low,
    base or high is not the same everywhere; ``flip_value``: where NMB crosses zero between
    low and high [parameter unit], None when it does not.
    """

    name: str
    low_value: float
    high_value: float
    output_low: float
    output_high: float
    swing: float
    flips: bool
    flip_value: float | None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class Tornado:
    """One-way sensitivity of ``output`` (base value ``base``), rows by swing, largest first."""

    output: str
    base: float
    rows: tuple[TornadoRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"output": self.output, "base": jsonable(self.base), "rows": [r.to_dict() for r in self.rows]}


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

    def to_dict(self) -> dict[str, Any]:
        return {f.name: jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}


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

    def to_dict(self) -> dict[str, Any]:
        return {f.name: jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class SensitivityResult:
    """Everything of the deterministic sensitivity analysis for one family."""

    tornado_nmb: Tornado
    tornado_cost_per_use: Tornado
    two_way: TwoWay
    thresholds: tuple[ThresholdResult, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "tornado_nmb": self.tornado_nmb.to_dict(),
            "tornado_cost_per_use": self.tornado_cost_per_use.to_dict(),
            "two_way": self.two_way.to_dict(),
            "thresholds": [t.to_dict() for t in self.thresholds],
        }


# --- running the model with parameters changed ---------------------------------------------

def _siblings_for(inputs: ModelInputs, n_siblings: float) -> tuple[SiblingInput, ...]:
    """Brothers and sisters for ``n_siblings``: only unlisted (healthy) siblings change."""
    if inputs.siblings_listed:
        return inputs.siblings
    return tuple(SiblingInput() for _ in range(int(round(float(n_siblings)))))


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
    siblings = inputs.siblings
    for name, v in changes.items():
        if name == FAMILY_USE:
            need_scale = v
        elif name == FEE_PV:
            params.update(fee_upfront=v, fee_annual=0.0, fee_lump_sum=0.0)
        elif name == "n_siblings":
            if np.ndim(v) != 0:
                raise ValueError("n_siblings must be varied one value at a time")
            siblings = _siblings_for(inputs, v)
            params[name] = v
        elif name in params:
            params[name] = v
        else:
            raise InputError(name, "unknown parameter; 'python -m calculator params' lists them")
    return dataclasses.replace(inputs, siblings=siblings).run(params, need_scale=need_scale)


def nmb_at(inputs: ModelInputs, name: str, values: Any) -> np.ndarray:
    """NMB of private vs public storage [currency] with ``name`` set to each of ``values``,
    the other parameters at their base values (one vectorised call)."""
    values = np.asarray(values, dtype=float)
    if name == "n_siblings":
        return np.array([float(run_with(inputs, {name: v}).nmb_vs_public) for v in values.ravel()]).reshape(values.shape)
    return np.broadcast_to(np.asarray(run_with(inputs, {name: values}).nmb_vs_public, dtype=float), values.shape)


def _need_names(inputs: ModelInputs) -> list[str]:
    return [n for n in inputs.params if n.startswith(NEED_PREFIXES)]


def max_need_scale(inputs: ModelInputs) -> float:
    """Largest factor on the chances of need that keeps every one the family's model uses
    <= 1 [/1] (the limit :func:`calculator.analysis.evaluate.thresholds_of` applies)."""
    largest = max_need(inputs)
    return 1.0 / largest if largest > 0 else np.inf


def family_use_at(inputs: ModelInputs, need_scale: Any) -> np.ndarray:
    """The family's chance of using a private unit [/1] at factor ``need_scale`` on every
    chance of need (other parameters at base)."""
    return np.asarray(inputs.run(need_scale=np.asarray(need_scale, dtype=float)).p_family_use_private, dtype=float)


# --- one-way: tornado ---------------------------------------------------------------------

def parameter_range(inputs: ModelInputs, name: str) -> tuple[float, float]:
    """The plausible low and high values of ``name`` [parameter unit] for the tornado.

    The assumptions' ``low``/``high``, widened to include the family's own value when a
    scenario or ``--set`` moved it outside that range.
    """
    p = inputs.assumptions[name]
    base = float(inputs.params[name])
    return min(p.low, base), max(p.high, base)


def _flip_value(inputs: ModelInputs, name: str, lo: float, base: float, hi: float) -> float | None:
    """Where NMB crosses zero between ``lo`` and ``hi``, nearest the base value (None if it
    does not, or for whole-number parameters)."""
    if name in INTEGER_PARAMETERS:
        return None
    grid = np.unique(np.concatenate([np.linspace(lo, hi, 65), [base]]))
    found = _zero_on_grid(_scalar_nmb(inputs, name), grid, nmb_at(inputs, name, grid), base)
    return None if found is None else found[0]


def _scalar_nmb(inputs: ModelInputs, name: str) -> Callable[[float], float]:
    return lambda v: float(nmb_at(inputs, name, v))


def _root(f: Callable[[float], float], a: float, b: float, fa: float, fb: float) -> float:
    """Zero of ``f`` in ``[a, b]`` where the verdict differs at the ends (Brent's method)."""
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    return float(brentq(f, a, b, xtol=1e-12 * max(1.0, abs(a), abs(b)), rtol=1e-12, maxiter=200))


def tornadoes(inputs: ModelInputs, names: Sequence[str] | None = None) -> tuple[Tornado, Tornado]:
    """One-way sensitivity of NMB (private vs public) and of the cost per family use.

    Each parameter goes from its low to its high value (:func:`parameter_range`), the
    others at base. All continuous parameters run in one vectorised model call: column
    ``2i`` holds parameter ``i`` at low, column ``2i + 1`` at high, every other parameter at
    base. ``n_siblings`` (whole numbers, it changes the list of siblings) runs apart.

    Returns
    -------
    (Tornado, Tornado)
        NMB [currency] and cost per family use [currency], rows by swing, largest first.
        A cost per use that is infinite (no chance of use) is reported as ``inf`` in the
        data (None in JSON).
    """
    names = list(inputs.params) if names is None else list(names)
    base_out = inputs.run()
    base_nmb = float(base_out.nmb_vs_public)
    base_cpu = float(base_out.cost_per_family_use)
    vec = [n for n in names if n != "n_siblings"]
    ranges = {n: parameter_range(inputs, n) for n in names}
    res: dict[str, tuple[float, float, float, float]] = {}  # name -> nmb lo, nmb hi, cpu lo, cpu hi
    if vec:
        m = 2 * len(vec)
        params: dict[str, Any] = dict(inputs.params)
        for i, n in enumerate(vec):
            col = np.full(m, float(inputs.params[n]))
            col[2 * i], col[2 * i + 1] = ranges[n]
            params[n] = col
        out = inputs.run(params)
        nmb = np.broadcast_to(np.asarray(out.nmb_vs_public, dtype=float), (m,))
        cpu = np.broadcast_to(np.asarray(out.cost_per_family_use, dtype=float), (m,))
        for i, n in enumerate(vec):
            res[n] = (nmb[2 * i], nmb[2 * i + 1], cpu[2 * i], cpu[2 * i + 1])
    if "n_siblings" in names:
        lo, hi = ranges["n_siblings"]
        o_lo, o_hi = run_with(inputs, {"n_siblings": lo}), run_with(inputs, {"n_siblings": hi})
        res["n_siblings"] = (float(o_lo.nmb_vs_public), float(o_hi.nmb_vs_public),
                             float(o_lo.cost_per_family_use), float(o_hi.cost_per_family_use))

    rows_nmb, rows_cpu = [], []
    base_verdict = bool(worth_it(base_nmb))
    for n in names:
        lo, hi = ranges[n]
        n_lo, n_hi, c_lo, c_hi = (float(x) for x in res[n])
        flips = len({base_verdict, bool(worth_it(n_lo)), bool(worth_it(n_hi))}) > 1
        fv = _flip_value(inputs, n, lo, float(inputs.params[n]), hi) if flips else None
        rows_nmb.append(TornadoRow(n, lo, hi, n_lo, n_hi, _swing(n_lo, n_hi), flips, fv))
        rows_cpu.append(TornadoRow(n, lo, hi, c_lo, c_hi, _swing(c_lo, c_hi), flips, fv))
    key = lambda r: (-(r.swing if np.isfinite(r.swing) else np.inf), r.name)  # noqa: E731
    return (Tornado("nmb_vs_public", base_nmb, tuple(sorted(rows_nmb, key=key))),
            Tornado("cost_per_family_use", base_cpu, tuple(sorted(rows_cpu, key=key))))


def _swing(a: float, b: float) -> float:
    """``|b - a|``; 0 when both are equal (also both infinite), inf when one is infinite."""
    if a == b:
        return 0.0
    return abs(b - a)


# --- threshold -------------------------------------------------------------------------------

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


def _brackets(grid: np.ndarray, f: np.ndarray, base: float) -> list[tuple[int, int]]:
    """Index pairs ``(i, i + 1)`` where the verdict changes, nearest to ``base`` first."""
    v = worth_it(f)
    idx = np.flatnonzero(v[1:] != v[:-1])
    mid = (grid[idx] + grid[idx + 1]) / 2
    return [(int(i), int(i) + 1) for i in idx[np.argsort(np.abs(mid - base), kind="stable")]]


def _is_zero(fv: float, fa: float, fb: float) -> bool:
    """A root from :func:`_root` is a real zero, not a jump of NMB (e.g. a lump sum that
    replaces the yearly fees as soon as it is above 0)."""
    return abs(fv) <= 1e-6 * max(abs(fa), abs(fb))


def _zero_on_grid(f: Callable[[float], float], grid: np.ndarray, fgrid: np.ndarray,
                  base: float) -> tuple[float, bool] | None:
    """The zero of ``f`` nearest ``base`` among the sign changes of ``fgrid`` on ``grid``;
    returns ``(value, worth it above the value)`` or None."""
    for i, j in _brackets(grid, fgrid, base):
        v = _root(f, float(grid[i]), float(grid[j]), float(fgrid[i]), float(fgrid[j]))
        if _is_zero(f(v), float(fgrid[i]), float(fgrid[j])):
            return v, bool(worth_it(fgrid[j]))
    return None


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
        found = _zero_on_grid(_scalar_nmb(inputs, name), grid, nmb_at(inputs, name, grid), base)
        if found is None:
            return ThresholdResult(name, None, False, base, None, low, high)
        value, above = found
    return ThresholdResult(name, value, bool(low <= value <= high), base,
                           WORTH_IT_ABOVE if above else WORTH_IT_BELOW, low, high)


def _need_range(inputs: ModelInputs) -> tuple[float, float]:
    """The family's chance of use with every chance of need at its low, then high value."""
    lo = {n: inputs.assumptions[n].low for n in _need_names(inputs)}
    hi = {n: inputs.assumptions[n].high for n in _need_names(inputs)}
    p_lo = float(run_with(inputs, lo).p_family_use_private)
    p_hi = float(run_with(inputs, hi).p_family_use_private)
    base = float(inputs.run().p_family_use_private)
    return min(p_lo, base), max(p_hi, base)


def _fee_pv_range(inputs: ModelInputs) -> tuple[float, float]:
    """PV of fees [currency] with every fee parameter at its low, then high value."""
    fees = ("fee_upfront", "fee_annual", "fee_lump_sum", "fee_escalation")
    lo = float(run_with(inputs, {n: inputs.assumptions[n].low for n in fees}).pv_cost_private)
    hi = float(run_with(inputs, {n: inputs.assumptions[n].high for n in fees}).pv_cost_private)
    base = float(inputs.run().pv_cost_private)
    return min(lo, base), max(hi, base)


def _threshold_fee_pv(inputs: ModelInputs) -> ThresholdResult:
    """Largest PV of fees with NMB >= 0: ``Thresholds.max_fee_pv`` of the results."""
    out = inputs.run()
    th = thresholds_of(inputs, out)
    low, high = _fee_pv_range(inputs)
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
    one for every parameter whose NMB zero lies within its allowed bounds."""
    out = [_threshold_fee_pv(inputs), _threshold_family_use(inputs)]
    for name in inputs.params:
        r = threshold(inputs, name)
        if r.value is not None:
            out.append(r)
    return tuple(out)


# --- two-way -------------------------------------------------------------------------------

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
        return np.linspace(0.0, max(_fee_pv_range(inputs)[1], 1.5 * float(inputs.run().pv_cost_private)), n)
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
            br = _brackets(ys, col, float(ys[0]))
            found = (float(ys[br[0][1]]), bool(worth_it(col[br[0][1]]))) if br else None
        else:
            found = _zero_on_grid(f, ys, col, float(ys[0]))
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


# --- everything ------------------------------------------------------------------------------

def run_sensitivity(inputs: ModelInputs, *, n_grid: int = 21) -> SensitivityResult:
    """Tornado diagrams (NMB, cost per family use), the default two-way grid (chance of
    family use x PV of fees) and every threshold, for one family."""
    t_nmb, t_cpu = tornadoes(inputs)
    return SensitivityResult(t_nmb, t_cpu, two_way_grid(inputs, n=n_grid), all_thresholds(inputs))
