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
from calculator.inputs.scenario import (
    CARRIERS_OF_CONDITION,
    MALIGNANT_CONDITIONS,
    Scenario,
    check_parameters,
    scenario_from_mapping,
)
from calculator.model.clinical import SiblingInput
from calculator.model.family import Outcome, compute


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


@dataclass(frozen=True)
class ModelInputs:
    """Resolved inputs of one family: what :func:`calculator.model.family.compute` needs.

    Analyses (sensitivity, PSA) start from here and vary ``params``.
    """

    scenario: Scenario
    assumptions: Assumptions
    params: dict[str, float]
    overridden: tuple[str, ...]
    siblings: tuple[SiblingInput, ...]
    siblings_listed: bool
    inherited_risk: InheritedRisk

    def run(self, params: Mapping[str, object] | None = None, **kw) -> Outcome:
        """Run the model with these siblings on ``params`` (default: the base values)."""
        return compute(self.params if params is None else params, self.siblings, **kw)


def _inherited_risk(scenario: Scenario, params: Mapping[str, float]) -> InheritedRisk:
    p = float(params["p_affected_if_both_carriers"])
    if scenario.parents_carriers != "none":
        return InheritedRisk(scenario.parents_carriers, p, "stated")
    for s in scenario.siblings or ():
        if s.condition in CARRIERS_OF_CONDITION:
            return InheritedRisk(CARRIERS_OF_CONDITION[s.condition], p, "inferred")
    return InheritedRisk("none", 0.0, "none")


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
    if scenario.siblings is not None and "n_siblings" in cli:
        raise InputError("--set n_siblings", "cannot be combined with a siblings list; list every brother or sister instead")
    params.update(cli)
    overridden = tuple(dict.fromkeys([*scenario.parameters, *cli]))

    risk = _inherited_risk(scenario, params)
    if scenario.siblings is not None:
        sibs = tuple(
            SiblingInput(
                condition=s.condition,
                weight_kg=s.weight_kg,
                hla_match=s.hla_match,
                newborn_may_share_disorder=s.condition in CARRIERS_OF_CONDITION,
                malignant=s.condition in MALIGNANT_CONDITIONS,
            )
            for s in scenario.siblings
        )
        listed = True
    else:
        sibs = tuple(SiblingInput() for _ in range(int(params["n_siblings"])))
        listed = False
    return ModelInputs(scenario, assumptions, params, overridden, sibs, listed, risk)
