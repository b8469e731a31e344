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
from calculator.inputs.genetics import load_genetics
from calculator.inputs.scenario import check_parameters, scenario_from_mapping
from calculator.inputs.scenario_schema import Scenario
from calculator.inputs.scenario_values import MALIGNANT_CONDITIONS, RECESSIVE_PAIRS, fee_plan_of
from calculator.model.clinical import RelativeInput
from calculator.model.family import Outcome, compute
from calculator.model.finance import ArrayLike
from calculator.model.trace import RecordingParams


@dataclass(frozen=True)
class InheritedRisk:
    """The newborn's chance of the family's inherited disorder.

    ``condition``: the family's inherited condition (a listed relative's autosomal-recessive or
    X-linked condition, else the disease a pair of carrier traits gives; ``none``);
    ``inheritance``: ``autosomal_recessive | x_linked | none``; ``mother``/``father``: each
    parent's status for it after inference (``none | carrier | affected | unknown``);
    ``basis``: ``stated`` (as the parents said), ``inferred`` (a brother or sister, or a parent,
    has the disorder) or ``none``; ``sex``: the baby's sex (``unknown | male | female``);
    ``risk_factor``: the baby's risk before any test as a multiple of
    ``p_affected_if_both_carriers`` (1/4): 1 for two carriers, 2 for a parent with the disorder
    and a carrier or a carrier mother's son (X-linked), 0 when the parents' statuses give no
    risk; ``probability``: the newborn's chance after ``status`` (the baby's own test,
    ``unknown | affected | unaffected``, overrides); ``pair``: whether the parents' statuses
    give the baby a risk; ``disorder``: the carrier trait of a haemoglobin disorder
    (``beta_thalassaemia | alpha_thalassaemia | sickle_cell``) or ``none``.
    """

    disorder: str
    probability: float
    basis: str
    own_unit_can_treat: bool = False
    condition: str = "none"
    status: str = "unknown"
    pair: bool = False
    carrier_testing_advised: bool = False
    inheritance: str = "none"
    mother: str = "none"
    father: str = "none"
    sex: str = "unknown"
    risk_factor: float = 0.0

    @property
    def may_be_affected(self) -> bool:
        """The baby may have the family's disorder and has not been tested."""
        return self.status == "unknown" and self.pair


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
    #: the parameters read to resolve the family (``n_siblings``, the risk of a carrier
    #: pair, a package price that selects the plan): sources of every number
    read: frozenset[str] = frozenset()

    @property
    def siblings(self) -> tuple[RelativeInput, ...]:
        """Older name of :attr:`relatives`."""
        return self.relatives

    @property
    def siblings_listed(self) -> bool:
        """Older name of :attr:`listed`."""
        return self.listed

    def run(self, params: Mapping[str, ArrayLike] | None = None, *, relatives=None, newborn: str | None = None,
            **kw) -> Outcome:
        """Run the model for this family on ``params`` (default: the base values);
        ``relatives``/``newborn`` replace the family's own (the conditional answers)."""
        kw.setdefault("risk_factor", self.inherited_risk.risk_factor)
        return compute(self.params if params is None else params,
                       self.relatives if relatives is None else relatives,
                       newborn=self.newborn if newborn is None else newborn, fee_plan=self.fee_plan, **kw)


#: A parent's chance of passing on the family's autosomal-recessive gene, by status (an
#: untested parent counts 0: the reasons advise carrier testing instead).
_TRANSMIT = {"none": 0.0, "unknown": 0.0, "carrier": 0.5, "affected": 1.0}
_INHERITED = ("autosomal_recessive", "x_linked")


def _family_condition(scenario: Scenario) -> str:
    """The family's inherited condition: the first listed relative's autosomal-recessive or
    X-linked condition, else the disease the parents' carrier traits give together."""
    g = load_genetics()
    for r in scenario.family or ():
        if g.inheritance(r.condition) in _INHERITED:
            return r.condition
    c = scenario.parent_carriers
    if c.mother not in _GENERIC and c.father not in _GENERIC:
        return RECESSIVE_PAIRS.get(frozenset({c.mother, c.father}), "none")
    traits = {c.mother, c.father} - set(_GENERIC)
    if len(traits) == 1 and {c.mother, c.father} & {"unknown", "carrier", "affected"}:
        # one parent carries a trait, the other is untested (or a carrier of the same): that trait's disease
        return RECESSIVE_PAIRS.get(frozenset(traits), "none")
    return "none"


#: Parent statuses that name no trait.
_GENERIC = ("none", "unknown", "carrier", "affected")


def _status(value: str, condition: str) -> str:
    """A parent's status for ``condition``: a named carrier trait counts as a carrier when it can
    give that condition."""
    if value in _GENERIC:
        return value
    return "carrier" if value in load_genetics().conditions[condition].traits else "none"


def _parents(scenario: Scenario, condition: str, inheritance: str) -> tuple[str, str, str]:
    """Each parent's status for ``condition`` after inference from the listed relatives, and
    the basis (``stated`` or ``inferred``)."""
    c = scenario.parent_carriers
    m, f = _status(c.mother, condition), _status(c.father, condition)
    if c.mother not in _GENERIC and c.father not in _GENERIC and \
            frozenset({c.mother, c.father}) not in RECESSIVE_PAIRS:
        f = "none"  # two traits that give no disease together (e.g. alpha with beta)
    basis = "stated"
    fam = [r for r in scenario.family or () if r.condition == condition]
    if any(r.relation == "parent" for r in fam) and "affected" not in (m, f):
        basis = "inferred"
        if inheritance == "x_linked":
            f = "affected"  # an X-linked disorder in a parent: almost always the father
        elif m != "carrier":
            m = "affected"
        else:
            f = "affected"
    if any(r.relation == "full_sibling" for r in fam):
        if inheritance == "autosomal_recessive":
            if m in ("none", "unknown") or f in ("none", "unknown"):
                basis = "inferred"
            m = "carrier" if m in ("none", "unknown") else m
            f = "carrier" if f in ("none", "unknown") else f
        elif m in ("none", "unknown"):
            basis, m = "inferred", "carrier"
    return m, f, basis


def _inherited_risk(scenario: Scenario, params: Mapping[str, float]) -> InheritedRisk:
    status, sex = scenario.newborn_status, scenario.newborn_sex
    condition = _family_condition(scenario)
    inheritance = load_genetics().inheritance(condition) if condition != "none" else "none"
    if inheritance not in _INHERITED:
        return InheritedRisk("none", {"affected": 1.0}.get(status, 0.0), "none", status=status, sex=sex)
    m, f, basis = _parents(scenario, condition, inheritance)
    if inheritance == "autosomal_recessive":
        risk = _TRANSMIT[m] * _TRANSMIT[f]
        testing = "unknown" in (m, f)
    else:
        son, daughter = _x_linked_chances(m, f)
        risk = {"male": son, "female": daughter}.get(sex, (son + daughter) / 2)
        testing = m == "unknown"
    factor = 4.0 * risk
    pair = factor > 0
    p = min(1.0, factor * float(params["p_affected_if_both_carriers"]))
    p = {"affected": 1.0, "unaffected": 0.0}.get(status, p)
    c = scenario.parent_carriers
    traits = {c.mother, c.father} - set(_GENERIC)
    named = load_genetics().conditions[condition].traits
    disorder = ((next(iter(traits)) if len(traits) == 1 else "sickle_cell") if traits
                else (named[0] if named else "none")) if pair else "none"
    return InheritedRisk(disorder, p, basis if pair or testing or basis == "inferred" else "none", condition=condition, status=status,
                         pair=pair, carrier_testing_advised=testing and status == "unknown", inheritance=inheritance,
                         mother=m, father=f, sex=sex, risk_factor=factor)


def _x_linked_chances(mother: str, father: str) -> tuple[float, float]:
    """A son's and a daughter's chance of an X-linked disorder: a son's is his mother's chance
    of passing the gene; a daughter has it only when her father has it too."""
    son = _TRANSMIT[mother]
    return son, son * (1.0 if father == "affected" else 0.0)


def sex_matters(scenario: Scenario) -> bool:
    """Whether the baby's sex changes the model's answer (the side panel asks it only then): the
    family's inherited condition as the model takes it (:func:`_family_condition`: the first
    listed relative's, so not for an X-linked relative listed after a thalassaemia one) is
    X-linked and the mother may pass the gene (stated, or inferred from a brother or sister who
    has it). A boy's and a girl's chances then differ, or (a father who has it too) the reason
    says which; with a mother who does not pass it, both are 0 and no reason names the sex."""
    condition = _family_condition(scenario)
    if condition == "none" or load_genetics().inheritance(condition) != "x_linked":
        return False
    mother, father, _ = _parents(scenario, condition, "x_linked")
    return _x_linked_chances(mother, father)[0] > 0


def baby_may_inherit(scenario: Scenario) -> bool:
    """Whether an inherited disorder runs in the family (a listed relative's autosomal-recessive
    or X-linked condition, or a parent's carrier trait with a carrier or untested partner): then
    the baby's own test result matters, whether or not the parents' tests give a risk yet."""
    return _family_condition(scenario) != "none"


def planned_risk_factor(risk: InheritedRisk) -> float:
    """A planned child's risk as a multiple of ``p_affected_if_both_carriers`` (sex unknown)."""
    if risk.inheritance == "x_linked":
        return 4.0 * sum(_x_linked_chances(risk.mother, risk.father)) / 2
    return risk.risk_factor


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

    recorder = RecordingParams(params)  # what resolving the family reads (calculator.model.trace)
    fee_plan = scenario.fee_plan or fee_plan_of(None, recorder["fee_package_price"])
    if fee_plan == "package_all_in" and params["fee_package_price"] <= 0:
        raise InputError("fee_plan", "package_all_in needs the package price: set parameters.fee_package_price")

    risk = _inherited_risk(scenario, recorder)
    if scenario.family_listed:
        rels = [
            RelativeInput(
                relation=r.relation, condition=r.condition, weight_kg=r.weight_kg, age_years=r.age_years,
                hla_match=r.hla_match,
                years_to_transplant=r.years_to_transplant, malignant=r.condition in MALIGNANT_CONDITIONS,
            )
            for r in scenario.family or ()
        ]
        factor = planned_risk_factor(risk)
        disease = risk.condition if factor > 0 else None
        rels += [RelativeInput(planned=True, planned_disease=disease, planned_risk_factor=factor)
                 for _ in range(scenario.planned_children or 0)]
        listed = True
    else:
        # the family was not described: n_siblings brothers or sisters, existing or planned; for
        # parents whose statuses give a child a risk, they are children at that risk (planned),
        # not healthy ones
        factor = planned_risk_factor(risk)
        at_risk = factor > 0 and risk.condition != "none"
        rels = [RelativeInput(planned=at_risk, planned_disease=risk.condition if at_risk else None,
                              planned_risk_factor=factor if at_risk else 1.0)
                for _ in range(int(recorder["n_siblings"]))]
        listed = False
    return ModelInputs(scenario, assumptions, params, overridden, tuple(rels), listed, risk,
                       newborn=newborn_of(risk), fee_plan=fee_plan, read=frozenset(recorder.read))
