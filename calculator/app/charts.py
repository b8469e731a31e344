"""A chart on a page with its text alternative: the plotly chart, then an expander holding a
short description and the chart's data as a table (both from the chart's spec:
:func:`calculator.content.page_charts.text_alternative`), made only when it is opened."""

from __future__ import annotations

import base64
import html

import streamlit as st

from calculator.app.common import T, figure, lazy_expander
from calculator.app.render import table_md
from calculator.app.state import AppState
from calculator.content.blocks import Chart, SideBySide
from calculator.content.page_charts import text_alternative
from calculator.present.icon_svg import SVG_KINDS, panels_html
from calculator.present.pictures import PICTURES

#: Every chart without plotly's tool bar: on a phone it covers the titles, and its buttons are
#: tab stops in the way of a keyboard user (40 of them on the counsellors' page). Zooming by
#: dragging still works (double-click resets); the exact numbers are in each chart's table.
CHART_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}


def draw_chart(block: Chart, state: AppState) -> None:
    """A chart block: its figure (drawn from its spec, once for the same spec) with the table
    under it, an icon array (a picture in the page: :mod:`calculator.present.icon_svg`; a row of
    them is drawn as one element by :func:`calculator.app.render.draw`), or a picture drawn for
    print too (:data:`PICTURES`: the image with its text alternative, then its table)."""
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
    if block.kind in SVG_KINDS:
        st.html(panels_html(SideBySide(((block,),), boxed=False)) or "")
        return
    # theme=None: the figure's own colours (Streamlit's chart theme would draw axis text #808495, 3.72:1)
    st.plotly_chart(figure(block.spec), config=CHART_CONFIG, key=block.key, theme=None)
    with (box := lazy_expander(T("app.access.table", state), f"table_{block.key}", icon=":material/table:")):
        if box.open:
            description, header, rows = text_alternative(block.spec, state.lang)
            st.markdown(description)
            if rows:
                st.table(records(header, rows), hide_index=True, border="horizontal")


def records(header: list[str], rows: list[list[str]]) -> list[dict[str, str]]:
    """Rows as dictionaries keyed by the header (for ``st.table``); headers made unique."""
    keys: list[str] = []
    for h in header:
        k = h or " "
        while k in keys:
            k += " "
        keys.append(k)
    return [dict(zip(keys, r)) for r in rows]
