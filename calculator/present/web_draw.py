"""Plotly draws a chart spec (:mod:`calculator.content.chart_spec`) for the web page
(:func:`draw_chart`; the icon arrays are SVG, :mod:`calculator.present.icon_svg`). Only the web's
choices are made here: heights, label widths, the legend under the plot, hover templates from
the spec's words, this family's point as a star; colours are the spec's roles.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from calculator.content.chart_spec import Axis, ChartSpec, Heat, Mark, Series
from calculator.present.palette import colour, text_on
from calculator.present.web_layout import AXIS_TITLE_LINE_WIDTH, LEGEND_BELOW, axis_title_label, empty_note_layout, figure, wrap_title

if TYPE_CHECKING:
    import plotly.graph_objects as go

def family_marker(x: float, y: float, name: str, **extra: Any) -> dict[str, Any]:
    """The trace of this family's own point: a large black-edged star in the family colour, named in the legend."""
    return {"type": "scatter", "x": [x], "y": [y], "mode": "markers", "name": name,
            "marker": {"symbol": "star", "size": 18, "line": {"color": "black", "width": 1.5}, "color": colour("family")}, **extra}


def axis_layout(axis: Axis) -> dict[str, Any]:
    """Plotly's settings of an axis of the spec: title, log scale, ticks and their words, range."""
    out: dict[str, Any] = {}
    if axis.title:
        out["title"] = {"text": axis.title}
    if axis.scale == "log":
        out["type"] = "log"
    if axis.ticks:
        out.update(tickmode="array", tickvals=list(axis.ticks), ticktext=list(axis.tick_text))
    if axis.range is not None:
        lo, hi = axis.range
        out["range"] = [math.log10(lo), math.log10(hi)] if axis.scale == "log" else [lo, hi]
    return out


def _bar(spec: ChartSpec, s: Series, labels: list[str], full: list[str]) -> dict[str, Any]:
    fill = colour(s.role)
    tr: dict[str, Any] = {"type": "bar", "name": s.name, "marker": {"color": fill}}
    if s.hatch:
        tr["marker"]["pattern"] = {"shape": "/"}
    if spec.horizontal:
        base = s.base or 0.0
        tr.update(orientation="h", y=labels, x=[float(v) - base for v in s.x], customdata=[[w, f] for w, f in zip(s.text, full)],
                  hovertemplate="%{customdata[1]}: %{customdata[0]}<extra>" + s.name + "</extra>")
        if s.base is not None:
            tr["base"] = base
    else:
        tr.update(x=list(s.x), y=list(s.y), customdata=list(s.text), hovertemplate="%{x}: %{customdata}<extra></extra>")
    if spec.bar_labels:
        values = [float(v) for v in (s.x if spec.horizontal else s.y)]
        biggest = max([abs(float(v)) for q in spec.series for v in (q.x if spec.horizontal else q.y)] + [1e-9])
        tr.update(text=[w if abs(v) > 0.25 * biggest else "" for w, v in zip(s.text, values)], textposition="inside",
                  insidetextanchor="middle", textfont={"color": text_on(fill)})
    return tr


def hover(pattern: str, default: str = "%{x}: %{customdata}") -> str:
    """A spec's hover pattern (``{x:.3g}``, ``{text}``) as plotly's template (``%{x:.3g}``, ``%{customdata}``)."""
    if not pattern:
        return default + "<extra></extra>"
    return re.sub(r"\{(x|y)", r"%{\1", pattern).replace("{text}", "%{customdata}") + "<extra></extra>"


def _line(s: Series, markers: bool) -> dict[str, Any]:
    tr = {"type": "scatter", "name": s.name, "x": list(s.x), "y": list(s.y),
          "mode": "lines+markers" if markers else "lines",
          "line": {"color": colour(s.role), "dash": s.dash, "width": 2.5}, **({"marker": {"size": 5}} if markers else {})}
    if s.text:
        return {**tr, "customdata": list(s.text), "hovertemplate": hover(s.hover)}
    return {**tr, "hoverinfo": "skip"}


def _points(s: Series) -> dict[str, Any]:
    """A cloud of points, worded by the browser from the spec's pattern (none formatted here)."""
    import numpy as np

    return {"type": "scatter", "name": s.name, "x": np.asarray(s.x), "y": np.asarray(s.y), "mode": "markers",
            "marker": {"color": colour(s.role), "size": 4, "opacity": 0.45}, "hovertemplate": hover(s.hover)}


def _heat(h: Heat, with_line: bool) -> list[dict[str, Any]]:
    """The map (white at zero) and, unless the spec draws it, its zero line read off the grid."""
    z = [list(row) for row in h.z]
    span = max((abs(v) for row in z for v in row if math.isfinite(v)), default=1.0) or 1.0
    out = [{"type": "heatmap", "x": list(h.x), "y": list(h.y), "z": z, "zmid": 0, "zmin": -span, "zmax": span,
            "colorscale": [[0, colour(h.roles[0])], [0.5, "#FFFFFF"], [1, colour(h.roles[1])]],
            "colorbar": {"title": {"text": h.scale.title, "side": "right"}, "len": 0.8, "thickness": 14,
                         **{k: v for k, v in axis_layout(h.scale).items() if k != "title"}},
            "customdata": [[[h.x_text[j], h.y_text[i], h.z_text[i][j]] for j in range(len(h.x))] for i in range(len(h.y))],
            "hovertemplate": "%{customdata[0]}; %{customdata[1]}: %{customdata[2]}<extra></extra>",
            "name": h.name, "showlegend": False}]
    if with_line:
        out.append({"type": "contour", "x": list(h.x), "y": list(h.y), "z": z, "showscale": False,
                    "contours": {"start": 0, "end": 0, "size": 1, "coloring": "lines", "showlabels": False},
                    "line": {"color": colour("reference"), "width": 2, "dash": "dash"}, "hoverinfo": "skip",
                    "name": h.line, "showlegend": True})
    return out


def _point(m: Mark) -> dict[str, Any]:
    """A marked point: this family's star, or a diamond with its words beside it (on the side with room)."""
    if m.role == "family":
        return family_marker(m.x0, m.point or 0.0, m.name, customdata=[m.text], hovertemplate=hover(m.hover, "%{customdata}"))
    return {"type": "scatter", "name": m.name, "x": [m.x0], "y": [m.point], "mode": "markers+text",
            "marker": {"color": colour(m.role), "size": 13, "symbol": "diamond", "line": {"color": "black", "width": 1}},
            "text": [m.text], "textposition": "top left" if m.x0 > 30 else "top right", "cliponaxis": False,
            "customdata": [m.text], "hovertemplate": hover(m.hover, "%{customdata}")}


#: Width of a tornado bar label, in Latin characters per line (a Chinese character counts two).
TORNADO_LABEL_WIDTH = 30
#: Height of one line of a tornado label (11 px text) and the room between two bands [px].
TORNADO_LINE_PX, TORNADO_BAND_GAP_PX = 15, 10


def tornado_height(spec: ChartSpec) -> int:
    """A tornado's height [px]: every band as tall as the label with the most lines, so that no
    two labels overlap; plus the title, the tick labels, the x-axis title and the legend below."""
    cats = [c + (" *" if c in spec.flagged else "") for c in spec.series[0].y]
    most = max((wrap_title(c, TORNADO_LABEL_WIDTH).count("<br>") + 1 for c in cats), default=1)
    x_lines = axis_title_label(spec.x.title).count("<br>") + 1
    return max(340, 150 + 18 * x_lines + len(cats) * (TORNADO_LINE_PX * most + TORNADO_BAND_GAP_PX))


def draw_chart(spec: ChartSpec) -> go.Figure:
    """The web figure of any chart spec, with the page's sizes for its chart (by name)."""
    name, empty = spec.name, bool(spec.empty)
    below = {"legend_below": True}
    if name == "tornado":
        if empty:
            return draw(spec, height=320)
        return draw(spec, height=tornado_height(spec), label_width=TORNADO_LABEL_WIDTH, after={"margin": {"b": 70}}, **below)
    options: dict[str, dict[str, Any]] = {
        "value": {"height": 380}, "cost": {"height": 380, "markers": True},
        "age": {"height": 360, "y_width": AXIS_TITLE_LINE_WIDTH, "after": {"yaxis": {"rangemode": "tozero"}}},
        "cpu": {"height": 380 if empty else 440, "y_width": AXIS_TITLE_LINE_WIDTH},
        "two_way": {"height": 460, "y_width": 40, "after": {"margin": {"b": 60}}, **below},
        "plane": {"height": 460, "y_width": 40, "after": {"margin": {"b": 80}}, **below},
        "ceac": {"height": 420, "markers": True, "after": {"margin": {"b": 70}}, **below},
    }
    return draw(spec, **options.get(name, {"height": 380}))


def draw(spec: ChartSpec, *, height: int, label_width: int | None = None, legend_below: bool = False,
         markers: bool = False, y_width: int | None = None, after: dict[str, Any] | None = None) -> go.Figure:
    """The plotly figure of ``spec``: ``label_width`` wraps category labels (Latin characters a
    line), ``legend_below`` anchors the legend under the plot, ``markers`` puts a marker on each
    point of a line, ``y_width`` wraps the y axis's title (else the x axis's width), ``after``
    overrides layout settings."""
    if spec.empty:
        return figure([], spec.title, layout=empty_note_layout(spec.empty), height=height, legend=False)
    traces: list[Any] = _heat(spec.heat, not spec.series) if spec.heat is not None else []
    layout: dict[str, Any] = {"xaxis": axis_layout(spec.x), "yaxis": axis_layout(spec.y)}
    if y_width:
        layout["yaxis"]["title"] = {"text": wrap_title(spec.y.title, y_width)}
    bars = [s for s in spec.series if s.kind == "bar"]
    if spec.horizontal:
        layout["yaxis"]["autorange"] = "reversed"  # the first category on top
        layout["barmode"] = "overlay" if all(s.base is not None for s in bars) else "group"
    for s in spec.series:
        if s.kind == "bar":
            full = [str(c) + (" *" if c in spec.flagged else "") for c in (s.y if spec.horizontal else s.x)]
            labels = [wrap_title(c, label_width) if label_width else c for c in full]
            traces.append(_bar(spec, s, labels, [str(c) for c in (s.y if spec.horizontal else s.x)]))
        else:
            traces.append(_points(s) if s.kind == "points" else _line(s, markers))
    shapes, notes = [], []
    for m in spec.marks:
        if m.kind == "point":
            traces.append(_point(m))
            continue
        shapes.append(_shape(m, dotted=m.point is not None))
        if m.kind == "band" and m.name:  # a named band: a square of its colour in the legend
            traces.append({"type": "scatter", "name": m.name, "x": [None], "y": [None], "mode": "markers",
                           "marker": {"symbol": "square", "size": 12, "color": colour(m.role), "opacity": 0.35},
                           "hoverinfo": "skip"})
        if m.point is not None:
            traces.append(family_marker(m.x0, m.point, m.name, customdata=[m.text],
                                        hovertemplate="%{customdata}<extra></extra>"))
            notes.append(_note(m, spec.x))
    if shapes:
        layout["shapes"] = shapes
    if notes:
        layout["annotations"] = notes
    if spec.horizontal and bars and all(s.base is not None for s in bars):
        layout["bargap"] = 0.25
        layout["yaxis"]["tickfont"] = {"size": 11}
    extra = {"legend": LEGEND_BELOW, **(after or {})} if legend_below else after
    return figure(traces, spec.title, layout=layout, height=height, after=extra)


def _shape(m: Mark, dotted: bool) -> dict[str, Any]:
    if m.kind == "band":  # a band named in the legend is drawn as its legend square
        return {"type": "rect", "x0": m.x0, "x1": m.x1, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
                "fillcolor": colour(m.role), "opacity": 0.35 if m.name else 0.25, "line": {"width": 0}, **({} if m.name else {"layer": "below"})}
    return {"type": "line", "x0": m.x0, "x1": m.x0, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
            "line": {"color": colour(m.role), "width": 1.5 if dotted else 1, **({"dash": "dot"} if dotted else {})}}


def _note(m: Mark, x: Axis) -> dict[str, Any]:
    """The words of a marked point, on the side of its line with room (a log axis: in decades)."""
    log = x.scale == "log"
    pos = math.log10(m.x0) if log else m.x0
    right_half = False
    if x.range is not None:
        lo, hi = (math.log10(v) for v in x.range) if log else x.range
        right_half = pos > (lo + hi) / 2
    return {"text": wrap_title(m.text, 22), "x": pos, "xref": "x", "xanchor": "right" if right_half else "left",
            "y": m.point, "yref": "y", "yanchor": "bottom", "showarrow": False, "xshift": -10 if right_half else 10,
            "yshift": 4, "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 12}}
