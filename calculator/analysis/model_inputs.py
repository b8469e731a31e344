"""One family's resolved inputs: scenario + assumptions + ``--set`` -> what the model needs.

:func:`model_inputs` is where every analysis starts (:mod:`calculator.analysis.evaluate`,
:mod:`calculator.analysis.sensitivity`, :mod:`calculator.analysis.psa`); they vary
``ModelInputs.params`` and run :func:`calculator.model.family.compute`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from calculator.inputs.assumptions import Assumptions, load_region
from calculator.inputs.errors import InputError
from calculator.inputs.scenario import check_parameters, scenario_from_mapping
from calculator.inputs.scenario_schema import (
    CARRIERS_OF_CONDITION,
    MALIGNANT_CONDITIONS,
    RECESSIVE_PAIRS,
    Scenario,
)
from calculator.model.clinical import RelativeInput
from calculator.model.family import Outcome, compute

#: Parent statuses that are not a carrier trait.
_NOT_A_TRAIT = ("none", "unknown")


@dataclass(frozen=True)
class InheritedRisk:
    """The newborn's chance of a recessive blood disorder both parents carry.

    ``disorder``: the carrier trait (``none | beta_thalassaemia | alpha_thalassaemia |
    sickle_cell``; for one sickle-cell and one beta-thalassaemia carrier ``sickle_cell``);
    ``condition``: the disease a child of the pair may have (or ``none``); ``probability``:
    the newborn's chance of having it, after ``status``; ``basis``: ``stated`` (the parents
    said they carry), ``inferred`` (a full brother or sister has the disorder, so both
    parents are obligate carriers) or ``none``; ``status``: the newborn's tested status
    (``unknown | affected | unaffected``); ``pair``: whether the parents form a carrier pair.
    """

    disorder: str
    probability: float
    basis: str
    own_unit_can_treat: bool = False
    condition: str = "none"
    status: str = "unknown"
    pair: bool = False
    carrier_testing_advised: bool = False


@dataclass(frozen=True)
class ModelInputs:
    """Resolved inputs of one family: what :func:`calculator.model.family.compute` needs.

    Analyses (sensitivity, PSA) start from here and vary ``params``. ``relatives``: every
    relative modelled (listed ones, then planned children; or ``n_siblings`` healthy
    brothers and sisters when the family was not described, ``listed`` False).
    """

    scenario: Scenario
    assumptions: Assumptions
    params: dict[str, float]
    overridden: tuple[str, ...]
    relatives: tuple[RelativeInput, ...]
    listed: bool
    inherited_risk: InheritedRisk
    newborn: str = "none"
    fee_plan: str = "yearly"

    @property
    def siblings(self) -> tuple[RelativeInput, ...]:
        """Older name of :attr:`relatives`."""
        return self.relatives

    @property
    def siblings_listed(self) -> bool:
        """Older name of :attr:`listed`."""
        return self.listed

    def run(self, params: Mapping[str, object] | None = None, *, relatives=None, newborn: str | None = None,
            **kw) -> Outcome:
        """Run the model for this family on ``params`` (default: the base values);
        ``relatives``/``newborn`` replace the family's own (the conditional answers)."""
        return compute(self.params if params is None else params,
                       self.relatives if relatives is None else relatives,
                       newborn=self.newborn if newborn is None else newborn, fee_plan=self.fee_plan, **kw)


def _parents(scenario: Scenario) -> tuple[str, str, str]:
    """Each parent's carrier trait after obligate-carrier inference, and the basis."""
    c = scenario.parent_carriers
    mother, father, basis = c.mother, c.father, "stated"
    for r in scenario.family or ():
        trait = CARRIERS_OF_CONDITION.get(r.condition)
        if r.relation == "full_sibling" and trait is not None:
            if mother in _NOT_A_TRAIT or father in _NOT_A_TRAIT:
                basis = "inferred"
            mother = trait if mother in _NOT_A_TRAIT else mother
            father = trait if father in _NOT_A_TRAIT else father
    return mother, father, basis


def _inherited_risk(scenario: Scenario, params: Mapping[str, float]) -> InheritedRisk:
    mother, father, basis = _parents(scenario)
    status = scenario.newborn_status
    condition = "none"
    if mother not in _NOT_A_TRAIT and father not in _NOT_A_TRAIT:
        condition = RECESSIVE_PAIRS.get(frozenset({mother, father}), "none")
    pair = condition != "none"
    recessive_in_family = any(r.condition in CARRIERS_OF_CONDITION for r in scenario.family or ()) or any(
        x not in _NOT_A_TRAIT for x in (mother, father))
    testing = "unknown" in (mother, father) and recessive_in_family and not pair
    if pair:
        disorder = mother if mother == father else "sickle_cell"
        p = float(params["p_affected_if_both_carriers"])
    else:
        disorder, basis, p = "none", "none", 0.0
    p = {"affected": 1.0, "unaffected": 0.0}.get(status, p)
    return InheritedRisk(disorder, p, basis, condition=condition, status=status, pair=pair,
                         carrier_testing_advised=testing)


def newborn_of(risk: InheritedRisk) -> str:
    """The model's newborn risk (:data:`calculator.model.family.NEWBORN_RISKS`)."""
    if risk.status != "unknown":
        return risk.status
    return "pair" if risk.pair else "none"


def model_inputs(
    scenario: Scenario | None = None,
    *,
    region: str | None = None,
    overrides: Mapping[str, float] | None = None,
) -> ModelInputs:
    """Resolve a scenario and ``--set`` overrides into model inputs (all checked).

    Raises
    ------
    InputError
        For an unknown parameter or an out-of-range value, naming it.
    """
    if scenario is None:
        scenario = scenario_from_mapping({}, region=region)
    elif region is not None and region != scenario.region:
        scenario = scenario_from_mapping(scenario.to_dict(), region=region)
    assumptions = load_region(scenario.region)
    params = assumptions.values
    params.update(scenario.parameters)
    cli = check_parameters(dict(overrides or {}), assumptions, source="--set")
    if scenario.family_listed and "n_siblings" in cli:
        raise InputError("--set n_siblings", "cannot be combined with a relatives (siblings) list or planned_children; "
                                             "list every brother or sister instead")
    params.update(cli)
    overridden = tuple(dict.fromkeys([*scenario.parameters, *cli]))

    fee_plan = scenario.fee_plan or ("package_plus_first_payment" if params["fee_package_price"] > 0 else "yearly")
    if fee_plan == "package_all_in" and params["fee_package_price"] <= 0:
        raise InputError("fee_plan", "package_all_in needs the package price: set parameters.fee_package_price")

    risk = _inherited_risk(scenario, params)
    if scenario.family_listed:
        rels = [
            RelativeInput(
                relation=r.relation, condition=r.condition, weight_kg=r.weight_kg, hla_match=r.hla_match,
                years_to_transplant=r.years_to_transplant, malignant=r.condition in MALIGNANT_CONDITIONS,
            )
            for r in scenario.family or ()
        ]
        disease = risk.condition if risk.pair else None
        rels += [RelativeInput(planned=True, planned_disease=disease) for _ in range(scenario.planned_children or 0)]
        listed = True
    else:
        rels = [RelativeInput() for _ in range(int(params["n_siblings"]))]
        listed = False
    return ModelInputs(scenario, assumptions, params, overridden, tuple(rels), listed, risk,
                       newborn=newborn_of(risk), fee_plan=fee_plan)
