"""Plotly figures for counsellors: the tornado diagram, the two-way sensitivity map, the
cost-effectiveness plane and the acceptability curve (data in, figure out; no Streamlit here).

Each builder takes the analyses' data objects, a language (``zh``/``en``) and the currency;
titles and axis labels come from the text catalogue, colours from
:mod:`calculator.present.palette`, and this family's own point is marked on every chart.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from calculator.content.chart_spec import (
    ChartSpec,
    ceac_spec,
    chance_tick,
    money_axis,
    number_axis,
    title_key,
    tornado_spec,
    value_axis,
)
from calculator.content.i18n import t
from calculator.content.numbers import format_money, format_pct, plain_number
from calculator.present.cjk import shorten
from calculator.present.palette import colour
from calculator.present.web_draw import axis_layout, draw, family_marker
from calculator.present.web_layout import (
    LEGEND_BELOW,
    _finite,
    axis_title_label,
    figure,
    money_hover_format,
    wrap_label,
)

# --------------------------------------------------------------------------- counsellor charts
#: One label shortener for the PDF's charts (the web charts wrap full labels instead).
short_label = shorten

#: Width of a tornado bar label, in Latin characters per line (a Chinese character counts two).
TORNADO_LABEL_WIDTH = 30


def tornado_chart(tornado: Any, *, labels: Mapping[str, str], lang: str, currency: str, top: int = 12) -> go.Figure:
    """One-way sensitivity (:func:`~calculator.content.chart_spec.tornado_spec`): the widest
    ``top`` rows, widest on top; labels are the full parameter names wrapped over lines (never
    cut), a row that flips the decision marked with a star; money ticks are compact (万/亿, k/M)."""
    spec = tornado_spec(tornado, labels=labels, lang=lang, currency=currency, top=top)
    if spec.empty:
        return draw(spec, height=320)
    return draw(spec, height=tornado_height(spec), label_width=TORNADO_LABEL_WIDTH, legend_below=True,
                after={"margin": {"b": 70}})


#: Height of one line of a tornado label (11 px text) and the room between two bands [px].
TORNADO_LINE_PX, TORNADO_BAND_GAP_PX = 15, 10


def tornado_height(spec: ChartSpec) -> int:
    """A tornado's height [px]: every band (plotly makes them equal) as tall as the label with
    the most lines, so that no two labels overlap; plus the title, the tick labels, the x-axis
    title (as many lines as it is wrapped into) and the legend below."""
    cats = [c + (" *" if c in spec.flagged else "") for c in spec.series[0].y]
    most = max((wrap_label(c, TORNADO_LABEL_WIDTH).count("<br>") + 1 for c in cats), default=1)
    x_lines = axis_title_label(spec.x.title).count("<br>") + 1
    return max(340, 150 + 18 * x_lines + len(cats) * (TORNADO_LINE_PX * most + TORNADO_BAND_GAP_PX))


def _axis_for(name: str, values: Sequence[float], units: Mapping[str, str], lang: str) -> dict[str, Any]:
    """A two-way axis (:func:`calculator.content.chart_spec.value_axis`: log for values spanning
    decades, natural-frequency ticks for a chance, compact money, plain numbers otherwise)."""
    axis = value_axis(values, units.get(name, ""), lang)
    return {"type": "log" if axis.scale == "log" else "linear", **axis_layout(axis)}


def _value_text(x: float, kind: str, lang: str, currency: str) -> str:
    if kind == "probability":
        return f"{chance_tick(x, lang)} ({format_pct(x, lang)})"
    if kind == "money":
        return format_money(x, currency, lang)
    return plain_number(x)


def two_way_chart(two_way: Any, *, labels: Mapping[str, str], lang: str, currency: str,
                  family: tuple[float, float] | None = None, units: Mapping[str, str] | None = None) -> go.Figure:
    """Two-way sensitivity: net monetary benefit over a grid of two parameters, with the
    break-even line (NMB = 0) drawn; orange where private storage pays, blue where it does not.

    ``family``: this family's (x, y), marked with a star; ``units``: ``probability`` or
    ``money`` for each axis name (chances get natural-frequency ticks, money compact ticks).
    """
    units = dict(units or {"p_family_use_private": "probability", "pv_cost_private": "money"})
    z = [[float(v) for v in row] for row in two_way.nmb]
    traces = []
    flat = [v for row in z for v in row if math.isfinite(v)]
    span = max((abs(v) for v in flat), default=1.0) or 1.0
    xk, yk = units.get(two_way.x_name, ""), units.get(two_way.y_name, "")
    xt = [_value_text(float(x), xk, lang, currency) for x in two_way.x_values]
    yt = [_value_text(float(y), yk, lang, currency) for y in two_way.y_values]
    bar_ticks = axis_layout(money_axis(-span, span, lang, 5))
    traces.append(go.Heatmap(
        x=list(two_way.x_values), y=list(two_way.y_values), z=z, zmid=0, zmin=-span, zmax=span,
        colorscale=[[0, colour("public")], [0.5, "#FFFFFF"], [1, colour("high")]],
        colorbar={"title": {"text": t(f"app.fig.currency.{currency}", lang), "side": "right"}, "len": 0.8,
                  "thickness": 14, **bar_ticks},
        customdata=[[[xt[j], yt[i], format_money(v, currency, lang)] for j, v in enumerate(row)] for i, row in enumerate(z)],
        hovertemplate="%{customdata[0]}; %{customdata[1]}: %{customdata[2]}<extra></extra>",
        name=t("app.fig.output.nmb_vs_public", lang), showlegend=False,
    ))
    points = [p for p in two_way.break_even if len(p) == 2]
    if points:  # solved exactly by the analysis
        traces.append(go.Scatter(
            x=[float(p[0]) for p in points], y=[float(p[1]) for p in points], mode="lines",
            line={"color": "black", "width": 2.5, "dash": "dash"}, hoverinfo="skip",
            name=t("app.fig.twoway.break_even", lang),
        ))
    else:  # read off the grid
        traces.append(go.Contour(
            x=list(two_way.x_values), y=list(two_way.y_values), z=z, showscale=False,
            contours={"start": 0, "end": 0, "size": 1, "coloring": "lines", "showlabels": False},
            line={"color": "black", "width": 2, "dash": "dash"}, hoverinfo="skip",
            name=t("app.fig.twoway.break_even", lang), showlegend=True,
        ))
    if family is not None and _finite(family):
        fx, fy = float(family[0]), float(family[1])
        traces.append(family_marker(fx, fy, t("app.fig.you", lang),
                                     customdata=[[_value_text(fx, xk, lang, currency), _value_text(fy, yk, lang, currency)]],
                                     hovertemplate="%{customdata[0]}; %{customdata[1]}<extra></extra>"))
    xl, yl = labels.get(two_way.x_name, two_way.x_name), labels.get(two_way.y_name, two_way.y_name)
    layout = {"xaxis": {"title": {"text": wrap_label(xl, 60)}, **_axis_for(two_way.x_name, two_way.x_values, units, lang)},
              "yaxis": {"title": {"text": wrap_label(yl, 40)}, **_axis_for(two_way.y_name, two_way.y_values, units, lang)}}
    return figure(traces, t("app.fig.twoway.title", lang), layout=layout, height=460,
                  after={"legend": LEGEND_BELOW, "margin": {"b": 60}})


def ce_plane_chart(plane: Mapping[str, Sequence[float]], *, wtp: float, lang: str, currency: str, max_points: int = 2000,
                   family: tuple[float, float] | None = None, versus: str = "public") -> go.Figure:
    """Cost-effectiveness plane: each PSA draw's extra QALYs and extra cost of private storage
    over ``versus`` (public or directed donation: the option the verdict weighs it against,
    :func:`calculator.content.chart_spec.uncertainty_pair`), with the willingness-to-pay line
    (points below it are worth it).

    ``family``: this family's (extra QALYs, extra cost) at the base values, marked with a star."""
    dq = [float(v) for v in plane["delta_qaly"]][:max_points]
    dc = [float(v) for v in plane["delta_cost"]][:max_points]
    # the draws' hover text is formatted by plotly in the browser (whole money amounts with the
    # currency as the page writes it), not 4,000 times in Python on every new family
    money = money_hover_format(currency, lang, "y")
    traces = [go.Scatter(
        x=np.asarray(dq), y=np.asarray(dc), mode="markers", name=t("app.fig.plane.draws", lang),
        marker={"color": colour("draws"), "size": 4, "opacity": 0.45},
        hovertemplate="ΔQALY %{x:.3~g}, Δ " + money + "<extra></extra>",
    )]
    xs = dq + ([float(family[0])] if family is not None else [])
    ys = dc + ([float(family[1])] if family is not None else [])
    hi = max([abs(v) for v in xs] + [1e-9])
    traces.append(go.Scatter(
        x=[-hi * 0.05, hi * 1.05], y=[-hi * 0.05 * wtp, hi * 1.05 * wtp], mode="lines",
        name=t("app.fig.plane.wtp_line", lang, currency=currency, wtp=wtp),
        line={"color": colour("threshold"), "dash": "dash", "width": 2}, hoverinfo="skip",
    ))
    if family is not None and _finite(family):
        fq, fc = float(family[0]), float(family[1])
        traces.append(family_marker(fq, fc, t("app.fig.you", lang),
                                     customdata=[[plain_number(fq), format_money(fc, currency, lang)]],
                                     hovertemplate="ΔQALY %{customdata[0]}, Δ %{customdata[1]}<extra></extra>"))
    # the y range holds the draws and the family; the WTP line may run beyond it
    y_lo, y_hi = min(ys + [0.0]), max(ys + [0.0])
    pad = 0.06 * ((y_hi - y_lo) or 1.0)
    x_lo, x_hi = min(xs + [0.0]), max(xs + [0.0])
    xpad = 0.05 * ((x_hi - x_lo) or 1e-9)
    layout = {"xaxis": {"title": {"text": t("app.fig.plane.x", lang)}, "range": [x_lo - xpad, x_hi + xpad],
                        **axis_layout(number_axis(x_lo, x_hi, 5, digits=2))},
              "yaxis": {"title": {"text": wrap_label(t("app.fig.plane.y", lang, unit=t(f"app.fig.currency.{currency}", lang)), 40)},
                        "range": [y_lo - pad, y_hi + pad], **axis_layout(money_axis(y_lo, y_hi, lang, 6))}}
    return figure(traces, t(title_key("plane", versus), lang), layout=layout, height=460,
                  after={"legend": LEGEND_BELOW, "margin": {"b": 80}})


def ceac_chart(ceac: Sequence[Sequence[float]], *, wtp: float, lang: str, currency: str, versus: str = "public") -> go.Figure:
    """Cost-effectiveness acceptability curve (:func:`~calculator.content.chart_spec.ceac_spec`):
    a true log x axis, the family's willingness to pay a dotted line with its chance written
    beside it, the band from a third of it to three times it shaded."""
    return draw(ceac_spec(ceac, wtp=wtp, lang=lang, currency=currency, versus=versus), height=420, markers=True,
                legend_below=True, after={"margin": {"b": 70}})
