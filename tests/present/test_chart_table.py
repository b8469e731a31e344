"""Each web chart's text alternative (calculator/present/chart_table.py): a description and a
table read from the figure itself, and the page colours' contrast (palette.py, the theme)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from calculator.analysis.model_inputs import model_inputs
from calculator.analysis.psa import run_psa
from calculator.analysis.sensitivity import run_sensitivity
from calculator.present import web_charts as W
from calculator.present.chart_table import MAX_ROWS, chart_table, markdown_table, plain
from calculator.present.palette import ACCENT, TEXT, contrast
from calculator.present.web_layout import TEMPLATE, layout_dict

ROOT = Path(__file__).resolve().parents[2]


def test_plain_joins_wrapped_chinese_without_a_space():
    assert plain("每 1 万个家<br>庭中") == "每 1 万个家庭中"
    assert plain("Families out of<br>10,000 <i>(log)</i>") == "Families out of 10,000 (log)"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cost_chart_table_is_the_chart_s_own_numbers(thal_cn, lang):
    fig = W.cost_schedule_chart(schedule=thal_cn.cost_schedule, currency="CNY", lang=lang)
    table = chart_table(fig, lang)
    assert plain(fig.layout.title.text) in table.description
    assert len(table.header) == 1 + len(fig.data)
    years = list(fig.data[0].x)
    assert [r[0] for r in table.rows] == [str(y) for y in years][: len(table.rows)]
    # each cell is the hover text of the same point (the money as the chart writes it)
    assert table.rows[0][1] == plain(fig.data[0].customdata[0])
    assert "|" in markdown_table(table)


def test_long_lines_are_spread_over_at_most_max_rows(healthy_cn):
    pr = healthy_cn.strategies["private"]
    fig = W.cost_per_use_chart(pv_cost=pr.pv_cost, p_family_use=pr.p_family_use, currency="CNY", lang="en")
    table = chart_table(fig, "en")
    assert len(table.rows) <= MAX_ROWS + 1  # the family's own point may add a row
    assert any("Your family" in h for h in table.header)


def test_counsellor_charts_have_tables_and_the_plane_is_described(thal_cn, thal_scenario):
    mi = model_inputs(thal_scenario)
    sens = run_sensitivity(mi)
    psa = run_psa(mi, 500, 1)
    tornado = chart_table(W.tornado_chart(sens.tornado_nmb, labels={}, lang="en", currency="CNY"), "en")
    assert tornado.rows and all(len(r) == len(tornado.header) for r in tornado.rows)
    two = chart_table(W.two_way_chart(sens.two_way, labels={}, lang="zh", currency="CNY", family=None, units={}), "zh")
    assert len(two.header) <= 9 and all("元" in c for r in two.rows for c in r[1:])
    c = thal_cn.comparisons["private_vs_public"]
    plane = chart_table(W.ce_plane_chart(psa.plane, wtp=1e5, lang="en", currency="CNY", family=(c.delta_qaly, c.delta_cost)), "en")
    assert "500 simulated results" in plane.description


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
