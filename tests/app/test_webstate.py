"""URL query parameters and scenario files -> app state: validation, fallbacks, round trips."""

from __future__ import annotations

import json
import re

import pytest

from calculator.app.counsellor_files import state_from_scenario_text
from calculator.app.family_form import region_changed
from calculator.app.state import default_state, language_from_browser, run_scenario, set_parameter
from calculator.app.url_state import MAX_KEYS, parse_query, to_query
from calculator.content.i18n import t
from calculator.content.notices import notice_text, safe_field_name
from calculator.content.units import format_parameter, unit_name
from calculator.inputs.assumptions import load_region
from calculator.inputs.scenario_files import dump_scenario, read_scenario_text
from tests.app.states import family, planned, rel, relatives, siblings

HOSTILE = {
    "fee_upfront": "<script>alert(1)</script>",
    "sibling_count": "999",
    "lang": "xx",
}


def codes(notices):
    return [(n.code, n.field) for n in notices]


def test_empty_query_gives_the_region_defaults_without_notices():
    state, notices = parse_query({}, browser_lang="zh")
    assert notices == []
    assert state == default_state("cn", "zh")
    # nothing answered: planned children not entered, and the scenario leaves the region's assumed
    # n_siblings, exactly as the command line does with no scenario
    assert planned(state) is None and siblings(state) == 0
    assert "n_siblings" not in run_scenario(state).parameters
    assert state.params == {}


def test_hostile_query_falls_back_per_field_and_names_each_field():
    state, notices = parse_query(HOSTILE, browser_lang="en")
    assert state == default_state("cn", "en")
    assert set(codes(notices)) == {("bad_parameter", "fee_upfront"), ("bad_count", "sibling_count"), ("bad_choice", "lang")}
    for lang in ("en", "zh"):
        texts = [notice_text(n, lang, state.region) for n in notices]
        joined = "\n".join(texts)
        assert "<script>" not in joined and "alert" not in joined and "999" not in joined
        fee = next(x for x in texts if "fee_upfront" in x)
        assert "0" in fee and "100,000,000" in fee and f"{unit_name('CNY', lang, 'CNY')}" in fee  # the allowed range
        assert load_region("cn")["fee_upfront"].label_in(lang) in fee
        assert format_parameter(5700, "CNY", lang, "CNY") in fee  # the default that is used instead
    count = next(x for x in (notice_text(n, "en") for n in notices) if "sibling_count" in x)
    assert "0 to 10" in count


@pytest.mark.parametrize("raw", ["abc", "1e999", "nan", "-5", "1e9", "", "  ", "5" * 200, "0x10", "1,2,3,4,5,6,7,8,9" * 10])
def test_bad_numbers_keep_the_default(raw):
    state, notices = parse_query({"fee_upfront": raw})
    assert "fee_upfront" not in state.params
    assert codes(notices) == [("bad_parameter", "fee_upfront")]


def test_good_numbers_are_read_with_separators_and_defaults_are_not_kept():
    state, notices = parse_query({"fee_upfront": "6,200", "fee_annual": "500", "storage_years": "20"})
    assert notices == []
    assert state.params == {"fee_upfront": 6200.0, "storage_years": 20.0}  # 500 is the default


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_notices_name_choices_and_units_in_the_page_language(lang):
    q = {"s1_condition": "cancer", "s1_hla": "yes", "carriers": "x", "region": "fr", "page": "q",
         "p_auto_use": "7", "storage_years": "0.5", "tnc_median_cells": "1", "discount_rate": "9", "fee_annual": "-1"}
    state, notices = parse_query(q)
    texts = {n.field: notice_text(n, lang, state.region) for n in notices}
    assert set(texts) == set(q)
    for field, kind, ids in (("s1_condition", "condition", ("none", "thalassaemia_major", "leukaemia")),
                             ("s1_hla", "hla", ("unknown", "match", "mismatch")),
                             ("carriers", "carrier", ("none", "beta_thalassaemia", "sickle_cell")),
                             ("region", "region", ("cn", "us"))):
        text = texts[field]
        assert f"`{field}`" in text and " | " not in text
        for i in ids:  # the translated name, then the identifier to type in brackets
            name = t(f"{kind}.{i}", lang)
            assert (f"{name}\uff08`{i}`\uff09" if lang == "zh" else f"{name} (`{i}`)") in text
    assert t("app.pages.counsellor", lang) in texts["page"]
    a = load_region("cn")
    for name in ("p_auto_use", "storage_years", "tnc_median_cells", "discount_rate", "fee_annual"):
        p = a[name]
        text = texts[name]
        assert f"`{name}`" in text and p.label_in(lang) in text
        assert f"({unit_name(p.unit, lang, a.currency)})" in text.replace("\uff08", "(").replace("\uff09", ")")
        assert format_parameter(p.value, p.unit, lang, a.currency) in text
    if lang == "zh":
        joined = "\n".join(texts.values())
        assert not re.search(r"\b(probability|per year|years?|cells?|fraction|utility|CNY)\b", joined)
        # identifiers appear only as code, in brackets after their Chinese name (or as the field)
        assert not re.search(r"(?<!`)\b[a-z]+(?:_[a-z0-9]+)+\b(?!`)", joined)


def test_whole_number_parameter_rejects_fractions():
    state, notices = parse_query({"storage_years": "18.5"})
    assert codes(notices) == [("bad_parameter_whole", "storage_years")]
    assert "1 to 50" in notice_text(notices[0], "en")


def test_unknown_and_unreadable_keys_are_ignored_without_echo():
    state, notices = parse_query({"colour": "red", "<img src=x onerror=alert(1)>": "1", "n_siblings": "2", "x" * 500: "1"})
    assert state == default_state()
    assert codes(notices) == [("unknown_key", "colour"), ("unknown_key", ""), ("unknown_key", "n_siblings"), ("unknown_key", "")]
    for n in notices:
        for lang in ("en", "zh"):
            text = notice_text(n, lang)
            assert "<" not in text and "onerror" not in text and "x" * 50 not in text


def test_safe_field_name():
    assert safe_field_name("fee_upfront") == "fee_upfront"
    assert safe_field_name("a`b") == ""
    assert safe_field_name("x" * 41) == ""
    assert safe_field_name(3) == ""


def test_siblings_from_the_query():
    q = {"sibling_count": "2", "s1_condition": "thalassaemia_major", "s1_hla": "match", "s1_weight_kg": "18",
         "s2_condition": "cancer", "s3_hla": "match", "s2_weight_kg": "999", "carriers": "beta_thalassaemia"}
    state, notices = parse_query(q)
    assert siblings(state) == 2 and planned(state) == 0
    assert relatives(state) == (rel("full_sibling", "thalassaemia_major", 18.0, "match"),)
    assert (state.scenario.parent_carriers.mother, state.scenario.parent_carriers.father) == ("beta_thalassaemia", "beta_thalassaemia")
    assert set(codes(notices)) == {("bad_choice", "s2_condition"), ("sibling_out_of_range", "s3_hla"),
                                   ("bad_weight", "s2_weight_kg")}
    text = notice_text(next(n for n in notices if n.code == "bad_weight"), "en")
    assert "2 to 150" in text


def test_repeated_keys_use_the_last_value_and_too_many_keys_are_capped():
    state, _ = parse_query({"region": ["cn", "us"]})
    assert state.region == "us"
    many = {f"k{i}": "1" for i in range(MAX_KEYS + 50)}
    _, notices = parse_query(many)
    assert notices[0].code == "too_many_keys"
    assert len(notices) == 1 + MAX_KEYS


def test_query_round_trip_reproduces_the_state():
    state = family(lang="zh", page="counsellor", region="us", mother="sickle_cell", father="unknown",
                     siblings=2, planned=2, newborn="affected", offer="us_cbr_prepaid",
                     fee_plan="package_plus_first_payment",  # the plan that charges the first payment below
                     relatives=(rel(condition="sickle_cell_disease", weight_kg=22.5, years=2.0),
                                rel(hla="mismatch"), rel("unrelated", "leukaemia")),
                     params={"fee_upfront": 2100.0, "p_auto_use": 2.5e-4, "fee_package_price": 7385.0,
                             "storage_years": 18.0})
    q = to_query(state)
    assert q["lang"] == "zh" and q["page"] == "counsellor" and q["r1_weight_kg"] == "22.5" and q["r1_years"] == "2"
    assert q["r3_relation"] == "unrelated" and q["siblings"] == "2" and q["planned"] == "2"
    back, notices = parse_query(q)
    assert notices == []
    assert back == state


def test_default_query_is_short():
    assert to_query(default_state("cn", "en")) == {"lang": "en", "region": "cn"}


def test_scenario_file_round_trip_in_the_cli_format():
    state = family(region="cn", mother="beta_thalassaemia", father="beta_thalassaemia", siblings=1, planned=2,
                     newborn="unaffected", relatives=(rel(condition="thalassaemia_major", weight_kg=18.0),),
                     params={"fee_annual": 1100.0})
    for fmt in ("yaml", "json"):
        text = dump_scenario(run_scenario(state), fmt)
        assert read_scenario_text(text, source="x").to_dict() == run_scenario(state).to_dict()  # the CLI reads it
        back, notices = state_from_scenario_text(text)
        assert notices == []
        assert back == state


def test_the_most_children_beside_ten_sick_relatives_are_all_saved():
    """10 brothers and sisters and 10 sick relatives (the side panel's two limits): every one is
    in the scenario and comes back from the saved file (the list had been cut to 10 without a word)."""
    sick = tuple(rel(relation="parent", condition="leukaemia") for _ in range(2)) + tuple(
        rel(relation="other_relative", condition="leukaemia") for _ in range(8))
    state = family(region="cn", siblings=10, planned=0, relatives=sick)
    sc = run_scenario(state)
    assert len(sc.relatives) == 20
    assert sum(r.relation == "full_sibling" for r in sc.relatives) == 10
    back, notices = state_from_scenario_text(dump_scenario(sc))
    assert notices == [] and siblings(back) == 10 and len(relatives(back)) == 10


def test_default_family_saves_without_a_sibling_list_and_counts_round_trip():
    sc = run_scenario(default_state())
    assert sc.siblings is None and sc.relatives is None and sc.parameters == {}
    three = family(siblings=2, planned=1)
    sc3 = run_scenario(three)
    assert sc3.parameters == {"n_siblings": 3.0}
    back, notices = state_from_scenario_text(dump_scenario(sc3))
    assert notices == [] and siblings(back) + planned(back) == 3


def test_bad_file_fields_fall_back_one_by_one():
    data = {
        "region": "cn",
        "parents_carriers": "martian",
        "siblings": [{"condition": "thalassaemia_major", "weight_kg": "heavy", "hla_match": "match", "eyes": "blue"}],
        "parameters": {"fee_upfront": "<script>", "fee_annual": 800, "p_auto_use": 7, "nope": 1},
        "extra": True,
    }
    state, notices = state_from_scenario_text(json.dumps(data))
    assert relatives(state) == (rel("full_sibling", "thalassaemia_major", None, "match"),)
    assert (state.scenario.parent_carriers.mother, state.scenario.parent_carriers.father) == ("none", "none")
    assert state.params == {"fee_annual": 800.0}
    assert set(codes(notices)) == {
        ("unknown_key", "extra"), ("bad_choice", "parents_carriers"), ("unknown_key", "eyes"),
        ("bad_weight", "s1_weight_kg"), ("bad_parameter", "fee_upfront"), ("bad_parameter", "p_auto_use"),
        ("unknown_key", "nope"),
    }
    assert all("<script>" not in notice_text(n, "zh") for n in notices)


@pytest.mark.parametrize("text, code", [
    ("a: [", "file_unreadable"),
    ("a: 1\na: 2\n", "file_unreadable"),
    ("- 1\n- 2\n", "file_not_mapping"),
    ("x" * (70 * 1024), "file_too_large"),
])
def test_unreadable_files_give_defaults_and_one_notice(text, code):
    state, notices = state_from_scenario_text(text, lang="zh")
    assert state == default_state("cn", "zh")
    assert codes(notices) == [(code, "")]
    assert notice_text(notices[0], "zh")


def test_too_many_siblings_in_a_file_are_cut():
    state, notices = state_from_scenario_text(json.dumps({"siblings": [{}] * 12}))
    assert siblings(state) == 10
    assert codes(notices) == [("bad_count", "siblings")]


@pytest.mark.parametrize("locale, header, lang", [
    ("zh-CN", None, "zh"), ("en-US", "zh-CN", "en"), (None, "zh-CN,zh;q=0.9,en;q=0.8", "zh"),
    (None, "fr-FR,en;q=0.5,zh;q=0.4", "en"), (None, "fr;q=1,zh-TW;q=0.9", "zh"), (None, None, "en"),
    ("de-DE", None, "en"), (None, "en;q=0.2,zh;q=0.8", "zh"), (None, "zh;q=abc,en", "en"),
])
def test_language_from_browser(locale, header, lang):
    assert language_from_browser(locale, header) == lang


def test_region_change_resets_regional_numbers_and_keeps_clinical_ones():
    state = set_parameter(set_parameter(default_state("cn"), "fee_upfront", 9000), "p_auto_use", 3e-4)
    us = region_changed(state, "us")
    assert us.region == "us" and us.params == {"p_auto_use": 3e-4}


def test_set_parameter_back_to_default_clears_the_override():
    a = load_region("cn")
    s = set_parameter(default_state(), "fee_upfront", 9000)
    assert s.params == {"fee_upfront": 9000.0}
    assert set_parameter(s, "fee_upfront", a["fee_upfront"].value).params == {}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_notice_code_has_a_text(lang):
    from calculator.content.i18n import catalogue

    keys = {k.removeprefix("app.notice.") for k in catalogue(lang) if k.startswith("app.notice.")}
    for code in ("bad_parameter", "bad_parameter_whole", "bad_choice", "bad_count", "bad_weight", "sibling_out_of_range",
                 "unknown_key", "unknown_key_unreadable", "too_many_keys", "file_not_mapping", "bad_mapping",
                 "n_siblings_ignored", "file_too_large", "file_unreadable", "region_changed"):
        assert code in keys
