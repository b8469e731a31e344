"""One-way sensitivity (tornado diagrams): each parameter from its low to its high value.

Outputs: NMB of private vs public storage and the cost per family use [currency]; the whole
tornado is one vectorised model call (:func:`tornadoes`). Conventions of
:mod:`calculator.analysis.nmb`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from calculator.analysis.model_inputs import ModelInputs
from calculator.analysis.nmb import nmb_at, parameter_range, run_with, scalar_nmb, worth_it, zero_on_grid
from calculator.inputs.assumptions import INTEGER_PARAMETERS


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


@dataclass(frozen=True)
class Tornado:
    """One-way sensitivity of ``output`` (base value ``base``), rows by swing, largest first."""

    output: str
    base: float
    rows: tuple[TornadoRow, ...]


def _flip_value(inputs: ModelInputs, name: str, lo: float, base: float, hi: float) -> float | None:
    """Where NMB crosses zero between ``lo`` and ``hi``, nearest the base value (None if it
    does not, or for whole-number parameters)."""
    if name in INTEGER_PARAMETERS:
        return None
    grid = np.unique(np.concatenate([np.linspace(lo, hi, 65), [base]]))
    found = zero_on_grid(scalar_nmb(inputs, name), grid, nmb_at(inputs, name, grid), base)
    return None if found is None else found[0]


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
