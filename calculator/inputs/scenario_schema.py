"""The scenario's data model: the pydantic models (:class:`Scenario`, :class:`Relative`,
:class:`Sibling`, :class:`ParentCarriers`, :class:`FamilyValues`) and where a validation
error points (:func:`field_at`, :func:`model_at`).

The allowed values and limits of the fields are in :mod:`calculator.inputs.scenario_values`,
the declaration of each field (:class:`calculator.inputs.field_spec.Spec`) in
:mod:`calculator.inputs.field_spec`; the readers (strict and lenient) are in
:mod:`calculator.inputs.scenario`, the files in :mod:`calculator.inputs.scenario_files`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from calculator.inputs.field_spec import Spec
from calculator.inputs.offers import offers_for
from calculator.inputs.scenario_values import (
    AGE_BOUNDS,
    CONDITIONS,
    MAX_LISTED_RELATIVES,
    MAX_PLANNED_CHILDREN,
    MAX_RECORD_NOTE_CHARS,
    MAX_SIBLINGS,
    SIBLING_RELATIONS,
    WEIGHT_BOUNDS,
    YEARS_TO_TRANSPLANT_BOUNDS,
    Carriers,
    Condition,
    FeePlan,
    HlaMatch,
    Importance,
    NewbornSex,
    NewbornStatus,
    Number,
    Region,
    Relation,
    check_consultation_date,
    check_note_lines,
    clean_note,
)


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


ConsultationDate = Annotated[dt.date, BeforeValidator(check_consultation_date)]
RecordNote = Annotated[str, Field(max_length=MAX_RECORD_NOTE_CHARS, strict=True), BeforeValidator(check_note_lines),
                       BeforeValidator(clean_note)]


#: Fields of a scenario that are never a model input: the family's values, the counsellor's
#: record and the second offer (kept in the link and the saved file only; a cache of model runs
#: leaves them out of its key, so a typed note is never held in a server cache).
NOT_MODEL_INPUTS = ("values", "consultation_date", "record_note", "second_offer")


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
        """The scenario without what is never a model input (:data:`NOT_MODEL_INPUTS`): the
        same family, for the model and its caches."""
        return self.model_copy(update=dict.fromkeys(NOT_MODEL_INPUTS))


#: The model of each nested field (a list's entries, the parents' carriers).
_NESTED: dict[tuple[type[BaseModel], str], type[BaseModel]] = {
    (Scenario, "relatives"): Relative,
    (Scenario, "siblings"): Sibling,
    (Scenario, "carriers"): ParentCarriers,
    (Scenario, "values"): FamilyValues,
}
