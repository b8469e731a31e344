"""The scenario's data model: the pydantic models (:class:`Scenario`, :class:`Relative`,
:class:`Sibling`, :class:`ParentCarriers`), the allowed values of each field (conditions,
relations, carriers, newborn status, fee plans, regions) and the limits (bounds on weight and
years to transplant, how many relatives, file size).

The readers (strict and lenient) and the file reading and writing are in
:mod:`calculator.inputs.scenario`.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

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

CONDITIONS: tuple[str, ...] = get_args(Condition)
HLA_MATCHES: tuple[str, ...] = get_args(HlaMatch)
RELATIONS: tuple[str, ...] = get_args(Relation)
CARRIERS: tuple[str, ...] = get_args(Carriers)
NEWBORN_STATUSES: tuple[str, ...] = get_args(NewbornStatus)
NEWBORN_SEXES: tuple[str, ...] = get_args(NewbornSex)
FEE_PLANS: tuple[str, ...] = get_args(FeePlan)
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


class Sibling(BaseModel):
    """A full brother or sister of the newborn (the older ``siblings`` list)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    condition: Condition = "none"
    weight_kg: float | None = Field(default=None, ge=WEIGHT_BOUNDS[0], le=WEIGHT_BOUNDS[1], allow_inf_nan=False, strict=True)
    hla_match: HlaMatch = "unknown"
    years_to_transplant: float | None = Field(
        default=None, ge=YEARS_TO_TRANSPLANT_BOUNDS[0], le=YEARS_TO_TRANSPLANT_BOUNDS[1], allow_inf_nan=False, strict=True)


class Relative(Sibling):
    """A family member with, or who may get, a transplant-treatable disease, or a healthy
    brother or sister (existing)."""

    relation: Relation = "full_sibling"
    age_years: float | None = Field(default=None, ge=AGE_BOUNDS[0], le=AGE_BOUNDS[1], allow_inf_nan=False, strict=True)

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

    mother: Carriers = "none"
    father: Carriers = "none"


class Scenario(BaseModel):
    """Everything a family or counsellor enters; parameters are overrides of assumptions.

    ``siblings`` and ``parents_carriers`` are the older forms (read, never written); use
    :attr:`family` and :attr:`parent_carriers` for the resolved values.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: Region = "cn"
    relatives: tuple[Relative, ...] | None = Field(default=None, max_length=MAX_RELATIVES)
    siblings: tuple[Sibling, ...] | None = Field(default=None, max_length=MAX_SIBLINGS)
    planned_children: int | None = Field(default=None, ge=0, le=MAX_PLANNED_CHILDREN, strict=True)
    carriers: ParentCarriers | None = None
    parents_carriers: Carriers | None = None
    newborn_status: NewbornStatus = "unknown"
    newborn_sex: NewbornSex = "unknown"
    fee_plan: FeePlan | None = None
    parameters: dict[str, Number] = Field(default_factory=dict)

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
        return out
