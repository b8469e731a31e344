"""The parents' page's shared work: what one family's page run reuses from another's.

The chances' PSA ranges are shared by every fee of the same family
(:func:`calculator.app.common.chance_ranges_for`): they must be exactly the family's own PSA
numbers, for fees typed, plans and offers, in both regions, with and without sick relatives.
The sections that no fee changes are kept once for every fee
(:data:`calculator.app.common.FEE_FREE_SECTIONS`): they must be the same for any fee and plan.
"""

from __future__ import annotations

import pytest

from calculator.analysis.psa import PROBABILITY_OUTPUTS
from calculator.app import common
from calculator.content import parent
from calculator.inputs.scenario_values import PLAN_FEES
from tests.app.states import family, rel

SICK = (rel(relation="full_sibling", condition="thalassaemia_major", hla="unknown"),)
FEES = ({}, {"fee_upfront": 123.0}, {"fee_annual": 9_999.5, "fee_escalation": 0.07},
        {"fee_package_price": 40_000.0, "fee_upfront": 0.0}, {"fee_annual": 0.0, "p_auto_use": 0.001})


@pytest.mark.parametrize("region", ["cn", "us"])
@pytest.mark.parametrize("relatives", [(), SICK], ids=["healthy", "sick_sibling"])
@pytest.mark.parametrize("fee_plan", ["yearly", "package_all_in"])
def test_chance_ranges_are_the_familys_own_psa_numbers(region, relatives, fee_plan):
    for params in FEES:
        state = family(region=region, relatives=relatives, siblings=len(relatives), fee_plan=fee_plan, params=params)
        own = common.psa_for(state).summary
        shared = common.chance_ranges_for(state)
        assert set(shared) == set(PROBABILITY_OUTPUTS)
        for name, (low, high) in shared.items():
            assert (low, high) == (own[name]["p2_5"], own[name]["p97_5"]), (params, name)


def test_a_fee_change_does_not_run_the_psa_again(monkeypatch):
    runs = []
    real = common.run_psa
    monkeypatch.setattr(common, "run_psa", lambda *a, **k: runs.append(1) or real(*a, **k))
    common._ANALYSES.clear()
    for fee in (1_000.0, 1_001.0, 2_500.0, 7_777.0):
        common.chance_ranges_for(family(region="cn", params={"fee_upfront": fee, "storage_years": 15.0}))
    assert len(runs) == 1
    common.chance_ranges_for(family(region="cn", params={"fee_upfront": 1.0, "storage_years": 16.0}))
    assert len(runs) == 2  # a number that is not a fee is a new family


def test_a_shared_figure_is_sent_as_the_plain_figure_is():
    """Streamlit sends the same chart for a kept figure (its dict made once) as for a plain one,
    run after run, and showing it changes nothing in the kept dict."""
    from streamlit.testing.v1 import AppTest

    def page():
        import json

        import plotly.io as pio
        import streamlit as st

        from calculator.app import common
        from calculator.content.chart_spec import cost_spec
        from tests.app.states import family
        from tests.present import webcharts as F

        res = common.results_for(family(region="us"))
        shared = common.figure(cost_spec(res.cost_schedule, currency=res.currency, lang="zh"))
        plain = F.cost_schedule_chart(res.cost_schedule, currency=res.currency, lang="zh")
        before = json.dumps(shared.to_dict(), sort_keys=True)
        st.plotly_chart(shared, key="shared")
        st.plotly_chart(plain, key="plain")
        st.plotly_chart(shared, key="again")
        assert type(shared).__name__ == "SharedFigure" and shared.to_dict() is shared.to_dict()
        assert json.dumps(shared.to_dict(), sort_keys=True) == before
        assert pio.to_json(shared, validate=False) == pio.to_json(plain, validate=False)

    at = AppTest.from_function(page, default_timeout=60).run()
    assert not at.exception, at.exception
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    assert len(specs) == 3 and specs[0] == specs[1] == specs[2] and '"type":"bar"' in specs[0]
    at.run()
    assert not at.exception and [c.proto.spec for c in at.get("plotly_chart")] == specs


def test_a_page_run_leaves_the_root_thresholds_unsolved():
    """The smallest chance of family use at which keeping the unit is worth it (a root of the
    model, most of a new family's model run) is shown only in folded parts: a page run of a new
    family with them closed does not solve it; reading it gives the command line's number."""
    from calculator.analysis.evaluate import evaluate
    from tests.app.apptest import run

    at = run({"lang": "en", "region": "cn", "fee_upfront": "4322"}, expanded=False)
    state = at.session_state["_state"]
    res = common.results_for(state)
    assert res.parameters["fee_upfront"] == 4322.0
    assert not res.thresholds.solved
    assert res.thresholds == evaluate(common.family_of(state).scenario).thresholds and res.thresholds.solved


def test_a_page_run_names_the_sources_only_when_a_sources_part_is_open():
    """The parameters behind the numbers (``Results.sources``, a traced run of the model) are
    named only when a folded sources table is opened, not on every page run of a new family."""
    from tests.app.apptest import run

    at = run({"lang": "en", "region": "cn", "fee_upfront": "4321"}, expanded=False)
    res = common.results_for(at.session_state["_state"])
    assert res.parameters["fee_upfront"] == 4321.0
    assert not res.sources.made
    at.session_state["x_sources_frequencies"] = True
    at.run()
    assert not at.exception and res.sources.made
    assert common.results_for(at.session_state["_state"]) is res
    from calculator.app.parent_page import sources_markdown

    table = sources_markdown(("private_family_use", "public_helps", "public_family_use"), res, at.session_state["_state"])
    assert table.count("\n") >= 3 and table in [m.value for m in at.main.markdown]


# The section builders of common.FEE_FREE_SECTIONS, called as the parents' page calls them.
FEE_FREE_BUILDERS = {
    "frequencies": lambda res, w, ranges: parent.frequencies(res, w, ranges),
    "limits": lambda res, w, ranges: parent.limits_and_advice(res, w),
    "red_flags": lambda res, w, ranges: parent.SECTIONS_BY_KEY["red_flags"](res, w),
}
OTHER_FEES = (("yearly", {"fee_upfront": 1.0, "fee_annual": 25_000.0, "fee_escalation": 0.09}),
              ("package_all_in", {"fee_package_price": 250_000.0}),
              ("package_plus_first_payment", {"fee_upfront": 90_000.0, "fee_package_price": 5.0}))


def test_the_fee_free_sections_are_the_same_for_every_fee():
    """Sections kept once for every fee (:data:`calculator.app.common.FEE_FREE_SECTIONS`) are
    the same, for 60 generated families in both languages, with very different fees and each
    fee plan (each with its own chance ranges); and a fee change keeps the fee-free key and
    changes the family's key."""
    import random

    from calculator.app.counsellor_files import state_from_scenario_mapping
    from calculator.app.state import choose_fee_plan
    from tests.model.test_family_properties import SEED, _family

    assert set(FEE_FREE_BUILDERS) == common.FEE_FREE_SECTIONS
    rng = random.Random(SEED)
    for i in range(60):
        base, _ = state_from_scenario_mapping(_family(rng, i), lang=("en", "zh")[i % 2])
        w = common.words(base)
        ranges = common.chance_ranges_for(base)
        res = common.results_for(base)
        for plan, fees in OTHER_FEES:
            other = choose_fee_plan(base, plan)
            other = other.with_scenario(parameters={**other.params, **{k: v for k, v in fees.items()
                                                                       if k in PLAN_FEES[plan]}})
            assert common.family_of(other).fee_free_key == common.family_of(base).fee_free_key
            assert common.family_of(other).key != common.family_of(base).key
            res2, ranges2 = common.results_for(other), common.chance_ranges_for(other)
            for kind, build in FEE_FREE_BUILDERS.items():
                assert build(res2, w, ranges2) == build(res, w, ranges), (i, plan, kind)


def test_a_section_that_a_fee_changes_is_not_fee_free():
    """The check above can fail: the headline (it names the cost) differs between two fees."""
    state = family(region="cn", params={"fee_upfront": 1.0})
    other = family(region="cn", params={"fee_upfront": 90_000.0})
    w, ranges = common.words(state), common.chance_ranges_for(state)
    assert parent.headline(common.results_for(state), w, ranges) != parent.headline(common.results_for(other), w, ranges)
