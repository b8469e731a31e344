"""The decision model: reference values worked by hand, invariants, scalar == array."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from calculator.analysis.evaluate import evaluate
from calculator.analysis.model_inputs import model_inputs
from calculator.inputs.assumptions import load_region
from calculator.inputs.scenario import scenario_from_mapping
from calculator.model import clinical, finance
from calculator.model.clinical import SiblingInput
from calculator.model.family import compute


def base(region="cn", **changes):
    p = load_region(region).values
    p.update(changes)
    return p


# --- reference values worked by hand ----------------------------------------------------

def test_fee_schedule_pv_beijing_reference():
    # 5,700 at birth + 500 at the start of EVERY contract year (t = 0..17), discounted at 5 %:
    # annuity-due factor (1 - 1.05**-18) / 0.05 x 1.05 = 12.274066; 500 x 12.274066 = 6,137.03
    pv = finance.fee_schedule_pv(fee_upfront=5700, fee_annual=500, storage_years=18, discount_rate=0.05)
    assert pv == pytest.approx(11837.03, abs=0.01)
    nominal = finance.fee_schedule_nominal(fee_upfront=5700, fee_annual=500, storage_years=18)
    assert nominal == pytest.approx(5700 + 18 * 500)
    # the banks' quoted total for Beijing's 22-year first contract: 5,700 + 22 x 500 = 16,700
    assert finance.fee_schedule_nominal(fee_upfront=5700, fee_annual=500, storage_years=22) == pytest.approx(16700)


def test_fee_schedule_with_escalation_and_lump_sum():
    # 2 % a year escalation, 3 % discount, 4 years, yearly fee from t = 0:
    # 1000 + 100 + 102/1.03 + 104.04/1.03**2 + 106.1208/1.03**3
    expected = 1000 + 100 + 102 / 1.03 + 104.04 / 1.03**2 + 106.1208 / 1.03**3
    pv = finance.fee_schedule_pv(fee_upfront=1000, fee_annual=100, storage_years=4, discount_rate=0.03,
                               fee_escalation=0.02)
    assert pv == pytest.approx(expected, rel=1e-12)
    # a prepaid package on top of the first payment replaces the yearly fees; all-in replaces everything
    assert finance.fee_schedule_pv(fee_upfront=1000, fee_annual=100, storage_years=4, discount_rate=0.03,
                                 fee_package_price=2500, fee_plan="package_plus_first_payment") == pytest.approx(3500)
    assert finance.fee_schedule_pv(fee_upfront=1000, fee_annual=100, storage_years=4, discount_rate=0.03,
                                 fee_package_price=2500, fee_plan="package_all_in") == pytest.approx(2500)
    # zero discount: PV equals the nominal total 5,700 + 18 x 500
    assert finance.fee_schedule_pv(fee_upfront=5700, fee_annual=500, storage_years=18,
                                 discount_rate=0.0) == pytest.approx(14700)


def test_fee_schedule_by_year_ends_at_totals():
    sched = finance.fee_schedule_by_year(fee_upfront=5700, fee_annual=500, storage_years=18, discount_rate=0.05)
    assert len(sched["year"]) == 18
    assert sched["cumulative_nominal"][-1] == pytest.approx(14700)
    assert sched["cumulative_pv"][-1] == pytest.approx(11837.03, abs=0.01)


def test_cost_per_use_brief_example():
    # MODEL.md: 20,000 CNY and 1 in 10,000 -> 200 million CNY per use. Remove every gate so
    # that the family's chance of use is exactly p_auto_use.
    p = base(fee_upfront=20000, fee_annual=0, p_auto_use=1e-4, p_private_unit_storable=1.0,
             bank_failure_per_year=0.0)
    out = compute(p, [])
    assert float(out.p_family_use_private) == pytest.approx(1e-4, rel=1e-12)
    assert float(out.cost_per_family_use) == pytest.approx(2e8, rel=1e-9)


def test_dose_adequacy_reference():
    # ln(7e8 x 0.8 / (2.5e7 x 18)) / 0.74 = ln(1.24444) / 0.74 = 0.29553; Phi(0.2955) = 0.6162
    p = clinical.p_dose_adequate(18, tnc_median_cells=7e8, tnc_log_sd=0.74,
                              tnc_post_processing_recovery=0.8, min_tnc_dose_per_kg=2.5e7)
    assert float(p) == pytest.approx(0.6162, abs=1e-4)
    # the median unit covers 7e8 x 0.8 / 2.5e7 = 22.4 kg with probability one half
    assert float(clinical.p_dose_adequate(22.4, tnc_median_cells=7e8, tnc_log_sd=0.74,
                                       tnc_post_processing_recovery=0.8,
                                       min_tnc_dose_per_kg=2.5e7)) == pytest.approx(0.5)


def test_sibling_route_thalassaemia_reference(thal_cn):
    # P(transplant) 0.47 x P(HLA-identical) 0.25 x P(newborn unaffected) 0.75 x P(dose, 18 kg)
    # x P(stored) 0.9 x P(bank operating at 2.5 years) 0.9968**2.5. Related dose rule:
    # q = Phi(ln(8.6e8 x 0.8 / (1.5e7 x 18)) / 0.76) = Phi(1.23075) = 0.89079; with the marrow
    # top-up 0.89079 + 0.10921 x 0.5 = 0.94540. Total 0.07438.
    expected = 0.47 * 0.25 * 0.75 * 0.94540 * 0.9 * 0.9968**2.5
    assert thal_cn.strategies["private"].p_sibling_use == pytest.approx(expected, rel=2e-4)
    sib = thal_cn.siblings[0]
    assert (sib.p_need, sib.p_match, sib.p_unaffected) == (0.47, 0.25, 0.75)


def test_discount_helpers_limits():
    assert float(finance.discounted_life_years(0.0, 60)) == pytest.approx(60)
    assert float(finance.discounted_life_years(0.05, 60)) == pytest.approx((1 - 1.05**-60) / 0.05)
    assert float(finance.mean_discount_factor_uniform(0.0, 18)) == pytest.approx(1.0)
    assert float(clinical.mean_survival_uniform(0.0, 18)) == pytest.approx(1.0)
    # mean of 0.99**t over t in [0, 10]: integral / 10
    f = 0.01
    expected = (1 - 0.99**10) / (-10 * math.log(0.99))
    assert float(clinical.mean_survival_uniform(f, 10)) == pytest.approx(expected)


# --- invariants -------------------------------------------------------------------------

def test_more_fee_more_cost():
    lo = evaluate(region="cn", overrides={"fee_annual": 500})
    hi = evaluate(region="cn", overrides={"fee_annual": 1100})
    assert hi.strategies["private"].pv_cost > lo.strategies["private"].pv_cost
    assert hi.comparisons["private_vs_public"].nmb < lo.comparisons["private_vs_public"].nmb


def test_more_chance_of_use_lower_cost_per_use():
    lo = evaluate(region="cn", overrides={"p_auto_use": 0.5e-4})
    hi = evaluate(region="cn", overrides={"p_auto_use": 4e-4})
    assert hi.cost_per_family_use < lo.cost_per_family_use


def test_known_hla_mismatch_removes_sibling_route():
    s = scenario_from_mapping({"siblings": [{"condition": "leukaemia", "hla_match": "mismatch"}]})
    res = evaluate(s)
    assert res.strategies["private"].p_sibling_use == 0.0
    assert res.recommendation.code == "prefer_public_donation"


def test_known_match_gives_more_sibling_use_than_unknown():
    def p(hla):
        s = scenario_from_mapping({"siblings": [{"condition": "leukaemia", "weight_kg": 15, "hla_match": hla}]})
        return evaluate(s).strategies["private"].p_sibling_use

    assert p("match") == pytest.approx(4 * p("unknown"))  # 1 vs 0.25


def test_inherited_disorder_never_adds_own_use(healthy_cn):
    s = scenario_from_mapping({"parents_carriers": "beta_thalassaemia"})
    res = evaluate(s)
    # an affected baby (1 in 4) cannot use its own cells: own use is the healthy child's x 3/4
    assert res.strategies["private"].p_child_use == pytest.approx(0.75 * healthy_cn.strategies["private"].p_child_use)
    assert res.newborn_inherited_risk.probability == 0.25
    assert res.newborn_inherited_risk.own_unit_can_treat is False


def test_sibling_with_recessive_disorder_implies_carrier_parents():
    s = scenario_from_mapping({"siblings": [{"condition": "sickle_cell_disease", "weight_kg": 20}]})
    res = evaluate(s)
    assert res.newborn_inherited_risk.disorder == "sickle_cell"
    assert res.newborn_inherited_risk.basis == "inferred"
    assert res.siblings[0].p_unaffected == pytest.approx(0.75)


def test_heavier_sibling_lower_chance_of_adequate_dose():
    def p(w):
        s = scenario_from_mapping({"siblings": [{"condition": "leukaemia", "weight_kg": w}]})
        return evaluate(s).siblings[0].p_dose_adequate

    assert p(10) > p(25) > p(60)


def test_probabilities_stay_in_unit_interval(healthy_cn, thal_cn):
    for res in (healthy_cn, thal_cn):
        for s in res.strategies.values():
            assert 0.0 <= s.p_family_use <= 1.0
        for key in ("p_child_use", "p_family_use"):
            assert all(0.0 <= v <= 1.0 for v in res.use_by_age[key])


def test_use_by_age_ends_at_family_use(thal_cn):
    assert thal_cn.use_by_age["p_family_use"][-1] == pytest.approx(thal_cn.strategies["private"].p_family_use)
    assert thal_cn.use_by_age["p_family_use"] == sorted(thal_cn.use_by_age["p_family_use"])


def test_comparison_arithmetic(healthy_cn):
    c = healthy_cn.comparisons["private_vs_public"]
    wtp = healthy_cn.parameters["wtp_per_qaly"]
    assert c.nmb == pytest.approx(wtp * c.delta_qaly - c.delta_cost)
    assert c.icer == pytest.approx(c.delta_cost / c.delta_qaly)


def test_thresholds_are_zeros_of_nmb(healthy_cn, thal_scenario):
    for scen in (None, thal_scenario):
        res = evaluate(scen, region="cn")
        fee = res.thresholds.max_fee_pv
        at_fee = evaluate(scen, region="cn", overrides={"fee_upfront": fee, "fee_annual": 0})
        assert at_fee.comparisons["private_vs_public"].nmb == pytest.approx(0.0, abs=1e-6 * fee + 1e-9)
        inputs = model_inputs(scen, region="cn")
        out = inputs.run(need_scale=res.thresholds.need_scale)
        assert float(out.nmb_vs_public) == pytest.approx(0.0, abs=1e-6)
        assert float(out.p_family_use_private) == pytest.approx(res.thresholds.min_p_family_use)


def test_threshold_none_when_no_health_gain():
    res = evaluate(region="cn", overrides={"survival_gain_autologous": 0, "survival_gain_sibling_malignant": 0,
                                           "survival_gain_sibling_nonmalignant": 0})
    assert res.thresholds.max_fee_pv is None
    assert res.thresholds.min_p_family_use is None
    assert res.comparisons["private_vs_public"].icer is None


def test_n_siblings_adds_sibling_routes():
    r0 = evaluate(region="us", overrides={"n_siblings": 0})
    r2 = evaluate(region="us", overrides={"n_siblings": 2})
    assert r0.strategies["private"].p_sibling_use == 0.0
    assert r2.strategies["private"].p_sibling_use > 0.0
    assert len(r2.siblings) == 2


# --- scalar and array inputs give the same answers -----------------------------------------

def test_scalar_and_array_inputs_agree():
    p = base()
    sibs = [SiblingInput(condition="thalassaemia_major", weight_kg=18), SiblingInput(),
            SiblingInput(relation="parent", condition="leukaemia", malignant=True),
            SiblingInput(planned=True, planned_disease="thalassaemia_major")]
    values = np.array([0.5e-4, 1.41e-4, 4e-4])
    fees = np.array([3000.0, 5700.0, 9800.0])
    arr = compute({**p, "p_auto_use": values, "fee_upfront": fees}, sibs, newborn="pair")
    for i in range(3):
        one = compute({**p, "p_auto_use": float(values[i]), "fee_upfront": float(fees[i])}, sibs, newborn="pair")
        for name, v in ((f.name, getattr(one, f.name)) for f in dataclasses.fields(one)):
            if isinstance(v, tuple):
                for a, b in zip(v, getattr(arr, name)):
                    assert np.broadcast_to(b, (3,))[i] == pytest.approx(float(a), rel=1e-12)
            else:
                assert np.broadcast_to(getattr(arr, name), (3,))[i] == pytest.approx(float(v), rel=1e-12)
        assert np.asarray(arr.nmb_vs_public)[i] == pytest.approx(float(one.nmb_vs_public), rel=1e-12)


# --- the contract length and the horizon of the chances ------------------------------------

def test_shorter_contract_covers_a_share_of_childhood_and_longer_adds_nothing():
    def p_child(years):
        return evaluate(region="cn", overrides={"storage_years": years}).strategies["private"].p_child_use

    full = p_child(18)  # use_basis_years = 18
    # 9 of 18 years: half the chance, gated by storage (0.9) and the bank surviving to a time
    # of use uniform over those 9 years
    assert p_child(9) == pytest.approx(1.41e-4 * 9 / 18 * 0.9 * float(clinical.mean_survival_uniform(0.0032, 9)))
    assert p_child(25) == pytest.approx(full)
    assert p_child(1) < p_child(9) < full


def test_use_by_age_reaches_the_total_at_the_end_of_childhood():
    res = evaluate(region="us")  # 20-year contract, chances over 18 years
    by_age = res.use_by_age["p_family_use"]
    assert by_age[18] == pytest.approx(by_age[20]) == pytest.approx(res.strategies["private"].p_family_use)


# --- verdict wording and inherited risk ---------------------------------------------------------

def test_clear_value_headline_says_the_baby_is_a_match_and_collect_says_type_first():
    from calculator.content.i18n import t

    assert "the baby is an HLA match" in t("verdict.private_storage_clear_value", "en")
    assert "HLA 全相合" in t("verdict.private_storage_clear_value", "zh")
    assert "HLA-typed" in t("verdict.collect_and_hla_type", "en")
    assert "HLA 分型" in t("verdict.collect_and_hla_type", "zh")


def test_alpha_thalassaemia_carriers_get_the_genotype_caveat():
    res = evaluate(scenario_from_mapping({"parents_carriers": "alpha_thalassaemia"}))
    ids = [r.id for r in res.recommendation.reasons]
    assert "alpha_thal_genotype" in ids and "own_unit_inherited" in ids
    beta = evaluate(scenario_from_mapping({"parents_carriers": "beta_thalassaemia"}))
    assert "alpha_thal_genotype" not in [r.id for r in beta.recommendation.reasons]


def test_weight_as_text_is_rejected_like_in_the_app():
    from calculator.inputs.errors import InputError

    with pytest.raises(InputError, match="weight_kg"):
        scenario_from_mapping({"siblings": [{"weight_kg": "18"}]})
