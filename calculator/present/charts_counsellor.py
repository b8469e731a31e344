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

from calculator.present.cjk import shorten
from calculator.present.i18n import t
from calculator.present.numbers import format_money, format_pct
from calculator.present.palette import (
    HIGH,
    LOW,
    OKABE_ITO,
)
from calculator.present.web_layout import (
    LEGEND_BELOW,
    _finite,
    _has,
    _log_ticks,
    chance_linear_ticks,
    chance_text,
    chance_ticks,
    empty_note_layout,
    figure,
    money_hover_format,
    money_ticks,
    nice_ticks,
    plain_number,
    wrap_label,
)


# --------------------------------------------------------------------------- counsellor charts
def _output_unit(output: str, currency: str, lang: str) -> str:
    if output.startswith("nmb") or "cost" in output:
        return t(f"app.fig.currency.{currency}", lang)
    return ""


#: One label shortener for the PDF's charts (the web charts wrap full labels instead).
short_label = shorten

#: Width of a tornado bar label, in Latin characters per line (a Chinese character counts two).
TORNADO_LABEL_WIDTH = 30


def _family_marker(x: float, y: float, name: str, **extra: Any) -> go.Scatter:
    """This family's own point: a large black-edged star, named in the legend."""
    return go.Scatter(x=[x], y=[y], mode="markers", name=name,
                      marker={"symbol": "star", "size": 18, "color": OKABE_ITO["yellow"],
                              "line": {"color": "black", "width": 1.5}}, **extra)


def tornado_chart(tornado: Any, *, labels: Mapping[str, str], lang: str, currency: str, top: int = 12) -> go.Figure:
    """One-way sensitivity: each parameter from its low to its high value, output change from the base.

    ``tornado``: ``output``, ``base`` and ``rows`` of (name, low_value, high_value,
    output_low, output_high, swing, flips, flip_value); the widest ``top`` rows are drawn,
    widest on top. Rows that flip the decision are marked with a star. Labels are the full
    parameter names, wrapped over lines (never cut); money ticks are compact (万/亿, k/M).
    """
    base = float(tornado.base)
    if not math.isfinite(base):  # e.g. cost per use when no family can use the unit
        out_label = (t(f"app.fig.output.{tornado.output}", lang) if _has(f"app.fig.output.{tornado.output}", lang)
                     else tornado.output)
        note = empty_note_layout(t("app.charts.cpu_none", lang) if "use" in tornado.output else t("text.not_reachable", lang))
        return figure([], t("app.fig.tornado.title", lang, output=out_label), layout=note, height=320, legend=False)
    rows = [r for r in tornado.rows if _finite((r.output_low, r.output_high))]
    rows = sorted(rows, key=lambda r: abs(r.swing), reverse=True)[:top]
    rows = list(reversed(rows))  # plotly draws bottom-up
    full = [labels.get(r.name, r.name) for r in rows]
    names = [wrap_label(x + (" *" if r.flips else ""), TORNADO_LABEL_WIDTH) for x, r in zip(full, rows)]
    unit = _output_unit(tornado.output, currency, lang)
    traces = []
    for key, vals, values_at, col, pattern in (
        ("low", [float(r.output_low) for r in rows], [r.low_value for r in rows], LOW, ""),
        ("high", [float(r.output_high) for r in rows], [r.high_value for r in rows], HIGH, "/"),
    ):
        traces.append(go.Bar(
            name=t(f"app.fig.tornado.{key}", lang), y=names, x=[v - base for v in vals], base=base, orientation="h",
            marker_color=col, marker_pattern_shape=pattern,
            customdata=[[plain_number(float(a)), format_money(v, currency, lang) if unit else plain_number(v), name]
                        for a, v, name in zip(values_at, vals, full)],
            hovertemplate="%{customdata[2]}<br>= %{customdata[0]} → %{customdata[1]}<extra></extra>",
        ))
    out_label = t(f"app.fig.output.{tornado.output}", lang) if _has(f"app.fig.output.{tornado.output}", lang) else tornado.output
    xaxis: dict[str, Any] = {"title": {"text": f"{out_label} ({unit})" if unit else out_label}}
    ends = [base] + [float(v) for r in rows for v in (r.output_low, r.output_high)]
    if unit:
        xaxis.update(money_ticks(min(ends), max(ends), lang, 7))
    title = t("app.fig.tornado.title", lang, output=out_label)
    base_line = {"type": "line", "x0": base, "x1": base, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
                 "line": {"color": "black", "width": 1}}
    n_lines = sum(n.count("<br>") + 1 for n in names)
    return figure(traces, title, layout={"barmode": "overlay", "xaxis": xaxis, "shapes": [base_line],
                                         "yaxis": {"tickfont": {"size": 11}}, "bargap": 0.25},
                  height=max(340, 150 + 16 * n_lines + 12 * len(rows)), after={"legend": LEGEND_BELOW,
                                                                             "margin": {"b": 70}})


def _axis_for(name: str, values: Sequence[float], units: Mapping[str, str], lang: str) -> dict[str, Any]:
    """Axis type and ticks of a two-way axis: log with natural-frequency ticks for a chance spanning
    decades, compact money ticks for money, plain numbers otherwise."""
    v = [float(x) for x in values]
    kind = units.get(name, "")
    if _log_spaced(v):
        ticks = chance_ticks(min(v), max(v), lang) if kind == "probability" else _log_ticks(min(v), max(v), lang)
        return {"type": "log", **ticks}
    if kind == "money":
        return {"type": "linear", **money_ticks(min(v), max(v), lang, 6)}
    if kind == "probability":
        return {"type": "linear", **chance_linear_ticks(min(v), max(v), lang, 5)}
    vals = nice_ticks(min(v), max(v), 6)
    return {"type": "linear", "tickmode": "array", "tickvals": vals, "ticktext": [plain_number(x) for x in vals]}


def _value_text(x: float, kind: str, lang: str, currency: str) -> str:
    if kind == "probability":
        return f"{chance_text(x, lang)} ({format_pct(x, lang)})"
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
    bar_ticks = money_ticks(-span, span, lang, 5)
    traces.append(go.Heatmap(
        x=list(two_way.x_values), y=list(two_way.y_values), z=z, zmid=0, zmin=-span, zmax=span,
        colorscale=[[0, OKABE_ITO["blue"]], [0.5, "#FFFFFF"], [1, OKABE_ITO["orange"]]],
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
        traces.append(_family_marker(fx, fy, t("app.fig.you", lang),
                                     customdata=[[_value_text(fx, xk, lang, currency), _value_text(fy, yk, lang, currency)]],
                                     hovertemplate="%{customdata[0]}; %{customdata[1]}<extra></extra>"))
    xl, yl = labels.get(two_way.x_name, two_way.x_name), labels.get(two_way.y_name, two_way.y_name)
    layout = {"xaxis": {"title": {"text": wrap_label(xl, 60)}, **_axis_for(two_way.x_name, two_way.x_values, units, lang)},
              "yaxis": {"title": {"text": wrap_label(yl, 40)}, **_axis_for(two_way.y_name, two_way.y_values, units, lang)}}
    return figure(traces, t("app.fig.twoway.title", lang), layout=layout, height=460,
                  after={"legend": LEGEND_BELOW, "margin": {"b": 60}})


def _log_spaced(values: Sequence[float]) -> bool:
    v = [float(x) for x in values]
    return len(v) > 2 and min(v) > 0 and max(v) / min(v) > 50


def ce_plane_chart(plane: Mapping[str, Sequence[float]], *, wtp: float, lang: str, currency: str, max_points: int = 2000,
                   family: tuple[float, float] | None = None) -> go.Figure:
    """Cost-effectiveness plane: each PSA draw's extra QALYs and extra cost of private storage
    over public donation, with the willingness-to-pay line (points below it are worth it).

    ``family``: this family's (extra QALYs, extra cost) at the base values, marked with a star."""
    dq = [float(v) for v in plane["delta_qaly"]][:max_points]
    dc = [float(v) for v in plane["delta_cost"]][:max_points]
    # the draws' hover text is formatted by plotly in the browser (whole money amounts with the
    # currency as the page writes it), not 4,000 times in Python on every new family
    money = money_hover_format(currency, lang, "y")
    traces = [go.Scatter(
        x=np.asarray(dq), y=np.asarray(dc), mode="markers", name=t("app.fig.plane.draws", lang),
        marker={"color": OKABE_ITO["blue"], "size": 4, "opacity": 0.45},
        hovertemplate="ΔQALY %{x:.3~g}, Δ " + money + "<extra></extra>",
    )]
    xs = dq + ([float(family[0])] if family is not None else [])
    ys = dc + ([float(family[1])] if family is not None else [])
    hi = max([abs(v) for v in xs] + [1e-9])
    traces.append(go.Scatter(
        x=[-hi * 0.05, hi * 1.05], y=[-hi * 0.05 * wtp, hi * 1.05 * wtp], mode="lines",
        name=t("app.fig.plane.wtp_line", lang, currency=currency, wtp=wtp),
        line={"color": OKABE_ITO["vermillion"], "dash": "dash", "width": 2}, hoverinfo="skip",
    ))
    if family is not None and _finite(family):
        fq, fc = float(family[0]), float(family[1])
        traces.append(_family_marker(fq, fc, t("app.fig.you", lang),
                                     customdata=[[plain_number(fq), format_money(fc, currency, lang)]],
                                     hovertemplate="ΔQALY %{customdata[0]}, Δ %{customdata[1]}<extra></extra>"))
    # the y range holds the draws and the family; the WTP line may run beyond it
    y_lo, y_hi = min(ys + [0.0]), max(ys + [0.0])
    pad = 0.06 * ((y_hi - y_lo) or 1.0)
    x_lo, x_hi = min(xs + [0.0]), max(xs + [0.0])
    xpad = 0.05 * ((x_hi - x_lo) or 1e-9)
    xvals = nice_ticks(x_lo, x_hi, 5)
    layout = {"xaxis": {"title": {"text": t("app.fig.plane.x", lang)}, "range": [x_lo - xpad, x_hi + xpad],
                        "tickmode": "array", "tickvals": xvals, "ticktext": [plain_number(v, 2) for v in xvals]},
              "yaxis": {"title": {"text": wrap_label(t("app.fig.plane.y", lang, unit=t(f"app.fig.currency.{currency}", lang)), 40)},
                        "range": [y_lo - pad, y_hi + pad], **money_ticks(y_lo, y_hi, lang, 6)}}
    return figure(traces, t("app.fig.plane.title", lang), layout=layout, height=460,
                  after={"legend": LEGEND_BELOW, "margin": {"b": 80}})


def ceac_chart(ceac: Sequence[Sequence[float]], *, wtp: float, lang: str, currency: str) -> go.Figure:
    """Cost-effectiveness acceptability curve: chance that private storage is the better
    buy than public donation at each willingness to pay per QALY.

    A true log x axis from the smallest positive willingness to pay drawn (zero has no place
    on a log axis and is left out); the family's willingness to pay is a dotted line with its
    chance written beside it, and the decade either side of it is shaded."""
    pts = [(float(r[0]), float(r[1])) for r in ceac if float(r[0]) > 0]
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    curve = go.Scatter(
        x=xs, y=ys, mode="lines+markers", name=t("strategy.private", lang),
        line={"color": OKABE_ITO["vermillion"], "width": 2.5}, marker={"size": 5},
        customdata=[[format_money(x, currency, lang), format_pct(y, lang)] for x, y in zip(xs, ys)],
        hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
    )
    traces = [curve]
    layout: dict[str, Any] = {
        "yaxis": {"title": {"text": t("app.fig.ceac.y", lang)}, "range": [0, 1.05], "tickformat": ".0%"}}
    if xs:
        lo, hi = min(xs), max(xs)
        layout["xaxis"] = {"title": {"text": wrap_label(t("app.fig.ceac.x", lang, unit=t(f"app.fig.currency.{currency}", lang)), 60)},
                           "type": "log", "range": [math.log10(lo), math.log10(hi)], **_log_ticks(lo, hi, lang)}
    if wtp > 0:
        p_at = float(np.interp(math.log10(wtp), [math.log10(x) for x in xs], ys)) if xs else 0.0
        layout["shapes"] = [
            {"type": "rect", "x0": wtp / 3, "x1": wtp * 3, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
             "fillcolor": OKABE_ITO["yellow"], "opacity": 0.25, "line": {"width": 0}, "layer": "below"},
            {"type": "line", "x0": wtp, "x1": wtp, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
             "line": {"color": OKABE_ITO["black"], "dash": "dot", "width": 1.5}},
        ]
        traces.append(_family_marker(wtp, p_at, t("app.fig.ceac.current", lang, wtp=wtp, currency=currency),
                                     customdata=[[format_money(wtp, currency, lang), format_pct(p_at, lang)]],
                                     hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>"))
        # the note on the side of the line with room (a log axis: compare in decades)
        right_half = bool(xs) and math.log10(wtp) > (math.log10(min(xs)) + math.log10(max(xs))) / 2
        layout["annotations"] = [{"text": wrap_label(t("app.fig.ceac.at_wtp", lang, p=p_at), 22), "x": math.log10(wtp), "xref": "x",
                                  "xanchor": "right" if right_half else "left", "y": p_at, "yref": "y", "yanchor": "bottom",
                                  "showarrow": False, "xshift": -10 if right_half else 10, "yshift": 4,
                                  "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 12}}]
    return figure(traces, t("app.fig.ceac.title", lang), layout=layout, height=420,
                  after={"legend": LEGEND_BELOW, "margin": {"b": 70}})
