"""Deterministic sensitivity: tornado, thresholds and the two-way grid.

References are worked by hand from the model's formulas (comments give the arithmetic);
invariants check that every zero reported is a real zero of net monetary benefit.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from calculator.analysis.break_even import threshold
from calculator.analysis.model_inputs import model_inputs
from calculator.analysis.nmb import FAMILY_USE, FEE_PV, WORTH_IT_ABOVE, WORTH_IT_BELOW, nmb_at, run_with
from calculator.analysis.results import jsonable
from calculator.analysis.sensitivity import run_sensitivity
from calculator.analysis.thresholds import max_need_scale, thresholds_of
from calculator.analysis.tornado import tornadoes
from calculator.analysis.two_way import two_way_grid
from calculator.model.finance import fee_schedule_pv

# A family reduced to the child's own route, with every gate at 1 and no discounting, so the
# two-way grid can be worked by hand (see test_two_way_cell_worked_by_hand).
SIMPLE = {
    "n_siblings": 0,                      # no brother or sister: only the child's own route
    "p_private_unit_storable": 1.0,       # every unit stored
    "bank_failure_per_year": 0.0,         # the bank always survives
    "p_public_available_to_family": 0.0,  # public donation gives the family nothing back
    "discount_rate": 0.0,                 # no discounting of costs or life-years
    "fee_annual": 0.0,                    # the fee is the first payment only
    "survival_gain_autologous": 0.05,     # round numbers for the hand-worked cells below
    "remaining_life_years": 60,
    "wtp_per_qaly": 287100,
}


@pytest.fixture(scope="module")
def healthy_sens(healthy_inputs):
    return run_sensitivity(healthy_inputs)


@pytest.fixture(scope="module")
def thal_sens(thal_inputs):
    return run_sensitivity(thal_inputs)


def _row(tornado, name):
    return next(r for r in tornado.rows if r.name == name)


# --- tornado ----------------------------------------------------------------------------------

def test_tornado_has_every_parameter_sorted_by_swing(healthy_inputs, healthy_sens):
    for t in (healthy_sens.tornado_nmb, healthy_sens.tornado_cost_per_use):
        assert {r.name for r in t.rows} == set(healthy_inputs.params)
        swings = [r.swing for r in t.rows]
        assert swings == sorted(swings, reverse=True)


def test_tornado_swing_is_zero_for_a_point_range(healthy_sens, thal_sens):
    # p_hla_identical_sibling is Mendelian: low = high = 0.25, so it cannot swing the output.
    for sens in (healthy_sens, thal_sens):
        for t in (sens.tornado_nmb, sens.tornado_cost_per_use):
            r = _row(t, "p_hla_identical_sibling")
            assert r.low_value == r.high_value == 0.25
            assert r.swing == 0.0 and r.output_low == r.output_high
            assert not r.flips and r.flip_value is None


def test_tornado_swing_is_zero_for_a_parameter_the_family_does_not_use(healthy_sens):
    # a healthy family has no sibling with thalassaemia: its transplant chance is unused
    assert _row(healthy_sens.tornado_nmb, "p_hsct_thalassaemia_major").swing == 0.0


def test_tornado_fee_row_worked_by_hand(healthy_sens):
    # NMB = WTP x dQALY - PV cost, and the first payment enters the PV one for one:
    # first payment 3,000 instead of 5,700 raises NMB by 2,700; 7,300 lowers it by 1,600.
    base = healthy_sens.tornado_nmb.base
    r = _row(healthy_sens.tornado_nmb, "fee_upfront")
    assert (r.low_value, r.high_value) == (3000.0, 7300.0)
    assert r.output_low == pytest.approx(base + 2700.0, abs=1e-6)
    assert r.output_high == pytest.approx(base - 1600.0, abs=1e-6)
    assert r.swing == pytest.approx(4300.0)
    # the healthy family's verdict never flips on the fee: NMB < 0 even at 3,000
    assert not r.flips


def test_tornado_matches_one_model_run_per_value(thal_inputs, thal_sens):
    # the vectorised tornado equals running the model with one parameter changed
    for t, attr in ((thal_sens.tornado_nmb, "nmb_vs_public"), (thal_sens.tornado_cost_per_use, "cost_per_family_use")):
        for r in t.rows:
            lo = float(getattr(run_with(thal_inputs, {r.name: r.low_value}), attr))
            hi = float(getattr(run_with(thal_inputs, {r.name: r.high_value}), attr))
            assert (r.output_low, r.output_high) == pytest.approx((lo, hi), rel=1e-12), r.name


def test_tornado_flip_value_is_a_real_zero(thal_inputs, thal_sens):
    flipped = [r for r in thal_sens.tornado_nmb.rows if r.flips]
    # the sick sibling's transplant chance, the survival gain, the discount rate and the yearly
    # fee each move the verdict within their ranges (base NMB about +2,600 CNY)
    assert {"p_hsct_thalassaemia_major", "survival_gain_sibling_nonmalignant", "discount_rate",
            "fee_annual"} <= {r.name for r in flipped}
    for r in flipped:
        if r.flip_value is None:
            continue
        assert r.low_value <= r.flip_value <= r.high_value
        scale = max(abs(r.output_low), abs(r.output_high))
        assert abs(float(nmb_at(thal_inputs, r.name, r.flip_value))) < 1e-6 * scale, r.name


def test_tornado_of_cost_per_use_moves_the_right_way(healthy_sens):
    # more chance of use -> lower cost per use; a higher fee -> higher cost per use
    auto = _row(healthy_sens.tornado_cost_per_use, "p_auto_use")
    fee = _row(healthy_sens.tornado_cost_per_use, "fee_upfront")
    assert auto.output_low > auto.output_high
    assert fee.output_low < fee.output_high


def test_tornado_includes_an_override_outside_the_range(healthy_inputs):
    inputs = model_inputs(region="cn", overrides={"fee_upfront": 20000})
    nmb, _ = tornadoes(inputs, ["fee_upfront"])
    r = nmb.rows[0]
    assert (r.low_value, r.high_value) == (3000.0, 20000.0)


# --- thresholds -------------------------------------------------------------------------------

def _assert_real_zero(inputs, th):
    """NMB is zero at the threshold and the verdict differs on its two sides."""
    f0 = float(nmb_at(inputs, th.name, th.value))
    base = float(inputs.run().nmb_vs_public)
    assert abs(f0) < 1e-6 * max(abs(base), 1.0), th.name
    eps = 1e-4 * max(abs(th.value), 1e-6)
    above = float(nmb_at(inputs, th.name, th.value + eps))
    below = float(nmb_at(inputs, th.name, th.value - eps))
    if th.direction == WORTH_IT_ABOVE:
        assert above >= 0 > below, th.name
    else:
        assert below >= 0 > above, th.name


def test_every_parameter_threshold_is_a_real_zero(healthy_inputs, thal_inputs, healthy_sens, thal_sens):
    checked = 0
    for inputs, sens in ((healthy_inputs, healthy_sens), (thal_inputs, thal_sens)):
        for th in sens.thresholds:
            if th.name in ("max_fee_pv", "min_p_family_use") or th.name in ("storage_years", "n_siblings"):
                continue
            _assert_real_zero(inputs, th)
            checked += 1
    assert checked >= 10


def test_thresholds_include_the_two_of_the_results(healthy_cn, thal_cn, healthy_sens, thal_sens):
    for res, sens in ((healthy_cn, healthy_sens), (thal_cn, thal_sens)):
        by_name = {t.name: t for t in sens.thresholds}
        assert by_name["max_fee_pv"].value == pytest.approx(res.thresholds.max_fee_pv, rel=1e-12)
        assert by_name["min_p_family_use"].value == pytest.approx(res.thresholds.min_p_family_use, rel=1e-12)
        assert by_name["max_fee_pv"].direction == WORTH_IT_BELOW
        assert by_name["min_p_family_use"].direction == WORTH_IT_ABOVE
        assert by_name["max_fee_pv"].base_value == pytest.approx(res.strategies["private"].pv_cost)


def test_the_root_thresholds_are_solved_when_first_read_and_the_same_whenever_read(healthy_inputs, thal_inputs):
    # min_p_family_use and need_scale are a root of the model, solved when first read (a web
    # page shows them only in a folded part); max_fee_pv is known at once
    import copy
    import pickle
    import threading

    from calculator.analysis.thresholds import Thresholds, _root

    for inputs in (healthy_inputs, thal_inputs):
        out = inputs.run()
        th = thresholds_of(inputs, out)
        assert not th.solved and th.max_fee_pv is not None and not th.solved
        min_p, k = _root(inputs, out)  # solved at once
        assert (th.min_p_family_use, th.need_scale) == (min_p, k) and th.solved
        eager = Thresholds(th.max_fee_pv, min_p, k)
        assert th == eager and hash(th) == hash(eager) and repr(th) == repr(eager)
        assert jsonable(th) == {"max_fee_pv": th.max_fee_pv, "min_p_family_use": min_p, "need_scale": k}
        later = thresholds_of(inputs, out)
        assert pickle.loads(pickle.dumps(later)) == eager and copy.deepcopy(later) == eager
        with pytest.raises(AttributeError):
            later.max_fee_pv = 1.0  # type: ignore[misc]

    # threads reading at once solve it once
    solved, started = [], threading.Event()

    def solve():
        started.wait()
        solved.append(1)
        return 0.5, 2.0

    th = Thresholds(1.0, solve=solve)
    readers = [threading.Thread(target=lambda: th.need_scale) for _ in range(4)]
    for r in readers:
        r.start()
    started.set()
    for r in readers:
        r.join()
    assert solved == [1] and (th.min_p_family_use, th.need_scale) == (0.5, 2.0)


def test_fee_thresholds_agree_with_the_largest_fee(thal_inputs, thal_cn):
    # PV = first payment + PV of the yearly fees, so the largest first payment is the largest
    # PV minus the yearly fees' PV (500 at the start of each of the 22 contract years at 5 %:
    # 500 x sum_{t=0}^{21} 1.05^-t = 500 x 13.8212 = 6,910.58).
    max_fee = thal_cn.thresholds.max_fee_pv
    annual_pv = fee_schedule_pv(fee_upfront=0, fee_annual=500, storage_years=22, discount_rate=0.05)
    assert annual_pv == pytest.approx(6910.58, abs=0.01)
    assert threshold(thal_inputs, "fee_upfront").value == pytest.approx(max_fee - annual_pv, rel=1e-9)
    # on the yearly plan a package price plays no part: no threshold (no jump at 0 -> 1 any more)
    lump = threshold(thal_inputs, "fee_package_price")
    assert lump.value is None and lump.direction is None


def test_threshold_none_when_no_zero_within_bounds(healthy_inputs):
    # a healthy family loses money at any first payment, even 0 (the yearly fees alone cost more)
    th = threshold(healthy_inputs, "fee_upfront")
    assert th.value is None and not th.within_range and th.direction is None


def test_threshold_within_range_flag(thal_sens):
    by_name = {t.name: t for t in thal_sens.thresholds}
    assert by_name["p_hsct_thalassaemia_major"].within_range  # about 0.39, range 0.2 to 0.8
    assert not by_name["remaining_life_years"].within_range  # about 28, range 40 to 70
    # Mendelian constants cannot vary: no threshold for them
    assert "p_hla_identical_sibling" not in by_name and "p_affected_if_both_carriers" not in by_name


def test_threshold_of_whole_number_parameter(thal_inputs):
    # the sick sibling's transplant is expected at 2.5 years: a 2-year contract ends before it
    # and is not worth it (a short contract used to score better than a long one); from 3
    # years on it is
    assert thal_inputs.params["years_to_sibling_hsct"] == 2.5
    th = threshold(thal_inputs, "storage_years")
    assert th.value == 2.0 and th.direction == WORTH_IT_ABOVE
    assert float(nmb_at(thal_inputs, "storage_years", 2)) < 0
    assert float(nmb_at(thal_inputs, "storage_years", 3)) >= 0


def test_unknown_parameter_is_an_input_error(healthy_inputs):
    from calculator.inputs.errors import InputError

    with pytest.raises(InputError, match="unknown parameter"):
        threshold(healthy_inputs, "p_nonsense")


# --- two-way --------------------------------------------------------------------------------

def test_two_way_cell_worked_by_hand():
    inputs = model_inputs(region="cn", overrides=SIMPLE)
    # With SIMPLE, per newborn: QALY_private = p_auto_use x survival gain x life-years x utility
    #   = p x 0.05 x 60 x 0.9 = p x 2.7 (no discounting: 60 life-years; every gate 1);
    # QALY_public = 0 (the family never gets its donated unit back); PV cost = first payment.
    # Cell p_auto_use = 0.001, first payment = 1,000 CNY, WTP = 287,100 CNY/QALY:
    #   NMB = 287,100 x 0.001 x 2.7 - 1,000 = 775.17 - 1,000 = -224.83 CNY.
    # The break-even first payment at p = 0.001 is 775.17 CNY.
    tw = two_way_grid(inputs, "p_auto_use", "fee_upfront", x_values=[0.0005, 0.001], y_values=[500.0, 1000.0])
    assert tw.nmb[1][1] == pytest.approx(-224.83, abs=1e-6)
    assert tw.nmb[0][1] == pytest.approx(775.17 - 500.0, abs=1e-6)
    assert tw.nmb[1][0] == pytest.approx(387.585 - 1000.0, abs=1e-6)
    assert tw.break_even == [[0.001, pytest.approx(775.17, abs=1e-6)]]
    assert tw.direction == WORTH_IT_BELOW


def test_two_way_default_axes_are_linear_in_use_and_fee(healthy_inputs):
    # NMB = k x WTP x dQALY(1) - fee PV: the break-even fee is WTP x dQALY at each chance of use
    out = healthy_inputs.run()
    wtp_dq = float(out.wtp_per_qaly * out.delta_qaly_vs_public)
    tw = two_way_grid(healthy_inputs, n=9)
    assert (tw.x_name, tw.y_name) == (FAMILY_USE, FEE_PV)
    assert len(tw.nmb) == len(tw.y_values) == 9 and all(len(row) == len(tw.x_values) == 9 for row in tw.nmb)
    assert tw.y_values[0] == 0.0
    assert all(a < b for a, b in zip(tw.x_values, tw.x_values[1:]))
    # each x is the family's chance of use at factor k on every chance of need
    # factor on every chance of need at break-even (solved on the model: health is not exactly
    # linear in the chances, so this is not dCost / (WTP x dQALY) any more)
    k_star = thresholds_of(healthy_inputs, out).need_scale
    assert k_star == pytest.approx(float(out.pv_cost_private) / wtp_dq, rel=0.1)  # chances ~1 in 12 there
    ks = np.geomspace(0.25, min(max(4.0, 2 * k_star), max_need_scale(healthy_inputs)), 9)
    for x, k in zip(tw.x_values, ks):
        assert x == pytest.approx(float(healthy_inputs.run(need_scale=k).p_family_use_private), rel=1e-9)
        j = tw.x_values.index(x)
        # health is combined like the chances (a unit is used once), so it is not exactly
        # linear in k: read the model at k itself
        out_k = healthy_inputs.run(need_scale=k)
        wtp_dq_k = float(out_k.wtp_per_qaly * out_k.delta_qaly_vs_public)
        assert wtp_dq_k == pytest.approx(k * wtp_dq, rel=0.1)  # nearly linear: at most a few % off
        for i, y in enumerate(tw.y_values):
            assert tw.nmb[i][j] == pytest.approx(wtp_dq_k - y, abs=1e-6)
    for x, y in tw.break_even:
        j = tw.x_values.index(x)
        out_k = healthy_inputs.run(need_scale=ks[j])
        assert y == pytest.approx(float(out_k.wtp_per_qaly * out_k.delta_qaly_vs_public), rel=1e-9)
    # the base case (k = 1): the family's own chance and fee sit on the "not worth it" side
    assert float(out.nmb_vs_public) < 0


def test_two_way_break_even_points_are_zeros(thal_inputs):
    tw = two_way_grid(thal_inputs, "p_hsct_thalassaemia_major", "discount_rate", n=7)
    assert tw.break_even
    for x, y in tw.break_even:
        nmb = float(run_with(thal_inputs, {tw.x_name: x, tw.y_name: y}).nmb_vs_public)
        assert abs(nmb) < 1e-6 * 1e4


def test_two_way_needs_two_parameters(healthy_inputs):
    from calculator.inputs.errors import InputError

    with pytest.raises(InputError):
        two_way_grid(healthy_inputs, "fee_upfront", "fee_upfront")


# --- data contract ------------------------------------------------------------------------------

def test_jsonable_is_strict_json(healthy_sens, thal_sens):
    for sens in (healthy_sens, thal_sens):
        d = json.loads(json.dumps(jsonable(sens), allow_nan=False))
        assert set(d) == {"tornado_nmb", "tornado_cost_per_use", "two_way", "thresholds"}
        assert set(d["tornado_nmb"]) == {"output", "base", "rows"}
        assert set(d["tornado_nmb"]["rows"][0]) >= {"name", "low_value", "high_value", "output_low", "output_high",
                                                   "swing", "flips", "flip_value"}
        assert set(d["two_way"]) >= {"x_name", "y_name", "x_values", "y_values", "nmb", "break_even"}
        assert set(d["thresholds"][0]) >= {"name", "value", "within_range", "base_value", "direction"}
