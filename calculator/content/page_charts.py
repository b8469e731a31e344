"""The charts only the web page draws, as chart specs (:class:`calculator.content.chart_spec.ChartSpec`):
the icon arrays (natural frequencies), the chance of use by the child's age, the cost per use,
the two-way sensitivity map and the cost-effectiveness plane; and every web chart's text
alternative (:func:`text_alternative`: a description and the spec's table).

Every word and number of these charts is here (titles, legends, hover words, axis ticks);
:mod:`calculator.present.web_draw` draws them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from calculator.content.chart_spec import (
    Axis,
    ChartSpec,
    Heat,
    Mark,
    Series,
    chance_tick,
    log_axis,
    money_axis,
    number_axis,
    title_key,
    value_axis,
)
from calculator.content.i18n import t
from calculator.content.icons import DENOMINATOR, FrequencyRow, icon_count
from calculator.content.numbers import format_money, format_one_in, format_pct, plain_number


def _finite(values: Sequence[float]) -> bool:
    return all(math.isfinite(float(v)) for v in values)


def _unit(currency: str, lang: str) -> str:
    return t(f"app.fig.currency.{currency}", lang)


def money_pattern(currency: str, lang: str, field: str) -> str:
    """A money hover pattern of ``field`` (whole amounts, thousands separated) with the currency
    placed as :func:`calculator.content.numbers.format_money` places it: "CNY {y:,.0f}" / "{y:,.0f} 元"."""
    value = "{" + field + ":,.0f}"
    if lang == "zh":
        return f"{value} {'元' if currency == 'CNY' else '美元'}"
    return f"{currency} {value}"


def icon_spec(row: FrequencyRow, *, lang: str, denominator: int = DENOMINATOR) -> ChartSpec:
    """A grouped icon array: ``denominator`` families, the shared rounded count of those
    affected (:func:`calculator.content.icons.icon_count`) in the colour of the row."""
    n = icon_count(row.p, denominator)
    series = (Series(row.key, t(f"app.fig.freq.{row.key}", lang), row.key, "points", (n,), (denominator,)),)
    return ChartSpec("icon_array", t(f"app.fig.freq.{row.key}", lang), Axis(), Axis(), series,
                     subtitle=t("app.fig.icon_short", lang, n=n), legend=False)


def age_spec(use_by_age: Mapping[str, Sequence[float]], *, lang: str, denominator: int = DENOMINATOR) -> ChartSpec:
    """Families out of ``denominator`` who have used their private unit, by the child's age
    (empty with a note when no family can use it)."""
    title = t("app.fig.age.title", lang, denominator=denominator)
    chances = [float(p) for key in ("p_family_use", "p_child_use") for p in use_by_age[key]]
    if not _finite(chances) or not any(p > 0 for p in chances):
        return ChartSpec("age", title, Axis(), Axis(), (), empty=t("app.charts.cpu_none", lang))
    ages = tuple(use_by_age["age"])
    lines: tuple[tuple[str, str, Literal["solid", "dash"]], ...] = (
        ("p_family_use", "family_use", "solid"), ("p_child_use", "child_use", "dash"))
    series = tuple(
        Series(key, t(f"app.fig.age.{key}", lang), role, "line", ages, tuple(float(p) * denominator for p in use_by_age[key]),
               tuple(f"{float(p) * denominator:.2f} / {denominator:,} ({format_one_in(float(p), lang)})" for p in use_by_age[key]),
               dash=dash)
        for key, role, dash in lines)
    return ChartSpec("age", title, Axis(t("app.fig.age.x", lang)),
                     Axis(t("app.fig.age.y", lang, denominator=denominator)), series)


def cpu_spec(*, pv_cost: float, p_family_use: float, currency: str, lang: str, typical_low: float = 0.5e-4,
             typical_high: float = 4e-4, denominator: int = DENOMINATOR) -> ChartSpec:
    """Cost per family that uses its unit (PV cost / chance of use) against the chance of use:
    the curve, the healthy-child band of the source (0.5 to 4 in 10,000) and this family's point.
    Without a chance of family use cost per use is not defined: empty with a note."""
    title = t("app.fig.cpu.title", lang, currency=currency, pv=pv_cost)
    if not (p_family_use is not None and math.isfinite(p_family_use) and p_family_use > 0
            and math.isfinite(pv_cost) and pv_cost > 0):
        return ChartSpec("cpu", title, Axis(), Axis(), (), empty=t("app.charts.cpu_none", lang))
    xs = tuple(10 ** (k / 20) for k in range(-20, 81))  # 0.1 .. 10,000 per 10,000
    ys = tuple(pv_cost / (x / denominator) for x in xs)
    hover = "{x:.3g} / " + f"{denominator:,}" + ": {text}"
    curve = Series("curve", t("app.fig.cpu.curve", lang), "curve", "line", xs, ys,
                   tuple(format_money(v, currency, lang) for v in ys), hover=hover)
    cpu = pv_cost / p_family_use
    marks = (Mark("point", p_family_use * denominator, "private", point=cpu, name=t("app.fig.cpu.you", lang),
                  text=format_money(cpu, currency, lang), hover=hover),
             Mark("band", typical_low * denominator, "band", x1=typical_high * denominator, name=t("app.fig.cpu.band", lang)))
    tick_x, tick_y = log_axis(0.1, 10000, lang, fixed=False), log_axis(min(ys), max(ys), lang, fixed=False)
    return ChartSpec("cpu", title, Axis(t("app.fig.cpu.x", lang), "log", tick_x.ticks, tick_x.tick_text),
                     Axis(t("app.fig.cpu.y", lang, unit=_unit(currency, lang)), "log", tick_y.ticks, tick_y.tick_text),
                     (curve,), marks=marks)


def _value_text(x: float, kind: str, lang: str, currency: str) -> str:
    if kind == "probability":
        return f"{chance_tick(x, lang)} ({format_pct(x, lang)})"
    if kind == "money":
        return format_money(x, currency, lang)
    return plain_number(x)


def two_way_spec(two_way: Any, *, labels: Mapping[str, str], lang: str, currency: str,
                 family: tuple[float, float] | None = None, units: Mapping[str, str] | None = None) -> ChartSpec:
    """Two-way sensitivity: net monetary benefit over a grid of two parameters (``units``:
    ``probability`` or ``money`` for each), the break-even line (NMB = 0) and this family's point."""
    units = dict(units or {"p_family_use_private": "probability", "pv_cost_private": "money"})
    z = tuple(tuple(float(v) for v in row) for row in two_way.nmb)
    span = max((abs(v) for row in z for v in row if math.isfinite(v)), default=1.0) or 1.0
    xk, yk = units.get(two_way.x_name, ""), units.get(two_way.y_name, "")
    xs, ys = tuple(float(x) for x in two_way.x_values), tuple(float(y) for y in two_way.y_values)
    line = t("app.fig.twoway.break_even", lang)
    heat = Heat(t("app.fig.output.nmb_vs_public", lang), xs, ys, z,
                tuple(_value_text(x, xk, lang, currency) for x in xs), tuple(_value_text(y, yk, lang, currency) for y in ys),
                tuple(tuple(format_money(v, currency, lang) for v in row) for row in z),
                money_axis(-span, span, lang, 5, _unit(currency, lang)), ("public", "high"), line)
    points = [p for p in two_way.break_even if len(p) == 2]
    series = (Series("break_even", line, "reference", "line", tuple(float(p[0]) for p in points),
                     tuple(float(p[1]) for p in points), dash="dash"),) if points else ()
    marks: tuple[Mark, ...] = ()
    if family is not None and _finite(family):
        fx, fy = float(family[0]), float(family[1])
        marks = (Mark("point", fx, "family", point=fy, name=t("app.fig.you", lang),
                      text=f"{_value_text(fx, xk, lang, currency)}; {_value_text(fy, yk, lang, currency)}"),)

    def axis(name: str, values: tuple[float, ...]) -> Axis:
        a = value_axis(values, units.get(name, ""), lang)
        return Axis(labels.get(name, name), a.scale, a.ticks, a.tick_text, a.range)

    return ChartSpec("two_way", t("app.fig.twoway.title", lang), axis(two_way.x_name, xs), axis(two_way.y_name, ys),
                     series, marks=marks, heat=heat)


def plane_spec(plane: Mapping[str, Sequence[float]], *, wtp: float, lang: str, currency: str, max_points: int = 2000,
               family: tuple[float, float] | None = None, versus: str = "public") -> ChartSpec:
    """Cost-effectiveness plane: each PSA draw's extra QALYs and extra cost of private storage
    over ``versus`` (worded by the browser from the pattern: 2,000 points), the
    willingness-to-pay line (points below it are worth it) and this family's point."""
    dq = tuple(float(v) for v in plane["delta_qaly"])[:max_points]
    dc = tuple(float(v) for v in plane["delta_cost"])[:max_points]
    draws = Series("draws", t("app.fig.plane.draws", lang), "draws", "points", dq, dc,
                   hover="ΔQALY {x:.3~g}, Δ " + money_pattern(currency, lang, "y"))
    xs = list(dq) + ([float(family[0])] if family is not None else [])
    ys = list(dc) + ([float(family[1])] if family is not None else [])
    hi = max([abs(v) for v in xs] + [1e-9])
    line = Series("wtp", t("app.fig.plane.wtp_line", lang, currency=currency, wtp=wtp), "threshold", "line",
                  (-hi * 0.05, hi * 1.05), (-hi * 0.05 * wtp, hi * 1.05 * wtp), dash="dash")
    marks: tuple[Mark, ...] = ()
    if family is not None and _finite(family):
        fq, fc = float(family[0]), float(family[1])
        marks = (Mark("point", fq, "family", point=fc, name=t("app.fig.you", lang),
                      text=f"ΔQALY {plain_number(fq)}, Δ {format_money(fc, currency, lang)}"),)
    # the y range holds the draws and the family; the WTP line may run beyond it
    y_lo, y_hi = min(ys + [0.0]), max(ys + [0.0])
    pad = 0.06 * ((y_hi - y_lo) or 1.0)
    x_lo, x_hi = min(xs + [0.0]), max(xs + [0.0])
    xpad = 0.05 * ((x_hi - x_lo) or 1e-9)
    xa, ya = number_axis(x_lo, x_hi, 5, digits=2), money_axis(y_lo, y_hi, lang, 6)
    return ChartSpec("plane", t(title_key("plane", versus), lang),
                     Axis(t("app.fig.plane.x", lang), "linear", xa.ticks, xa.tick_text, (x_lo - xpad, x_hi + xpad)),
                     Axis(t("app.fig.plane.y", lang, unit=_unit(currency, lang)), "linear", ya.ticks, ya.tick_text,
                          (y_lo - pad, y_hi + pad)),
                     (draws, line), marks=marks)


def text_alternative(spec: ChartSpec, lang: str) -> tuple[str, list[str], list[list[str]]]:
    """A chart's text alternative: its description (title, what runs across and up, a named
    band, a cloud's count, what a map's cells hold) and its table (:meth:`ChartSpec.table`)."""
    end = "。" if lang == "zh" else "."
    title = spec.title
    parts = [title if not title or title[-1] in ".?!。？！" else title + end] if title else []
    if spec.empty:
        parts.append(spec.empty)
        return ("" if lang == "zh" else " ").join(parts), [], []
    for key, axis in (("x_axis", spec.x), ("y_axis", spec.y)):
        if axis.title:
            parts.append(t(f"app.access.{key}", lang, title=axis.title))
    for m in spec.marks:
        if m.kind == "band" and m.name:
            name = m.name[:1].upper() + m.name[1:]
            parts.append(name if name[-1:] in ".。" else name + end)
    for s in spec.series:
        if s.hover and not s.text:
            parts.append(t("app.access.cloud", lang, n=len(s.x), name=s.name or title))
    if spec.heat is not None:
        parts.append(t("app.access.heat", lang, name=spec.heat.scale.title or t("app.access.value", lang)))
    header, rows = spec.table("\u2014")
    header[0] = header[0] or t("app.access.category", lang)
    return ("" if lang == "zh" else " ").join(parts), header, rows
