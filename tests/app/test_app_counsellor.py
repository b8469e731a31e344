"""The counsellor's page through Streamlit's AppTest: the order of a consultation, the answer
for each HLA result, the comparison with directed donation, the validation table, and file
loads that say exactly what happened."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from calculator.analysis.validation import validate
from calculator.app.counsellor_files import load_outcome, scenario_file_name
from calculator.content.i18n import t
from calculator.content.notices import Notice
from tests.app.apptest import captions, headings, run

THAL = {"page": "counsellor", "carriers": "beta_thalassaemia", "sibling_count": "1",
        "s1_condition": "thalassaemia_major", "s1_weight_kg": "18"}



def tables_html(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown if "cb-table" in m.value)


@pytest.fixture(scope="module", params=["en", "zh"])
def thal(request):
    return request.param, run({**THAL, "lang": request.param})


def test_sections_in_the_order_of_a_consultation(thal):
    lang, at = thal
    heads = headings(at)
    wanted = [t("app.counsellor.family", lang), t("app.counsellor.conditional", lang), t("app.counsellor.comparison", lang),
              t("app.counsellor.relatives_table", lang), t("validation.title", lang), t("app.counsellor.analyses", lang),
              t("app.counsellor.save", lang)]
    assert [h for h in heads if h in wanted] == wanted
    # the editor comes after the answer, folded away when the page opens (and then it makes no inputs)
    folded = run({**THAL, "lang": lang}, expanded=False)
    editor = [e for e in folded.expander if e.label == t("app.counsellor.params", lang)]
    assert len(editor) == 1 and editor[0].proto.expanded is False and not editor[0].children
    assert any(k.startswith("w_p_") for k in at.session_state)
    assert not any(k.startswith("w_p_") for k in folded.session_state)


def test_the_acceptability_curves_band_and_comparator_are_explained(thal):
    """The shaded band of the acceptability curve is said in words, and so is what the
    uncertainty charts compare (private storage against public donation) when a relative is ill."""
    lang, at = thal
    notes = captions(at)
    # the thalassaemia family's verdict keeps the unit through directed donation: the curve compares with it
    assert t("report.ceac_caption_directed", lang) + " " + t("app.counsellor.plane_caption", lang) in notes


def test_conditional_answer_side_by_side_while_hla_unknown(thal):
    lang, at = thal
    text = "\n".join(m.value for m in at.markdown)
    assert t("app.counsellor.if_match", lang) in text and t("app.counsellor.if_mismatch", lang) in text
    assert t("app.counsellor.short_private_storage_clear_value", lang) in text  # a match: keep it
    assert t("app.counsellor.short_prefer_public_donation", lang) in text  # not a match: donate
    assert t("verdict.collect_type_and_test", lang) in "\n".join(b.value for b in at.info)


def test_no_conditional_answer_once_hla_is_known():
    at = run({**THAL, "s1_hla": "match", "lang": "en"})
    heads = headings(at)
    assert t("app.counsellor.conditional", "en") not in heads


def test_comparison_table_has_directed_donation_and_one_format_per_column(thal):
    lang, at = thal
    html = tables_html(at)
    for name in ("private", "public", "directed", "none"):
        assert t(f"strategy.{name}", lang) in html
    assert "e-0" not in html and "QALY (" not in html and "quality-adjusted days" not in html
    assert t("app.counsellor.col_qaly_days", lang) in html
    # relatives as modelled, every factor of the chance of use
    for col in ("p_need", "p_match", "p_unaffected", "p_dose", "p_contract", "p_use_sib"):
        assert t(f"app.counsellor.col_{col}", lang) in html
    assert t("condition.thalassaemia_major", lang) in html


def test_validation_table(thal):
    lang, at = thal
    rows = validate().rows
    # an HTML table of the page's own (cards on a phone), one row per check, the ratio column as the CLI prints it
    tables = [m.value for m in at.markdown if "class='cb-table cb-validation" in m.value]
    assert len(tables) == 1
    head, body = tables[0].split("<tbody>")
    assert body.count("<tr>") == len(rows)
    ratio = t("validation.columns.ratio", lang)
    assert [html.unescape(x) for x in re.findall(r"data-label='" + re.escape(html.escape(ratio, quote=True)) + r"[^']*'[^>]*>([^<]*)</td>", body)] == [
        f"{r.ratio:.2f}" for r in rows]
    for col in (t("validation.columns.published", lang), t("validation.columns.model", lang), t("validation.columns.band", lang),
                t("validation.columns.agrees", lang), t("app.counsellor.col_source", lang)):
        assert f">{html.escape(col)}</th>" in head


def test_thresholds_only_for_numbers_that_can_vary(thal):
    lang, at = thal
    text = "\n".join(m.value for m in at.markdown)
    from calculator.inputs.assumptions import load_region

    a = load_region("cn")
    for constant in ("p_affected_if_both_carriers", "p_hla_identical_sibling"):
        if constant in a:
            assert a[constant].label_in(lang) + ":" not in text and a[constant].label_in(lang) + "：" not in text


def test_wording_and_uploader_limit(thal):
    lang, at = thal
    assert at.number_input(key="psa_n").label == t("app.counsellor.psa_draws", lang)
    assert "Simulated families" not in t("app.counsellor.psa_draws", "en")
    notes = "\n".join(captions(at))
    assert t("app.counsellor.load_limit", lang, kib=64) in notes


GOOD = b"""region: cn
parents_carriers: beta_thalassaemia
siblings:
  - condition: thalassaemia_major
    weight_kg: 18
    hla_match: match
parameters:
  fee_annual: 600
"""


def load(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="upload_scenario").set_value((name, data, "application/x-yaml"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_load_a_good_file():
    at = load(run({"page": "counsellor", "lang": "en"}), "family.yaml", GOOD)
    assert t("app.counsellor.load_ok", "en") in [s.value for s in at.success]
    assert at.query_params["r1_condition"] == "thalassaemia_major" and at.query_params["fee_annual"] == "600"
    assert not at.warning


def test_load_with_one_bad_field_names_it_and_keeps_the_sick_sibling():
    bad = GOOD.replace(b"weight_kg: 18", b"weight_kg: 500")
    at = load(run({"page": "counsellor", "lang": "en"}), "family.yaml", bad)
    warned = "\n".join(w.value for w in at.warning)
    assert t("app.counsellor.load_dropped", "en", n=1, fields="`s1_weight_kg`") in warned
    assert "scenario loaded." not in warned.lower().replace("scenario loaded, except", "")
    assert not at.success  # never "loaded" beside the warning
    assert at.query_params["r1_condition"] == "thalassaemia_major"  # the sick sibling stays
    assert at.query_params["r1_hla"] == "match"


@pytest.mark.parametrize("data", [b"region: [unclosed", b"x" * (64 * 1024 + 10)])
def test_a_refused_file_changes_nothing(data):
    at = run({**THAL, "lang": "zh"})
    before = dict(at.query_params)
    at = load(at, "bad.yaml", data)
    assert any(t("app.counsellor.load_refused", "zh") in e.value for e in at.error)
    assert not at.success
    assert dict(at.query_params) == before


def test_outcome_and_file_name_rules():
    assert load_outcome([]) == "loaded"
    assert load_outcome([Notice("bad_weight", "s1_weight_kg")]) == "loaded_with_dropped"
    assert load_outcome([Notice("file_unreadable")]) == "refused"
    assert scenario_file_name("yaml", dt.date(2026, 11, 30)) == "cord-blood-scenario-2026-11-30.yaml"


def test_a_value_set_in_the_editor_stays_when_the_editor_is_closed_and_reopened():
    at = run({"page": "counsellor", "lang": "en"})  # the editor open
    at.number_input(key="w_p_p_auto_use").set_value(3e-4).run()
    assert float(at.query_params["p_auto_use"]) == pytest.approx(3e-4)
    at.session_state["x_editor"] = False
    at.run()
    assert not at.exception and "w_p_p_auto_use" not in at.session_state
    assert float(at.query_params["p_auto_use"]) == pytest.approx(3e-4)  # still the family's value
    at.session_state["x_editor"] = True
    at.run()
    assert at.number_input(key="w_p_p_auto_use").value == pytest.approx(3e-4)
