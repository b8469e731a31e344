"""The family and the offer as a parent enters them in the side panel (AppTest, no browser),
and the offers file."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from calculator.app.url_state import parse_query, to_query
from calculator.content.i18n import t
from calculator.content.notices import notice_text
from calculator.inputs.errors import InputError
from calculator.inputs.offers import OFFERS_FILE, offers_for, read_offers
from tests.app.apptest import run, side
from tests.app.states import planned, relatives, siblings


def verdict_code(at: AppTest, lang: str = "en") -> str:
    boxes = [b.value for b in at.success] + [b.value for b in at.info]
    from calculator.analysis.recommendation import CODES

    for code in CODES:
        if any(t(f"verdict.{code}", lang) in b for b in boxes):
            return code
    raise AssertionError(f"no verdict among {boxes}")


def test_thalassaemia_family_entered_through_the_widgets():
    at = run()
    assert verdict_code(at) == "prefer_public_donation"
    side(at).radio(key="w_first_en").set_value("no").run()
    side(at).number_input(key="w_siblings").set_value(1).run()
    side(at).radio(key="w_sick_en").set_value("yes").run()
    side(at).selectbox(key="w_r1_relation_en").select("full_sibling").run()
    side(at).selectbox(key="w_r1_condition_en").select("thalassaemia_major").run()
    side(at).number_input(key="w_r1_weight").set_value(18.0).run()
    side(at).radio(key="w_tested_en").set_value("yes").run()  # the carrier results are asked once a test was done
    side(at).selectbox(key="w_mother_en").select("beta_thalassaemia").run()
    side(at).selectbox(key="w_father_en").select("beta_thalassaemia").run()
    assert not at.exception
    qp = at.query_params
    assert qp["r1_relation"] == "full_sibling" and qp["r1_condition"] == "thalassaemia_major"
    assert qp["siblings"] == "1" and qp["mother"] == "beta_thalassaemia"
    assert verdict_code(at) == "collect_type_and_test"
    # the prenatal result is asked now that the family carries a recessive disorder
    side(at).selectbox(key="w_r1_hla_en").select("match").run()
    side(at).selectbox(key="w_newborn_en").select("unaffected").run()
    assert verdict_code(at) == "private_storage_clear_value"
    assert at.query_params["newborn"] == "unaffected" and at.query_params["r1_hla"] == "match"
    # the link reproduces the page
    again = run(dict(at.query_params))
    assert verdict_code(again) == "private_storage_clear_value"
    assert again.number_input(key="w_r1_weight").value == 18.0
    assert again.selectbox(key="w_newborn_en").value == "unaffected"


def test_prenatal_question_only_when_relevant():
    at = run()
    assert not [s for s in at.selectbox if s.key.startswith("w_newborn")]
    at = run({"mother": "beta_thalassaemia", "father": "beta_thalassaemia", "lang": "zh"})
    assert at.selectbox(key="w_newborn_zh").value == "unknown"


def test_adopted_child_with_leukaemia_prefers_public_donation():
    at = run({"lang": "zh"})
    at.radio(key="w_sick_zh").set_value("yes").run()
    at.selectbox(key="w_r1_relation_zh").select("unrelated").run()
    at.selectbox(key="w_r1_condition_zh").select("leukaemia").run()
    assert at.query_params["r1_relation"] == "unrelated"
    assert verdict_code(at, "zh") == "prefer_public_donation"
    # a child not related by blood cannot be "healthy" in this list: the disease list has no "none"
    assert "none" not in at.selectbox(key="w_r1_condition_zh").options


def test_bank_preset_sets_the_fees_and_plan():
    at = run()
    at.selectbox(key="w_offer_pick_cn_en").select("cn_shanghai").run()
    assert at.number_input(key="w_offer_fee_upfront").value == 6200
    assert at.number_input(key="w_offer_fee_annual").value == 1100
    assert at.number_input(key="w_offer_storage_years").value == 22
    assert at.query_params["offer"] == "cn_shanghai" and at.query_params["fee_upfront"] == "6200"
    assert any("yxbabe.com" in c.value for c in at.sidebar.caption)
    # the currency is on every money field's label
    labels = [n.label for n in at.sidebar.number_input if n.key.startswith("w_offer_fee")]
    assert labels and all("CNY" in lb or "yuan" in lb.lower() or "元" in lb for lb in labels), labels
    # a US prepaid plan: the package price field appears with the plan
    us = run({"region": "us"})
    us.selectbox(key="w_offer_pick_us_en").select("us_cbr_prepaid").run()
    assert us.selectbox(key="w_fee_plan_en").value == "package_all_in"
    assert us.number_input(key="w_offer_fee_package_price").value == 7385
    assert all("USD" in n.label or "dollar" in n.label.lower()
               for n in us.sidebar.number_input if n.key.startswith("w_offer_fee"))


HOSTILE = {
    "siblings": "eleven", "planned": "11", "r1_relation": "cousin<script>", "r1_condition": "flu",
    "r1_weight_kg": "-3", "r1_hla": "maybe", "r1_years": "99", "mother": "x", "father": "<b>",
    "newborn": "perhaps", "offer": "cn_atlantis", "fee_plan": "monthly", "r12_condition": "leukaemia",
}


def test_hostile_values_for_each_new_key_give_notices_and_keep_the_page():
    state, notices = parse_query(HOSTILE)
    fields = {n.field for n in notices}
    for key in ("siblings", "planned", "r1_relation", "r1_weight_kg", "r1_hla", "r1_years", "mother", "father",
                "newborn", "offer", "fee_plan", "r12_condition"):
        assert key in fields, (key, fields)
    for lang in ("en", "zh"):
        for n in notices:
            text = notice_text(n, lang, "cn")
            assert "<script>" not in text and "<b>" not in text and "{" not in text
    assert state.view.offer == "own" and state.scenario.fee_plan == "yearly" and state.scenario.parent_carriers.mother == "none"
    at = run(HOSTILE)
    assert verdict_code(at) in ("prefer_public_donation", "collect_and_hla_type", "collect_type_and_test")
    warn = "\n".join(w.value for w in at.warning)
    assert "`newborn`" in warn and "`offer`" in warn


def test_old_links_keep_working():
    old = {"sibling_count": "2", "s1_condition": "thalassaemia_major", "s1_hla": "match", "carriers": "beta_thalassaemia"}
    state, notices = parse_query(old)
    assert not notices
    assert siblings(state) == 2 and planned(state) == 0
    assert relatives(state)[0].condition == "thalassaemia_major" and relatives(state)[0].hla_match == "match"
    assert (state.scenario.parent_carriers.mother, state.scenario.parent_carriers.father) == ("beta_thalassaemia", "beta_thalassaemia")
    back, _ = parse_query(to_query(state))
    assert back == state


def test_offers_file_is_complete_and_checked(tmp_path):
    cn, us = offers_for("cn"), offers_for("us")
    assert len(cn) == 7
    assert {k: (o.fee_upfront, o.fee_annual, o.storage_years) for k, o in cn.items()} == {
        "cn_beijing": (5700, 500, 22), "cn_tianjin": (7300, 590, 22), "cn_shanghai": (6200, 1100, 22),
        "cn_shandong": (5400, 630, 18), "cn_guangdong": (3000, 980, 17), "cn_zhejiang": (5000, 620, 18),
        "cn_sichuan": (4600, 600, 18)}
    assert us["us_cbr_yearly"].fee_upfront == 1795 and us["us_cbr_yearly"].fee_annual == 400
    assert us["us_cbr_prepaid"].fee_package_price == 7385 and us["us_cbr_prepaid"].storage_years == 18
    for o in (*cn.values(), *us.values()):
        assert o.source and o.source_zh
    for o in cn.values():
        assert "not an official tariff" in o.source and "并非官方定价" in o.source_zh
    bad = tmp_path / "offers.yaml"
    text = OFFERS_FILE.read_text(encoding="utf-8")
    bad.write_text(text.replace("fee_annual: 1100", "fee_annual: -1100"), encoding="utf-8")
    with pytest.raises(InputError, match="cn_shanghai.fee_annual"):
        read_offers(bad)
    bad.write_text(text.replace("fee_plan: package_all_in\n    fee_package_price: 7385", "fee_plan: package_all_in"),
                   encoding="utf-8")
    with pytest.raises(InputError, match="us_cbr_prepaid"):
        read_offers(bad)


def test_carrier_results_are_asked_only_after_a_test():
    """No carrier test (the default): the two results are not asked and count as no known trait; a
    link with a result opens with the question answered yes and the result in its box."""
    at = run()
    assert at.radio(key="w_tested_en").value == "no"
    assert not [s for s in at.sidebar.selectbox if s.key in ("w_mother_en", "w_father_en")]
    linked = run({"mother": "beta_thalassaemia"})
    assert linked.radio(key="w_tested_en").value == "yes"
    assert linked.selectbox(key="w_mother_en").value == "beta_thalassaemia"
    assert linked.selectbox(key="w_father_en").value == "none"
    linked.radio(key="w_tested_en").set_value("no").run()
    assert "mother" not in linked.query_params
