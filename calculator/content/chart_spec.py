"""One spec per chart: what a chart shows, built once from the results and the language, and
drawn by plotly for the web (:mod:`calculator.present.web_draw`) and by matplotlib for print
(:mod:`calculator.present.print_charts`).

A :class:`ChartSpec` holds the title, the series (each with its points, its words for each point
and a colour *role*), the two axes (title, scale, tick values and their text), reference marks
(a line, a shaded band) and notes. Colours come from :data:`calculator.present.palette.ROLES`
by role; numbers are worded here, once (:func:`calculator.content.numbers.format_money`,
compact ticks). A renderer decides only what belongs to its medium: sizes, label wrapping,
where the legend goes.

The four charts that both media draw: the expected value of each option (:func:`value_spec`),
the cost of private storage year by year (:func:`cost_spec`), the one-way sensitivity tornado
(:func:`tornado_spec`) and the acceptability curve (:func:`ceac_spec`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from calculator.analysis.recommendation import COLLECT_CODES, KEEP_CODES
from calculator.content.i18n import has, t
from calculator.content.numbers import compact_number, format_money, format_one_in, format_pct, nice_ticks, plain_number


@dataclass(frozen=True)
class Axis:
    """One axis: its title, scale and ticks (values and their text; none: the renderer's own)."""

    title: str = ""
    scale: Literal["linear", "log", "category"] = "linear"
    ticks: tuple[float, ...] = ()
    tick_text: tuple[str, ...] = ()
    range: tuple[float, float] | None = None


@dataclass(frozen=True)
class Series:
    """One series: ``x`` and ``y`` (categories on the category axis), each point worded in
    ``text`` (hover, bar label, data table), drawn as ``kind`` in the colour of ``role``.

    A horizontal bar (``kind="bar"`` in a chart with ``horizontal=True``) runs from ``base``
    (0 when None) to its ``x`` value."""

    key: str
    name: str
    role: str
    kind: Literal["bar", "line", "points"]
    x: tuple[Any, ...]
    y: tuple[Any, ...]
    text: tuple[str, ...] = ()
    dash: Literal["solid", "dash"] = "solid"
    base: float | None = None
    hatch: bool = False
    #: the hover words as a pattern of the point's fields (``{x:.3g}``, ``{y:,.0f}``, ``{text}``);
    #: a series with a pattern and no ``text`` is a cloud, worded by the browser and described,
    #: not tabled; empty: "x: text"
    hover: str = ""


@dataclass(frozen=True)
class Mark:
    """A reference on the x axis: a line at ``x0`` or a shaded band from ``x0`` to ``x1``;
    ``point``: a y value on the line to mark (this family's own point), ``text`` its words."""

    kind: Literal["line", "band", "point"]
    x0: float
    role: str
    x1: float | None = None
    point: float | None = None
    name: str = ""
    text: str = ""
    hover: str = ""  # as :attr:`Series.hover` (empty: ``text``)


@dataclass(frozen=True)
class Heat:
    """A map of ``z`` over ``x`` (columns) and ``y`` (rows), from the colour of ``roles[0]`` below
    zero to ``roles[1]`` above it; each value, row and column worded; ``line``: the name of the
    line where ``z`` is zero (drawn from the grid when the chart has no series for it)."""

    name: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    z: tuple[tuple[float, ...], ...]
    x_text: tuple[str, ...]
    y_text: tuple[str, ...]
    z_text: tuple[tuple[str, ...], ...]
    scale: Axis
    roles: tuple[str, str]
    line: str = ""


#: Rows of a chart's table (a line of 100 points is shown at about this many of its x values)
#: and columns of a map's table besides its first.
MAX_ROWS, MAX_COLUMNS = 24, 8


def spread(n: int, k: int) -> list[int]:
    """``k`` indices spread evenly over ``range(n)``, first and last included."""
    if n <= k:
        return list(range(n))
    return sorted({round(i * (n - 1) / (k - 1)) for i in range(k)})


@dataclass(frozen=True)
class ChartSpec:
    """A chart as data (see the module): ``empty`` holds the note shown instead of an empty chart."""

    name: str
    title: str
    x: Axis
    y: Axis
    series: tuple[Series, ...]
    horizontal: bool = False
    marks: tuple[Mark, ...] = ()
    empty: str = ""
    #: categories marked as special (tornado: the numbers that change the decision within their
    #: range); the web marks them " *" and explains the star in its caption
    flagged: tuple[str, ...] = ()
    #: each bar worded inside it when it is long enough (the expected-value chart)
    bar_labels: bool = False
    subtitle: str = ""
    heat: Heat | None = None
    #: the legend's own entries besides the series (a named band)
    legend: bool = True

    def table(self, blank: str = "") -> tuple[list[str], list[list[str]]]:
        """The chart's data as a table (its text alternative): one row per category or x value
        (at most :data:`MAX_ROWS`, evenly spread), one column per series and per marked point,
        each cell worded as the chart words it (``blank``: an empty cell); a map: a row per
        y value, a column per x value (at most :data:`MAX_COLUMNS`)."""
        if self.heat is not None:
            h = self.heat
            cols = spread(len(h.x), MAX_COLUMNS)
            corner = f"{self.y.title} \u2193 / {self.x.title} \u2192"
            return ([corner] + [h.x_text[c] for c in cols],
                    [[h.y_text[r]] + [h.z_text[r][c] for c in cols] for r in spread(len(h.y), MAX_ROWS)])
        series = [s for s in self.series if s.text or not s.hover]
        points = [m for m in self.marks if m.point is not None and m.name]
        header = [self.y.title if self.horizontal else self.x.title] + [s.name for s in series] + [m.name for m in points]
        width = len(header) - 1
        rows: dict[Any, list[str]] = {}

        def cell(c: Any, j: int, words: str) -> None:
            key = c if isinstance(c, str) else round(float(c), 9)
            label = (c + " *" if c in self.flagged else c) if isinstance(c, str) else plain_number(float(c))
            row = rows.setdefault(key, [label] + [blank] * width)
            row[j + 1] = words

        for j, s in enumerate(series):
            cats, vals = (s.y, s.x) if self.horizontal else (s.x, s.y)
            for i in spread(len(cats), MAX_ROWS):
                cell(cats[i], j, s.text[i] if s.text else plain_number(float(vals[i])))
        for j, m in enumerate(points, start=len(series)):
            cell(m.x0, j, m.text)
        order = list(rows.values())
        return header, [order[i] for i in spread(len(order), MAX_ROWS)]


def money_axis(lo: float, hi: float, lang: str, n: int = 6, title: str = "") -> Axis:
    """A linear money axis with about ``n`` round ticks, worded compactly (1万/1亿, 10k/1M)."""
    vals = nice_ticks(lo, hi, n)
    return Axis(title, "linear", tuple(vals), tuple(compact_number(v, lang) for v in vals))


def log_axis(lo: float, hi: float, lang: str, title: str = "", *, fixed: bool = True) -> Axis:
    """A log axis from ``lo`` to ``hi`` with one tick a decade, worded compactly (``fixed``:
    the axis shows exactly that range; else the renderer fits it to the data)."""
    k0, k1 = math.floor(math.log10(max(lo, 1e-12))), math.ceil(math.log10(max(hi, 1e-12)))
    vals = [10.0 ** k for k in range(k0, k1 + 1)]
    return Axis(title, "log", tuple(vals), tuple(compact_number(v, lang) for v in vals), (lo, hi) if fixed else None)


def chance_tick(p: float, lang: str) -> str:
    """A chance for an axis tick, in the one style of the text
    (:func:`calculator.content.numbers.format_one_in`) without its "about"/"约": "10 in 10,000",
    "1 in 20,000" / "万分之 10", "20 分之一", "38%"."""
    if p <= 0:
        return "0"
    text = format_one_in(min(p, 1.0), lang)
    return text.removeprefix("about ").removeprefix("约 ").removeprefix("约")


def chance_log_axis(lo: float, hi: float, lang: str, title: str = "") -> Axis:
    """A log axis for a chance: a tick a decade (and 1-2-5 steps when fewer than three
    decades), worded as natural frequencies (:func:`chance_tick`)."""
    lo, hi = max(lo, 1e-12), max(hi, 1e-12)
    k0, k1 = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    steps = (1, 2, 5) if k1 - k0 < 3 else (1,)
    vals = [m * 10.0 ** k for k in range(k0, k1 + 1) for m in steps if lo <= m * 10.0 ** k <= hi * 1.0001 and m * 10.0 ** k <= 1]
    return Axis(title, "log", tuple(vals), tuple(chance_tick(v, lang) for v in vals))


def chance_linear_axis(lo: float, hi: float, lang: str, n: int = 5, title: str = "") -> Axis:
    """A linear axis for a chance, every tick over one denominator (the smallest power of ten
    that makes every tick a whole count): "5 in 100", "10 in 100" / "100 个中 5 个"."""
    vals = [v for v in nice_ticks(lo, hi, n) if 0 <= v <= 1]
    step = min((b - a for a, b in zip(vals, vals[1:])), default=1.0)
    denom = 10 ** max(1, math.ceil(-math.log10(step) - 1e-9)) if step > 0 else 100

    def text(v: float) -> str:
        k = round(v * denom)
        if k == 0:
            return "0"
        return f"{k:,} in {denom:,}" if lang == "en" else f"{denom:,} 个中 {k:,} 个"

    return Axis(title, "linear", tuple(vals), tuple(text(v) for v in vals))


def number_axis(lo: float, hi: float, n: int = 6, title: str = "", digits: int | None = None) -> Axis:
    """A linear axis of plain numbers (never an exponent; ``digits`` significant figures)."""
    vals = nice_ticks(lo, hi, n)
    return Axis(title, "linear", tuple(vals), tuple(plain_number(v) if digits is None else plain_number(v, digits)
                                                   for v in vals))


def is_log_spaced(values: Sequence[float]) -> bool:
    """Values spread over more than a factor of 50 (drawn on a log axis)."""
    v = [float(x) for x in values]
    return len(v) > 2 and min(v) > 0 and max(v) / min(v) > 50


def value_axis(values: Sequence[float], kind: str, lang: str) -> Axis:
    """The axis of a two-way chart's values of ``kind`` (``probability``, ``money`` or other):
    log when they span decades (natural-frequency ticks for a chance, compact numbers
    otherwise), else compact money, chances over one denominator, or plain numbers."""
    v = [float(x) for x in values]
    if is_log_spaced(v):
        return chance_log_axis(min(v), max(v), lang) if kind == "probability" else log_axis(min(v), max(v), lang, fixed=False)
    if kind == "money":
        return money_axis(min(v), max(v), lang, 6)
    if kind == "probability":
        return chance_linear_axis(min(v), max(v), lang, 5)
    return number_axis(min(v), max(v), 6)


def percent_axis(title: str) -> Axis:
    """A chance from 0 to 100 %, a tick every 20 %."""
    vals = [k / 5 for k in range(6)]
    return Axis(title, "linear", tuple(vals), tuple(f"{v:.0%}" for v in vals), (0.0, 1.05))


def _unit(currency: str, lang: str) -> str:
    return t(f"app.fig.currency.{currency}", lang)


# --------------------------------------------------------------------------- the four charts
#: The options of the expected-value chart, in the order drawn (those the results have).
VALUE_OPTIONS = ("private", "directed", "public", "none")


def value_spec(res: Any, lang: str) -> ChartSpec:
    """Expected cost, health value (QALYs x willingness to pay) and net value of each option,
    all against not collecting, per newborn, in the region's currency (present value)."""
    cur = res.currency
    wtp = float(res.parameters["wtp_per_qaly"])
    names = [n for n in VALUE_OPTIONS if n in res.strategies]
    labels = tuple(t(f"strategy.{n}", lang) for n in names)
    cost = [-float(res.strategies[n].pv_cost) for n in names]
    health = [wtp * float(res.strategies[n].qalys_gained) for n in names]
    net = [h + c for h, c in zip(health, cost)]
    series = tuple(
        Series(key, t(f"app.fig.ev.{key}", lang), key, "bar", tuple(vals), labels,
               tuple(format_money(v, cur, lang) for v in vals))
        for key, vals in (("cost", cost), ("health", health), ("net", net)))
    every = cost + health + net
    x = money_axis(min(every + [0.0]), max(every + [0.0]), lang, 5,
                   t("app.fig.ev.x", lang, currency=cur, unit=_unit(cur, lang)))
    return ChartSpec("value", t("app.fig.ev.title", lang, currency=cur, wtp=wtp), x, Axis(scale="category"),
                     series, horizontal=True, bar_labels=True)


def cost_spec(schedule: Mapping[str, Sequence[float]], *, currency: str, lang: str) -> ChartSpec:
    """Cost of private storage year by year: payments (bars), total paid and present value (lines)."""
    years = tuple(int(y) + 1 for y in schedule["year"])
    series = [Series("payment", t("app.fig.cost.payment", lang), "payment", "bar", years,
                     tuple(float(v) for v in schedule["payment"]),
                     tuple(format_money(v, currency, lang) for v in schedule["payment"]))]
    lines: tuple[tuple[str, str, Literal["solid", "dash"]], ...] = (
        ("cumulative_nominal", "nominal", "solid"), ("cumulative_pv", "pv", "dash"))
    for key, role, dash in lines:
        vals = tuple(float(v) for v in schedule[key])
        series.append(Series(key, t(f"app.fig.cost.{key}", lang), role, "line", years, vals,
                             tuple(format_money(v, currency, lang) for v in vals), dash=dash))
    step = 2 if len(years) > 12 else 1
    ticks = tuple(y for y in years if y % step == 0)
    # the axis ends at the contract's last year, never beyond it
    x = Axis(t("app.fig.cost.x", lang), "linear", ticks, tuple(str(y) for y in ticks), (0.5, (years[-1] if years else 1) + 0.5))
    top = max(list(schedule["cumulative_nominal"]) + [1.0])
    y = money_axis(0.0, top, lang, 5, _unit(currency, lang))
    total = schedule["cumulative_nominal"][-1] if schedule["cumulative_nominal"] else 0.0
    pv = schedule["cumulative_pv"][-1] if schedule["cumulative_pv"] else 0.0
    title = t("app.fig.cost.title", lang, currency=currency, years=len(years), nominal=total, pv=pv)
    return ChartSpec("cost", title, x, Axis(y.title, "linear", y.ticks, y.tick_text, (0.0, top * 1.05)),
                     tuple(series))


def output_label(output: str, lang: str) -> str:
    """The words for an analysis output (``nmb_vs_public``), or its name when it has none."""
    return t(f"app.fig.output.{output}", lang) if has(f"app.fig.output.{output}", lang) else output


def tornado_spec(tornado: Any, *, labels: Mapping[str, str], lang: str, currency: str, top: int = 12) -> ChartSpec:
    """One-way sensitivity: each parameter from its low to its high value, the output at each end.

    ``tornado``: ``output``, ``base`` and ``rows`` of (name, low_value, high_value, output_low,
    output_high, swing, flips, flip_value); the widest ``top`` rows, widest first. A row that
    flips the decision ends with " *". Without a finite base (cost per use when no family can
    use the unit) the spec is empty with a note."""
    out_label = output_label(tornado.output, lang)
    title = t("app.fig.tornado.title", lang, output=out_label)
    base = float(tornado.base)
    if not math.isfinite(base):
        note = t("app.charts.cpu_none", lang) if "use" in tornado.output else t("text.not_reachable", lang)
        return ChartSpec("tornado", title, Axis(), Axis(), (), empty=note)
    rows = [r for r in tornado.rows if math.isfinite(float(r.output_low)) and math.isfinite(float(r.output_high))]
    rows = sorted(rows, key=lambda r: abs(r.swing), reverse=True)[:top]
    names = tuple(labels.get(r.name, r.name) for r in rows)
    money = tornado.output.startswith("nmb") or "cost" in tornado.output
    unit = _unit(currency, lang) if money else ""

    def words(value_at: float, out: float) -> str:
        return f"{plain_number(float(value_at))} → " + (format_money(out, currency, lang) if money else plain_number(out))

    series = tuple(
        Series(key, t(f"app.fig.tornado.{key}", lang), key, "bar", tuple(float(getattr(r, f"output_{key}")) for r in rows),
               names, tuple(words(getattr(r, f"{key}_value"), float(getattr(r, f"output_{key}"))) for r in rows),
               base=base, hatch=key == "high")
        for key in ("low", "high"))
    ends = [base] + [float(v) for r in rows for v in (r.output_low, r.output_high)]
    x_title = t("app.fig.tornado.x", lang, output=out_label, unit=unit) if unit else out_label
    x = money_axis(min(ends), max(ends), lang, 5, x_title) if money else Axis(x_title)
    return ChartSpec("tornado", title, x, Axis(scale="category"), series, horizontal=True,
                     marks=(Mark("line", base, "reference"),), flagged=tuple(n for n, r in zip(names, rows) if r.flips))


def ceac_spec(ceac: Sequence[Sequence[float]], *, wtp: float, lang: str, currency: str, versus: str = "public") -> ChartSpec:
    """Cost-effectiveness acceptability curve: the chance that private storage is the better buy
    than ``versus`` (``public`` or ``directed`` donation: :func:`uncertainty_pair`) at each
    willingness to pay per QALY, on a log axis from the smallest positive one (zero has no place
    on a log axis). The family's willingness to pay is a line with its chance marked and
    worded; the band from a third of it to three times it is shaded."""
    pts = [(float(r[0]), float(r[1])) for r in ceac if float(r[0]) > 0]
    xs, ys = tuple(p[0] for p in pts), tuple(p[1] for p in pts)
    curve = Series("private", t("strategy.private", lang), "private", "line", xs, ys,
                   tuple(f"{format_money(x, currency, lang)}: {format_pct(y, lang)}" for x, y in pts))
    x_title = t("app.fig.ceac.x", lang, unit=_unit(currency, lang))
    x = log_axis(min(xs), max(xs), lang, x_title) if xs else Axis(x_title, "log")
    marks: tuple[Mark, ...] = ()
    if wtp > 0:
        p_at = _interp_log(wtp, xs, ys)
        marks = (Mark("band", wtp / 3, "band", x1=wtp * 3),
                 Mark("line", wtp, "reference", point=p_at,
                      name=t("app.fig.ceac.current", lang, wtp=wtp, currency=currency),
                      text=t("app.fig.ceac.at_wtp", lang, p=p_at)))
    return ChartSpec("ceac", t(title_key("ceac", versus), lang), x, percent_axis(t("app.fig.ceac.y", lang)), (curve,),
                     marks=marks)


def title_key(chart: str, versus: str) -> str:
    """The title of an uncertainty chart (``plane``, ``ceac``) for the option compared with."""
    return f"app.fig.{chart}.title" + ("_directed" if versus == "directed" else "")


def verdict_versus(code: str, strategies: Mapping[str, Any]) -> str:
    """The option the verdict ``code`` weighs private storage against: directed donation when
    the verdict keeps the unit for the family or collects it through directed donation until an
    answer is known (and the family has that option), else public donation."""
    return "directed" if code in KEEP_CODES | COLLECT_CODES and "directed" in strategies else "public"


def uncertainty_pair(res: Any, psa: Any = None) -> Any:
    """The PSA comparison the uncertainty charts show: the one the verdict makes
    (:func:`verdict_versus`; a :class:`calculator.analysis.psa.PairPSA`). ``psa``: default ``res.psa``."""
    psa = res.psa if psa is None else psa
    if verdict_versus(res.recommendation.code, res.strategies) == "directed" and psa.vs_directed is not None:
        return psa.vs_directed
    return psa.versus_public()


def _interp_log(x: float, xs: Sequence[float], ys: Sequence[float]) -> float:
    """``ys`` at ``x``, linear in log(x) between the points, held at the ends."""
    if not xs:
        return 0.0
    lx = math.log10(x)
    logs = [math.log10(v) for v in xs]
    if lx <= logs[0]:
        return float(ys[0])
    for (a, ya), (b, yb) in zip(zip(logs, ys), zip(logs[1:], ys[1:])):
        if lx <= b:
            return float(ya + (yb - ya) * (lx - a) / (b - a)) if b > a else float(yb)
    return float(ys[-1])
