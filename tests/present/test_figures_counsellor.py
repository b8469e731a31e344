"""The counsellor's charts read back from their data: log axes where labelled log, whole labels,
readable ticks (natural frequencies, 万/亿 or k/M), the family marked."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from calculator.analysis.evaluate import evaluate, model_inputs
from calculator.analysis.psa import run_psa
from calculator.analysis.sensitivity import run_sensitivity
from calculator.content import chart_spec as S
from calculator.content import numbers as N
from calculator.content.i18n import t
from calculator.inputs.assumptions import load_region
from calculator.inputs.scenario import scenario_from_mapping
from calculator.present import web_layout as L
from calculator.present.cjk import display_width
from tests.present import webcharts as F

FAMILIES = Path(__file__).resolve().parents[1] / "golden" / "families"
LANGS = ("en", "zh")


@pytest.fixture(scope="module", params=["thal_hla_unknown", "healthy_cn"])
def family(request):
    sc = scenario_from_mapping(yaml.safe_load((FAMILIES / f"{request.param}.yaml").read_text()), source="test")
    res = evaluate(sc)
    mi = model_inputs(sc)
    return request.param, res, run_sensitivity(mi), run_psa(mi, 400, 7)


def labels_of(region: str, lang: str) -> dict[str, str]:
    return {n: p.label_in(lang) for n, p in load_region(region).parameters.items()}


def ticks(axis) -> list[str]:
    return list(axis.ticktext or [])


@pytest.mark.parametrize("lang", LANGS)
def test_tornado_labels_are_whole_and_money_ticks_compact(family, lang):
    _, res, sens, _ = family
    labels = labels_of(res.region, lang)
    fig = F.tornado_chart(sens.tornado_nmb, labels=labels, lang=lang, currency=res.currency)
    def bare(x: str) -> str:  # the label without line breaks, spaces and the star of a decision-changing row
        return "".join(x.replace("<br>", "").removesuffix("*").split())

    shown = {bare(y) for y in fig.data[0].y}
    wanted = {bare(labels[r.name]) for r in sens.tornado_nmb.rows if r.name in labels}
    assert shown and shown <= wanted  # every label whole, none cut
    assert not any("…" in y or "..." in y for y in fig.data[0].y)
    for y in fig.data[0].y:  # every line short enough for a laptop and a projector
        assert all(display_width(line) <= F.TORNADO_LABEL_WIDTH + 12 for line in y.split("<br>"))
    text = ticks(fig.layout.xaxis)
    assert text and not any("e" in x or "μ" in x for x in text)
    if lang == "zh":
        assert not any(x.endswith("k") for x in text)


@pytest.mark.parametrize("lang", LANGS)
def test_two_way_marks_the_family_with_natural_frequency_ticks(family, lang):
    name, res, sens, _ = family
    pr = res.strategies["private"]
    fig = F.two_way_chart(sens.two_way, labels=labels_of(res.region, lang), lang=lang, currency=res.currency,
                          family=(pr.p_family_use, pr.pv_cost))
    you = [d for d in fig.data if d.name == L.legend_label(t("app.fig.you", lang))]
    assert len(you) == 1 and you[0].x[0] == pytest.approx(pr.p_family_use) and you[0].y[0] == pytest.approx(pr.pv_cost)
    x_text, y_text = ticks(fig.layout.xaxis), ticks(fig.layout.yaxis)
    assert x_text and all(("in" in x or "分之" in x or "个中" in x or x.endswith("%") or x == "0") for x in x_text), x_text
    assert not any("μ" in x or "e-" in x for x in x_text + y_text)
    if name == "healthy_cn":  # the chance spans decades: a log axis, ticks per decade
        assert fig.layout.xaxis.type == "log"
        assert ("1 in 10,000" if lang == "en" else "万分之 1") in x_text
    if lang == "zh":
        assert any("万" in y for y in y_text) and not any(y.endswith("k") for y in y_text)
    bar = [d for d in fig.data if d.type == "heatmap"][0].colorbar
    assert bar.ticktext and not any("e+" in x for x in bar.ticktext)


@pytest.mark.parametrize("lang", LANGS)
def test_ce_plane_marks_the_family(family, lang):
    _, res, _, psa = family
    c = res.comparisons["private_vs_public"]
    fig = F.ce_plane_chart(psa.plane, wtp=res.parameters["wtp_per_qaly"], lang=lang, currency=res.currency,
                           family=(c.delta_qaly, c.delta_cost))
    you = [d for d in fig.data if d.name == L.legend_label(t("app.fig.you", lang))]
    assert len(you) == 1 and you[0].x[0] == pytest.approx(c.delta_qaly)
    lo, hi = fig.layout.yaxis.range
    assert lo <= c.delta_cost <= hi and lo <= min(psa.plane["delta_cost"]) and max(psa.plane["delta_cost"]) <= hi
    assert not any("e-" in x for x in ticks(fig.layout.xaxis))
    assert fig.layout.legend.yref == "container"  # under the plot, not on it


@pytest.mark.parametrize("lang", LANGS)
def test_ceac_is_a_true_log_axis_with_the_family_wtp_visible(family, lang):
    _, res, _, psa = family
    wtp = float(res.parameters["wtp_per_qaly"])
    fig = F.ceac_chart(psa.ceac, wtp=wtp, lang=lang, currency=res.currency)
    assert "log" in fig.layout.xaxis.title.text or "对数" in fig.layout.xaxis.title.text
    assert fig.layout.xaxis.type == "log"
    lo, hi = fig.layout.xaxis.range  # log10 units: WTP well inside, not squeezed at an edge
    assert lo < math.log10(wtp / 3) and math.log10(wtp * 3) < hi
    assert min(fig.data[0].x) > 0  # zero has no place on a log axis
    assert any(s.type == "rect" and s.x0 < wtp < s.x1 for s in fig.layout.shapes)
    you = [d for d in fig.data if d.x[0] == wtp and len(d.x) == 1]
    assert len(you) == 1
    text = ticks(fig.layout.xaxis)
    assert ("1M" if lang == "en" else "100万") in text


def test_compact_number_rule():
    assert N.compact_number(-10_000, "zh") == "-1万" and N.compact_number(25_000, "zh") == "2.5万"
    assert N.compact_number(2e8, "zh") == "2亿" and N.compact_number(2e9, "en") == "2B"
    assert N.compact_number(25_000, "en") == "25k"


def test_chance_and_plain_numbers_never_use_exponents():
    assert N.plain_number(5e-5) == "0.00005" and N.plain_number(1.16e-5) == "0.0000116"
    assert S.chance_tick(1e-4, "en") == "1 in 10,000" and S.chance_tick(1e-4, "zh") == "万分之 1"
    assert S.chance_tick(2e-4, "en") == "2 in 10,000" and S.chance_tick(5e-5, "en") == "1 in 20,000"
    assert S.chance_tick(0.05, "zh") == "20 分之一" and S.chance_tick(0.2, "zh") == "20%"
    assert S.chance_linear_axis(0.0, 0.15, "en", 4).tick_text[1:] == ("5 in 100", "10 in 100", "15 in 100")
