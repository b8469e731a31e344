"""The one results object that the app, the command line and the PDF all read.

:func:`calculator.analysis.evaluate.evaluate` builds it once; analyses (sensitivity, PSA) are
attached to a copy with :func:`dataclasses.replace` (``Results.sensitivity``,
``Results.psa``). Everything is plain frozen data: figure builders and text renderers turn
it into charts and words, :func:`jsonable` into JSON.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from calculator.analysis.model_inputs import InheritedRisk
from calculator.analysis.thresholds import Thresholds
from calculator.inputs.scenario_schema import Scenario

if TYPE_CHECKING:  # only named in annotations: `evaluate` does not load the uncertainty analyses
    from calculator.analysis.psa import PSAResult
    from calculator.analysis.sensitivity import SensitivityResult

__all__ = [
    "OMIT_IF_NONE", "NOT_IN_JSON", "SOURCE_KEYS", "WhenRead", "jsonable", "StrategyResult", "Comparison", "Thresholds", "InheritedRisk", "Reason",
    "Recommendation", "RelativeDetail", "SiblingDetail", "ConditionalCase", "Conditional", "Results",
]

#: Field metadata: leave the field out of :func:`jsonable`'s output when its value is None.
OMIT_IF_NONE = {"omit_if_none": True}
#: Field metadata: never in :func:`jsonable`'s output (the command line's JSON is unchanged).
NOT_IN_JSON = {"not_in_json": True}
#: The outputs whose sources :attr:`Results.sources` names (besides ``all``): the three
#: chances, the expected value of each option, the cost, the chance of use by age and the
#: cost per use.
SOURCE_KEYS = ("private_family_use", "public_helps", "public_family_use", "expected_value", "cost", "use_by_age",
               "cost_per_use")


def jsonable(x: Any) -> Any:
    """Convert to JSON-safe data: dataclasses to dicts of their fields in order (a field
    with :data:`OMIT_IF_NONE` metadata left out when None), objects with ``to_dict`` (the
    scenario) through it, numpy to Python, dates to ISO text, non-finite floats to None."""
    if is_dataclass(x) and not isinstance(x, type):
        return {f.name: jsonable(v) for f in fields(x)
                if not ((v := getattr(x, f.name)) is None and f.metadata.get("omit_if_none"))
                and not f.metadata.get("not_in_json")}
    if hasattr(x, "to_dict"):
        return jsonable(x.to_dict())
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
    """One option for the family (``private``, ``public``, ``directed`` or ``none``).

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
    p_child_use: float | None = field(default=None, metadata=OMIT_IF_NONE)
    p_sibling_use: float | None = field(default=None, metadata=OMIT_IF_NONE)
    p_relative_use: float | None = field(default=None, metadata=OMIT_IF_NONE)
    expected_patients_helped: float | None = field(default=None, metadata=OMIT_IF_NONE)


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


@dataclass(frozen=True)
class Reason:
    """One reason behind the verdict: a text key (``reason.<id>``) and its values."""

    id: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recommendation:
    """The verdict (code), its reasons, and the advice and limits always shown."""

    code: str  # calculator.analysis.recommendation.CODES
    reasons: tuple[Reason, ...]
    advice: tuple[str, ...]
    limits: tuple[str, ...]
    #: the values of the verdict's own text (``verdict.<code>``), e.g. the largest fee worth paying
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RelativeDetail:
    """How one relative enters the model (for the tables, the JSON and the PDF).

    ``p_use = p_need x p_within_contract x p_match x p_unaffected x p_dose_adequate`` x the
    private bank's gates; ``planned``: a future brother or sister; ``listed``: entered by
    the family (False for the assumed healthy brothers and sisters of ``n_siblings``).
    """

    index: int
    relation: str
    condition: str
    weight_kg: float | None
    weight_used_kg: float
    hla_match: str
    years_to_transplant: float | None
    p_need: float
    p_match: float
    p_unaffected: float
    p_dose_adequate: float
    p_within_contract: float
    p_use: float
    planned: bool
    listed: bool
    #: how ``weight_used_kg`` was found: ``entered``, ``age`` (a child's median weight for the
    #: age entered), ``adult`` or ``child`` (assumed by relation)
    weight_basis: str = "entered"
    #: ``years_to_transplant`` is the default (``years_to_sibling_hsct``), not entered
    years_assumed: bool = False
    #: while this relative's HLA match is open and a real prospect: the family's chance of use
    #: if the baby matches them (and is unaffected)
    p_family_use_if_match: float | None = field(default=None, metadata=OMIT_IF_NONE)


#: Older name.
SiblingDetail = RelativeDetail


@dataclass(frozen=True)
class ConditionalCase:
    """The answer if the unknown HLA typing came back one way."""

    p_family_use: float
    nmb_vs_public: float
    code: str


@dataclass(frozen=True)
class Conditional:
    """While a relevant relative's HLA type is unknown: the answers if the baby is a match
    (and unaffected) and if not."""

    if_match: ConditionalCase
    if_mismatch: ConditionalCase


class WhenRead(Mapping[str, tuple[str, ...]]):
    """A mapping made by ``make()`` the first time it is read (then kept; threads reading it
    at once make it once). For :attr:`Results.sources`: naming each output's parameters runs
    the model once more on traced values, a tenth of a web page run, and a page shows them
    only in folded parts; the PDF and the command line read them as before. It equals, pickles
    and copies as the plain dict it holds."""

    def __init__(self, make: Callable[[], Mapping[str, tuple[str, ...]]]) -> None:
        self._make: Callable[[], Mapping[str, tuple[str, ...]]] | None = make
        self._made: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    @property
    def made(self) -> bool:
        """Whether it has been made (read) yet."""
        return self._make is None

    def _value(self) -> dict[str, tuple[str, ...]]:
        if self._make is not None:
            with self._lock:
                if self._make is not None:
                    self._made = dict(self._make())
                    self._make = None
        return self._made

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return self._value()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._value())

    def __len__(self) -> int:
        return len(self._value())

    def __repr__(self) -> str:
        return repr(self._value())

    def __reduce__(self) -> tuple:
        return (dict, (self._value(),))


@dataclass(frozen=True)
class Results:
    """Everything computed for one family; the single source for app, CLI and PDF.

    Fields are in the order of the ``evaluate --format json`` output
    (:func:`calculator.present.json_out.results_json`); ``sensitivity`` and ``psa`` are
    None until attached with :func:`dataclasses.replace` (and then left out of the JSON).
    """

    model_version: str
    region: str
    currency: str
    horizon_years: int
    assumptions_reviewed: dt.date
    scenario: Scenario
    parameters: dict[str, float]
    overridden: tuple[str, ...]
    strategies: dict[str, StrategyResult]
    comparisons: dict[str, Comparison]
    cost_per_family_use: float | None
    thresholds: Thresholds
    newborn_inherited_risk: InheritedRisk
    siblings: tuple[RelativeDetail, ...]
    relatives: tuple[RelativeDetail, ...]
    conditional: Conditional | None
    recommendation: Recommendation
    #: ``year`` (whole years), ``payment``, ``cumulative_nominal``, ``cumulative_pv``
    cost_schedule: dict[str, Sequence[float]]
    #: ``age`` (whole years), ``p_child_use``, ``p_family_use``
    use_by_age: dict[str, Sequence[float]]
    sensitivity: SensitivityResult | None = field(default=None, metadata=OMIT_IF_NONE)
    psa: PSAResult | None = field(default=None, metadata=OMIT_IF_NONE)
    #: The parameters each output was computed from, recorded from the run
    #: (:mod:`calculator.model.trace`), in assumption-file order: one entry per key of
    #: :data:`SOURCE_KEYS` and ``all``, every parameter the evaluation read.
    #: Made when first read (:class:`WhenRead`).
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict, metadata=NOT_IN_JSON)
