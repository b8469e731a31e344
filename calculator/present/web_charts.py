"""Plotly figure builders: data in, figure out (no Streamlit here).

One name for all the web charts, as the app and the tests use them
(``from calculator.present import web_charts as F``). The builders live in
:mod:`calculator.present.charts_parent` (icon arrays, expected value, cost schedule, use by
age, cost per use) and :mod:`calculator.present.charts_counsellor` (tornado, two-way map,
cost-effectiveness plane, acceptability curve); the shared layout is in
:mod:`calculator.present.web_layout`.

Every builder takes plain data (the results object's fields, or the analyses' data
objects), a language (``zh``/``en``) and, where money is shown, the currency; titles and
axis labels come from the text catalogue (``fig.*`` keys), so each chart exists in both
languages. Colours come from :mod:`calculator.present.palette` by role (Okabe-Ito); every chart
also differs by shape or label, not colour alone. The charts the PDF also draws (expected
value, cost, tornado, acceptability curve) are built from one spec each
(:mod:`calculator.content.chart_spec`) and drawn by :mod:`calculator.present.web_draw`.
"""

from __future__ import annotations

from calculator.content.icons import DENOMINATOR, ENLARGE_BELOW, FrequencyRow, frequency_rows, icon_caption
from calculator.content.numbers import compact_number
from calculator.present.charts_counsellor import (
    TORNADO_LABEL_WIDTH,
    ce_plane_chart,
    ceac_chart,
    short_label,
    tornado_chart,
    two_way_chart,
)
from calculator.present.charts_parent import (
    ICON_COLUMNS,
    cost_per_use_chart,
    cost_schedule_chart,
    expected_value_chart,
    icon_array,
    icon_grid,
    icon_highlight_cells,
    use_by_age_chart,
)
from calculator.present.palette import OKABE_ITO, ROLES
from calculator.present.web_layout import wrap_title

__all__ = [
    "DENOMINATOR",
    "ENLARGE_BELOW",
    "ICON_COLUMNS",
    "OKABE_ITO",
    "ROLES",
    "TORNADO_LABEL_WIDTH",
    "FrequencyRow",
    "ce_plane_chart",
    "ceac_chart",
    "compact_number",
    "cost_per_use_chart",
    "cost_schedule_chart",
    "expected_value_chart",
    "frequency_rows",
    "icon_array",
    "icon_caption",
    "icon_grid",
    "icon_highlight_cells",
    "short_label",
    "tornado_chart",
    "two_way_chart",
    "use_by_age_chart",
    "wrap_title",
]
