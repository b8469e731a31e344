"""Where private storage (vs public donation) becomes worth it: the results' thresholds.

``max_fee_pv = WTP x dQALY`` [currency]; ``min_p_family_use``: the family's chance of use
[/1] when every chance of need is multiplied by ``need_scale = dCost / (WTP x dQALY)``
(:func:`calculator.model.family.need_scale_at_break_even`). Shared by
:mod:`calculator.analysis.evaluate` and the sensitivity analyses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from calculator.analysis.model_inputs import ModelInputs
from calculator.model.clinical import sibling_routes
from calculator.model.family import Outcome, need_scale_at_break_even


@dataclass(frozen=True)
class Thresholds:
    """Where private storage (vs public donation) becomes worth it at the WTP.

    ``max_fee_pv``: the largest present value of fees with NMB >= 0 (None: no fee);
    ``min_p_family_use``: the smallest chance of family use with NMB >= 0, same mix of
    routes (None: not reachable even if use were certain).
    """

    max_fee_pv: float | None
    min_p_family_use: float | None
    need_scale: float | None


def scalar(x) -> float:
    """A 0-d model output as a Python float."""
    return float(np.asarray(x))


def max_need(inputs: ModelInputs) -> float:
    """The largest chance of need the family's model uses (own use, each sibling) [/1]."""
    p = inputs.params
    return max([float(p["p_auto_use"])] + [scalar(r["p_need"]) for r in sibling_routes(p, inputs.siblings)])


def max_need_scale(inputs: ModelInputs) -> float:
    """Largest factor on the chances of need that keeps every one the family's model uses
    <= 1 [/1] (the limit :func:`thresholds_of` applies)."""
    largest = max_need(inputs)
    return 1.0 / largest if largest > 0 else np.inf


def thresholds_of(inputs: ModelInputs, out: Outcome) -> Thresholds:
    """Where private storage (vs public) becomes worth it, from the base outcome ``out``.

    ``max_fee_pv = WTP x dQALY`` [currency]; ``min_p_family_use``: the family's chance of
    use when every chance of need is multiplied by ``need_scale = dCost / (WTP x dQALY)``
    (None when that would push a chance of need above 1).
    """
    dq_pub = scalar(out.delta_qaly_vs_public)
    k = scalar(need_scale_at_break_even(out))
    if np.isfinite(k) and k * max_need(inputs) <= 1.0:
        min_p = scalar(inputs.run(need_scale=k).p_family_use_private)
    else:
        min_p, k = None, None
    return Thresholds(
        max_fee_pv=inputs.params["wtp_per_qaly"] * dq_pub if dq_pub > 0 else None,
        min_p_family_use=min_p,
        need_scale=k,
    )
