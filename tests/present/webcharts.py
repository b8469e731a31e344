"""The web charts as the tests draw them: each chart's spec built in content
(:mod:`calculator.content.chart_spec`, :mod:`calculator.content.page_charts`) and drawn by
:func:`calculator.present.web_draw.draw_chart`, as the pages do (one name per chart, the
names the tests have always used)."""

from __future__ import annotations

import math
from typing import Any

from calculator.content import chart_spec as S
from calculator.content import page_charts as P
from calculator.content.icons import DENOMINATOR, ENLARGE_BELOW, FrequencyRow, frequency_rows, icon_caption, icon_cells, icon_count
from calculator.content.numbers import compact_number
from calculator.present.cjk import display_width
from calculator.present.palette import OKABE_ITO, ROLES
from calculator.present.web_draw import TORNADO_LABEL_WIDTH, draw_chart
from calculator.present.web_layout import wrap_title

__all__ = ["DENOMINATOR", "ENLARGE_BELOW", "OKABE_ITO", "ROLES", "TORNADO_LABEL_WIDTH", "FrequencyRow", "compact_number",
           "frequency_rows", "icon_caption", "wrap_title"]


def unwrap(text: str) -> str:
    """``text`` with its ``<br>`` line breaks undone: a space between Latin words, nothing
    beside a Chinese character (:func:`wrap_title` breaks there without a space)."""
    parts = text.split("<br>")
    out = parts[0]
    for part in parts[1:]:
        wide = (out and display_width(out[-1]) == 2) or (part and display_width(part[0]) == 2)
        out += ("" if wide else " ") + part
    return out


def icon_grid(p: float, denominator: int = DENOMINATOR, columns: int = 100) -> list[list[float]]:
    """Grid of ``denominator`` cells, the whole icons of ``p`` filled (1), where the shared
    placement puts them (as the PDF's icon arrays)."""
    grid = [[0.0] * columns for _ in range(math.ceil(denominator / columns))]
    for c, r in icon_cells(denominator)[: icon_count(p, denominator)]:
        grid[r][c] = 1.0
    return grid


def expected_value_chart(res: Any, *, lang: str) -> Any:
    return draw_chart(S.value_spec(res, lang))


def cost_schedule_chart(schedule: Any, *, currency: str, lang: str) -> Any:
    return draw_chart(S.cost_spec(schedule, currency=currency, lang=lang))


def use_by_age_chart(use_by_age: Any, *, lang: str, denominator: int = DENOMINATOR) -> Any:
    return draw_chart(P.age_spec(use_by_age, lang=lang, denominator=denominator))


def cost_per_use_chart(**kwargs: Any) -> Any:
    return draw_chart(P.cpu_spec(**kwargs))


def tornado_chart(tornado: Any, **kwargs: Any) -> Any:
    return draw_chart(S.tornado_spec(tornado, **kwargs))


def two_way_chart(two_way: Any, **kwargs: Any) -> Any:
    return draw_chart(P.two_way_spec(two_way, **kwargs))


def ce_plane_chart(plane: Any, **kwargs: Any) -> Any:
    return draw_chart(P.plane_spec(plane, **kwargs))


def ceac_chart(ceac: Any, **kwargs: Any) -> Any:
    return draw_chart(S.ceac_spec(ceac, **kwargs))
