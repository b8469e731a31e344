"""Each web chart's text alternative (:func:`calculator.content.page_charts.text_alternative`):
a description and a table, both from the chart's spec (the words the chart draws), and the page
colours' contrast (palette.py, the theme)."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from calculator.analysis.model_inputs import model_inputs
from calculator.analysis.psa import run_psa
from calculator.analysis.sensitivity import run_sensitivity
from calculator.content import chart_spec as S
from calculator.content import page_charts as P
from calculator.content.i18n import t
from calculator.content.numbers import format_money
from calculator.present.palette import ACCENT, TEXT, contrast
from calculator.present.web_layout import TEMPLATE, layout_dict
from tests.present import webcharts as W

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cost_chart_table_is_the_chart_s_own_numbers(thal_cn, lang):
    sch = thal_cn.cost_schedule
    spec = S.cost_spec(sch, currency="CNY", lang=lang)
    description, header, rows = P.text_alternative(spec, lang)
    assert spec.title in description and t("app.access.x_axis", lang, title=spec.x.title) in description
    assert header == [t("app.fig.cost.x", lang)] + [t(f"app.fig.cost.{k}", lang) for k in ("payment", "cumulative_nominal",
                                                                                          "cumulative_pv")]
    # every row: the year, then each number as the chart's hover words it (worked out here anew)
    assert rows == [[str(int(y) + 1)] + [format_money(sch[k][i], "CNY", lang) for k in ("payment", "cumulative_nominal",
                                                                                     "cumulative_pv")]
                    for i, y in enumerate(sch["year"])]
    # the hover texts of the figure are the same words
    fig = W.cost_schedule_chart(sch, currency="CNY", lang=lang)
    assert list(fig.data[1].customdata) == [r[2] for r in rows]


def test_a_wrong_number_in_a_chart_shows_in_its_table(thal_cn):
    spec = S.cost_spec(thal_cn.cost_schedule, currency="CNY", lang="en")
    wrong = replace(spec, series=(replace(spec.series[0], text=("CNY 1",) + spec.series[0].text[1:]),) + spec.series[1:])
    assert P.text_alternative(wrong, "en")[2][0][1] == "CNY 1" != P.text_alternative(spec, "en")[2][0][1]


def test_long_lines_are_spread_over_at_most_max_rows(healthy_cn):
    pr = healthy_cn.strategies["private"]
    spec = P.cpu_spec(pv_cost=pr.pv_cost, p_family_use=pr.p_family_use, currency="CNY", lang="en")
    description, header, rows = P.text_alternative(spec, "en")
    assert len(rows) <= S.MAX_ROWS
    assert header[-1] == "Your family" and rows[-1][-1] == format_money(pr.pv_cost / pr.p_family_use, "CNY", "en")
    assert rows[0][:2] == ["0.1", format_money(pr.pv_cost / 1e-5, "CNY", "en")]  # the curve's first point
    assert "Healthy child" in description  # the named band


def test_counsellor_charts_have_tables_and_the_plane_is_described(thal_cn, thal_scenario):
    mi = model_inputs(thal_scenario)
    sens = run_sensitivity(mi)
    psa = run_psa(mi, 500, 1)
    _, header, rows = P.text_alternative(S.tornado_spec(sens.tornado_nmb, labels={}, lang="en", currency="CNY"), "en")
    assert rows and all(len(r) == len(header) for r in rows) and header[0] == t("app.access.category", "en")
    assert all(" → " in c and ":" not in c for r in rows for c in r[1:])  # the value and the result, not the label again
    two = P.two_way_spec(sens.two_way, labels={}, lang="zh", currency="CNY", family=None, units={})
    description, header, rows = P.text_alternative(two, "zh")
    assert len(header) <= 9 and all("元" in c for r in rows for c in r[1:])
    assert t("app.access.heat", "zh", name=two.heat.scale.title) in description
    assert rows[0][1] == format_money(two.heat.z[0][0], "CNY", "zh")
    c = thal_cn.comparisons["private_vs_public"]
    plane = P.plane_spec(psa.plane, wtp=1e5, lang="en", currency="CNY", family=(c.delta_qaly, c.delta_cost))
    description, header, rows = P.text_alternative(plane, "en")
    assert "500 simulated results" in description
    assert len(rows) == 3  # the two ends of the willingness-to-pay line and the family (the cloud is described)


def test_empty_chart_says_why():
    spec = P.cpu_spec(pv_cost=1000.0, p_family_use=0.0, currency="CNY", lang="en")
    description, header, rows = P.text_alternative(spec, "en")
    assert t("app.charts.cpu_none", "en") in description and not rows
    assert W.unwrap(W.cost_per_use_chart(pv_cost=1000.0, p_family_use=0.0, currency="CNY", lang="en").layout.title.text) == spec.title


def test_page_colours_reach_wcag_aa():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    # one home for each colour: the theme says what palette.py says
    assert cfg["textColor"] == TEXT and cfg["primaryColor"] == ACCENT
    # captions are the text colour at Streamlit's 60 % opacity on white
    r, g, b = (int(TEXT[i:i + 2], 16) for i in (1, 3, 5))
    caption = "#" + "".join(f"{round(0.6 * v + 0.4 * 255):02X}" for v in (r, g, b))
    assert contrast(caption) >= 4.5, caption
    assert contrast(TEXT) >= 7
    # a selected button's text (the accent) on its light tint is measured by axe in the browser
    # (tests/system/test_accessibility.py); the accent on white leaves room for the tint
    assert contrast(ACCENT) >= 6.5
    # chart text in the text colour
    lay = layout_dict("x")
    assert lay["font"]["color"] == TEXT and lay["xaxis"]["tickfont"]["color"] == TEXT
    assert TEMPLATE["layout"]["annotationdefaults"]["font"]["color"] == TEXT


def test_contrast_matches_known_values():
    # the values axe-core reported (it cuts to two decimals)
    assert abs(contrast("#767676") - 4.54) < 0.01
    assert abs(contrast("#828180") - 3.88) < 0.01
    assert abs(contrast("#0072B2", "#DFEBF0") - 4.26) < 0.01
