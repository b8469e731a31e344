"""Evaluate one family: scenario + assumptions -> model -> :class:`Results`.

This is the single entry point used by the command line, the app and the PDF report.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from calculator import MODEL_VERSION
from calculator.analysis.model_inputs import ModelInputs, model_inputs
from calculator.analysis.recommendation import case_code, recommend, relevant, typing_open
from calculator.analysis.results import (
    SOURCE_KEYS,
    Comparison,
    Conditional,
    ConditionalCase,
    RelativeDetail,
    Results,
    StrategyResult,
    WhenRead,
)
from calculator.analysis.thresholds import scalar as _f
from calculator.analysis.thresholds import thresholds_of
from calculator.inputs.scenario_schema import Scenario
from calculator.inputs.scenario_values import plan_fees
from calculator.model.clinical import relative_routes, weight_basis, weight_used_kg
from calculator.model.family import Outcome, p_affected_newborn
from calculator.model.finance import fee_schedule_by_year
from calculator.model.trace import RecordingParams, sources_of

if TYPE_CHECKING:
    from calculator.analysis.psa import PSAResult
    from calculator.analysis.sensitivity import SensitivityResult

__all__ = ["ModelInputs", "model_inputs", "evaluate", "evaluate_with_uncertainty"]


# The uncertainty analyses are loaded when asked for: ``evaluate`` alone starts without them.
def _sensitivity(inputs: ModelInputs) -> SensitivityResult:
    from calculator.analysis.sensitivity import run_sensitivity

    return run_sensitivity(inputs)


def _psa(inputs: ModelInputs, n: int, seed: int) -> PSAResult:
    from calculator.analysis.psa import run_psa

    return run_psa(inputs, n, seed)


def _use_by_age(inputs: ModelInputs, out: Outcome, details: tuple[RelativeDetail, ...]) -> dict[str, Sequence[float]]:
    """Cumulative chance of family use by the child's age (use at a time uniform over the
    years the contract and the chances both cover; a known sick relative's transplant at
    its ``years_to_transplant``)."""
    p = inputs.params
    horizon = int(p["storage_years"])
    span = min(horizon, p["use_basis_years"])
    ages = list(range(horizon + 1))
    child, family = [], []
    for a in ages:
        frac = min(a, span) / span
        pc = _f(out.p_child_use) * frac
        miss = 1.0 - pc
        for r, d, ps in zip(inputs.relatives, details, out.p_relative_use_each):
            if r.known_disease and not r.planned:  # at the transplant's time (read only then: a source)
                t = d.years_to_transplant if d.years_to_transplant is not None else p["years_to_sibling_hsct"]
                share = 1.0 if a >= t else 0.0
            else:
                share = frac
            miss *= 1.0 - _f(ps) * share
        child.append(pc)
        family.append(1.0 - miss)
    return {"age": ages, "p_child_use": child, "p_family_use": family}


def _details(inputs: ModelInputs, out: Outcome) -> tuple[RelativeDetail, ...]:
    p = inputs.params
    share = min(p["storage_years"], p["use_basis_years"]) / p["use_basis_years"]
    pu = 1.0 - _f(p_affected_newborn(p, inputs.newborn, inputs.inherited_risk.risk_factor))
    routes = relative_routes(p, inputs.relatives, p_unaffected=pu, share=share)
    return tuple(
        RelativeDetail(
            index=i + 1, relation=r.relation, condition=r.condition, weight_kg=r.weight_kg,
            weight_used_kg=_f(weight_used_kg(p, r)), weight_basis=weight_basis(r),
            years_assumed=r.known_disease and not r.planned and r.years_to_transplant is None,
            hla_match=r.hla_match,
            years_to_transplant=(r.years_to_transplant if r.years_to_transplant is not None
                                 else p["years_to_sibling_hsct"]) if r.known_disease else None,
            p_need=_f(rt["p_need"]), p_match=_f(rt["p_match"]), p_unaffected=_f(rt["p_unaffected"]),
            p_dose_adequate=_f(rt["p_dose"]), p_within_contract=_f(rt["p_within"]), p_use=_f(pu_),
            planned=r.planned, listed=inputs.listed,
        )
        for i, (r, rt, pu_) in enumerate(zip(inputs.relatives, routes, out.p_relative_use_each))
    )


def _conditional(inputs: ModelInputs, details: tuple[RelativeDetail, ...]
                 ) -> tuple[Conditional | None, ConditionalCase | None]:
    """The answers once the open questions are answered: ``if_match``, the baby matches at least
    one of the relatives whose HLA match is open and a real prospect (:func:`typing_open`),
    averaged over the patterns of matches by their chances (two full brothers or sisters: one
    or both match with chance 7/16, both 1/16), and is unaffected; ``if_mismatch``, it matches
    none of them. Returns ``conditional`` (None when no such HLA question is open) and the
    if-match case alone (None when no relative is relevant)."""
    if not relevant(details) or inputs.newborn == "affected":  # an affected baby's unit helps nobody
        return None, None
    open_ = [d for d in typing_open(details)]
    newborn = "unaffected" if inputs.newborn in ("pair", "unaffected") else inputs.newborn

    def run(pattern: dict[int, str], nb: str | None) -> tuple[float, float]:
        rels = tuple(dataclasses.replace(r, hla_match=pattern[i + 1]) if i + 1 in pattern else r
                     for i, r in enumerate(inputs.relatives))
        o = inputs.run(relatives=rels, newborn=nb)
        return _f(o.p_family_use_private), _f(o.nmb_vs_public)

    if not open_:
        p_use, nmb = run({}, newborn)
        known = any(d.hla_match == "match" for d in relevant(details))
        return None, ConditionalCase(p_use, nmb, case_code(p_use, known, nmb))
    weight_sum = p_sum = nmb_sum = 0.0
    for matches in itertools.product((True, False), repeat=len(open_)):
        if not any(matches):
            continue
        w = math.prod(d.p_match if m else 1.0 - d.p_match for d, m in zip(open_, matches))
        p_use, nmb = run({d.index: "match" if m else "mismatch" for d, m in zip(open_, matches)}, newborn)
        weight_sum += w
        p_sum += w * p_use
        nmb_sum += w * nmb
    p_use, nmb = p_sum / weight_sum, nmb_sum / weight_sum
    if_match = ConditionalCase(p_use, nmb, case_code(p_use, True, nmb))
    p_no, nmb_no = run({d.index: "mismatch" for d in open_}, None)
    known = any(d.hla_match == "match" for d in relevant(details))
    return Conditional(if_match=if_match, if_mismatch=ConditionalCase(p_no, nmb_no, case_code(p_no, known, nmb_no))), \
        if_match


def _each_answer(inputs: ModelInputs, details: tuple[RelativeDetail, ...]) -> tuple[RelativeDetail, ...]:
    """Each relative whose HLA match is open and a real prospect, with the family's chance of
    use if the baby matches them (the others as they are) and is unaffected."""
    open_ = {d.index for d in typing_open(details)}
    if not open_ or inputs.newborn == "affected":
        return details
    newborn = "unaffected" if inputs.newborn in ("pair", "unaffected") else inputs.newborn
    out = []
    for d in details:
        if d.index in open_:
            rels = tuple(dataclasses.replace(r, hla_match="match") if i + 1 == d.index else r
                         for i, r in enumerate(inputs.relatives))
            d = dataclasses.replace(d, p_family_use_if_match=_f(inputs.run(relatives=rels, newborn=newborn)
                                                                 .p_family_use_private))
        out.append(d)
    return tuple(out)


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


def _sources(inputs: ModelInputs, read: set[str], use_by_age_read: set[str], directed: bool
             ) -> dict[str, tuple[str, ...]]:
    """Each output's parameters as the run recorded them: the model run once more on traced
    values (each output names what flowed into it), plus what the evaluation read."""
    o = inputs.run(RecordingParams(inputs.params, traced=True))
    flows = {
        "private_family_use": sources_of(o.p_family_use_private),
        "public_helps": sources_of(o.expected_patients_helped),
        "public_family_use": sources_of(o.p_family_use_public),
        "expected_value": sources_of(o.nmb_vs_public, o.nmb_vs_none, *((o.nmb_vs_directed,) if directed else ())),
        "cost": sources_of(o.pv_cost_private, o.nominal_cost_private),
        "use_by_age": sources_of(o.p_child_use, *o.p_relative_use_each) | use_by_age_read,
        "cost_per_use": sources_of(o.cost_per_family_use),
    }
    every = set(read).union(inputs.read, *flows.values())
    order = [n for n in inputs.assumptions.parameters if n in every]
    out = {key: tuple(n for n in order if n in flows[key]) for key in SOURCE_KEYS}
    out["all"] = tuple(order)
    return out


def _sources_when_read(inputs: ModelInputs, read: set[str], use_by_age_read: set[str], directed: bool) -> WhenRead:
    """:func:`_sources`, run when the sources are first read (what the evaluation read is
    taken now): a web page shows them only in folded parts."""
    read, use_by_age_read = set(read), set(use_by_age_read)
    return WhenRead(lambda: _sources(inputs, read, use_by_age_read, directed))


def _evaluate_inputs(inputs: ModelInputs) -> Results:
    """:func:`evaluate` on inputs already resolved; every parameter read is recorded."""
    raw = inputs.params
    recorder = RecordingParams(raw)
    inputs = dataclasses.replace(inputs, params=recorder)
    p = inputs.params
    out = inputs.run()

    details = _details(inputs, out)
    strategies = {
        "private": StrategyResult(
            "private", _f(out.p_family_use_private), _f(out.pv_cost_private), _f(out.nominal_cost_private),
            _f(out.ly_private), _f(out.qaly_private),
            p_child_use=_f(out.p_child_use), p_sibling_use=_f(out.p_sibling_use), p_relative_use=_f(out.p_relative_use),
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
    if any(r.known_disease and not r.planned for r in inputs.relatives):
        cost_dir = _f(out.pv_cost_directed)
        strategies["directed"] = StrategyResult(
            "directed", _f(out.p_family_use_directed), cost_dir, cost_dir, _f(out.ly_directed), _f(out.qaly_directed))
        dq_dir = _f(out.delta_qaly_vs_directed)
        dc_dir = cost - cost_dir
        comparisons["private_vs_directed"] = Comparison(dc_dir, dq_dir, dc_dir / dq_dir if dq_dir > 0 else None,
                                                        _f(out.nmb_vs_directed))

    cpu = _f(out.cost_per_family_use)
    cost_per_family_use = cpu if np.isfinite(cpu) else None
    thresholds = thresholds_of(inputs, out)
    conditional, if_match = _conditional(inputs, details)
    details = _each_answer(inputs, details)
    recommendation = recommend(
        region=inputs.scenario.region, parameters=p, strategies=strategies, comparisons=comparisons,
        cost_per_family_use=cost_per_family_use, relatives=details, inherited_risk=inputs.inherited_risk,
        conditional=conditional, if_match=if_match, thresholds=thresholds,
    )
    by_age = RecordingParams(raw)
    use_by_age = _use_by_age(dataclasses.replace(inputs, params=by_age), out, details)
    return Results(
        model_version=MODEL_VERSION,
        region=inputs.scenario.region,
        currency=inputs.assumptions.currency,
        horizon_years=int(p["storage_years"]),
        assumptions_reviewed=inputs.assumptions.oldest_review,
        scenario=inputs.scenario,
        parameters=dict(raw),
        overridden=inputs.overridden,
        strategies=strategies,
        comparisons=comparisons,
        cost_per_family_use=cost_per_family_use,
        thresholds=thresholds,
        newborn_inherited_risk=inputs.inherited_risk,
        siblings=tuple(d for d, r in zip(details, inputs.relatives) if r.is_sibling),
        relatives=details,
        conditional=conditional,
        recommendation=recommendation,
        cost_schedule=fee_schedule_by_year(
            storage_years=int(p["storage_years"]), discount_rate=p["discount_rate"], fee_plan=inputs.fee_plan,
            **{"fee_upfront": 0.0, "fee_annual": 0.0, **plan_fees(inputs.fee_plan, p)},  # the plan's fees only
        ),
        use_by_age=use_by_age,
        sources=_sources_when_read(dataclasses.replace(inputs, params=raw), recorder.read, by_age.read,
                                   "directed" in strategies),
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
        sensitivity=_sensitivity(inputs) if sensitivity else None,
        psa=_psa(inputs, psa_draws, seed) if psa_draws else None,
    )
