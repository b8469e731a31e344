"""Where private storage (vs public donation) becomes worth it: the results' thresholds.

``max_fee_pv = WTP x dQALY`` [currency]; ``min_p_family_use``: the family's chance of use
[/1] when every chance of need is multiplied by ``need_scale = dCost / (WTP x dQALY)``
(:func:`calculator.model.family.need_scale_at_break_even`). Shared by
:mod:`calculator.analysis.evaluate` and the sensitivity analyses.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable

import numpy as np

from calculator.analysis.model_inputs import ModelInputs
from calculator.analysis.roots import brentq
from calculator.model.clinical import relative_routes
from calculator.model.family import Outcome, need_scale_at_break_even, p_affected_newborn


class Thresholds:
    """Where private storage (vs public donation) becomes worth it at the WTP.

    ``max_fee_pv``: the largest present value of fees with NMB >= 0 (None: no fee);
    ``min_p_family_use``: the smallest chance of family use with NMB >= 0, same mix of
    routes (None: not reachable even with every chance of need that can lead to use at 1);
    ``need_scale``: the factor on every chance of need where NMB = 0 (None: not reached).

    The last two are a root of the model, solved when first read (``solve``, threads reading
    at once solve it once): most of a parents' page run for a new family while the page shows
    them only in a folded part (the verdict reads ``max_fee_pv``, which is known at once).
    Compares, pickles, copies and prints as the three values; read-only.
    """

    __slots__ = ("max_fee_pv", "_solve", "_solved", "_lock")
    max_fee_pv: float | None
    _solve: Callable[[], tuple[float | None, float | None]] | None
    _solved: tuple[float | None, float | None] | None
    _lock: threading.Lock

    def __init__(self, max_fee_pv: float | None, min_p_family_use: float | None = None,
                 need_scale: float | None = None, *,
                 solve: Callable[[], tuple[float | None, float | None]] | None = None) -> None:
        object.__setattr__(self, "max_fee_pv", max_fee_pv)
        object.__setattr__(self, "_solve", solve)
        object.__setattr__(self, "_solved", None if solve is not None else (min_p_family_use, need_scale))
        object.__setattr__(self, "_lock", threading.Lock())

    def _values(self) -> tuple[float | None, float | None]:
        solved = self._solved
        if solved is None:
            with self._lock:
                solved = self._solved
                if solved is None:
                    assert self._solve is not None
                    solved = self._solve()
                    object.__setattr__(self, "_solved", solved)
                    object.__setattr__(self, "_solve", None)
        return solved

    @property
    def min_p_family_use(self) -> float | None:
        return self._values()[0]

    @property
    def need_scale(self) -> float | None:
        return self._values()[1]

    @property
    def solved(self) -> bool:
        """Whether the root has been solved (read) yet."""
        return self._solved is not None

    def to_dict(self) -> dict[str, float | None]:
        """The three values, in the order of the JSON output."""
        return {"max_fee_pv": self.max_fee_pv, "min_p_family_use": self.min_p_family_use, "need_scale": self.need_scale}

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Thresholds is read-only")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Thresholds):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(tuple(self.to_dict().values()))

    def __repr__(self) -> str:
        return "Thresholds(" + ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items()) + ")"

    def __reduce__(self) -> tuple:
        return (Thresholds, tuple(self.to_dict().values()))


def scalar(x) -> float:
    """A 0-d model output as a Python float."""
    return float(np.asarray(x))


def max_need(inputs: ModelInputs) -> float:
    """The largest chance of need among the routes that can lead to use (own use; each
    relative with a chance of a match, of being within the contract and of the newborn
    being unaffected) [/1]. A mismatched relative's need does not limit the scale."""
    p = inputs.params
    share = min(float(p["storage_years"]), float(p["use_basis_years"])) / float(p["use_basis_years"])
    pu = 1.0 - scalar(p_affected_newborn(p, inputs.newborn, inputs.inherited_risk.risk_factor))
    needs = [float(p["p_auto_use"])]
    for r in relative_routes(p, inputs.relatives, p_unaffected=pu, share=share):
        if scalar(r["p_match"]) > 0 and scalar(r["p_unaffected"]) > 0 and scalar(r["p_within"]) > 0:
            needs.append(scalar(r["p_need"]))
    return max(needs)


def max_need_scale(inputs: ModelInputs) -> float:
    """Largest factor on the chances of need that keeps every one the family's model uses
    <= 1 [/1] (the limit :func:`thresholds_of` applies)."""
    largest = max_need(inputs)
    return 1.0 / largest if largest > 0 else np.inf


def thresholds_of(inputs: ModelInputs, out: Outcome) -> Thresholds:
    """Where private storage (vs public) becomes worth it, from the base outcome ``out``.

    ``max_fee_pv = WTP x dQALY`` [currency]; ``min_p_family_use``: the family's chance of
    use at the factor ``need_scale`` on every chance of need where NMB = 0 (solved on the
    model, which bends slightly because a unit is used once), None when NMB stays below 0
    up to the largest factor that keeps every chance of need <= 1.
    """
    dq_pub = scalar(out.delta_qaly_vs_public)
    # the root is solved on plain values: reading them later must not add to what an
    # evaluation records as read (its sources), nor touch its recorder from another thread
    plain = dataclasses.replace(inputs, params=dict(inputs.params))
    return Thresholds(max_fee_pv=inputs.params["wtp_per_qaly"] * dq_pub if dq_pub > 0 else None,
                      solve=lambda: _root(plain, out))


def _root(inputs: ModelInputs, out: Outcome) -> tuple[float | None, float | None]:
    """``(min_p_family_use, need_scale)`` of :func:`thresholds_of` (solved on the model)."""
    k_lin = scalar(need_scale_at_break_even(out))
    k_max = max_need_scale(inputs)
    min_p, k = None, None

    def nmb(x: float) -> float:
        return scalar(inputs.run(need_scale=x).nmb_vs_public)

    if np.isfinite(k_lin):
        if scalar(out.pv_cost_private) <= 0:
            k = 0.0
        else:
            hi = min(k_max, max(2.0 * k_lin, 1.0))
            f_hi = nmb(hi)
            while f_hi < 0 and hi < k_max:
                hi = min(k_max, hi * 4.0)
                f_hi = nmb(hi)
            if f_hi >= 0:
                k = float(brentq(nmb, 0.0, hi, xtol=1e-14 * max(1.0, hi), rtol=1e-12, maxiter=200))
    if k is not None:
        min_p = scalar(inputs.run(need_scale=k).p_family_use_private)
    return min_p, k
