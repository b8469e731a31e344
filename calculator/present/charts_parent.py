"""Plotly figures for parents: icon arrays (natural frequencies), the expected-value bars,
the cost schedule, the chance of use by age and the cost per use (data in, figure out; no
Streamlit here).

Probabilities are drawn as natural frequencies: "families out of 10,000" over the one
horizon (the storage contract), the same denominator for every option. Titles and labels
come from the text catalogue (``fig.*`` keys), colours from :mod:`calculator.present.palette`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from calculator.content.chart_spec import cost_spec, log_axis, value_spec
from calculator.content.i18n import t
from calculator.content.icons import DENOMINATOR, ENLARGE_BELOW, FrequencyRow, icon_cells, icon_count
from calculator.content.numbers import format_money, format_one_in
from calculator.present.palette import colour
from calculator.present.web_draw import axis_layout, draw
from calculator.present.web_layout import (
    _finite,
    axis_title_label,
    empty_note_layout,
    figure,
    wrap_title,
)

ICON_COLUMNS = 100
#: Width of an icon array's title line (Latin characters; a Chinese character counts two).
ICON_TITLE_WIDTH = 30

# --------------------------------------------------------------------------- natural frequencies
def icon_grid(p: float, denominator: int = DENOMINATOR, columns: int = ICON_COLUMNS) -> list[list[float]]:
    """Grid of ``denominator`` cells, the whole icons of ``p`` filled (1), the rest empty (0).

    The count is rounded by :func:`calculator.content.icons.icon_count` and the icons sit where
    :func:`calculator.content.icons.icon_cells` puts them (10 x 10 blocks from the top left),
    as in the PDF's icon arrays."""
    rows = math.ceil(denominator / columns)
    grid = [[0.0] * columns for _ in range(rows)]
    for c, r in icon_cells(denominator)[: icon_count(p, denominator)]:
        grid[r][c] = 1.0
    return grid


#: Cells between two enlarged squares (fewer than :data:`ENLARGE_BELOW` coloured): a cell is
#: about 2.9 px wide on the page and an enlarged square 9 px with its 1.5 px edge, so squares
#: of neighbouring cells covered each other (one looked like a strip); 4 cells apart they are
#: all whole, still together in the top-left block (3 x 3 places for at most 9).
ENLARGED_SPACING = 4


def icon_highlight_cells(p: float, denominator: int = DENOMINATOR) -> list[tuple[int, int]]:
    """The (column, row) of each coloured icon: the shared rounding and placement
    (:func:`calculator.content.icons.icon_cells`); a few, drawn enlarged, are spaced
    :data:`ENLARGED_SPACING` cells apart in the first block, so no square covers another."""
    n = icon_count(p, denominator)
    if 0 < n < ENLARGE_BELOW:
        return [(ENLARGED_SPACING * (i % 3), ENLARGED_SPACING * (i // 3)) for i in range(n)]
    return icon_cells(denominator)[:n]


def icon_array(row: FrequencyRow, *, years: int, lang: str, denominator: int = DENOMINATOR) -> go.Figure:
    """A grouped icon array: ``denominator`` families as small squares, those affected in colour.

    The coloured count is the shared rounding of :func:`calculator.content.icons.icon_count`
    (the PDF shows the same number). When fewer than :data:`ENLARGE_BELOW` squares are
    coloured, each is also drawn as a large outlined square on top, so they can be seen;
    the title says so. No coloured square (fewer than half a family) is said in the title.
    """
    side = int(round(math.sqrt(denominator)))
    grid = np.zeros((side, side), dtype=np.uint8)
    cells = icon_highlight_cells(row.p, denominator)
    for c, r in cells:
        grid[r, c] = 1
    n = len(cells)
    heat = go.Heatmap(
        z=grid, zmin=0, zmax=1, showscale=False, colorscale=[[0, colour("empty")], [1, colour(row.key)]],
        hoverinfo="skip", xgap=0.6, ygap=0.6,
    )
    data: list[Any] = [heat]
    if 0 < n < ENLARGE_BELOW:
        data.append(go.Scatter(
            x=[c for c, _ in cells], y=[r for _, r in cells], mode="markers", hoverinfo="skip", showlegend=False,
            cliponaxis=False,  # a square or its ring at the grid's edge is drawn whole, not cut at the axis
            # a white edge: two squares of neighbouring families overlap (a cell is about 3 px wide), and
            # the edge of the one on top keeps them apart instead of merging them into one blob
            marker={"symbol": "square", "size": 9, "color": colour(row.key), "line": {"color": "#FFFFFF", "width": 1.5}},
        ))
        xs, ys = [c for c, _ in cells], [r for _, r in cells]
        data.append(go.Scatter(  # a ring around the group (a circle, not a family: no fill)
            x=[(min(xs) + max(xs)) / 2], y=[(min(ys) + max(ys)) / 2], mode="markers", hoverinfo="skip", showlegend=False,
            cliponaxis=False,
            marker={"symbol": "circle-open", "size": 34, "color": colour("reference"), "line": {"width": 2}},
        ))
    label = t(f"app.fig.freq.{row.key}", lang)
    short = t("app.fig.icon_short", lang, n=n)
    pad = 4.0  # room for the enlarged squares and their ring at the edge
    layout: dict[str, Any] = {
        "xaxis": {"visible": False, "range": [-pad, side - 1 + pad], "fixedrange": True},
        "yaxis": {"visible": False, "range": [side - 1 + pad, -pad], "scaleanchor": "x", "scaleratio": 1, "fixedrange": True},
    }
    # a short title (the full caption, :func:`calculator.content.icons.icon_caption`, goes under the chart as text). The
    # top margin is the shared one, which grows with the title's lines (a long Chinese label takes
    # three lines and its subtitle had been drawn over the grid); the chart grows by as much.
    title = f"{label}<br><span style='font-size:12px'>{short}</span>"
    lines = wrap_title(title, ICON_TITLE_WIDTH).count("<br>") + 1
    return figure(data, title, layout=layout, legend=False, width=ICON_TITLE_WIDTH,
                  after={"height": 400 + 20 * (lines - 2), "margin": {"l": 4, "r": 4, "b": 4}})


# --------------------------------------------------------------------------- parent charts
def expected_value_chart(results: Any, *, lang: str) -> go.Figure:
    """Expected cost, health value and net value of each option (:func:`~calculator.content.chart_spec.value_spec`)."""
    return draw(value_spec(results, lang), height=380)


def cost_schedule_chart(schedule: Mapping[str, Sequence[float]], *, currency: str, lang: str) -> go.Figure:
    """Cost of private storage year by year (:func:`~calculator.content.chart_spec.cost_spec`)."""
    return draw(cost_spec(schedule, currency=currency, lang=lang), height=380, markers=True)


def use_by_age_chart(use_by_age: Mapping[str, Sequence[float]], *, lang: str, denominator: int = DENOMINATOR) -> go.Figure:
    """Families out of ``denominator`` who have used their private unit, by the child's age.

    When no family can use the unit (every chance 0) the chart is empty with a note."""
    ages = list(use_by_age["age"])
    chances = [float(p) for key in ("p_family_use", "p_child_use") for p in use_by_age[key]]
    if not _finite(chances) or not any(p > 0 for p in chances):
        return figure([], t("app.fig.age.title", lang, denominator=denominator), layout=empty_note_layout(t("app.charts.cpu_none", lang)),
                      height=360, legend=False)
    traces = []
    for key, col, dash in (("p_family_use", colour("family_use"), "solid"), ("p_child_use", colour("child_use"), "dash")):
        vals = [float(p) * denominator for p in use_by_age[key]]
        traces.append({
            "type": "scatter", "name": t(f"app.fig.age.{key}", lang), "x": ages, "y": vals, "mode": "lines",
            "line": {"color": col, "dash": dash, "width": 2.5}, "customdata": [format_one_in(p, lang) for p in use_by_age[key]],
            "hovertemplate": "%{x}: %{y:.2f} / " + f"{denominator:,}" + " (%{customdata})<extra></extra>",
        })
    layout = {"xaxis": {"title": {"text": t("app.fig.age.x", lang)}},
              # two short lines: one long line ran past the plot's height into the title on a phone
              "yaxis": {"title": {"text": axis_title_label(t("app.fig.age.y", lang, denominator=denominator))}, "rangemode": "tozero"}}
    return figure(traces, t("app.fig.age.title", lang, denominator=denominator), layout=layout, height=360)


def cost_per_use_chart(
    *, pv_cost: float, p_family_use: float, currency: str, lang: str,
    typical_low: float = 0.5e-4, typical_high: float = 4e-4, denominator: int = DENOMINATOR,
) -> go.Figure:
    """Cost per family that uses its unit (PV cost / chance of use) against the chance of use.

    The curve is the same fee spread over more or fewer families who use their unit; the
    band is the healthy-child range of the source (0.5 to 4 in 10,000); the marker is this family.
    Without a chance of family use (0) cost per use is not defined: an empty chart with a note.
    """
    if not (p_family_use is not None and math.isfinite(p_family_use) and p_family_use > 0
            and math.isfinite(pv_cost) and pv_cost > 0):
        return figure([], t("app.fig.cpu.title", lang, currency=currency, pv=pv_cost),
                      layout=empty_note_layout(t("app.charts.cpu_none", lang)), height=380, legend=False)
    xs = [10 ** (k / 20) for k in range(-20, 81)]  # 0.1 .. 10,000 per 10,000
    ys = [pv_cost / (x / denominator) for x in xs]
    traces: list[dict[str, Any]] = [{"type": "scatter", "name": t("app.fig.cpu.curve", lang), "x": xs, "y": ys, "mode": "lines",
               "line": {"color": colour("curve"), "width": 2}, "customdata": [format_money(v, currency, lang) for v in ys],
               "hovertemplate": "%{x:.3g} / " + f"{denominator:,}" + ": %{customdata}<extra></extra>"}]
    if p_family_use > 0:
        cpu = pv_cost / p_family_use
        traces.append({
            "type": "scatter", "name": t("app.fig.cpu.you", lang), "x": [p_family_use * denominator], "y": [cpu],
            "mode": "markers+text",
            "marker": {"color": colour("private"), "size": 13, "symbol": "diamond", "line": {"color": "black", "width": 1}},
            "text": [format_money(cpu, currency, lang)],
            # the label on the side with room (the x axis runs from 0.1 to 10,000 families)
            "textposition": "top left" if p_family_use * denominator > 30 else "top right", "cliponaxis": False,
            "hovertemplate": "%{x:.3g} / " + f"{denominator:,}" + ": %{text}<extra></extra>",
        })
    lo, hi = typical_low * denominator, typical_high * denominator
    layout = {"xaxis": {"type": "log", "title": {"text": wrap_title(t("app.fig.cpu.x", lang), 34)},
                        **axis_layout(log_axis(0.1, 10000, lang, fixed=False))},
              "yaxis": {"type": "log", "title": {"text": axis_title_label(t("app.fig.cpu.y", lang, unit=t(f"app.fig.currency.{currency}", lang)))},
                        **axis_layout(log_axis(min(ys), max(ys), lang, fixed=False))},
              # the band (what ``add_vrect`` with a top-left note draws, without its cost)
              "shapes": [{"type": "rect", "x0": lo, "x1": hi, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
                          "fillcolor": colour("band"), "opacity": 0.35, "line": {"width": 0}}]}
    # the band is named in the legend (a square of its colour), not by a note inside the plot: on a
    # phone the note ran out of the band and onto this family's amount
    traces.append({"type": "scatter", "name": t("app.fig.cpu.band", lang), "x": [None], "y": [None], "mode": "markers",
                   "marker": {"symbol": "square", "size": 12, "color": colour("band"), "opacity": 0.35},
                   "hoverinfo": "skip"})
    return figure(traces, t("app.fig.cpu.title", lang, currency=currency, pv=pv_cost), layout=layout, height=440)

