"""The source lists every medium prints (calculator.content.sources) are what the family's run
read: no list kept by hand, so a number's sources cannot miss the parameter that drove it."""

from __future__ import annotations

from calculator.analysis.evaluate import evaluate
from calculator.content.sources import family_parameters, parents_page_sources, source_entries
from calculator.content.words import Words
from calculator.inputs.assumptions import load_region
from calculator.inputs.scenario import scenario_from_mapping

FATHER_LEUKAEMIA = {"relatives": [{"relation": "parent", "condition": "leukaemia"}]}


def test_father_with_leukaemia_lists_his_transplant_chance_on_the_page_and_in_the_pdf():
    res = evaluate(scenario_from_mapping(FATHER_LEUKAEMIA))
    assert "p_hsct_leukaemia" in parents_page_sources(res, "private_family_use", "public_helps", "public_family_use")
    assert "p_hsct_leukaemia" in family_parameters(res)
    label = load_region("cn").parameters["p_hsct_leukaemia"].label_in("en")
    assert label in {e.label for e in source_entries(res, Words("en", res.currency))}


def test_a_family_without_history_lists_no_sick_relative_parameter():
    res = evaluate(scenario_from_mapping({}))
    assert not [n for n in family_parameters(res) if n.startswith("p_hsct_")]
    assert set(family_parameters(res)) == set(res.sources["all"]) & set(load_region("cn").parameters)


def test_only_the_chosen_plans_fees_are_listed():
    res = evaluate(scenario_from_mapping({"fee_plan": "package_all_in", "parameters": {"fee_package_price": 30_000}}))
    listed = parents_page_sources(res, "cost")
    assert "fee_package_price" in listed and "fee_annual" not in listed and "fee_upfront" not in listed
