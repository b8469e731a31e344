"""Evaluate one family: scenario + assumptions -> model -> :class:`Results`.

This is the single entry point used by the command line, the app and the PDF report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from calculator import MODEL_VERSION
from calculator.inputs.assumptions import Assumptions, load_region
from calculator.model.core import Outcome, SiblingInput, compute, fee_schedule_by_year, need_scale_at_break_even, sibling_routes
from calculator.analysis.recommendation import recommend
from calculator.analysis.results import Comparison, InheritedRisk, Results, SiblingDetail, StrategyResult, Thresholds
from calculator.inputs.errors import InputError
from calculator.inputs.scenario import CARRIERS_OF_CONDITION, MALIGNANT_CONDITIONS, Scenario, check_parameters, scenario_from_mapping


@dataclass(frozen=True)
class ModelInputs:
    """Resolved inputs of one family: what :func:`calculator.model.core.compute` needs.

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


def _f(x) -> float:
    return float(np.asarray(x))


def _use_by_age(inputs: ModelInputs, out: Outcome) -> dict[str, list[float]]:
    """Cumulative chance of family use by the child's age (use at a time uniform over the
    years the contract and the chances both cover; a known sick sibling's transplant at
    ``years_to_sibling_hsct``)."""
    p = inputs.params
    horizon = int(p["storage_years"])
    t_known = p["years_to_sibling_hsct"]
    span = min(horizon, p["use_basis_years"])
    ages = list(range(horizon + 1))
    child, family = [], []
    for a in ages:
        frac = min(a, span) / span
        pc = _f(out.p_child_use) * frac
        miss = 1.0 - pc
        for s, ps in zip(inputs.siblings, out.p_sibling_use_each):
            share = (1.0 if a >= t_known else 0.0) if s.condition != "none" else frac
            miss *= 1.0 - _f(ps) * share
        child.append(pc)
        family.append(1.0 - miss)
    return {"age": ages, "p_child_use": child, "p_family_use": family}


def max_need(inputs: ModelInputs) -> float:
    """The largest chance of need the family's model uses (own use, each sibling) [/1]."""
    p = inputs.params
    return max([float(p["p_auto_use"])] + [_f(r["p_need"]) for r in sibling_routes(p, inputs.siblings)])


def thresholds_of(inputs: ModelInputs, out: Outcome) -> Thresholds:
    """Where private storage (vs public) becomes worth it, from the base outcome ``out``.

    ``max_fee_pv = WTP x dQALY`` [currency]; ``min_p_family_use``: the family's chance of
    use when every chance of need is multiplied by ``need_scale = dCost / (WTP x dQALY)``
    (None when that would push a chance of need above 1). Shared by :func:`evaluate` and
    :mod:`calculator.analysis.sensitivity`.
    """
    dq_pub = _f(out.delta_qaly_vs_public)
    k = _f(need_scale_at_break_even(out))
    if np.isfinite(k) and k * max_need(inputs) <= 1.0:
        min_p = _f(inputs.run(need_scale=k).p_family_use_private)
    else:
        min_p, k = None, None
    return Thresholds(
        max_fee_pv=inputs.params["wtp_per_qaly"] * dq_pub if dq_pub > 0 else None,
        min_p_family_use=min_p,
        need_scale=k,
    )


def evaluate(
    scenario: Scenario | None = None,
    *,
    region: str | None = None,
    overrides: Mapping[str, float] | None = None,
) -> Results:
    """Evaluate the three strategies for one family.

    Parameters
    ----------
    scenario : Scenario, optional
        The family's inputs; default: a family with no history in ``region``.
    region : {"cn", "us"}, optional
        Overrides the scenario's region.
    overrides : mapping, optional
        Parameter values set by name (the command line's ``--set``), checked.
    """
    return _evaluate_inputs(model_inputs(scenario, region=region, overrides=overrides))


def _evaluate_inputs(inputs: ModelInputs) -> Results:
    """:func:`evaluate` on inputs already resolved."""
    p = inputs.params
    out = inputs.run()

    strategies = {
        "private": StrategyResult(
            "private", _f(out.p_family_use_private), _f(out.pv_cost_private), _f(out.nominal_cost_private),
            _f(out.ly_private), _f(out.qaly_private),
            p_child_use=_f(out.p_child_use), p_sibling_use=_f(out.p_sibling_use),
        ),
        "public": StrategyResult(
            "public", _f(out.p_family_use_public), 0.0, 0.0, _f(out.ly_public), _f(out.qaly_public),
            expected_patients_helped=_f(out.expected_patients_helped),
        ),
        "none": StrategyResult("none", 0.0, 0.0, 0.0, 0.0, 0.0),
    }
    dq_pub = _f(out.delta_qaly_vs_public)
    dq_none = _f(out.delta_qaly_vs_none)
    cost = _f(out.pv_cost_private)
    comparisons = {
        "private_vs_public": Comparison(cost, dq_pub, cost / dq_pub if dq_pub > 0 else None, _f(out.nmb_vs_public)),
        "private_vs_none": Comparison(cost, dq_none, cost / dq_none if dq_none > 0 else None, _f(out.nmb_vs_none)),
    }

    thresholds = thresholds_of(inputs, out)

    details = []
    for i, (s, r, pu) in enumerate(zip(inputs.siblings, sibling_routes(p, inputs.siblings), out.p_sibling_use_each)):
        details.append(SiblingDetail(
            index=i + 1, condition=s.condition, weight_kg=s.weight_kg,
            weight_used_kg=s.weight_kg if s.weight_kg is not None else p["default_sibling_weight_kg"],
            hla_match=s.hla_match, p_need=_f(r["p_need"]), p_match=_f(r["p_match"]),
            p_unaffected=_f(r["p_unaffected"]), p_dose_adequate=_f(r["p_dose"]), p_use=_f(pu),
            listed=inputs.siblings_listed,
        ))
    cpu = _f(out.cost_per_family_use)
    results = Results(
        model_version=MODEL_VERSION,
        region=inputs.scenario.region,
        currency=inputs.assumptions.currency,
        horizon_years=int(p["storage_years"]),
        assumptions_reviewed=inputs.assumptions.oldest_review,
        scenario=inputs.scenario,
        parameters=dict(p),
        overridden=inputs.overridden,
        strategies=strategies,
        comparisons=comparisons,
        cost_per_family_use=cpu if np.isfinite(cpu) else None,
        thresholds=thresholds,
        newborn_inherited_risk=inputs.inherited_risk,
        recommendation=None,  # type: ignore[arg-type]  # set below, it reads the results
        siblings=tuple(details),
        cost_schedule=fee_schedule_by_year(
            fee_upfront=p["fee_upfront"], fee_annual=p["fee_annual"], storage_years=int(p["storage_years"]),
            discount_rate=p["discount_rate"], fee_escalation=p["fee_escalation"], fee_lump_sum=p["fee_lump_sum"],
        ),
        use_by_age={},
    )
    results.use_by_age = _use_by_age(inputs, out)
    results.recommendation = recommend(results)
    return results


def evaluate_with_uncertainty(
    scenario: Scenario | None = None,
    *,
    region: str | None = None,
    overrides: Mapping[str, float] | None = None,
    sensitivity: bool = True,
    psa_draws: int | None = None,
    seed: int = 1,
) -> Results:
    """:func:`evaluate` plus ``Results.sensitivity`` (:func:`calculator.analysis.sensitivity.run_sensitivity`)
    and, when ``psa_draws`` is given, ``Results.psa`` (:func:`calculator.analysis.psa.run_psa` with
    ``seed``): one call for the app and the PDF."""
    from calculator.analysis.psa import run_psa
    from calculator.analysis.sensitivity import run_sensitivity

    inputs = model_inputs(scenario, region=region, overrides=overrides)
    results = _evaluate_inputs(inputs)
    if sensitivity:
        results.sensitivity = run_sensitivity(inputs)
    if psa_draws:
        results.psa = run_psa(inputs, psa_draws, seed)
    return results
