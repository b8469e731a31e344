"""The fee plan decides which fees exist (issue 23, "a stale offer"): after a counsellor
switches the plan to a prepaid package of 30,000 and back to the yearly plan, the package
price is gone from the state, the link and the saved file, and the PDF describes the yearly
offer (first payment and yearly fee), never "a prepaid package of CNY 30,000"."""

from __future__ import annotations

import pytest

from calculator.analysis.evaluate import evaluate
from calculator.app.counsellor_files import state_from_scenario_text
from calculator.app.state import apply_offer, choose_fee_plan, default_state, run_scenario, set_parameter
from calculator.app.url_state import parse_query, to_query
from calculator.content.i18n import t
from calculator.inputs.scenario_files import dump_scenario, read_scenario_text
from calculator.inputs.scenario_values import FEE_PARAMETERS, PLAN_FEES, other_plan_fees, plan_fees
from calculator.present.pdf import build_pdf
from tests.app.apptest import run, side
from tests.present.test_report import contains, pdf_text


def switched_back():
    state = set_parameter(default_state(), "fee_upfront", 6000.0)
    state = choose_fee_plan(state, "package_plus_first_payment")
    state = set_parameter(state, "fee_package_price", 30_000.0)
    assert state.params == {"fee_upfront": 6000.0, "fee_package_price": 30_000.0}
    return choose_fee_plan(state, "yearly")


def test_switching_back_to_yearly_drops_the_package_price_from_state_link_and_file():
    state = switched_back()
    assert state.scenario.fee_plan == "yearly" and state.params == {"fee_upfront": 6000.0}
    q = to_query(state)
    assert "fee_package_price" not in q and q["fee_upfront"] == "6000"
    back, notices = parse_query(q)
    assert notices == [] and back == state
    scenario = run_scenario(state)
    assert scenario.fee_plan == "yearly" and scenario.parameters == {"fee_upfront": 6000.0}
    for fmt in ("yaml", "json"):
        text = dump_scenario(scenario, fmt)
        assert "fee_package_price" not in text
        again, notices = state_from_scenario_text(text, fmt=fmt)
        assert notices == [] and again == state


def test_a_fee_of_another_plan_is_not_kept():
    state = choose_fee_plan(default_state(), "package_all_in")
    assert set_parameter(state, "fee_annual", 123.0) == state  # an all-in package has no yearly fee
    yearly = default_state()
    assert set_parameter(yearly, "fee_package_price", 30_000.0) == yearly


def test_an_offer_keeps_only_its_plans_fees():
    state = apply_offer(set_parameter(default_state("us"), "fee_annual", 999.0), "us_cbr_prepaid")
    assert state.scenario.fee_plan == "package_all_in" and not set(state.params) & other_plan_fees("package_all_in")
    assert "fee_annual" not in to_query(state) and "fee_upfront" not in to_query(state)


def test_an_older_file_with_a_stale_package_price_loads_without_it():
    text = "region: cn\nfee_plan: yearly\nparameters: {fee_upfront: 6000, fee_package_price: 30000}\n"
    state, notices = state_from_scenario_text(text)
    assert notices == [] and state.params == {"fee_upfront": 6000.0}
    # the model never charged it: the page's numbers are those of the file
    assert evaluate(run_scenario(state)).strategies == evaluate(read_scenario_text(text, source="x")).strategies


def test_plan_fees_cover_every_fee_once():
    assert set(FEE_PARAMETERS) == {"fee_upfront", "fee_annual", "fee_escalation", "fee_package_price"}
    params = {"fee_upfront": 1.0, "fee_annual": 2.0, "fee_escalation": 0.1, "fee_package_price": 3.0}
    assert plan_fees("yearly", params) == {"fee_upfront": 1.0, "fee_annual": 2.0, "fee_escalation": 0.1}
    assert plan_fees("package_all_in", params) == {"fee_package_price": 3.0}
    for plan, fees in PLAN_FEES.items():
        assert set(fees) | other_plan_fees(plan) == set(FEE_PARAMETERS)


def test_the_side_panel_switch_back_leaves_no_package_price_in_the_link():
    at = run({"page": "counsellor"}, expanded=False)
    side(at).number_input(key="w_offer_fee_upfront").set_value(6000).run()
    side(at).selectbox(key="w_fee_plan_en").select("package_plus_first_payment").run()
    side(at).number_input(key="w_offer_fee_package_price").set_value(30_000).run()
    assert at.query_params["fee_package_price"] == "30000"
    side(at).selectbox(key="w_fee_plan_en").select("yearly").run()
    assert not at.exception
    assert "fee_package_price" not in at.query_params and at.query_params["fee_upfront"] == "6000"


@pytest.mark.parametrize("audience", ["parent", "counsellor"])
def test_the_pdf_of_the_saved_file_describes_the_yearly_offer(audience):
    # the saved file, as the CLI's report command reads it
    saved = dump_scenario(run_scenario(switched_back()), "yaml")
    res = evaluate(read_scenario_text(saved, source="saved.yaml"))
    got = pdf_text(build_pdf(res, lang="en", audience=audience))
    assert contains(got, t("report.offer_yearly", "en", currency="CNY", upfront=6000.0,
                           annual=res.parameters["fee_annual"], years=res.horizon_years))
    assert "prepaid package of" not in got
    assert "CNY 30,000" not in got


def test_the_pdf_describes_the_plan_of_a_hand_written_file_with_a_package_price():
    # a file written by hand with the yearly plan and a package price: the model charges the
    # yearly fees, and the offer line says so (the price is still listed as entered)
    text = "region: cn\nfee_plan: yearly\nparameters: {fee_upfront: 6000, fee_package_price: 30000}\n"
    res = evaluate(read_scenario_text(text, source="x"))
    got = pdf_text(build_pdf(res, lang="en", audience="parent"))
    offer = next(line for line in got.splitlines() if line.startswith("Storage offer"))
    assert offer.startswith(t("report.offer_yearly", "en", currency="CNY", upfront=6000.0,
                              annual=res.parameters["fee_annual"], years=res.horizon_years))
    assert "prepaid package of" not in got
