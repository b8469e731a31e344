"""A web chart's text alternative: a one-line description and its data as a table, read from
the plotly figure itself (so the table always shows what the chart draws, as its hover texts
word it).

Line and bar charts: one row per category or x value (at most :data:`MAX_ROWS`, evenly spread),
one column per trace. Heat maps (the two-way chart): rows are the y values, columns the x
values (at most :data:`MAX_COLUMNS`). A cloud of simulated points (the cost-effectiveness
plane) is described by its number of points instead of listing them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from calculator.content.i18n import t
from calculator.content.numbers import plain_number

#: Rows of a table (a chart's line of 100 points is shown at about this many of its x values).
MAX_ROWS = 24
#: Columns of a heat map's table besides its first.
MAX_COLUMNS = 8
#: A scatter trace with more points than this and no line is a cloud, not a series.
CLOUD_POINTS = 200

_TAG = re.compile(r"<[^>]+>")


def plain(text: Any) -> str:
    """Chart text without its markup: a ``<br>`` that wrapped a line as a space (nothing
    between two Chinese characters), other tags dropped."""
    lines = [" ".join(_TAG.sub(" ", line).split()) for line in str(text or "").split("<br>")]
    out = ""
    for line in lines:
        if not line:
            continue
        out += line if not out or (ord(out[-1]) > 0x2E7F and ord(line[0]) > 0x2E7F) else " " + line
    return out


_FIELD = re.compile(r"%\{(x|y|z|text|customdata)((?:\[\d+\])*)(?::([^}]*))?\}")


def _pick(data: Any, index: tuple[int, ...]) -> Any:
    for i in index:
        data = data[i]
    return data


def hover_text(trace: Any, point: tuple[int, ...]) -> str | None:
    """The trace's hover text of one point (``(i,)``, or ``(row, column)`` in a heat map), as plotly
    writes it from the hover template (fields x, y, z, text, customdata[k] and their number
    formats); None when the trace has no template."""
    template = getattr(trace, "hovertemplate", None)
    if not isinstance(template, str) or not template:
        return None
    template = re.sub(r"<extra>.*?</extra>", "", template)

    def field(m: re.Match) -> str:
        name, sub, fmt = m.group(1), m.group(2), m.group(3)
        data = getattr(trace, name, None)
        if data is None:
            return ""
        try:
            # in a heat map x goes by column and y by row
            value = data[point[1] if name == "x" else point[0]] if name in ("x", "y") and len(point) == 2 else _pick(data, point)
            value = _pick(value, tuple(int(k) for k in re.findall(r"\d+", sub)))
        except (IndexError, TypeError, KeyError):
            return ""
        if fmt and not isinstance(value, str):
            try:
                return format(float(value), fmt.replace("~", ""))
            except (TypeError, ValueError):
                pass
        return _number(value) if not isinstance(value, str) else value

    return plain(_FIELD.sub(field, template))


@dataclass(frozen=True)
class ChartTable:
    description: str
    header: list[str]
    rows: list[list[str]]

    def as_records(self) -> list[dict[str, str]]:
        """Rows as dictionaries keyed by the header (for ``st.table``); headers made unique."""
        keys, seen = [], set()
        for h in self.header:
            k = h or " "
            while k in seen:
                k += " "
            seen.add(k)
            keys.append(k)
        return [dict(zip(keys, r)) for r in self.rows]


def _title(axis: Any) -> str:
    title = getattr(axis, "title", None)
    return plain(getattr(title, "text", None) if title is not None else None)


def _spread(n: int, k: int) -> list[int]:
    """``k`` indices spread evenly over ``range(n)``, first and last included."""
    if n <= k:
        return list(range(n))
    return sorted({round(i * (n - 1) / (k - 1)) for i in range(k)})


def _value_text(trace: Any, i: int, value: Any, category: str = "") -> str:
    """What the chart says about point ``i``: its hover text (without the category it starts
    with) if it has one, else its text, else the number."""
    hover = hover_text(trace, (i,))
    if hover:
        for sep in (":", " =", "："):
            if category and hover.startswith(category + sep):
                return hover[len(category) + len(sep):].strip()
        return hover
    for attr in ("customdata", "text"):
        data = getattr(trace, attr, None)
        if data is not None and not isinstance(data, str) and len(data) > i:
            cell = data[i]
            if isinstance(cell, (list, tuple)) and cell:
                cell = cell[0]
            if isinstance(cell, str) and cell.strip():
                return plain(cell)
    return _number(value)


def _number(value: Any) -> str:
    if isinstance(value, str):
        return plain(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        return "" if value is None else plain(value)
    return plain_number(x) if math.isfinite(x) else ""


def _key(value: Any) -> Any:
    try:
        return round(float(value), 9)
    except (TypeError, ValueError):
        return str(value)


def chart_table(fig: Any, lang: str) -> ChartTable:
    """The description and data table of ``fig`` (a plotly figure built by :mod:`web_charts`)."""
    lay = fig.layout
    title = plain(lay.title.text if lay.title else "")
    xt, yt = _title(lay.xaxis), _title(lay.yaxis)
    end = "\u3002" if lang == "zh" else "."
    parts = [title if not title or title[-1] in ".?!\u3002\uff1f\uff01" else title + end] if title else []
    if xt:
        parts.append(t("app.access.x_axis", lang, title=xt))
    if yt:
        parts.append(t("app.access.y_axis", lang, title=yt))
    traces = [tr for tr in fig.data if getattr(tr, "visible", None) not in (False, "legendonly")]
    heat = [tr for tr in traces if tr.type in ("heatmap", "contour") and tr.z is not None]
    if heat:
        return _heat_table(heat[0], parts, xt, yt, lang)
    series, clouds = [], []
    for tr in traces:
        n = len(tr.x) if tr.x is not None else 0
        if n and all(x is None for x in tr.x):  # a legend key without points (a band's name): said, not tabled
            name = plain(tr.name)
            name = name[:1].upper() + name[1:]
            parts.append(name if name[-1:] in ".\u3002" else name + end)
            continue
        if tr.type == "scatter" and n > CLOUD_POINTS and "lines" not in str(tr.mode or ""):
            clouds.append(tr)
        elif n and tr.y is not None:
            series.append(tr)
    for tr in clouds:
        parts.append(t("app.access.cloud", lang, n=len(tr.x), name=plain(tr.name) or title))
    if not series:
        return ChartTable(_join(parts, lang), [], [])
    horizontal = all(getattr(tr, "orientation", None) == "h" for tr in series)
    cat_title = yt if horizontal else xt
    rows: dict[Any, dict[int, str]] = {}
    labels: dict[Any, str] = {}
    for j, tr in enumerate(series):
        cats, vals = (tr.y, tr.x) if horizontal else (tr.x, tr.y)
        for i in _spread(len(cats), MAX_ROWS):
            k = _key(cats[i])
            labels.setdefault(k, _number(cats[i]))
            rows.setdefault(k, {})[j] = _value_text(tr, i, vals[i], labels[k])
    order = list(rows)
    if len(order) > MAX_ROWS:  # series on different x values: keep an even spread of them all
        order = [order[i] for i in _spread(len(order), MAX_ROWS)]
    header = [cat_title or t("app.access.category", lang)] + [plain(tr.name) or t("app.access.value", lang)
                                                                for tr in series]
    body = [[labels[k]] + [rows[k].get(j, "\u2014") for j in range(len(series))] for k in order]
    return ChartTable(_join(parts, lang), header, body)


def _join(parts: list[str], lang: str) -> str:
    """Sentences of the description: Chinese ones follow each other without a space."""
    return ("" if lang == "zh" else " ").join(parts)


def _heat_table(tr: Any, parts: list[str], xt: str, yt: str, lang: str) -> ChartTable:
    z: Sequence[Sequence[Any]] = tr.z
    xs = list(tr.x) if tr.x is not None else list(range(len(z[0]) if len(z) else 0))
    ys = list(tr.y) if tr.y is not None else list(range(len(z)))
    cols = _spread(len(xs), MAX_COLUMNS)
    cd = tr.customdata
    # the hover's own words for the x and y values when the points carry them ([x text, y text, value])
    labelled = cd is not None and len(cd) == len(ys) and all(len(row) == len(xs) and len(row[0]) == 3 for row in cd)
    x_text = [plain(cd[0][c][0]) if labelled else _number(xs[c]) for c in range(len(xs))]
    y_text = [plain(cd[r][0][1]) if labelled else _number(ys[r]) for r in range(len(ys))]
    header = [f"{yt} \u2193 / {xt} \u2192" if yt and xt else t("app.access.category", lang)] + [x_text[c] for c in cols]
    body = [[y_text[r]] + [plain(cd[r][c][2]) if labelled else _value_text_2d(tr, r, c, z[r][c]) for c in cols]
            for r in _spread(len(ys), MAX_ROWS)]
    parts.append(t("app.access.heat", lang, name=plain(getattr(tr.colorbar, "title", None) and tr.colorbar.title.text)
                   or t("app.access.value", lang)))
    return ChartTable(_join(parts, lang), header, body)


def _value_text_2d(tr: Any, r: int, c: int, value: Any) -> str:
    hover = hover_text(tr, (r, c))
    if hover:
        return hover
    for attr in ("customdata", "text"):
        data = getattr(tr, attr, None)
        try:
            cell = data[r][c] if data is not None and not isinstance(data, str) else None
        except (IndexError, TypeError):
            cell = None
        if isinstance(cell, str) and cell.strip():
            return plain(cell)
    return _number(value)


def markdown_table(table: ChartTable) -> str:
    """The table in Markdown (cells without pipes or line breaks)."""
    if not table.header:
        return ""

    def cell(x: str) -> str:
        return " ".join(str(x).replace("|", "/").split())

    lines = ["| " + " | ".join(cell(h) for h in table.header) + " |", "|" + "---|" * len(table.header)]
    lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in table.rows]
    return "\n".join(lines)
