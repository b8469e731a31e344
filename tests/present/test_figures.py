"""Figure builders, tested by reading the figures' data (values, titles, colours) in both languages."""

from __future__ import annotations

import dataclasses
import json
import math
import re

import plotly.graph_objects as go
import pytest

from calculator.analysis.sensitivity import Tornado, TornadoRow, TwoWay
from calculator.content import page_charts as P
from calculator.content.i18n import t
from calculator.content.icons import icon_count, icon_groups
from calculator.present import palette
from calculator.present.cjk import display_width
from calculator.present.icon_svg import icon_highlight_cells, icon_svg
from calculator.present.web_layout import LEGEND_LINE_WIDTH, legend_label
from tests.present import webcharts as F

LANGS = ("en", "zh")


def _flat(text: str) -> str:
    """A chart text without its line breaks and spaces (titles are wrapped to fit a phone)."""
    return re.sub(r"<br>|\s", "", text)


def title(fig) -> str:
    """The title with the line breaks of :func:`figures.wrap_title` taken out."""
    text = fig.layout.title.text
    cjk = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    text = text.replace("<br><span", " <span").replace("<br>", "" if cjk else " ")
    return text.replace(" ", "") if cjk else text


@pytest.mark.parametrize("text, width", [
    ("Cost of private storage over 18 years: CNY 14,200 paid, CNY 11,337 in today's money", 44),
    ("私人储存 18 年的费用:实际支付 14,200 元,折合现值 11,337 元", 30),
    ("short", 44),
])
def test_wrap_title_keeps_every_character_and_never_splits_a_number(text, width):

    lines = F.wrap_title(text, width).split("<br>")
    assert all(sum(2 if "\u4e00" <= c <= "\uffef" else 1 for c in x) <= width for x in lines)
    assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", text)
    assert any("14,200" in x for x in lines) or "14,200" not in text
    if len(text) > width:
        assert len(lines) > 1


@pytest.mark.parametrize("text, width", [
    ("私人储存：您的家庭用上这份脐带血", 30),  # was "…脐带<br>血" on the parents' page
    ("净货币效益：私人储存与公益捐献相比 (元（人民币）)", 22),  # was "…人民<br>币）)" under the tornado
    ("单因素敏感性分析：每用上一份的储存总花费", 38),
    ("意愿支付阈值（每个 QALY），元（人民币）（对数刻度）", 22),  # was "…（人民币）（<br>对数刻度）"
    ("每用上一份的储存总花费，元（人民币）（对数刻度）", 22),  # was "…总花费<br>，元…" (the comma hangs)
])
def test_wrap_title_leaves_no_chinese_character_alone_and_starts_no_line_with_closing_punctuation(text, width):
    lines = F.wrap_title(text, width).split("<br>")
    assert "".join(lines) == text.replace(" QALY", "QALY")  # a space at a break is dropped
    assert len(lines) > 1
    assert len(lines[-1].rstrip("）)")) > 1, lines
    assert not any(x[:1] in "，。、；：？！）》)" for x in lines[1:]), lines
    assert not any(x[-1:] in "（《(" for x in lines[:-1]), lines


@pytest.mark.parametrize("x, en, zh", [(1e4, "10k", "1万"), (7.12e7, "71.2M", "7,120万"), (2e9, "2B", "20亿"), (500, "500", "500")])
def test_compact_numbers_for_log_axes(x, en, zh):
    assert F.compact_number(x, "en") == en
    assert F.compact_number(x, "zh") == zh


# ----------------------------------------------------------------- natural frequencies / icon arrays
@pytest.mark.parametrize("p, filled", [(0.0, 0), (0.4e-4, 0), (1.6e-4, 2), (0.002, 20), (0.25, 2500), (1.0, 10_000)])
def test_icon_grid_fills_whole_icons_grouped_at_the_start(p, filled):
    """Whole icons, rounded and placed as the PDF rounds and places them (one function for both)."""
    from calculator.content.icons import icon_cells

    grid = F.icon_grid(p)
    flat = [v for row in grid for v in row]
    assert len(grid) == 100 and all(len(r) == 100 for r in grid)
    assert set(flat) <= {0.0, 1.0}
    assert sum(flat) == filled == icon_count(p) == icon_groups([("x", p)])[0].count
    # grouped: the filled cells are the first ones in the PDF's fill order (10 x 10 blocks from the top left)
    assert all(grid[r][c] == 1 for c, r in icon_cells()[:filled])


def test_frequency_rows_use_one_denominator_for_every_option(healthy_cn):
    rows = F.frequency_rows(healthy_cn)
    assert [r.key for r in rows] == ["private_family_use", "public_helps", "public_family_use"]
    assert rows[0].p == pytest.approx(healthy_cn.strategies["private"].p_family_use)
    assert rows[1].p == pytest.approx(healthy_cn.strategies["public"].expected_patients_helped)
    for r in rows:
        spec = P.icon_spec(r, lang="en")
        n = icon_count(r.p)
        assert spec.series[0].x[0] == n == round(r.p * F.DENOMINATOR) and spec.series[0].y[0] == F.DENOMINATOR
        assert spec.subtitle == t("app.fig.icon_short", "en", n=n) and spec.series[0].role == r.key
        svg = icon_svg(tuple(icon_highlight_cells(n)), r.key)
        assert palette.colour(r.key) in svg or n == 0


@pytest.mark.parametrize("lang", LANGS)
def test_icon_array_title_in_each_language(lang, healthy_cn):
    row = F.frequency_rows(healthy_cn)[0]
    spec = P.icon_spec(row, lang=lang)
    assert spec.title == t("app.fig.freq.private_family_use", lang)
    n = icon_count(row.p)
    assert spec.subtitle == t("app.fig.icon_short", lang, n=n)
    # the tiny group is drawn enlarged on top of the grid, one square per coloured family, in a ring
    svg = icon_svg(tuple(icon_highlight_cells(n)), row.key)
    assert 0 < n < F.ENLARGE_BELOW and svg.count("<rect") == n and svg.count("<circle") == 1


# ----------------------------------------------------------------- parent charts
@pytest.mark.parametrize("lang", LANGS)
def test_expected_value_chart(lang, healthy_cn):
    res = healthy_cn
    fig = F.expected_value_chart(res, lang=lang)
    cost, health, net = fig.data
    wtp = res.parameters["wtp_per_qaly"]
    assert list(cost.y) == [t(f"strategy.{n}", lang) for n in ("private", "public", "none")]
    assert cost.x[0] == pytest.approx(-res.strategies["private"].pv_cost)
    assert cost.x[1] == 0 and cost.x[2] == 0
    assert health.x[0] == pytest.approx(wtp * res.strategies["private"].qalys_gained)
    assert net.x[0] == pytest.approx(res.comparisons["private_vs_none"].nmb)
    assert net.name == legend_label(t("app.fig.ev.net", lang))
    assert _flat(t("app.fig.currency.CNY", lang)) in _flat(fig.layout.xaxis.title.text)


@pytest.mark.parametrize("lang", LANGS)
def test_cost_schedule_chart_reads_the_results_schedule(lang, healthy_cn):
    sch = healthy_cn.cost_schedule
    fig = F.cost_schedule_chart(sch, currency="CNY", lang=lang)
    bars, nominal, pv = fig.data
    assert list(bars.x) == list(range(1, len(sch["year"]) + 1))
    assert list(bars.y) == sch["payment"]
    assert list(nominal.y) == sch["cumulative_nominal"]
    assert list(pv.y) == sch["cumulative_pv"]
    assert nominal.y[-1] == pytest.approx(healthy_cn.strategies["private"].nominal_cost)
    assert pv.y[-1] == pytest.approx(healthy_cn.strategies["private"].pv_cost)
    paid = f"{healthy_cn.strategies['private'].nominal_cost:,.0f}"
    expected = f"{paid}元" if lang == "zh" else f"CNY {paid}"
    assert expected in title(fig)
    assert _flat(fig.layout.xaxis.title.text) == _flat(t("app.fig.cost.x", lang))


@pytest.mark.parametrize("lang", LANGS)
def test_use_by_age_is_drawn_per_10000_families(lang, thal_cn):
    u = thal_cn.use_by_age
    fig = F.use_by_age_chart(u, lang=lang)
    fam, child = fig.data
    assert list(fam.x) == u["age"]
    assert fam.y[-1] == pytest.approx(u["p_family_use"][-1] * 10_000)
    assert child.y[-1] == pytest.approx(u["p_child_use"][-1] * 10_000)
    assert ("10,000" if lang == "en" else "1 万") in fig.layout.yaxis.title.text
    assert fam.name == legend_label(t("app.fig.age.p_family_use", lang))


def test_cost_per_use_chart_marks_the_family(healthy_cn, healthy_us):
    for res, cur in ((healthy_cn, "CNY"), (healthy_us, "USD")):
        pr = res.strategies["private"]
        fig = F.cost_per_use_chart(pv_cost=pr.pv_cost, p_family_use=pr.p_family_use, currency=cur, lang="en")
        curve, you, band = fig.data
        assert you.y[0] == pytest.approx(res.cost_per_family_use)
        # the healthy-child band is named in the legend (no note inside the plot to collide with the amount)
        assert band.name == legend_label(t("app.fig.cpu.band", "en")) and list(band.x) == [None]
        assert not fig.layout.annotations
        assert you.x[0] == pytest.approx(pr.p_family_use * 10_000)
        assert you.text[0].startswith(cur)
        # more use -> lower cost per use along the curve
        assert all(a > b for a, b in zip(curve.y, curve.y[1:]))
        assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
        assert "100M" in fig.layout.yaxis.ticktext  # readable ticks, not 1e+08


def test_cost_per_use_chart_without_use_is_empty_with_a_note():
    fig = F.cost_per_use_chart(pv_cost=1000, p_family_use=0.0, currency="USD", lang="zh")
    assert not fig.data
    assert [a.text for a in fig.layout.annotations] == [F.wrap_title(t("app.charts.cpu_none", "zh"), 40)]


# ----------------------------------------------------------------- counsellor charts (hand-made data)
def _row(name, lo, hi, out_lo, out_hi, flips=False):
    return TornadoRow(name=name, low_value=lo, high_value=hi, output_low=out_lo, output_high=out_hi,
                      swing=abs(out_hi - out_lo), flips=flips, flip_value=None)


TORNADO = Tornado(output="nmb_vs_public", base=-100.0, rows=(
    _row("fee_upfront", 3000, 9800, 2000, -4000),
    _row("p_auto_use", 0.5e-4, 4e-4, -110, -60, flips=False),
    _row("wtp_per_qaly", 95700, 287100, -150, 50, flips=True),
))


@pytest.mark.parametrize("lang", LANGS)
def test_tornado_chart_sorts_by_swing_from_the_base(lang):
    labels = {"fee_upfront": "Fee", "p_auto_use": "Own use", "wtp_per_qaly": "WTP"}
    fig = F.tornado_chart(TORNADO, labels=labels, lang=lang, currency="CNY")
    low, high = fig.data
    assert list(low.y) == ["Fee", "WTP *", "Own use"]  # widest first, drawn on top (the axis runs downwards)
    assert fig.layout.yaxis.autorange == "reversed"
    assert low.base == -100.0
    assert list(low.x) == pytest.approx([2100, -50, -10])
    assert list(high.x) == pytest.approx([-3900, 150, 40])
    assert t("app.fig.output.nmb_vs_public", lang) in title(fig)
    assert low.name == legend_label(t("app.fig.tornado.low", lang))


def test_tornado_labels_are_wrapped_whole_and_hover_keeps_the_full_label():
    long = "Absolute gain in long-term survival when a sibling uses the newborn's cord blood"
    fig = F.tornado_chart(TORNADO, labels={"fee_upfront": long}, lang="en", currency="CNY")
    assert fig.data[0].y[0].replace("<br>", " ") == long and "…" not in fig.data[0].y[0]
    assert fig.data[0].customdata[0][1] == long


def test_tornado_chart_keeps_only_the_top_rows_and_unknown_outputs():
    rows = tuple(_row(f"p{i}", 0, 1, -i, i) for i in range(20))
    fig = F.tornado_chart(Tornado(output="something_new", base=0.0, rows=rows), labels={}, lang="en",
                          currency="USD", top=5)
    assert list(fig.data[0].y) == ["p19", "p18", "p17", "p16", "p15"]
    assert "something_new" in title(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_two_way_chart(lang):
    tw = TwoWay(x_name="fee_upfront", y_name="p_auto_use", x_values=[1000, 5000, 9000],
                y_values=[1e-4, 2e-4], nmb=[[100, -10, -500], [300, 50, -200]], break_even=[])
    fig = F.two_way_chart(tw, labels={"fee_upfront": "Fee"}, lang=lang, currency="CNY")
    heat, contour = fig.data
    assert [list(r) for r in heat.z] == [[100, -10, -500], [300, 50, -200]]
    assert heat.zmid == 0 and heat.zmin == -500 and heat.zmax == 500
    assert contour.contours.start == 0 and contour.contours.end == 0  # no exact line given: read off the grid
    assert fig.layout.xaxis.title.text == "Fee" and fig.layout.yaxis.title.text == "p_auto_use"
    assert title(fig) == t("app.fig.twoway.title", lang)
    exact = dataclasses.replace(tw, break_even=[[1000, 1.5e-4], [5000, 1.8e-4]])
    line = F.two_way_chart(exact, labels={}, lang=lang, currency="CNY").data[1]
    assert list(line.x) == [1000, 5000] and list(line.y) == [1.5e-4, 1.8e-4]
    assert line.name == legend_label(t("app.fig.twoway.break_even", lang))


def test_two_way_chart_on_the_real_analysis(healthy_inputs):
    from calculator.analysis.sensitivity import run_sensitivity

    tw = run_sensitivity(healthy_inputs).two_way
    fig = F.two_way_chart(tw, labels={}, lang="en", currency="CNY")
    assert len(fig.data[0].z) == len(tw.y_values) and len(fig.data[0].z[0]) == len(tw.x_values)
    assert fig.layout.xaxis.type == "log"  # chance of use spans decades


@pytest.mark.parametrize("lang", LANGS)
def test_ce_plane_and_ceac(lang):
    plane = {"delta_qaly": [1e-4, 2e-4, 5e-5], "delta_cost": [11000, 12000, 10500]}
    fig = F.ce_plane_chart(plane, wtp=287100, lang=lang, currency="CNY")
    draws, line = fig.data
    assert list(draws.x) == plane["delta_qaly"] and list(draws.y) == plane["delta_cost"]
    slope = (line.y[1] - line.y[0]) / (line.x[1] - line.x[0])
    assert slope == pytest.approx(287100)
    assert title(fig) == t("app.fig.plane.title", lang)

    ceac = [[1000, 0.0], [100000, 0.01], [10_000_000, 0.4], [1e9, 0.99]]
    fig = F.ceac_chart(ceac, wtp=287100, lang=lang, currency="CNY")
    assert list(fig.data[0].x) == [r[0] for r in ceac]
    assert list(fig.data[0].y) == [r[1] for r in ceac]
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.shapes[1].x0 == 287100  # the current willingness to pay (after its shaded region)
    assert title(fig) == t("app.fig.ceac.title", lang)


def test_palette_is_okabe_ito():
    assert set(palette.OKABE_ITO.values()) == {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                                               "#CC79A7", "#000000"}
    assert F.OKABE_ITO is palette.OKABE_ITO and F.ROLES is palette.ROLES
    assert F.ROLES["private"] == "#D55E00" and F.ROLES["public"] == "#0072B2"
    assert F.ROLES["none"] not in palette.OKABE_ITO.values()  # a neutral grey, not called Okabe-Ito
    icons = ("child", "sibling", "helped", "family_back", "private_family_use", "public_helps", "public_family_use")
    assert {palette.ROLES[k] for k in icons} <= set(palette.OKABE_ITO.values())
    with pytest.raises(KeyError):
        palette.colour("no such role")


def test_figures_module_does_not_import_streamlit():
    import ast
    import inspect

    from calculator.present import web_draw

    tree = ast.parse(inspect.getsource(web_draw))
    names = {a.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    mods = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any("streamlit" in (m or "") for m in names | mods)


NO_USE = {"p_auto_use": 0.0, "p_sibling_hsct": 0.0, "n_siblings": 0}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_charts_without_any_family_use_are_empty_with_a_note_and_warn_nothing(lang):
    """p_auto_use=0, p_sibling_hsct=0, no brothers or sisters: cost per use is not defined.
    The builders draw an empty chart with a note instead of NaN (and numpy warns nothing)."""
    import warnings

    from calculator.analysis.evaluate import evaluate, model_inputs
    from calculator.analysis.sensitivity import run_sensitivity

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the analyses' own warnings are not the figures' business
        res = evaluate(region="cn", overrides=NO_USE)
        sens = run_sensitivity(model_inputs(region="cn", overrides=NO_USE))
    pr = res.strategies["private"]
    assert pr.p_family_use == 0
    note = F.wrap_title(t("app.charts.cpu_none", lang), 40)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figs = [
            F.cost_per_use_chart(pv_cost=pr.pv_cost, p_family_use=pr.p_family_use, currency="CNY", lang=lang),
            F.use_by_age_chart(res.use_by_age, lang=lang),
            F.tornado_chart(sens.tornado_cost_per_use, labels={}, lang=lang, currency="CNY"),
        ]
        for fig in figs:
            assert not fig.data
            assert [a.text for a in fig.layout.annotations] == [note]
            fig.to_json()  # serialises (no NaN reaches the browser)
        nmb = F.tornado_chart(sens.tornado_nmb, labels={}, lang=lang, currency="CNY")
    for trace in nmb.data:
        assert all(math.isfinite(v) for v in trace.x)


# ----------------------------------------------------------------- validity (builders skip plotly's checks for speed)
@pytest.mark.parametrize("lang", LANGS)
def test_every_web_chart_passes_plotly_validation(lang, thal_cn, healthy_inputs):
    """The builders construct figures without plotly's per-property checks (``figure`` in
    web_layout, for speed); each figure must still be one plotly accepts and leaves unchanged."""
    from calculator.analysis.psa import run_psa
    from calculator.analysis.sensitivity import run_sensitivity

    res, pr = thal_cn, thal_cn.strategies["private"]
    sens, psa = run_sensitivity(healthy_inputs), run_psa(healthy_inputs, 500, 1)
    figs = [
        F.expected_value_chart(res, lang=lang),
        F.cost_schedule_chart(res.cost_schedule, currency=res.currency, lang=lang),
        F.use_by_age_chart(res.use_by_age, lang=lang),
        F.cost_per_use_chart(pv_cost=pr.pv_cost, p_family_use=pr.p_family_use, currency=res.currency, lang=lang),
        F.cost_per_use_chart(pv_cost=pr.pv_cost, p_family_use=0.0, currency=res.currency, lang=lang),
        F.tornado_chart(sens.tornado_nmb, labels={}, lang=lang, currency=res.currency),
        F.two_way_chart(sens.two_way, labels={}, lang=lang, currency=res.currency),
        F.ce_plane_chart(psa.plane, wtp=1e5, lang=lang, currency=res.currency),
        F.ceac_chart(psa.ceac, wtp=1e5, lang=lang, currency=res.currency),
    ]
    for fig in figs:
        raw = fig.to_plotly_json()
        checked = go.Figure(raw)  # validating: raises on any unknown property or bad value
        assert json.loads(checked.to_json()) == json.loads(fig.to_json())
    # every legend entry is broken into lines that fit a 390 px phone in any reasonable font
    # (plotly never wraps one; the browser test measures the drawn text with this machine's fonts)
    shown = [tr.name for fig in figs if fig.layout.showlegend is not False for tr in fig.data
             if tr.name and tr.showlegend is not False]
    assert shown
    too_wide = [n for n in shown if max(display_width(line) for line in n.split("<br>")) > LEGEND_LINE_WIDTH]
    assert not too_wide, too_wide


@pytest.mark.parametrize("n", range(1, 10))
def test_enlarged_squares_never_cover_each_other(n):
    """Up to 9 coloured families are drawn enlarged; each at its own cell, at least
    ENLARGED_SPACING cells from any other (neighbouring cells' squares had covered each other),
    all in the first 10 x 10 block."""
    from calculator.present.icon_svg import ENLARGED_SPACING, icon_highlight_cells

    cells = icon_highlight_cells(icon_count((n - 0.1) / 10_000), 10_000)
    assert len(cells) == len(set(cells)) == icon_count((n - 0.1) / 10_000) == n
    assert all(c < 10 and r < 10 for c, r in cells)
    for i, (c1, r1) in enumerate(cells):
        for c2, r2 in cells[i + 1:]:
            assert max(abs(c1 - c2), abs(r1 - r2)) >= ENLARGED_SPACING


@pytest.mark.parametrize("text", [
    "意愿支付阈值（WTP，每个质量调整生命年）",  # was "…质量调整生命\n年）" beside the PDF's tornado (width 36)
    "从出生到已患病兄弟姐妹接受移植的年数",
    "兄弟姐妹移植时的体重（未填写时采用）",
])
@pytest.mark.parametrize("width", [16, 24, 30, 36, 40])
def test_print_chart_labels_leave_no_chinese_character_alone(text, width):
    from calculator.present.print_charts import wrap_label

    lines = wrap_label(text, width).split("\n")
    assert "".join(lines) == text
    if len(lines) > 1:
        body = lines[-1].rstrip("，。、；：？！）》」』】〕…")
        assert len(body) > 1, lines
