"""The uncertainty charts are centred on the comparison the verdict makes: for a family whose
verdict keeps the unit for an ill relative (or collects it through directed donation), private
storage against directed donation; otherwise against public donation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from calculator.analysis.evaluate import evaluate_with_uncertainty
from calculator.analysis.model_inputs import model_inputs
from calculator.analysis.psa import ceac, run_psa
from calculator.analysis.recommendation import COLLECT_CODES
from calculator.analysis.results import jsonable
from calculator.content.chart_spec import uncertainty_pair, verdict_versus
from calculator.content.i18n import t
from calculator.inputs.scenario_files import load_scenario
from tests.present import webcharts as web_charts

FAMILIES = Path(__file__).resolve().parents[1] / "golden" / "families"


@pytest.fixture(scope="module")
def directed_family():
    """A thalassaemia sibling of unknown HLA match: collect and keep through directed donation."""
    return evaluate_with_uncertainty(load_scenario(str(FAMILIES / "thal_hla_unknown.yaml")), psa_draws=3000, seed=7)


def test_a_directed_donation_family_is_compared_with_directed_donation(directed_family):
    res = directed_family
    assert res.recommendation.code in COLLECT_CODES and "directed" in res.strategies
    assert verdict_versus(res.recommendation.code, res.strategies) == "directed"
    pair = uncertainty_pair(res)
    assert pair is res.psa.vs_directed and pair.versus == "directed"
    # the increments are private minus directed donation, draw by draw (the model run on the same draws)
    inputs = model_inputs(res.scenario)
    from calculator.analysis.psa import _draws_for

    out = inputs.run({**inputs.params, **_draws_for(inputs, 3000, 7)})
    dq = np.asarray(out.delta_qaly_vs_directed, dtype=float)
    dc = np.broadcast_to(np.asarray(out.pv_cost_private, dtype=float) - np.asarray(out.pv_cost_directed, dtype=float),
                         dq.shape)
    wtp = res.parameters["wtp_per_qaly"]
    assert pair.prob_private_cost_effective == pytest.approx(ceac(dq, dc, [wtp])[0][1])
    assert [p[1] for p in pair.ceac] == pytest.approx([p[1] for p in ceac(dq, dc, [p[0] for p in pair.ceac])])
    assert len(pair.plane["delta_qaly"]) == 2000 and set(pair.plane["delta_cost"]) <= set(dc.tolist())
    # private storage costs more than free directed donation and at this willingness to pay is not the
    # better buy over it in any draw; against public donation (which the verdict does not weigh) it often is
    assert pair.prob_private_cost_effective == 0.0
    assert res.psa.prob_private_cost_effective > 0.3


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_charts_name_the_comparison_and_mark_the_family_there(directed_family, lang):
    res = directed_family
    pair = uncertainty_pair(res)
    c = res.comparisons["private_vs_directed"]
    wtp = res.parameters["wtp_per_qaly"]
    plane = web_charts.ce_plane_chart(pair.plane, wtp=wtp, lang=lang, currency=res.currency,
                                      family=(c.delta_qaly, c.delta_cost), versus=pair.versus)
    assert web_charts.unwrap(plane.layout.title.text) == t("app.fig.plane.title_directed", lang)
    assert list(plane.data[0].x) == pair.plane["delta_qaly"]
    assert plane.data[-1].x[0] == pytest.approx(c.delta_qaly) and plane.data[-1].y[0] == pytest.approx(c.delta_cost)
    curve = web_charts.ceac_chart(pair.ceac, wtp=wtp, lang=lang, currency=res.currency, versus=pair.versus)
    assert web_charts.unwrap(curve.layout.title.text) == t("app.fig.ceac.title_directed", lang)
    assert list(curve.data[0].y) == [p[1] for p in pair.ceac if p[0] > 0]
    assert curve.data[1].y[0] == pytest.approx(pair.prob_private_cost_effective)  # the family's point on the curve


def test_a_family_without_an_ill_relative_keeps_public_donation_and_its_json():
    res = evaluate_with_uncertainty(load_scenario(str(FAMILIES / "healthy_cn.yaml")), psa_draws=500, seed=1)
    assert res.psa.vs_directed is None and "vs_directed" not in jsonable(res.psa)
    pair = uncertainty_pair(res)
    assert pair.versus == "public" and pair.ceac == res.psa.ceac and pair.plane == res.psa.plane


def test_an_ill_relative_with_a_public_donation_verdict_stays_on_public_donation():
    res = evaluate_with_uncertainty(load_scenario(str(FAMILIES / "father_leukaemia.yaml")), psa_draws=500, seed=1)
    assert "directed" in res.strategies and res.psa.vs_directed is not None
    assert res.recommendation.code == "prefer_public_donation"
    assert uncertainty_pair(res).versus == "public"


def test_chunked_runs_give_the_same_directed_increments():
    inputs = model_inputs(load_scenario(str(FAMILIES / "thal_hla_unknown.yaml")))
    import calculator.analysis.psa as psa_mod

    whole = run_psa(inputs, 600, 3)
    old = psa_mod.CHUNK
    try:
        psa_mod.CHUNK = 250
        chunked = run_psa(inputs, 600, 3)
    finally:
        psa_mod.CHUNK = old
    assert chunked.vs_directed == whole.vs_directed
