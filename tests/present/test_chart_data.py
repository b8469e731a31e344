"""Charts built from plain trace dicts without plotly's validation are valid plotly figures.

:func:`calculator.present.web_layout.figure` skips plotly's validation (it costs more than
drawing the chart, on every family's page run). Here every web chart of the parents' page is
built again through plotly's validating constructor: no property may be refused, and the
validated figure must be the same figure (the same JSON data) as the one the app sends.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from tests.present import webcharts as F


def _same_when_validated(fig: go.Figure) -> None:
    validated = go.Figure(fig.to_dict())  # raises ValueError on any property plotly does not know
    assert json.loads(pio.to_json(validated, validate=False)) == json.loads(pio.to_json(fig, validate=False))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("family", ["healthy_cn", "healthy_us", "thal_cn"])
def test_parent_charts_are_valid_plotly(family, lang, request):
    res = request.getfixturevalue(family)
    pr = res.strategies["private"]
    _same_when_validated(F.cost_schedule_chart(res.cost_schedule, currency=res.currency, lang=lang))
    _same_when_validated(F.use_by_age_chart(res.use_by_age, lang=lang))
    _same_when_validated(F.cost_per_use_chart(pv_cost=pr.pv_cost, p_family_use=pr.p_family_use, currency=res.currency,
                                              lang=lang))
    _same_when_validated(F.expected_value_chart(res, lang=lang))


def test_empty_and_edge_charts_are_valid_plotly():
    _same_when_validated(F.cost_per_use_chart(pv_cost=1000.0, p_family_use=0.0, currency="CNY", lang="en"))
    _same_when_validated(F.cost_per_use_chart(pv_cost=1000.0, p_family_use=0.9, currency="USD", lang="zh"))
    _same_when_validated(F.use_by_age_chart({"age": [0, 1], "p_family_use": [0.0, 0.0], "p_child_use": [0.0, 0.0]}, lang="en"))
    _same_when_validated(F.cost_schedule_chart({"year": [0], "payment": [0.0], "cumulative_nominal": [0.0],
                                                "cumulative_pv": [0.0]}, currency="CNY", lang="en"))


def test_a_misspelt_property_would_be_caught():
    fig = go.Figure(data=[{"type": "scatter", "x": [1], "y": [2], "linee": {"width": 2}}], _validate=False)
    with pytest.raises(ValueError):
        _same_when_validated(fig)
