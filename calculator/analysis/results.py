"""The one results object that the app, the command line and the PDF all read.

:func:`calculator.analysis.evaluate.evaluate` builds it; analyses (sensitivity, PSA) attach their
own data objects to ``Results.sensitivity`` and ``Results.psa``. Everything is plain data:
figure builders and text renderers turn it into charts and words.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

import numpy as np


def jsonable(x: Any) -> Any:
    """Convert to JSON-safe data: numpy to Python, non-finite floats to None."""
    if is_dataclass(x) and not isinstance(x, type):
        if hasattr(x, "to_dict"):
            return x.to_dict()
        return {f.name: jsonable(getattr(x, f.name)) for f in fields(x)}
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return jsonable(x.tolist())
    if isinstance(x, (np.floating, float)):
        v = float(x)
        return v if math.isfinite(v) else None
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.bool_):
        return bool(x)
    if isinstance(x, (dt.date, dt.datetime)):
        return x.isoformat()
    return x


@dataclass(frozen=True)
class StrategyResult:
    """One option for the family (``private``, ``public`` or ``none``).

    ``p_family_use``: chance the family itself ever uses the unit over the horizon;
    ``pv_cost``/``nominal_cost``: cost to the family [currency];
    ``life_years_gained``/``qalys_gained``: expected discounted gain per newborn against
    having no unit at all.
    """

    name: str
    p_family_use: float
    pv_cost: float
    nominal_cost: float
    life_years_gained: float
    qalys_gained: float
    p_child_use: float | None = None
    p_sibling_use: float | None = None
    expected_patients_helped: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: jsonable(getattr(self, f.name)) for f in fields(self)}
        return {k: v for k, v in d.items() if not (v is None and k in
                ("p_child_use", "p_sibling_use", "expected_patients_helped"))}


@dataclass(frozen=True)
class Comparison:
    """Private storage against another option: differences are private minus other.

    ``icer`` is None when private storage gains no health (then it is dominated: more
    cost, no gain); ``nmb`` = WTP x delta QALY - delta cost [currency].
    """

    delta_cost: float
    delta_qaly: float
    icer: float | None
    nmb: float

    def to_dict(self) -> dict[str, Any]:
        return {f.name: jsonable(getattr(self, f.name)) for f in fields(self)}


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

    def to_dict(self) -> dict[str, Any]:
        return {f.name: jsonable(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class InheritedRisk:
    """The newborn's chance of a recessive blood disorder both parents carry.

    ``basis``: ``stated`` (parents said they carry), ``inferred`` (a sibling has the
    disorder, so both parents are obligate carriers) or ``none``.
    """

    disorder: str  # none | beta_thalassaemia | alpha_thalassaemia | sickle_cell
    probability: float
    basis: str
    own_unit_can_treat: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {f.name: jsonable(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class Reason:
    """One reason behind the verdict: a text key (``reason.<id>``) and its values."""

    id: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recommendation:
    """The verdict (code), its reasons, and the advice and limits always shown."""

    code: str  # prefer_public_donation | private_storage_clear_value
    reasons: tuple[Reason, ...]
    advice: tuple[str, ...]
    limits: tuple[str, ...]


@dataclass(frozen=True)
class SiblingDetail:
    """How one brother or sister enters the model (for the tables and the PDF)."""

    index: int
    condition: str
    weight_kg: float | None
    weight_used_kg: float
    hla_match: str
    p_need: float
    p_match: float
    p_unaffected: float
    p_dose_adequate: float
    p_use: float
    listed: bool

    def to_dict(self) -> dict[str, Any]:
        return {f.name: jsonable(getattr(self, f.name)) for f in fields(self)}


@dataclass
class Results:
    """Everything computed for one family; the single source for app, CLI and PDF."""

    model_version: str
    region: str
    currency: str
    horizon_years: int
    assumptions_reviewed: dt.date
    scenario: Any  # calculator.inputs.scenario.Scenario
    parameters: dict[str, float]
    overridden: tuple[str, ...]
    strategies: dict[str, StrategyResult]
    comparisons: dict[str, Comparison]
    cost_per_family_use: float | None
    thresholds: Thresholds
    newborn_inherited_risk: InheritedRisk
    recommendation: Recommendation
    siblings: tuple[SiblingDetail, ...]
    cost_schedule: dict[str, list[float]]
    use_by_age: dict[str, list[float]]
    sensitivity: Any = None  # filled by calculator.analysis.sensitivity
    psa: Any = None  # filled by calculator.analysis.psa

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON-safe dict (the ``evaluate --format json`` output); reasons in ``lang``."""
        from calculator.present.i18n import t

        rec = self.recommendation
        out: dict[str, Any] = {
            "model_version": self.model_version,
            "region": self.region,
            "currency": self.currency,
            "horizon_years": self.horizon_years,
            "assumptions_reviewed": self.assumptions_reviewed.isoformat(),
            "scenario": self.scenario.to_dict(),
            "parameters": jsonable(self.parameters),
            "overridden": list(self.overridden),
            "strategies": {k: v.to_dict() for k, v in self.strategies.items()},
            "comparisons": {k: v.to_dict() for k, v in self.comparisons.items()},
            "cost_per_family_use": jsonable(self.cost_per_family_use),
            "thresholds": self.thresholds.to_dict(),
            "newborn_inherited_risk": self.newborn_inherited_risk.to_dict(),
            "siblings": [s.to_dict() for s in self.siblings],
            "recommendation": {
                "code": rec.code,
                "verdict": t(f"verdict.{rec.code}", lang),
                "reasons": [
                    {"id": r.id, "values": jsonable(r.values),
                     "text": t(f"reason.{r.id}", lang, currency=self.currency, **r.values)}
                    for r in rec.reasons
                ],
                "advice": [{"id": a, "text": t(f"advice.{a}", lang)} for a in rec.advice],
                "limits": [{"id": a, "text": t(f"limit.{a}", lang)} for a in rec.limits],
            },
            "cost_schedule": jsonable(self.cost_schedule),
            "use_by_age": jsonable(self.use_by_age),
        }
        if self.sensitivity is not None:
            out["sensitivity"] = jsonable(self.sensitivity)
        if self.psa is not None:
            out["psa"] = jsonable(self.psa)
        return out
