"""Layout shared by the web charts (:mod:`calculator.present.web_draw`): titles wrapped by
display width, the one small template, empty charts with a note."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from calculator.present.cjk import break_label
from calculator.present.palette import OKABE_ITO, TEXT

if TYPE_CHECKING:  # plotly is imported when a figure is made (the print charts use the helpers without it)
    import plotly.graph_objects as go

_FONT = "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"


def wrap_title(text: str, width: int = 44) -> str:
    """A title or label on lines of about ``width`` Latin columns joined with ``<br>`` (plotly
    does not wrap titles; :func:`calculator.present.cjk.break_label`); a part in a tag (a
    subtitle) keeps its own line."""
    return "<br>".join(part if part.startswith("<") else "<br>".join(break_label(part, width))
                       for part in text.split("<br>"))


#: A legend under the plot, anchored to the bottom of the figure so it never lies on the axis title.
LEGEND_BELOW = {"orientation": "h", "yref": "container", "y": 0.0, "yanchor": "bottom", "x": 0, "xanchor": "left"}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` updated by ``extra``, nested dictionaries merged key by key (``extra`` wins)."""
    out = dict(base)
    for k, v in extra.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


#: Axis text in the page's text colour (Streamlit's chart theme would draw it #808495, 3.72:1 on white).
_AXIS = {"gridcolor": "#EEEEEE", "zerolinecolor": "#BBBBBB", "automargin": True,
         "tickfont": {"color": TEXT}, "title": {"font": {"color": TEXT}}}

#: The one small template of every web chart, instead of Streamlit's theme template (about 550
#: values copied, deep-copied and serialised with every figure at each page run: two thirds of a
#: figure's values); it keeps what charts took from it: the colour order, unoutlined markers.
TEMPLATE = {
    "layout": {"colorway": list(OKABE_ITO.values()), "annotationdefaults": {"font": {"color": TEXT}}},
    "data": {"scatter": [{"type": "scatter", "marker": {"line": {"width": 0}}}]},
}


def layout_dict(title: str, *, height: int = 360, legend: bool = True, width: int = 44) -> dict[str, Any]:
    """The shared layout of every web chart as a plain dictionary (title wrapped, fonts, margins, grid)."""
    title = wrap_title(title, width)
    n_lines = title.count("<br>") + 1
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 14}},
        "height": height + 18 * (n_lines - 1),
        "margin": {"l": 10, "r": 10, "t": 40 + 20 * n_lines, "b": 10},
        "font": {"family": _FONT, "size": 12, "color": TEXT},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "showlegend": legend,
        "legend": {"orientation": "h", "yanchor": "top", "y": LEGEND_Y, "x": 0},
        "hoverlabel": {"font": {"family": _FONT}},
        "xaxis": dict(_AXIS),
        "yaxis": dict(_AXIS),
        "template": TEMPLATE,
    }


def figure(data: Sequence[dict[str, Any]], title: str, *, layout: dict[str, Any] | None = None, height: int = 360, legend: bool = True,
           width: int = 44, after: dict[str, Any] | None = None) -> go.Figure:
    """A figure built in one step: ``layout`` (the chart's own settings), then the shared layout
    (:func:`layout_dict`), then ``after`` (overrides). One validation instead of one per
    ``update_layout`` call, and traces as plain dicts, not validated here
    (:mod:`calculator.present.plotly_adapter`)."""
    lay = _merge(layout or {}, layout_dict(title, height=height, legend=legend, width=width))
    if after:
        lay = _merge(lay, after)
    title_x = lay.get("xaxis", {}).get("title")
    x_lines = 0
    if isinstance(title_x, dict) and title_x.get("text"):
        text = axis_title_label(title_x["text"])
        lay["xaxis"] = {**lay["xaxis"], "title": {**title_x, "text": text}}
        x_lines = text.count("<br>") + 1
    leg = lay.get("legend", {})
    if legend and leg.get("yref", "paper") == "paper" and leg.get("y") == LEGEND_Y:
        # the legend below the x axis's tick labels and title, however many lines the title has
        lay["legend"] = {**leg, "y": LEGEND_Y - LEGEND_Y_PER_TITLE_LINE * x_lines}
    from calculator.present import plotly_adapter

    # each legend entry broken into lines (:func:`legend_label`)
    traces = [{**tr, "name": legend_label(tr["name"])} if legend and tr.get("name") and tr.get("showlegend") is not False
              else tr for tr in data]
    return plotly_adapter.new_figure(traces, lay)


#: Where a legend below the plot starts (its top, in plot heights below the plot's bottom edge),
#: with no x-axis title, and how much lower for each line of the x-axis title: the title and
#: the tick labels sit between the plot and the legend (at 0.3 the two overlapped).
LEGEND_Y = -0.3
LEGEND_Y_PER_TITLE_LINE = 0.12


#: Width of a legend entry's line in Latin characters (a Chinese character counts twice).
#: plotly never wraps a legend entry, and a horizontal legend only moves whole entries to a new
#: row, so an entry wider than the chart is cut. On a 390 px phone a chart is about 340 px
#: wide; an entry is its symbol (about 40 px) and its text at 12 px, which is up to about
#: 8 px a character in a wide font: 28 characters need at most about 265 px, with room to spare.
LEGEND_LINE_WIDTH = 28


#: Width of an x-axis title's line (Latin characters; a Chinese character counts twice). plotly
#: centres the title on the plot area, which on a phone can be the right half of a 340 px chart
#: (a bar chart's category labels take the left): 22 characters are at most about 175 px.
AXIS_TITLE_LINE_WIDTH = 22


def axis_title_label(text: str) -> str:
    """An x-axis title broken into lines that fit a phone's plot area in any reasonable font."""
    return wrap_title(text, AXIS_TITLE_LINE_WIDTH)


def legend_label(text: str) -> str:
    """A legend entry broken into lines that fit a phone's chart in any reasonable font."""
    return wrap_title(text, LEGEND_LINE_WIDTH)


def empty_note_layout(text: str) -> dict[str, Any]:
    """The layout of an empty chart that says why it is empty (no axes, the note in the middle)."""
    return {
        "annotations": [{"text": wrap_title(text, 40), "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper",
                         "showarrow": False, "font": {"size": 13, "color": OKABE_ITO["black"]}}],
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
    }

