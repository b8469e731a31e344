"""Probabilistic sensitivity analysis: Monte Carlo means against the deterministic model,
reproducibility, the acceptability curve, EVPI and the data contract."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest

import calculator.analysis.psa as psa_mod
from calculator.analysis.evaluate import evaluate_with_uncertainty
from calculator.analysis.frequencies import one_in
from calculator.analysis.model_inputs import model_inputs
from calculator.analysis.psa import (
    MAX_PLANE_POINTS,
    OUTPUTS,
    PROBABILITY_OUTPUTS,
    ceac,
    draw_parameters,
    drawn_parameters,
    parameter_streams,
    run_psa,
)
from calculator.analysis.results import jsonable


def evpi(nmb_by_strategy):
    """Expected value of perfect information computed directly from NMB of shape
    (strategies, draws): mean over draws of the max over strategies - max of the means
    (the reference for run_psa's chunked sums)."""
    return float(np.mean(np.max(nmb_by_strategy, axis=0)) - np.max(np.mean(nmb_by_strategy, axis=1)))


def only_drawn(inputs, *names):
    """The same family with every parameter but ``names`` held at its value in the PSA
    (the PSA holds parameters the family set themselves)."""
    return dataclasses.replace(inputs, overridden=tuple(n for n in inputs.params if n not in names))


@pytest.fixture(scope="module")
def healthy_psa(healthy_inputs):
    return run_psa(healthy_inputs, 20_000, 7)


@pytest.fixture(scope="module")
def thal_psa(thal_inputs):
    return run_psa(thal_inputs, 20_000, 7)


# --- Monte Carlo mean = deterministic value where the model is linear -------------------------

def test_mean_matches_deterministic_where_linear_in_the_drawn_parameter(healthy_inputs):
    # p_child_use = p_auto_use x storable x bank survival: linear in p_auto_use, so the mean of
    # the PSA equals the model at the mean of p_auto_use's distribution (log-uniform 0.5 to 4 in
    # 10,000: mean (h - l) / ln(h / l) = 3.5e-4 / ln 8 = 1.6832e-4).
    inputs = only_drawn(healthy_inputs, "p_auto_use")
    dist = inputs.assumptions["p_auto_use"].distribution
    lo, hi = dist.low, dist.high
    mean = (hi - lo) / math.log(hi / lo)
    assert dist.mean() == pytest.approx(mean) == pytest.approx(1.6832e-4, rel=1e-4)
    sd = math.sqrt((hi**2 - lo**2) / (2 * math.log(hi / lo)) - mean**2)  # 9.76e-5: CV 0.58
    n = 200_000
    res = run_psa(inputs, n, 11)
    expected = float(inputs.run({**inputs.params, "p_auto_use": mean}).p_child_use)
    # Monte Carlo standard error of the mean: CV / sqrt(n) = 0.58 / 447 = 0.13 %; allow 4 SE
    rtol = 4 * (sd / mean) / math.sqrt(n)
    assert res.summary["p_child_use"]["mean"] == pytest.approx(expected, rel=rtol)
    assert res.drawn == ("p_auto_use",)
    # the parameters held fixed give a point: the costs do not vary at all
    s = res.summary["pv_cost_private"]
    assert s["p2_5"] == pytest.approx(s["mean"], rel=1e-12) == pytest.approx(s["p97_5"], rel=1e-12)


def test_mean_of_a_product_of_independent_draws(healthy_inputs, healthy_psa):
    # expected patients helped = keep share x release share, drawn independently, so its mean
    # is the product of the two means: beta mean 0.2155 x log-uniform (0.048 - 0.0037) / ln(0.048 / 0.0037)
    a = healthy_inputs.assumptions
    expected = a["p_public_kept"].distribution.mean() * a["p_public_released"].distribution.mean()
    assert expected == pytest.approx(0.2155 * 0.0443 / math.log(0.048 / 0.0037), rel=2e-3)
    # SD of the product is about 1.04 x its mean (CV of released 1.0, of kept 0.2); n = 20,000:
    # SE = 1.04 / 141 = 0.74 %; allow 4 SE = 3 %
    assert healthy_psa.summary["expected_patients_helped"]["mean"] == pytest.approx(expected, rel=0.03)


def test_fixed_fees_give_the_deterministic_cost(healthy_inputs, healthy_psa, healthy_cn):
    # the fees are the family's (fixed distributions): PV cost does not vary between draws
    assert healthy_psa.summary["pv_cost_private"]["mean"] == pytest.approx(healthy_cn.strategies["private"].pv_cost)


# --- reproducibility -------------------------------------------------------------------------

def test_same_seed_same_result_other_seed_differs(thal_inputs):
    a = run_psa(thal_inputs, 5_000, 3)
    b = run_psa(thal_inputs, 5_000, 3)
    c = run_psa(thal_inputs, 5_000, 4)
    assert jsonable(a) == jsonable(b)
    assert a.summary["nmb_vs_public"]["mean"] != c.summary["nmb_vs_public"]["mean"]
    assert a.plane != c.plane


def test_draws_come_in_a_fixed_parameter_order(healthy_inputs):
    names = drawn_parameters(healthy_inputs)
    assert names == tuple(n for n in healthy_inputs.assumptions.parameters if n in names)
    p1 = draw_parameters(healthy_inputs, 100, parameter_streams(healthy_inputs, 5))
    p2 = draw_parameters(healthy_inputs, 100, parameter_streams(healthy_inputs, 5))
    for n in healthy_inputs.params:
        assert np.array_equal(np.asarray(p1[n]), np.asarray(p2[n]))
    # fixed-distribution parameters stay scalars (memory), drawn ones are arrays of n
    assert np.ndim(p1["fee_upfront"]) == 0 and np.shape(p1["p_auto_use"]) == (100,)


def test_parameters_the_family_set_are_not_drawn():
    inputs = model_inputs(region="cn", overrides={"p_auto_use": 0.001})
    assert "p_auto_use" not in drawn_parameters(inputs)
    res = run_psa(inputs, 2_000, 1)
    # p_child_use = 0.001 x storable x survival: storable (beta mean 0.9) still varies
    assert res.summary["p_child_use"]["p2_5"] > 0.001 * 0.75


def test_chunked_run_gives_the_same_numbers_as_a_whole_run(thal_inputs, monkeypatch):
    whole = run_psa(thal_inputs, 3_000, 9)
    monkeypatch.setattr(psa_mod, "CHUNK", 700)  # 5 chunks, the last one short
    chunked = run_psa(thal_inputs, 3_000, 9)
    for name in whole.summary:
        for stat in ("mean", "p2_5", "p97_5"):
            assert chunked.summary[name][stat] == pytest.approx(whole.summary[name][stat], rel=1e-12), name
    assert chunked.ceac == whole.ceac and chunked.plane == whole.plane


def test_kept_draws_are_the_numbers_of_drawing_anew(thal_inputs, monkeypatch):
    # a family that differs only in a number that is not drawn (its upfront fee) reuses the kept
    # draws; the result is exactly that of drawing them again, and the kept arrays are read-only
    monkeypatch.setattr(psa_mod, "_KEPT", psa_mod.OrderedDict())
    first = run_psa(thal_inputs, 3_000, 11)
    assert len(psa_mod._KEPT) == 1
    other = dataclasses.replace(thal_inputs, params={**thal_inputs.params, "fee_upfront": thal_inputs.params["fee_upfront"] + 500})
    reused = run_psa(other, 3_000, 11)
    assert len(psa_mod._KEPT) == 1  # the same draws served the second family
    monkeypatch.setattr(psa_mod, "_KEPT", psa_mod.OrderedDict())
    fresh = run_psa(other, 3_000, 11)
    assert reused == fresh and first != fresh  # same numbers as new draws; the fee did change the answer
    kept = next(iter(psa_mod._KEPT.values()))
    with pytest.raises(ValueError):
        next(iter(kept.values()))[0] = 0.0
    for seed in range(psa_mod.KEPT_DRAW_SETS + 3):  # bounded: the oldest sets are dropped
        run_psa(thal_inputs, 200, seed)
    assert len(psa_mod._KEPT) == psa_mod.KEPT_DRAW_SETS


# --- acceptability curve and EVPI --------------------------------------------------------------

def test_ceac_rises_with_wtp(healthy_psa, thal_psa):
    # costs >= 0 and QALY gains >= 0 in every draw, so each draw's verdict can only turn to
    # "worth it" as WTP grows: the curve never falls
    for res in (healthy_psa, thal_psa):
        wtps = [w for w, _ in res.ceac]
        probs = [p for _, p in res.ceac]
        assert wtps == sorted(wtps) and wtps[0] == 0.0
        assert all(a <= b for a, b in zip(probs, probs[1:]))
        assert probs[0] == 0.0 and 0.0 <= probs[-1] <= 1.0
    # for the healthy family the curve reaches most draws only at thousands of times the WTP
    assert healthy_psa.prob_private_cost_effective == 0.0 and healthy_psa.ceac[-1][1] > 0.9


def test_prob_cost_effective_is_the_ceac_at_the_scenario_wtp(thal_psa):
    at = dict((w, p) for w, p in thal_psa.ceac)
    assert thal_psa.wtp in at
    assert thal_psa.prob_private_cost_effective == at[thal_psa.wtp]
    assert 0.05 < thal_psa.prob_private_cost_effective < 0.95  # a sick sibling: a genuine toss-up


def test_ceac_by_hand():
    # three draws: (dQALY, dCost) = (1, 10), (1, 20), (0, 5); at WTP 15 only the first passes
    curve = ceac(np.array([1.0, 1.0, 0.0]), np.array([10.0, 20.0, 5.0]), [0.0, 15.0, 25.0])
    assert curve == [[0.0, 0.0], [15.0, pytest.approx(1 / 3)], [25.0, pytest.approx(2 / 3)]]


def test_evpi_by_hand():
    # two strategies, two equally likely draws: NMB A = (10, 0), B = (0, 6).
    # Perfect information: mean of max = (10 + 6) / 2 = 8; without: max of means = max(5, 3) = 5.
    assert evpi(np.array([[10.0, 0.0], [0.0, 6.0]])) == pytest.approx(3.0)


def test_evpi_matches_a_direct_computation(thal_inputs, thal_psa):
    # same seed, same draws: recompute NMB of none / public / private per draw
    params = draw_parameters(thal_inputs, thal_psa.n, parameter_streams(thal_inputs, thal_psa.seed))
    out = thal_inputs.run(params)
    w = thal_inputs.params["wtp_per_qaly"]
    nmb = np.vstack([np.zeros(thal_psa.n), w * out.qaly_public, w * out.qaly_private - out.pv_cost_private])
    assert thal_psa.evpi == pytest.approx(evpi(nmb), rel=1e-9)
    assert thal_psa.evpi > 0  # the verdict is uncertain, so information has value
    # the summaries come from the same draws
    assert thal_psa.summary["nmb_vs_public"]["mean"] == pytest.approx(float(np.mean(nmb[2] - nmb[1])), rel=1e-9)


def test_evpi_is_zero_when_the_verdict_is_certain(healthy_psa):
    # private storage loses money in every draw; public always beats not collecting
    assert healthy_psa.evpi == pytest.approx(0.0, abs=1e-9)


# --- plane, natural frequencies and the data contract ------------------------------------------

def test_plane_is_a_seeded_subsample(healthy_psa, healthy_inputs):
    assert len(healthy_psa.plane["delta_qaly"]) == len(healthy_psa.plane["delta_cost"]) == MAX_PLANE_POINTS
    small = run_psa(healthy_inputs, 500, 2)
    assert len(small.plane["delta_qaly"]) == 500
    # private storage never gains less health than public donation, and costs the fee
    assert min(healthy_psa.plane["delta_qaly"]) >= 0
    assert healthy_psa.plane["delta_cost"] == [pytest.approx(healthy_psa.summary["pv_cost_private"]["mean"])] * 2000


def test_natural_frequencies_are_the_interval_as_one_in_n(healthy_psa):
    for name in PROBABILITY_OUTPUTS:
        s, f = healthy_psa.summary[name], healthy_psa.natural_frequencies[name]
        assert f["one_in_low"] == one_in(s["p97_5"]) and f["one_in_high"] == one_in(s["p2_5"])
        assert f["one_in_low"] <= f["one_in_mean"] <= f["one_in_high"]
    # the child's own use: the seed's 0.5 to 4 in 10,000 (times the storage and bank gates)
    child = healthy_psa.natural_frequencies["p_child_use"]
    assert 2_000 <= child["one_in_low"] <= 4_000 and 15_000 <= child["one_in_high"] <= 30_000


def test_summary_intervals_contain_the_mean(thal_psa):
    assert set(thal_psa.summary) == set(OUTPUTS)
    for name, s in thal_psa.summary.items():
        assert s["p2_5"] <= s["median"] <= s["p97_5"], name
        if name != "cost_per_family_use":  # skewed, but still inside (up to rounding: a fixed cost)
            tol = 1e-9 * abs(s["mean"])
            assert s["p2_5"] - tol <= s["mean"] <= s["p97_5"] + tol, name


def test_jsonable_is_strict_json(thal_psa):
    d = json.loads(json.dumps(jsonable(thal_psa), allow_nan=False))
    assert {"n", "seed", "summary", "prob_private_cost_effective", "ceac", "evpi", "plane",
            "natural_frequencies"} <= set(d)
    assert set(d["summary"]["p_family_use_private"]) == {"mean", "median", "p2_5", "p97_5"}
    assert set(d["plane"]) == {"delta_qaly", "delta_cost"}


def test_results_carry_the_psa(thal_scenario):
    res = evaluate_with_uncertainty(thal_scenario, sensitivity=False, psa_draws=1_000, seed=2)
    d = jsonable(res)
    assert d["psa"]["n"] == 1_000 and d["psa"]["seed"] == 2
    assert "sensitivity" not in d


@pytest.mark.parametrize("n", [0, -1, 5_000_001, 2.5, True])
def test_bad_number_of_draws(healthy_inputs, n):
    with pytest.raises(ValueError, match="1 to 5,000,000"):
        run_psa(healthy_inputs, n, 1)


def test_family_that_can_never_use_the_unit_runs_without_warnings():
    import warnings

    inputs = model_inputs(region="cn", overrides={"p_auto_use": 0, "p_sibling_hsct": 0, "n_siblings": 0})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = run_psa(inputs, 2_000, 3)
        from calculator.analysis.sensitivity import run_sensitivity

        run_sensitivity(inputs)
    assert res.summary["cost_per_family_use"]["p2_5"] == float("inf")
    assert res.summary["p_family_use_private"]["p97_5"] == 0.0


def test_the_plane_stream_alone_is_the_one_spawned_with_the_others(thal_inputs):
    a = psa_mod.plane_stream(thal_inputs, 42).random(5)
    b = parameter_streams(thal_inputs, 42)["_plane"].random(5)
    assert np.array_equal(a, b)


def test_all_summaries_at_once_equal_each_summary_alone():
    rng = np.random.default_rng(3)
    arrays = {"a": rng.normal(size=999), "b": rng.lognormal(size=999), "c": np.r_[rng.random(500), np.full(499, np.inf)],
              "d": np.full(999, 0.25)}
    together = psa_mod.summarise_all(arrays)
    for name, x in arrays.items():
        assert together[name] == psa_mod.summarise(x), name
