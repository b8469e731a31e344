"""The parents' page (issue 11): plain words outside one expander, the source's advice on every
page, both HLA cases for a sick relative of unknown match, and icon arrays that show the count
the PDF shows (the shared rounding of :mod:`calculator.content.icons`)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from calculator.analysis.evaluate import evaluate
from calculator.app.parent_page import HEALTH_ECONOMICS_TERMS
from calculator.app.state import run_scenario
from calculator.app.url_state import parse_query
from calculator.content.i18n import t
from calculator.content.icons import icon_count
from tests.app.apptest import html_texts, open_expanders
from tests.present import webcharts as F

ROOT = Path(__file__).resolve().parents[2]
SICK_UNKNOWN = {"s1_condition": "thalassaemia_major"}


def run(lang: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return open_expanders(at)


def _texts(node) -> list[str]:
    """Every text a person reads in ``node`` (markdown, captions, alerts, headers, expander labels)."""
    out = []
    for kind in ("markdown", "caption", "info", "success", "warning", "subheader", "header", "title"):
        out += [str(e.value) for e in getattr(node, kind)]
    return out + html_texts(node)


def main_body(at: AppTest, lang: str) -> str:
    """The page's text outside the health-economics expander (the side panel is not part of it)."""
    he_title = t("app.parent.he_title", lang)
    inside = set()
    for exp in at.main.expander:
        if exp.label == he_title:
            inside.update(_texts(exp))
    body = [x for x in _texts(at.main) if x not in inside]
    body += [e.label for e in at.main.expander]
    return "\n".join(body)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("query", [{}, SICK_UNKNOWN, {"s1_condition": "leukaemia", "s1_hla": "match"}])
def test_main_body_has_no_health_economics_terms(lang, query):
    at = run(lang, **query)
    body = main_body(at, lang)
    for term in HEALTH_ECONOMICS_TERMS:
        assert term.lower() not in body.lower(), f"{term!r} on the parents' page outside the expander"
    # ... and the expander is there, titled, holding them
    he = [e for e in at.main.expander if e.label == t("app.parent.he_title", lang)]
    assert len(he) == 1
    assert "QALY" in "\n".join(_texts(he[0]))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_default_page_says_when_keeping_cord_blood_makes_sense(lang):
    at = run(lang)
    texts = "\n".join(_texts(at.main))
    assert t("app.when.header", lang) in texts
    for k in ("donate", "private", "licensed"):
        assert t(f"app.when.{k}", lang) in texts
    # the one main number: whole families like yours over the contract (numbers.format_frequency,
    # as in the PDF), with its range in the same style
    first = at.main.markdown[0].value
    assert ("families like yours" in first) if lang == "en" else ("像您这样的家庭中" in first)
    assert ("(range: " in first) if lang == "en" else ("可能范围" in first)
    assert "likely between" not in first and not re.search(r"\d\.\d+ (?:of|个)", first)
    # "it informs; it does not prescribe" once on the page
    phrase = "informs" if lang == "en" else "提供信息"
    assert "\n".join(_texts(at)).count(phrase) == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sick_relative_with_unknown_match_shows_both_cases(lang):
    at = run(lang, **SICK_UNKNOWN)
    texts = "\n".join(_texts(at.main))
    # each icon array's caption is on the page (the count it states is the one drawn)
    for row in F.frequency_rows(evaluate(run_scenario(parse_query(SICK_UNKNOWN)[0]))):
        assert F.icon_caption(row.p, years=22, lang=lang) in texts
    assert t("app.when.if_match", lang) in texts and t("app.when.if_mismatch", lang) in texts
    state, _ = parse_query(SICK_UNKNOWN)
    res = evaluate(run_scenario(state))
    assert res.conditional is not None
    for case in (res.conditional.if_match, res.conditional.if_mismatch):
        assert t(f"app.when.case_{case.code}", lang) in texts
    assert res.conditional.if_match.code != res.conditional.if_mismatch.code


def test_red_flags_are_open_and_name_cord_tissue_add_ons():
    at = run("en")
    flags = [e for e in at.main.expander if e.label == t("red_flag.title", "en")]
    assert len(flags) == 1 and flags[0].proto.expanded
    assert t("red_flag.cord_tissue", "en") in "\n".join(_texts(flags[0]))


# --------------------------------------------------------------------------- icon arrays
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_icon_arrays_are_drawn_with_their_words_in_one_element(lang):
    # the three arrays, their titles, captions and counts: one element on the page (each element
    # costs the server on every run), each picture named by its caption for a screen reader
    at = run(lang, **SICK_UNKNOWN)
    panels = [h.proto.body for h in at.main.get("html") if h.proto.body.startswith("<div class=\"cb-icon-panels\"")]
    assert len(panels) == 1 and panels[0].count('<img class="cb-icons"') == 3
    res = evaluate(run_scenario(parse_query(SICK_UNKNOWN)[0]))
    for row in F.frequency_rows(res):
        caption = F.icon_caption(row.p, years=22, lang=lang)
        assert f'alt="{html.escape(caption)}"' in panels[0]
        assert html.escape(t("app.fig.icon_short", lang, n=icon_count(row.p)), quote=False) in panels[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_money_axes_use_k_m_or_wan_yi_and_log_titles_match_log_axes(lang):
    state, _ = parse_query({})
    res = evaluate(run_scenario(state))
    pr = res.strategies["private"]
    cost = F.cost_schedule_chart(res.cost_schedule, currency="CNY", lang=lang)
    ticks = list(cost.layout.yaxis.ticktext)
    assert any(("k" in x) if lang == "en" else ("万" in x) for x in ticks)
    cpu = F.cost_per_use_chart(pv_cost=pr.pv_cost, p_family_use=pr.p_family_use, currency="CNY", lang=lang)
    word = "log scale" if lang == "en" else "对数刻度"
    for axis in (cpu.layout.xaxis, cpu.layout.yaxis):
        assert (word in axis.title.text.replace("<br>", " " if lang == "en" else "")) == (axis.type == "log")
    for fig in (cost, F.use_by_age_chart(res.use_by_age, lang=lang)):
        for axis in (fig.layout.xaxis, fig.layout.yaxis):
            assert word not in ((axis.title.text if axis.title else "") or "")
            assert axis.type != "log"
    assert all(("M" in x or "B" in x or "k" in x or x[0].isdigit()) if lang == "en" else True for x in cpu.layout.yaxis.ticktext)


# --------------------------------------------------------------------------- work only when asked
def test_closed_expanders_make_nothing_and_opening_one_shows_its_content():
    # a page run makes the content of a closed expander not at all (no table, no chart sent);
    # opening one (a rerun, as a click does) shows it, and it stays open across the next change
    at = run("en")
    closed = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    closed.query_params["lang"] = "en"
    closed.run()
    he_title = t("app.parent.he_title", "en")
    # closed: no chart (the icon arrays are pictures in the page; the money-and-time charts and the
    # value chart are folded)
    assert len(closed.get("plotly_chart")) == 0 and len(at.get("plotly_chart")) == 4
    assert [len(e.children) for e in closed.main.expander if e.label == he_title] == [0]
    closed.session_state["x_health_economics"] = True
    closed.run()
    he = [e for e in closed.main.expander if e.label == he_title]
    assert "QALY" in "\n".join(_texts(he[0]))
    closed.number_input(key="w_offer_fee_upfront").set_value(closed.number_input(key="w_offer_fee_upfront").value + 100).run()
    assert not closed.exception
    he = [e for e in closed.main.expander if e.label == he_title]
    assert "QALY" in "\n".join(_texts(he[0])) and len(closed.get("plotly_chart")) == 1


def test_money_and_time_numbers_are_text_while_its_charts_are_folded():
    # the charts of "Money and time" are made only when their part is opened; what they say
    # (the total paid, its value in today's money, the cost per family use) is always on the page
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    res = evaluate(region="cn")
    pr = res.strategies["private"]
    text = "\n".join(_texts(at.main))
    assert t("app.charts.header", "en") in text
    assert res.cost_per_family_use is not None
    assert t("app.charts.cost_caption", "en", nominal=pr.nominal_cost, pv=pr.pv_cost,
             rate=res.parameters["discount_rate"]) in text
    assert t("app.charts.cpu_caption", "en", cpu=res.cost_per_family_use) in text
    keys = {"chart_cost", "chart_age", "chart_cpu"}
    assert not keys & {c.key for c in at.get("plotly_chart")}
    at.session_state["x_charts"] = True
    at.run()
    assert keys <= {c.key for c in at.get("plotly_chart")}
