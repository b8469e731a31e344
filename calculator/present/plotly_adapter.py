"""The one place the project uses a private plotly internal: ``go.Figure(..., _validate=False)``.

plotly checks every property of a figure against its schema when the figure is made; the web
charts are built from the project's own, tested settings (:func:`calculator.present.web_layout.figure`)
for every family a page sees, and ``tests/present/test_chart_data.py`` and ``test_figures.py``
check that plotly's validation of every chart gives the same figure.

Measured gain (``benchmarks/bench_charts.py --runs 40``: the 12 web charts of a thalassaemia
family with a sensitivity analysis and 5,000 PSA draws, plotly 7.1.0, Python 3.11.7, 2-core
shared machine): median 27.0 ms a set without validation, 63.7 ms with it (min 15.4 vs 40.1 ms),
about a quarter of the counsellor's page budget (150 ms a run). ``tests/present/test_plotly_adapter.py``
fails on another plotly version than :data:`PLOTLY_VERSION` until this is checked again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import plotly.graph_objects as go

#: The plotly version whose private ``_validate`` keyword this module was checked with.
PLOTLY_VERSION = "7.1.0"


def new_figure(data: Sequence[Any], layout: dict[str, Any]) -> go.Figure:
    """A plotly figure of ``data`` (trace objects or plain dicts) and ``layout``, not validated."""
    import plotly.graph_objects as go

    return go.Figure(data=list(data), layout=layout, _validate=False)
