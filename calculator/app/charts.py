"""A chart on a page with its text alternative: the plotly chart, then an expander holding a
short description and the chart's data as a table (:mod:`calculator.present.chart_table`,
read from the same figure), made only when it is opened."""

from __future__ import annotations

import base64
import html
from typing import Any

import streamlit as st

from calculator.app.common import T, lazy_expander
from calculator.app.render import table_md
from calculator.app.state import AppState
from calculator.content.blocks import Chart
from calculator.present.chart_table import chart_table
from calculator.present.pictures import PICTURES

#: Every chart without plotly's tool bar: on a phone it covers the titles, and its buttons are
#: tab stops in the way of a keyboard user (40 of them on the counsellors' page). Zooming by
#: dragging still works (double-click resets); the exact numbers are in each chart's table.
CHART_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}


#: Charts that are pictures only (no zoom, no table under them: their numbers are in the text beside them).
STATIC = frozenset({"icon_array"})


def draw_chart(block: Chart, state: AppState) -> None:
    """A chart block: its figure (``web_charts.<kind>(**spec)``, or ``web_charts.<kind>(results)``
    without a spec; built once for the same data)
    with the table under it, a static picture (:data:`STATIC`), or a picture drawn for print
    too (:data:`PICTURES`: the image with its text alternative, then its table)."""
    from calculator.app.common import figure, results_figure

    if block.kind in PICTURES:
        # st.image gives its <img> no alt text (a screen reader finds an unnamed picture: axe
        # "image-alt"); an <img> with the chart's text alternative, as a data: address (the
        # proxy's CSP allows img-src data:)
        png = base64.b64encode(PICTURES[block.kind](block.spec)).decode("ascii")
        st.html(f'<img src="data:image/png;base64,{png}" alt="{html.escape(block.alt, quote=True)}" '
                'style="max-width:100%;height:auto">')
        st.caption(block.alt)
        if block.table is not None:
            st.markdown(table_md(block.table))
        return
    # a chart without a spec is drawn from the family's whole results (the expected-value chart)
    fig = results_figure(block.kind, state) if block.spec is None else figure(block.kind, **block.spec)
    if block.kind in STATIC:
        st.plotly_chart(fig, config={**CHART_CONFIG, "staticPlot": True}, key=block.key, theme=None)
    else:
        chart(fig, state, key=block.key)


def chart(fig: Any, state: AppState, *, key: str, config: dict[str, Any] | None = None) -> None:
    """``fig`` and, under it, "This chart as a table" (description and data)."""
    # theme=None: the figure's own colours (Streamlit's chart theme would draw axis text #808495, 3.72:1)
    st.plotly_chart(fig, config=config or CHART_CONFIG, key=key, theme=None)
    with (box := lazy_expander(T("app.access.table", state), f"table_{key}", icon=":material/table:")):
        if box.open:
            table = chart_table(fig, state.lang)
            st.markdown(table.description)
            if table.rows:
                st.table(table.as_records(), hide_index=True, border="horizontal")
