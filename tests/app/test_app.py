"""The Streamlit app through Streamlit's AppTest (no browser): pages, languages, inputs, URL."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from calculator.content.i18n import t
from calculator.inputs.assumptions import REGIONS, load_region
from tests.app.apptest import html_texts, run, side


def verdict(at: AppTest) -> str:
    """The verdict box (info: prefer public; success: private storage has clear value)."""
    boxes = [b.value for b in at.success] + [b.value for b in at.info]
    return next(b for b in boxes if b.startswith("**"))


def all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    parts += [b.value for b in at.info] + [b.value for b in at.success] + [s.value for s in at.subheader]
    return "\n".join(parts + html_texts(at))


@pytest.mark.parametrize("page", ["parent", "counsellor"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_both_pages_run_in_both_languages(page, lang):
    at = run({"page": page, "lang": lang})
    assert t("verdict.prefer_public_donation", lang) in verdict(at)
    assert at.title[0].value == t("app.title", lang)
    assert at.query_params["lang"] == lang
    text = all_text(at)
    if page == "parent":
        assert t("app.freq.header", lang, denominator=10_000, years=int(load_region("cn")["storage_years"].value)) in text
        assert t("red_flag.title", lang) in [e.label for e in at.expander]
        assert len(at.get("plotly_chart")) == 4  # the 4 charts (the 3 icon arrays are pictures in the page)
        assert sum(h.proto.body.count('<img class="cb-icons"') for h in at.get("html")) == 3
    else:
        assert t("app.counsellor.params", lang) in [e.label for e in at.expander]
        assert len(at.get("plotly_chart")) >= 5  # tornado x2, two-way, plane, CEAC
        assert at.number_input(key="w_p_p_auto_use").value == pytest.approx(1.41e-4)
    if lang == "zh":
        # no English sentence leaks onto the Chinese page (source citations are in the expanders)
        leaked = [m for m in at.markdown if m.value.startswith("- ") and "the " in m.value]
        assert not leaked
        assert not english_leaks(at)


#: English unit words and raw identifiers that must not appear on a Chinese page.
LEAK = re.compile(r"\b(probability|per year|years?|cells?|fraction|utility)\b|\b[a-z]+(?:_[a-z0-9]+)+\b", re.IGNORECASE)


def _citations() -> list[str]:
    """Source citations (quoted as published, in English) and their links: allowed anywhere."""
    out = []
    for region in REGIONS:
        for p in load_region(region).parameters.values():
            out += [" ".join(p.source.split()), p.source.strip()] + ([p.url] if p.url else [])
    return sorted(set(out), key=len, reverse=True)


def english_leaks(at: AppTest) -> list[str]:
    """Texts on the page (outside citations) that contain an English unit word or an identifier."""
    texts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "info", "success", "error")
             for e in getattr(at, kind)] + html_texts(at)
    for kind in ("number_input", "selectbox", "checkbox", "expander", "text_area", "button", "radio", "slider",
                 "toggle", "multiselect", "text_input", "download_button"):
        for e in at.get(kind):
            proto = getattr(e, "proto", None)
            texts += [str(getattr(e, "label", "") or getattr(proto, "label", "") or ""), str(getattr(proto, "help", "") or "")]
            texts += [str(o) for o in (getattr(proto, "options", None) or [])]
    cites = _citations()
    leaks = []
    for text in texts:
        for c in cites:
            text = text.replace(c, "")
        text = re.sub(r"https?://\S+", "", text)
        if LEAK.search(text):
            leaks.append(text)
    return leaks


@pytest.mark.parametrize("query", [{}, {"s1_condition": "thalassaemia_major", "carriers": "beta_thalassaemia", "s1_hla": "match"}])
@pytest.mark.parametrize("page", ["parent", "counsellor"])
def test_chinese_pages_show_no_english_units_or_identifiers(page, query):
    at = run({"page": page, "lang": "zh", **query})
    assert not english_leaks(at)


def reasons(at: AppTest) -> list[str]:
    """The verdict's reasons: the lines of the markdown list under "Why"."""
    return [line.removeprefix("- ") for m in at.markdown for line in m.value.split("\n") if line.startswith("- ")]


def test_a_sick_sibling_who_may_match_changes_the_verdict_and_a_mismatch_changes_it_back():
    at = run({"lang": "en"})
    assert verdict(at) == f"**{t('verdict.prefer_public_donation', 'en')}**"
    side(at).number_input(key="w_planned").set_value(0).run()
    side(at).radio(key="w_sick_en").set_value("yes").run()
    side(at).selectbox(key="w_r1_condition_en").select("thalassaemia_major").run()
    # HLA not known yet, and the baby may have the thalassaemia both parents carry (a brother
    # with it: 1 in 4): collect, have the baby typed and tested
    assert verdict(at) == f"**{t('verdict.collect_type_and_test', 'en')}**"
    assert at.query_params["r1_condition"] == "thalassaemia_major" and at.query_params["siblings"] == "1"
    sibling = {"n": 1, "relation": "relation.full_sibling", "condition": "condition.thalassaemia_major"}
    assert t("reason.relative_match_unknown", "en", **sibling, p=0.25) in reasons(at)
    side(at).selectbox(key="w_r1_hla_en").select("match").run()
    # a match, but the baby is not yet tested for the thalassaemia: the open question is the test alone
    assert verdict(at) == f"**{t('verdict.collect_and_test_newborn', 'en')}**"
    assert t("reason.relative_match_if_unaffected", "en", **sibling, disorder="condition.thalassaemia_major") in reasons(at)
    assert t("reason.relative_match_unknown", "en", **sibling, p=0.25) not in reasons(at)
    side(at).selectbox(key="w_r1_hla_en").select("mismatch").run()
    assert verdict(at) == f"**{t('verdict.prefer_public_donation', 'en')}**"
    assert t("reason.relative_mismatch", "en", **sibling) in reasons(at)
    assert not at.exception


def test_hostile_query_shows_a_notice_and_falls_back():
    q = {"fee_upfront": "<script>alert(1)</script>", "sibling_count": "999", "lang": "xx",
         "<b>x</b>": "1", "s1_weight_kg": "9" * 5000, "wtp_per_qaly": "-1"}
    at = run(q)
    warning = at.warning[0].value
    for field in ("fee_upfront", "sibling_count", "lang", "s1_weight_kg", "wtp_per_qaly"):
        assert f"`{field}`" in warning
    assert "0 to 100,000,000" in warning  # the allowed range of the fee
    assert "<script>" not in warning and "alert" not in warning and "<b>" not in warning and "99999" not in warning
    assert at.number_input(key="w_offer_fee_upfront").value == 5700
    # an older link (s1_...) describes one brother or sister and no planned children
    assert at.number_input(key="w_siblings").value == 1 and at.number_input(key="w_planned").value == 0
    # the URL is rewritten with the clean state: the hostile values are gone
    assert dict(at.query_params) == {"lang": "en", "region": "cn", "siblings": "1", "planned": "0"}
    # nothing on the page renders user text as HTML
    assert all(not getattr(m.proto, "allow_html", False) for m in at.markdown)


def test_inputs_go_into_the_url_and_the_link_reproduces_the_page():
    at = run({"lang": "zh"})
    side(at).radio(key="w_sick_zh").set_value("yes").run()
    side(at).selectbox(key="w_r1_condition_zh").select("leukaemia").run()
    side(at).number_input(key="w_r1_weight").set_value(35.0).run()
    side(at).number_input(key="w_offer_fee_upfront").set_value(9800).run()
    side(at).radio(key="w_tested_zh").set_value("yes").run()  # the carrier results are asked once a test was done
    side(at).selectbox(key="w_mother_zh").select("alpha_thalassaemia").run()
    side(at).selectbox(key="w_father_zh").select("alpha_thalassaemia").run()
    query = dict(at.query_params)
    assert query == {"lang": "zh", "region": "cn", "siblings": "1", "r1_relation": "full_sibling",
                     "r1_condition": "leukaemia", "r1_weight_kg": "35", "mother": "alpha_thalassaemia",
                     "father": "alpha_thalassaemia", "fee_upfront": "9800"}
    first = verdict(at), all_text(at)
    again = run(query)
    assert (verdict(again), all_text(again)) == first
    assert again.number_input(key="w_r1_weight").value == 35.0


def test_language_switch_keeps_the_inputs():
    at = run({"lang": "en", "s1_condition": "sickle_cell_disease"})
    at.button_group(key="w_lang").set_value("zh").run()
    assert not at.exception
    assert at.query_params["lang"] == "zh"
    assert at.selectbox(key="w_r1_condition_zh").value == "sickle_cell_disease"
    assert verdict(at) == f"**{t('verdict.collect_type_and_test', 'zh')}**"
    assert at.title[0].value == t("app.title", "zh")


def test_region_switch_uses_the_new_regions_prices():
    at = run({"lang": "en", "fee_upfront": "9000"})
    at.selectbox(key="w_region_en").select("us").run()
    assert at.number_input(key="w_offer_fee_upfront").value == pytest.approx(load_region("us")["fee_upfront"].value)
    assert "fee_upfront" not in at.query_params
    assert t("app.notice.region_changed", "en") in [b.value for b in at.info]
    assert "USD" in all_text(at)


def test_counsellor_edits_a_parameter_and_resets():
    at = run({"page": "counsellor", "lang": "en"})
    at.number_input(key="w_p_p_auto_use").set_value(0.001).run()
    assert at.query_params["p_auto_use"] == "0.001"
    assert t("app.counsellor.changed_count", "en", n=1) in all_text(at)
    at.button(key="reset_params").click().run()
    assert not at.exception
    assert "p_auto_use" not in at.query_params
    assert at.number_input(key="w_p_p_auto_use").value == pytest.approx(1.41e-4)
    assert t("app.counsellor.reset_done", "en") in [b.value for b in at.success]


def test_counsellor_page_offers_save_and_a_share_link():
    at = run({"page": "counsellor", "lang": "en", "s1_condition": "leukaemia"})
    code = at.get("code")
    assert code and "r1_condition=leukaemia" in code[0].value and "page=counsellor" in code[0].value
    labels = [b.proto.label for b in at.get("download_button")]
    assert t("app.counsellor.save_yaml", "en") in labels and t("app.counsellor.save_json", "en") in labels


def test_zero_siblings_and_many_siblings():
    at = run({"sibling_count": "0", "lang": "en"})
    assert all(not s.key.startswith("w_r1_") for s in at.selectbox)
    assert at.radio(key="w_first_en").value == "yes"
    at = run({"sibling_count": "10", "s10_condition": "leukaemia", "s10_hla": "match", "lang": "en"})
    assert at.number_input(key="w_siblings").value == 10
    assert at.selectbox(key="w_r1_condition_en").value == "leukaemia"
    assert verdict(at) == f"**{t('verdict.private_storage_clear_value', 'en')}**"
