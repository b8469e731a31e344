"""The private plotly keyword ``_validate`` lives in one adapter, pinned to the plotly version it
was checked with (:mod:`calculator.present.plotly_adapter`)."""

from __future__ import annotations

import ast
from pathlib import Path

import plotly
import plotly.graph_objects as go

from calculator.present import plotly_adapter

PRESENT = Path(plotly_adapter.__file__).resolve().parent


def test_pinned_to_the_plotly_version_it_was_checked_with():
    assert plotly.__version__ == plotly_adapter.PLOTLY_VERSION, (
        "plotly changed: check that go.Figure still accepts _validate=False and gives the validated figure, "
        "re-run benchmarks/bench_charts.py and update plotly_adapter (or drop it)")


def test_an_unvalidated_figure_is_the_validated_one():
    data = [{"type": "bar", "x": [1, 2], "y": [3, 4], "marker": {"color": "#D55E00"}}]
    layout = {"title": {"text": "t"}, "xaxis": {"type": "log"}}
    fig = plotly_adapter.new_figure(data, layout)
    assert fig.to_dict() == go.Figure(data=data, layout=layout).to_dict()


def test_no_other_module_uses_the_private_keyword():
    users = []
    for path in PRESENT.parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "_validate":
                users.append(path.name)
    assert users == ["plotly_adapter.py"]
