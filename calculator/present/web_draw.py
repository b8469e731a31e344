"""Plotly draws a chart spec (:mod:`calculator.content.chart_spec`) for the web page.

Only what belongs to the web is decided here: the height, how wide a category label may be
before it wraps, the legend under the plot, hover texts (from each point's words in the spec)
and this family's point as a star. Colours are the spec's roles
(:data:`calculator.present.palette.ROLES`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from calculator.content.chart_spec import Axis, ChartSpec, Mark, Series
from calculator.present.palette import colour, text_on
from calculator.present.web_layout import LEGEND_BELOW, empty_note_layout, figure, wrap_label

if TYPE_CHECKING:
    import plotly.graph_objects as go

#: This family's own point: a large black-edged star in the family colour, named in the legend.
FAMILY_MARKER = {"symbol": "star", "size": 18, "line": {"color": "black", "width": 1.5}}


def family_marker(x: float, y: float, name: str, **extra: Any) -> dict[str, Any]:
    """The trace of this family's own point (:data:`FAMILY_MARKER`)."""
    return {"type": "scatter", "x": [x], "y": [y], "mode": "markers", "name": name,
            "marker": {**FAMILY_MARKER, "color": colour("family")}, **extra}


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


def _line(s: Series, markers: bool) -> dict[str, Any]:
    return {"type": "scatter", "name": s.name, "x": list(s.x), "y": list(s.y),
            "mode": "lines+markers" if markers else "lines",
            "line": {"color": colour(s.role), "dash": s.dash, "width": 2.5}, "marker": {"size": 5},
            "customdata": list(s.text), "hovertemplate": "%{x}: %{customdata}<extra></extra>"}


def draw(spec: ChartSpec, *, height: int, label_width: int | None = None, legend_below: bool = False,
         markers: bool = False, after: dict[str, Any] | None = None) -> go.Figure:
    """The plotly figure of ``spec``: ``label_width`` wraps category labels (Latin characters a
    line), ``legend_below`` anchors the legend under the plot, ``markers`` puts a marker on each
    point of a line, ``after`` overrides layout settings."""
    if spec.empty:
        return figure([], spec.title, layout=empty_note_layout(spec.empty), height=height, legend=False)
    traces: list[Any] = []
    layout: dict[str, Any] = {"xaxis": axis_layout(spec.x), "yaxis": axis_layout(spec.y)}
    bars = [s for s in spec.series if s.kind == "bar"]
    if spec.horizontal:
        layout["yaxis"]["autorange"] = "reversed"  # the first category on top
        layout["barmode"] = "overlay" if all(s.base is not None for s in bars) else "group"
    for s in spec.series:
        if s.kind == "bar":
            full = [str(c) + (" *" if c in spec.flagged else "") for c in (s.y if spec.horizontal else s.x)]
            labels = [wrap_label(c, label_width) if label_width else c for c in full]
            traces.append(_bar(spec, s, labels, [str(c) for c in (s.y if spec.horizontal else s.x)]))
        else:
            traces.append(_line(s, markers))
    shapes, notes = [], []
    for m in spec.marks:
        shapes.append(_shape(m, dotted=m.point is not None))
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
    extra = dict(after or {})
    if legend_below:
        extra = {"legend": LEGEND_BELOW, **extra}
    return figure(traces, spec.title, layout=layout, height=height, after=extra or None)


def _shape(m: Mark, dotted: bool) -> dict[str, Any]:
    if m.kind == "band":
        return {"type": "rect", "x0": m.x0, "x1": m.x1, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
                "fillcolor": colour(m.role), "opacity": 0.25, "line": {"width": 0}, "layer": "below"}
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
    return {"text": wrap_label(m.text, 22), "x": pos, "xref": "x", "xanchor": "right" if right_half else "left",
            "y": m.point, "yref": "y", "yanchor": "bottom", "showarrow": False, "xshift": -10 if right_half else 10,
            "yshift": 4, "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 12}}
