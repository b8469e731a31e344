"""The allowed values and limits of a scenario's fields, written once: the choices
(conditions, relations, carriers, newborn status and sex, fee plans, regions, the values step's
answers), the fees of each plan, how many relatives and children, the bounds of a relative's
weight, age and years to transplant, the limits of a scenario file, and the rules of the
counsellor's record (consultation date, note).

The pydantic models that use them are in :mod:`calculator.inputs.scenario_schema`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal, get_args

from pydantic import Field

from calculator.inputs.strict_yaml import Limits

Condition = Literal[
    "none",
    "thalassaemia_major",
    "sickle_cell_disease",
    "leukaemia",
    "aplastic_anaemia",
    "immunodeficiency",
    "fanconi_anaemia",
    "x_linked_disorder",
    "other_hsct_treatable",
]
HlaMatch = Literal["unknown", "match", "mismatch"]
Relation = Literal["full_sibling", "half_sibling", "parent", "grandparent", "aunt_uncle", "first_cousin",
                   "other_relative", "unrelated"]
#: A parent's status: not a carrier, a carrier of a named trait (haemoglobin disorders) or of the
#: family's disorder (``carrier``), has the family's disorder (``affected``), or not tested.
Carriers = Literal["none", "carrier", "affected", "beta_thalassaemia", "alpha_thalassaemia", "sickle_cell", "unknown"]
NewbornStatus = Literal["unknown", "affected", "unaffected"]
NewbornSex = Literal["unknown", "male", "female"]
FeePlan = Literal["yearly", "package_all_in", "package_plus_first_payment"]
Region = Literal["cn", "us"]
#: How much a statement of the values step matters to the family (unanswered: left out).
Importance = Literal["not", "somewhat", "very"]

CONDITIONS: tuple[str, ...] = get_args(Condition)
HLA_MATCHES: tuple[str, ...] = get_args(HlaMatch)
RELATIONS: tuple[str, ...] = get_args(Relation)
CARRIERS: tuple[str, ...] = get_args(Carriers)
NEWBORN_STATUSES: tuple[str, ...] = get_args(NewbornStatus)
NEWBORN_SEXES: tuple[str, ...] = get_args(NewbornSex)
FEE_PLANS: tuple[str, ...] = get_args(FeePlan)
IMPORTANCES: tuple[str, ...] = get_args(Importance)
#: The fees each plan charges (:func:`calculator.model.finance.fee_schedule_pv`); the contract
#: length (``storage_years``) belongs to every plan. A fee of another plan is not part of the
#: offer: the app's state, link and saved file leave it out and no medium describes it.
PLAN_FEES: dict[str, tuple[str, ...]] = {
    "yearly": ("fee_upfront", "fee_annual", "fee_escalation"),
    "package_all_in": ("fee_package_price",),
    "package_plus_first_payment": ("fee_upfront", "fee_package_price"),
}
#: Every fee parameter of any plan.
FEE_PARAMETERS: tuple[str, ...] = tuple(dict.fromkeys(f for fees in PLAN_FEES.values() for f in fees))
SIBLING_RELATIONS = frozenset({"full_sibling", "half_sibling"})
#: Relations who are adults (their weight when not entered: ``default_adult_weight_kg``).
ADULT_RELATIONS = frozenset({"parent", "grandparent", "aunt_uncle"})

#: Recessive blood disorders: a full brother or sister with one of these conditions means both
#: parents carry it (obligate carriers), so the newborn has the same 1 in 4 risk. Alpha-
#: thalassaemia carriers are not inferred from a sibling's "thalassaemia_major": most
#: transfusion-dependent thalassaemia in children is beta, and alpha risk depends on genotype.
CARRIERS_OF_CONDITION: dict[str, str] = {
    "thalassaemia_major": "beta_thalassaemia",
    "sickle_cell_disease": "sickle_cell",
}
#: The disorder a child of two carriers may have, by the pair of carrier traits (unordered).
RECESSIVE_PAIRS: dict[frozenset[str], str] = {
    frozenset({"beta_thalassaemia"}): "thalassaemia_major",
    frozenset({"sickle_cell"}): "sickle_cell_disease",
    frozenset({"sickle_cell", "beta_thalassaemia"}): "sickle_cell_disease",
    frozenset({"alpha_thalassaemia"}): "thalassaemia_major",
}
MALIGNANT_CONDITIONS = frozenset({"leukaemia"})
MAX_SIBLINGS = 10
MAX_RELATIVES = 10
#: Entries of a scenario's ``relatives`` list: up to 10 relatives with a condition and up to 10
#: healthy brothers and sisters listed beside them (the app's two limits, so a family the app
#: accepts is never cut when it is saved or evaluated).
MAX_LISTED_RELATIVES = MAX_RELATIVES + MAX_SIBLINGS
MAX_PLANNED_CHILDREN = 10
#: A relative's weight [kg]: the range of the app, the scenario file and assumptions.
WEIGHT_BOUNDS = (2.0, 150.0)
#: A relative's age [years] (used for the weight when the weight is not entered).
AGE_BOUNDS = (0.0, 100.0)
#: Years from the birth until a known sick relative's transplant.
YEARS_TO_TRANSPLANT_BOUNDS = (0.0, 30.0)
MAX_SCENARIO_BYTES = 64 * 1024
#: What a scenario file may hold (checked before it is parsed): a full scenario with every
#: parameter, 10 brothers or sisters, is about 3 levels deep and 200 keys and values.
SCENARIO_LIMITS = Limits(max_bytes=MAX_SCENARIO_BYTES, max_depth=8, max_items=2000, max_number_chars=40)
#: Largest seed of the probabilistic analysis (command line and app): numpy's 32-bit range.
MAX_SEED = 2**32 - 1
#: A parameter override: a finite number (text, ``true`` and infinity are not numbers here).
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
#: Old parameter names still accepted in a scenario's parameters and ``--set``.
PARAMETER_ALIASES = {"fee_lump_sum": "fee_package_price"}
#: The counsellor's record note: at most this many characters and lines (the PDF prints the
#: same note, :func:`calculator.present.pdf.note.check_note`, within the same limits; a test
#: keeps the two equal).
MAX_RECORD_NOTE_CHARS = 1000
MAX_RECORD_NOTE_LINES = 15
#: The earliest consultation date a record accepts; the latest is a year after today
#: (:func:`latest_consultation_date`: an appointment booked ahead, never a mistyped century).
EARLIEST_CONSULTATION_DATE = dt.date(2000, 1, 1)
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
#: Control and bidirectional-override characters, taken out of a record note (line ends and
#: tabs are kept): a note is printed exactly as written, so nothing in it may steer the layout.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def latest_consultation_date(today: dt.date | None = None) -> dt.date:
    """A year after ``today`` (29 February: 28 February a year on)."""
    today = today or dt.date.today()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def check_consultation_date(value: Any) -> dt.date:
    """A consultation date from a date (a YAML file) or ``YYYY-MM-DD`` text (a link, JSON),
    from :data:`EARLIEST_CONSULTATION_DATE` to :func:`latest_consultation_date`."""
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        with contextlib.suppress(ValueError):  # 2026-13-01: refused below as not a date
            value = dt.date.fromisoformat(value.strip())
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError("not a date")
    if not EARLIEST_CONSULTATION_DATE <= value <= latest_consultation_date():
        raise ValueError("date out of range")
    return value


def clean_note(value: Any) -> Any:
    """A record note with line ends made ``\\n`` and control characters taken out (other
    values are left for the type check to refuse)."""
    if not isinstance(value, str):
        return value
    text = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))
    return text if text.strip() else None


def check_note_lines(value: Any) -> Any:
    if isinstance(value, str) and value.count("\n") + 1 > MAX_RECORD_NOTE_LINES:
        raise ValueError("too many lines")
    return value


def fee_plan_of(fee_plan: str | None, package_price: float) -> str:
    """The plan an offer uses: the one chosen, or (none chosen, as in older files) a package
    with a first payment when a package price is given, else yearly fees."""
    return fee_plan or ("package_plus_first_payment" if package_price > 0 else "yearly")


def other_plan_fees(fee_plan: str) -> frozenset[str]:
    """The fee parameters that ``fee_plan`` does not charge (see :data:`PLAN_FEES`)."""
    return frozenset(FEE_PARAMETERS) - set(PLAN_FEES[fee_plan])


def for_plan(params: Mapping[str, float], fee_plan: str) -> dict[str, float]:
    """``params`` without the fees that ``fee_plan`` does not charge (:data:`PLAN_FEES`): a
    package price typed before the plan went back to yearly fees is not kept in the app's
    state, its link or a saved file."""
    other = other_plan_fees(fee_plan)
    return {k: v for k, v in params.items() if k not in other}


def plan_fees(fee_plan: str, params: dict[str, float]) -> dict[str, float]:
    """The fees of ``fee_plan`` in ``params`` (every parameter of the region), in
    :data:`PLAN_FEES` order: what describes the offer, in every medium."""
    return {name: params[name] for name in PLAN_FEES[fee_plan] if name in params}
