"""The scenario's data model: the pydantic models (:class:`Scenario`, :class:`Relative`,
:class:`Sibling`, :class:`ParentCarriers`), the allowed values of each field (conditions,
relations, carriers, newborn status, fee plans, regions) and the limits (bounds on weight and
years to transplant, how many relatives, file size).

The readers (strict and lenient) and the file reading and writing are in
:mod:`calculator.inputs.scenario`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from calculator.inputs.offers import offers_for
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
#: same note, :func:`calculator.present.pdf.build.check_note`, within the same limits; a test
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


def _consultation_date(value: Any) -> dt.date:
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


def _note_lines(value: Any) -> Any:
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


def plan_fees(fee_plan: str, params: dict[str, float]) -> dict[str, float]:
    """The fees of ``fee_plan`` in ``params`` (every parameter of the region), in
    :data:`PLAN_FEES` order: what describes the offer, in every medium."""
    return {name: params[name] for name in PLAN_FEES[fee_plan] if name in params}


@dataclass(frozen=True)
class Spec:
    """How a scenario field is named and explained, declared once on the field
    (``Annotated[type, Spec(...)]``); its allowed values (a ``Literal``) and bounds (``ge``,
    ``le``, ``max_length``) are the field's own type and constraints (:func:`allowed`,
    :func:`bounds`). From these the page URL is read and written
    (:mod:`calculator.app.url_state`), a file's errors are explained
    (:mod:`calculator.inputs.scenario`) and the app's notices are made
    (:mod:`calculator.app.notices`).

    ``url``: the field's key in the page URL (a relative's field: the part after ``r<i>_``; the
    app's state names the field so too); ``kind``: the text-key prefix of the names of its
    choices (:data:`calculator.app.notices.CHOICE_NAMES`); ``unit``: what a number counts, in
    messages (``kilograms``; ``whole`` for a count; ``characters`` for a text, ``date`` for a
    date); ``notice``: the app's notice for a value
    out of range; ``noun``: what a list holds, in "at most 10 relatives"; ``unknown``: the
    word of "unknown condition"; ``older``: the newer key this older one is a form of (read,
    never written, listed last; not allowed beside the newer one).
    """

    url: str = ""
    kind: str = ""
    unit: str = ""
    notice: str = ""
    noun: str = ""
    unknown: str = ""
    older: str = ""


def spec(model: type[BaseModel], name: str) -> Spec:
    """The :class:`Spec` declared on ``model.name`` (an empty one if none)."""
    return next((m for m in model.model_fields[name].metadata if isinstance(m, Spec)), Spec())


def _literal(annotation: Any) -> tuple[str, ...]:
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        return next((c for a in get_args(annotation) if (c := _literal(a))), ())
    return ()


def allowed(model: type[BaseModel], name: str) -> tuple[str, ...]:
    """The values ``model.name`` allows (its ``Literal``), or ``()`` for a field of another type."""
    return _literal(model.model_fields[name].annotation)


def bounds(model: type[BaseModel], name: str) -> tuple[float, float] | None:
    """``(ge, le)`` of a number field (``(0, max_length)`` of a list), or None."""
    meta = model.model_fields[name].metadata
    lo = next((m.ge for m in meta if isinstance(m, annotated_types.Ge)), None)
    hi = next((m.le for m in meta if isinstance(m, annotated_types.Le)), None)
    if lo is not None and hi is not None:
        return lo, hi  # type: ignore[return-value]  # the Ge/Le of a number field hold numbers (int or float, as declared)
    most = next((m.max_length for m in meta if isinstance(m, annotated_types.MaxLen)), None)
    return None if most is None else (0, most)


def max_entries(model: type[BaseModel], name: str) -> int:
    """The most entries the list field ``model.name`` allows (its ``max_length``)."""
    most = next((m.max_length for m in model.model_fields[name].metadata if isinstance(m, annotated_types.MaxLen)), None)
    if most is None:
        raise LookupError(f"{model.__name__}.{name} has no max_length")
    return int(most)


def keys(model: type[BaseModel]) -> tuple[str, ...]:
    """The keys ``model`` allows in a file: current ones in order, then the older ones."""
    names = tuple(model.model_fields)
    return (tuple(n for n in names if not spec(model, n).older)
            + tuple(n for n in names if spec(model, n).older))


def value_rule(model: type[BaseModel], name: str) -> str:
    """What ``model.name`` allows, as the reader's messages say it: ``allowed: a | b`` (with
    ``unknown condition; `` before it when declared), ``must be a number of kilograms from 2
    to 150``, ``must be a whole number from 0 to 10``, ``must be a mapping with keys mother
    and father``; ``""`` for a list or a mapping of parameters."""
    sp, choices, limits = spec(model, name), allowed(model, name), bounds(model, name)
    if choices:
        return (f"unknown {sp.unknown}; " if sp.unknown else "") + f"allowed: {' | '.join(choices)}"
    if sp.unit == "date":
        return (f"must be a date written YYYY-MM-DD from {EARLIEST_CONSULTATION_DATE.isoformat()} "
                f"to {latest_consultation_date().isoformat()}")
    if sp.unit == "offer":  # the ids depend on the region: the field's validator names them
        return ""
    if sp.unit == "characters" and limits is not None:
        return f"must be text of at most {limits[1]:g} characters and {MAX_RECORD_NOTE_LINES} lines"
    if limits is not None and sp.unit:
        lo, hi = limits
        what = "whole number" if sp.unit == "whole" else f"number of {sp.unit}"
        return f"must be a {what} from {lo:g} to {hi:g}"
    inner = model.model_fields[name].annotation
    inner = next((a for a in get_args(inner) if isinstance(a, type)), inner)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return f"must be a mapping with keys {' and '.join(keys(inner))}"
    return ""


def model_at(loc: tuple | list) -> type[BaseModel] | None:
    """The model of the mapping at ``loc`` (``()``: the scenario; ``("relatives", 0)``:
    :class:`Relative`), or None."""
    if not loc:
        return Scenario
    at = field_at(loc[:-1] if isinstance(loc[-1], int) else loc)
    return None if at is None else _NESTED.get(at)


def field_at(loc: tuple | list) -> tuple[type[BaseModel], str] | None:
    """The model and field a validation error's ``loc`` points at (``("relatives", 0,
    "weight_kg")`` -> ``(Relative, "weight_kg")``), or None when it is not a declared field."""
    model: type[BaseModel] = Scenario
    path = [x for x in loc if x != "[key]"]
    while path:
        name = path.pop(0)
        if not isinstance(name, str) or name not in model.model_fields:
            return None
        if not path:
            return model, name
        nested = _NESTED.get((model, name))
        if nested is None:
            return None
        if nested in (Relative, Sibling):
            if not isinstance(path[0], int):
                return None
            path.pop(0)
        model = nested
    return None


class Sibling(BaseModel):
    """A full brother or sister of the newborn (the older ``siblings`` list)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    condition: Annotated[Condition, Spec(url="condition", kind="condition", unknown="condition")] = "none"
    weight_kg: Annotated[float | None, Spec(url="weight_kg", unit="kilograms", notice="bad_weight")] = Field(
        default=None, ge=WEIGHT_BOUNDS[0], le=WEIGHT_BOUNDS[1], allow_inf_nan=False, strict=True)
    hla_match: Annotated[HlaMatch, Spec(url="hla", kind="hla")] = "unknown"
    years_to_transplant: Annotated[float | None, Spec(url="years", unit="years", notice="bad_years")] = Field(
        default=None, ge=YEARS_TO_TRANSPLANT_BOUNDS[0], le=YEARS_TO_TRANSPLANT_BOUNDS[1], allow_inf_nan=False, strict=True)


class Relative(Sibling):
    """A family member with, or who may get, a transplant-treatable disease, or a healthy
    brother or sister (existing)."""

    relation: Annotated[Relation, Spec(url="relation", kind="relation")] = "full_sibling"
    age_years: Annotated[float | None, Spec(url="age", unit="years", notice="bad_age")] = Field(
        default=None, ge=AGE_BOUNDS[0], le=AGE_BOUNDS[1], allow_inf_nan=False, strict=True)

    @model_validator(mode="after")
    def _non_sibling_needs_condition(self) -> Relative:
        if self.relation not in SIBLING_RELATIONS and self.condition == "none":
            raise ValueError(NON_SIBLING_MESSAGE)
        return self


NON_SIBLING_MESSAGE = ("list a parent, other relative or unrelated child only with a transplant-treatable "
                       f"condition ({' | '.join(CONDITIONS[1:])})")


class ParentCarriers(BaseModel):
    """What each parent is known to carry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mother: Annotated[Carriers, Spec(url="mother", kind="carriers")] = "none"
    father: Annotated[Carriers, Spec(url="father", kind="carriers")] = "none"


class FamilyValues(BaseModel):
    """The values step: how much each statement matters to the family (``not``, ``somewhat``,
    ``very``; None: not answered). Each statement is one the model's outputs speak to
    (:mod:`calculator.content.decision_aid_values`); none of them changes a number."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: the chance that the baby's own cells are ever used (for the baby or the family)
    own_use: Annotated[Importance | None, Spec(url="v_own_use", kind="importance")] = None
    #: a sick relative who might need the cells
    relative: Annotated[Importance | None, Spec(url="v_relative", kind="importance")] = None
    #: helping another patient who needs a transplant
    others: Annotated[Importance | None, Spec(url="v_others", kind="importance")] = None
    #: keeping the money for other things
    money: Annotated[Importance | None, Spec(url="v_money", kind="importance")] = None
    #: peace of mind from cells kept for the family
    peace: Annotated[Importance | None, Spec(url="v_peace", kind="importance")] = None

    def answered(self) -> dict[str, str]:
        """The statements answered, by name, in the order asked."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


ConsultationDate = Annotated[dt.date, BeforeValidator(_consultation_date)]
RecordNote = Annotated[str, Field(max_length=MAX_RECORD_NOTE_CHARS, strict=True), BeforeValidator(_note_lines),
                       BeforeValidator(clean_note)]


class Scenario(BaseModel):
    """Everything a family or counsellor enters; parameters are overrides of assumptions.

    ``siblings`` and ``parents_carriers`` are the older forms (read, never written); use
    :attr:`family` and :attr:`parent_carriers` for the resolved values.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: Annotated[Region, Spec(url="region", kind="region")] = "cn"
    relatives: Annotated[tuple[Relative, ...] | None, Spec(noun="relatives")] = Field(
        default=None, max_length=MAX_LISTED_RELATIVES)
    siblings: Annotated[tuple[Sibling, ...] | None, Spec(noun="brothers or sisters", older="relatives")] = Field(
        default=None, max_length=MAX_SIBLINGS)
    planned_children: Annotated[int | None, Spec(url="planned", unit="whole", notice="bad_whole")] = Field(
        default=None, ge=0, le=MAX_PLANNED_CHILDREN, strict=True)
    carriers: ParentCarriers | None = None
    parents_carriers: Annotated[Carriers | None, Spec(url="carriers", kind="carriers", older="carriers")] = None
    newborn_status: Annotated[NewbornStatus, Spec(url="newborn", kind="newborn")] = "unknown"
    newborn_sex: Annotated[NewbornSex, Spec(url="sex", kind="sex")] = "unknown"
    fee_plan: Annotated[FeePlan | None, Spec(url="fee_plan", kind="fee_plan")] = None
    parameters: dict[str, Number] = Field(default_factory=dict)
    #: what matters to the family (the values step); never a model input
    values: FamilyValues | None = None
    #: the counsellor's record: the consultation's date and a free-text note (kept only in the
    #: link and the saved file; never a model input)
    consultation_date: Annotated[ConsultationDate | None, Spec(url="date", unit="date", notice="bad_date")] = None
    record_note: Annotated[RecordNote | None, Spec(url="note", unit="characters", notice="bad_note")] = Field(
        default=None, max_length=MAX_RECORD_NOTE_CHARS)
    #: a second bank's offer the counsellor sets beside the first (an id of the region's offers,
    #: :mod:`calculator.inputs.offers`; never a model input)
    second_offer: Annotated[str | None, Spec(url="offer2", unit="offer", notice="bad_choice")] = None

    @field_validator("second_offer")
    @classmethod
    def _an_offer_of_the_region(cls, value: str | None, info: ValidationInfo) -> str | None:
        ids = tuple(offers_for(info.data.get("region", "cn")))
        if value is not None and value not in ids:
            raise ValueError(f"allowed: {' | '.join(ids)}")
        return value

    @model_validator(mode="after")
    def _not_both(self) -> Scenario:
        if self.relatives is not None and self.siblings is not None:
            raise ValueError("relatives and siblings cannot both be given; list everyone under relatives")
        if self.carriers is not None and self.parents_carriers is not None:
            raise ValueError("carriers and parents_carriers cannot both be given; use carriers")
        return self

    @property
    def family(self) -> tuple[Relative, ...] | None:
        """The listed relatives (older ``siblings`` as full brothers and sisters), or None."""
        if self.relatives is not None:
            return self.relatives
        if self.siblings is not None:
            return tuple(Relative(relation="full_sibling", **s.model_dump()) for s in self.siblings)
        return None

    @property
    def parent_carriers(self) -> ParentCarriers:
        """Each parent's carrier status (``parents_carriers`` applies to both)."""
        if self.carriers is not None:
            return self.carriers
        if self.parents_carriers is not None:
            return ParentCarriers(mother=self.parents_carriers, father=self.parents_carriers)
        return ParentCarriers()

    @property
    def family_listed(self) -> bool:
        """Whether the family was described (relatives or planned children given)."""
        return self.family is not None or self.planned_children is not None

    def __eq__(self, other: object) -> bool:
        """Two scenarios are equal when they describe the same family: the older keys
        (``siblings``, ``parents_carriers``) equal their newer form, so a scenario saved and
        read back is equal to the one saved."""
        if not isinstance(other, Scenario):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(json.dumps(self.to_dict(), sort_keys=True))

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the (new) file format, for saving and sharing."""
        out: dict[str, Any] = {"region": self.region}
        fam = self.family
        if fam is not None:
            out["relatives"] = [
                {"relation": r.relation, **{k: v for k, v in r.model_dump(exclude={"relation"}).items() if v is not None}}
                for r in fam
            ]
        if self.planned_children is not None:
            out["planned_children"] = self.planned_children
        c = self.parent_carriers
        out["carriers"] = {"mother": c.mother, "father": c.father}
        out["newborn_status"] = self.newborn_status
        if self.newborn_sex != "unknown":
            out["newborn_sex"] = self.newborn_sex
        if self.fee_plan is not None:
            out["fee_plan"] = self.fee_plan
        if self.parameters:
            out["parameters"] = dict(self.parameters)
        if self.values is not None and self.values.answered():
            out["values"] = self.values.answered()
        if self.consultation_date is not None:
            out["consultation_date"] = self.consultation_date.isoformat()
        if self.record_note is not None:
            out["record_note"] = self.record_note
        if self.second_offer is not None:
            out["second_offer"] = self.second_offer
        return out

    def model_part(self) -> Scenario:
        """The scenario without what is never a model input (the family's values, the
        counsellor's record): the same family, for the model and its caches."""
        return self.model_copy(update={"values": None, "consultation_date": None, "record_note": None,
                                       "second_offer": None})


#: The model of each nested field (a list's entries, the parents' carriers).
_NESTED: dict[tuple[type[BaseModel], str], type[BaseModel]] = {
    (Scenario, "relatives"): Relative,
    (Scenario, "siblings"): Sibling,
    (Scenario, "carriers"): ParentCarriers,
    (Scenario, "values"): FamilyValues,
}
