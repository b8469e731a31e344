"""Evaluate one family: scenario + assumptions -> model -> :class:`Results`.

This is the single entry point used by the command line, the app and the PDF report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np

from calculator import MODEL_VERSION
from calculator.analysis.model_inputs import ModelInputs, model_inputs
from calculator.analysis.psa import run_psa
from calculator.analysis.recommendation import recommend
from calculator.analysis.results import Comparison, Results, SiblingDetail, StrategyResult
from calculator.analysis.sensitivity import run_sensitivity
from calculator.analysis.thresholds import scalar as _f
from calculator.analysis.thresholds import thresholds_of
from calculator.inputs.scenario import Scenario
from calculator.model.clinical import sibling_routes
from calculator.model.family import Outcome
from calculator.model.finance import fee_schedule_by_year

__all__ = ["ModelInputs", "model_inputs", "evaluate", "evaluate_with_uncertainty"]


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
    cost_per_family_use = cpu if np.isfinite(cpu) else None
    siblings = tuple(details)
    recommendation = recommend(
        region=inputs.scenario.region, parameters=p, strategies=strategies, comparisons=comparisons,
        cost_per_family_use=cost_per_family_use, siblings=siblings, inherited_risk=inputs.inherited_risk,
    )
    return Results(
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
        cost_per_family_use=cost_per_family_use,
        thresholds=thresholds_of(inputs, out),
        newborn_inherited_risk=inputs.inherited_risk,
        siblings=siblings,
        recommendation=recommendation,
        cost_schedule=fee_schedule_by_year(
            fee_upfront=p["fee_upfront"], fee_annual=p["fee_annual"], storage_years=int(p["storage_years"]),
            discount_rate=p["discount_rate"], fee_escalation=p["fee_escalation"], fee_lump_sum=p["fee_lump_sum"],
        ),
        use_by_age=_use_by_age(inputs, out),
    )


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
    inputs = model_inputs(scenario, region=region, overrides=overrides)
    return dataclasses.replace(
        _evaluate_inputs(inputs),
        sensitivity=run_sensitivity(inputs) if sensitivity else None,
        psa=run_psa(inputs, psa_draws, seed) if psa_draws else None,
    )
