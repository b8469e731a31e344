"""Deterministic sensitivity of one family: tornado, two-way grid and thresholds together.

Every analysis starts from :class:`calculator.analysis.model_inputs.ModelInputs`, varies
parameters around their base values and runs the same vectorised model on arrays of
values; each returns plain frozen data (:func:`calculator.analysis.results.jsonable` turns
it into JSON). Nothing here draws. The parts:

- :mod:`calculator.analysis.nmb`: NMB with parameters changed, the verdict, zero finding;
- :mod:`calculator.analysis.tornado`: one-way (tornado diagrams);
- :mod:`calculator.analysis.two_way`: the two-way grid and its break-even line;
- :mod:`calculator.analysis.break_even`: the value of each parameter at which NMB is zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from calculator.analysis.break_even import ThresholdResult, all_thresholds, threshold
from calculator.analysis.model_inputs import ModelInputs
from calculator.analysis.nmb import FAMILY_USE, FEE_PV, WORTH_IT_ABOVE, WORTH_IT_BELOW, run_with, worth_it
from calculator.analysis.tornado import Tornado, TornadoRow, tornadoes
from calculator.analysis.two_way import TwoWay, two_way_grid

__all__ = [
    "FAMILY_USE", "FEE_PV", "WORTH_IT_ABOVE", "WORTH_IT_BELOW", "SensitivityResult", "ThresholdResult", "Tornado",
    "TornadoRow", "TwoWay", "all_thresholds", "run_sensitivity", "run_with", "threshold", "tornadoes", "two_way_grid",
    "worth_it",
]


@dataclass(frozen=True)
class SensitivityResult:
    """Everything of the deterministic sensitivity analysis for one family."""

    tornado_nmb: Tornado
    tornado_cost_per_use: Tornado
    two_way: TwoWay
    thresholds: tuple[ThresholdResult, ...]


def run_sensitivity(inputs: ModelInputs, *, n_grid: int = 21) -> SensitivityResult:
    """Tornado diagrams (NMB, cost per family use), the default two-way grid (chance of
    family use x PV of fees) and every threshold, for one family."""
    t_nmb, t_cpu = tornadoes(inputs)
    return SensitivityResult(t_nmb, t_cpu, two_way_grid(inputs, n=n_grid), all_thresholds(inputs))
