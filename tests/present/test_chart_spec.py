"""One spec per chart: the web (plotly) and print (matplotlib) draw the same series, in the same
colours by role, with the same axis titles and ticks."""

from __future__ import annotations

import pytest

from calculator.content.chart_spec import ceac_spec, cost_spec, tornado_spec, value_spec
from calculator.present import print_charts
from calculator.present.palette import ROLES, rgb01
from calculator.present.web_layout import axis_title_label
from tests.present import webcharts as web_charts

LANGS = ["en", "zh"]


def _pairs(res, sens, lang):
    """(spec, web figure) for each chart both media draw."""
    cur = res.currency
    labels = {}
    wtp = float(res.parameters["wtp_per_qaly"])
    ceac = [[1e3, 0.0], [1e5, 0.2], [1e6, 0.7], [1e8, 1.0]]
    return [
        (value_spec(res, lang), web_charts.expected_value_chart(res, lang=lang)),
        (cost_spec(res.cost_schedule, currency=cur, lang=lang),
         web_charts.cost_schedule_chart(res.cost_schedule, currency=cur, lang=lang)),
        (tornado_spec(sens.tornado_nmb, labels=labels, lang=lang, currency=cur),
         web_charts.tornado_chart(sens.tornado_nmb, labels=labels, lang=lang, currency=cur)),
        (ceac_spec(ceac, wtp=wtp, lang=lang, currency=cur), web_charts.ceac_chart(ceac, wtp=wtp, lang=lang, currency=cur)),
    ]


@pytest.fixture(scope="module")
def sens(healthy_inputs):
    from calculator.analysis.sensitivity import run_sensitivity

    return run_sensitivity(healthy_inputs)


@pytest.mark.parametrize("lang", LANGS)
def test_web_and_print_draw_one_spec_in_the_same_colours(lang, healthy_cn, sens):
    for spec, web in _pairs(healthy_cn, sens, lang):
        printed = print_charts.draw(spec)
        ax = printed.axes[0]
        # every series in its role's colour, in both media
        web_colours = [(tr.marker.color if tr.type == "bar" else tr.line.color) for tr in web.data[:len(spec.series)]]
        assert web_colours == [ROLES[s.role] for s in spec.series], spec.name
        drawn = {tuple(round(c, 3) for c in p.get_facecolor()[:3]) for p in ax.patches}
        drawn |= {tuple(round(c, 3) for c in line.get_color()[:3]) for line in ax.get_lines()}
        for s in spec.series:
            assert tuple(round(c, 3) for c in rgb01(ROLES[s.role])) in drawn, (spec.name, s.role)
        # the same axis titles and tick words
        if spec.x.title:
            assert ax.get_xlabel() == spec.x.title
            assert web.layout.xaxis.title.text == axis_title_label(spec.x.title)
        if spec.x.ticks:
            assert list(web.layout.xaxis.ticktext) == list(spec.x.tick_text)
            shown = [t.get_text() for t in ax.get_xticklabels()]
            assert shown == list(spec.x.tick_text), spec.name


def test_the_acceptability_curve_is_private_storage_in_both_media():
    spec = ceac_spec([[1e3, 0.0], [1e6, 0.5], [1e8, 1.0]], wtp=1e5, lang="en", currency="CNY")
    assert spec.series[0].role == "private"
    web = web_charts.ceac_chart([[1e3, 0.0], [1e6, 0.5], [1e8, 1.0]], wtp=1e5, lang="en", currency="CNY")
    assert web.data[0].line.color == ROLES["private"]
    line = print_charts.draw(spec).axes[0].get_lines()[0]
    assert tuple(line.get_color()[:3]) == pytest.approx(rgb01(ROLES["private"]))


def test_value_spec_lists_the_options_the_results_have(thal_cn):
    spec = value_spec(thal_cn, "en")
    assert [s.key for s in spec.series] == ["cost", "health", "net"]
    assert "directed" in thal_cn.strategies and len(spec.series[0].y) == len(thal_cn.strategies)
    header, rows = spec.table()
    assert len(header) == 4 and len(rows) == len(thal_cn.strategies)
    assert rows[0][1].startswith("-CNY") or rows[0][1].startswith("CNY")


@pytest.mark.parametrize("lang", LANGS)
def test_axis_titles_have_no_brackets_inside_brackets(lang, healthy_cn, sens):
    """The tornado's money axis read "净货币效益：私人储存与公益捐献相比 (元（人民币）)" (an ASCII
    bracket around a full-width one, in Chinese) and "...public donation (yuan (CNY))"; the unit is
    the one the money itself shows ("CNY", "元"), in the language's brackets."""
    import re

    for spec, _ in _pairs(healthy_cn, sens, lang):
        for title in (spec.x.title, spec.y.title):
            if not title:
                continue
            assert not re.search(r"[(（][^)）]*[(（]", title), (spec.name, title)
            if lang == "zh":
                assert "(" not in title and ")" not in title, (spec.name, title)
