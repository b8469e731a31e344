"""Charts for print (the PDF report), drawn with matplotlib's Agg backend.

Plotly's image export needs a browser install that a fresh machine does not have, so the
report draws its charts here. Each builder is a pure function: already-translated labels
and plain numbers in, a matplotlib :class:`~matplotlib.figure.Figure` out (tests read the
figure's data); :func:`figure_image` turns a figure into the image for the PDF (:func:`figure_png`: PNG bytes).

All text uses the vendored Noto Sans CJK SC font (``calculator/fonts``), so Chinese axis
labels render on any machine. Builders do not touch pyplot's global state: figures are
created with :class:`matplotlib.figure.Figure` directly and styled inside
``matplotlib.rc_context``.

matplotlib is imported when the first chart is drawn (:func:`prepare`), not with this module:
importing it takes about a third of a second, which the ``report`` command spends in a helper
process (:mod:`calculator.present.pdf.chart_helper`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from calculator.present.cjk import wrap_text
from calculator.present.palette import GRID, HIGH, LOW, NOMINAL, OKABE_ITO, PRESENT_VALUE, STRATEGY_COLOURS, rgb01

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from PIL.Image import Image

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "NotoSansCJKsc-Regular.otf"

#: Chart colours (hex, from the shared palette): one per strategy, and accents.
COLOURS = {
    "directed": OKABE_ITO["sky_blue"],  # directed donation, unless the shared palette names one
    **STRATEGY_COLOURS,
    "nominal": NOMINAL,
    "pv": PRESENT_VALUE,
    "low": LOW,
    "high": HIGH,
    "ceac": STRATEGY_COLOURS["public"],
    "grid": GRID,
}

#: Size of one chart in the PDF [mm]; figures are drawn at this size so text sizes hold.
CHART_W_MM = 88.0
CHART_H_MM = 54.0
_MM_PER_INCH = 25.4


def _rgb(name: str) -> tuple[float, float, float]:
    return rgb01(COLOURS[name])


@lru_cache(maxsize=1)
def _mpl() -> SimpleNamespace:
    """The parts of matplotlib the charts use, imported once (Agg backend, no pyplot)."""
    import matplotlib

    matplotlib.use("Agg")  # no display; must precede any pyplot import elsewhere in this process
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

    return SimpleNamespace(matplotlib=matplotlib, font_manager=font_manager, Figure=Figure,
                           FuncFormatter=FuncFormatter, LogLocator=LogLocator, MaxNLocator=MaxNLocator,
                           NullFormatter=NullFormatter)


def prepare() -> None:
    """Import matplotlib and register the font (what the first chart would do)."""
    font_family()


@lru_cache(maxsize=1)
def font_family() -> str:
    """Register the vendored CJK font with matplotlib once; return its family name."""
    font_manager = _mpl().font_manager
    font_manager.fontManager.addfont(str(FONT_PATH))
    return font_manager.FontProperties(fname=str(FONT_PATH)).get_name()


def _rc() -> dict:
    return {
        "font.family": font_family(),
        "font.size": 7,
        "axes.titlesize": 7.5,
        "axes.labelsize": 7,
        "xtick.labelsize": 6.5,
        "ytick.labelsize": 6.5,
        "legend.fontsize": 6.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": False,  # the CJK font's hyphen-minus renders everywhere
        "svg.fonttype": "none",
    }


def _new_figure(w_mm: float = CHART_W_MM, h_mm: float = CHART_H_MM) -> Figure:
    return _mpl().Figure(figsize=(w_mm / _MM_PER_INCH, h_mm / _MM_PER_INCH), layout="constrained")


def figure_png(fig: Figure, dpi: int = 200) -> bytes:
    """The figure as PNG bytes (white background)."""
    buf = io.BytesIO()
    with _mpl().matplotlib.rc_context(_rc()):
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def figure_image(fig: Figure, dpi: int = 200) -> Image:
    """The figure as an RGBA image (:class:`PIL.Image.Image`, white background) for embedding
    in the PDF: the pixels of :func:`figure_png` without encoding and decoding a PNG."""
    from PIL import Image

    buf = io.BytesIO()
    with _mpl().matplotlib.rc_context(_rc()):
        fig.savefig(buf, format="raw", dpi=dpi, facecolor="white")
    raw = buf.getvalue()
    width = int(fig.get_figwidth() * dpi)  # as matplotlib's Agg canvas sizes it
    height = len(raw) // (4 * width)
    if width * height * 4 != len(raw):  # pragma: no cover - a canvas of another size
        return Image.open(io.BytesIO(figure_png(fig, dpi)))
    return Image.frombytes("RGBA", (width, height), raw)


def expected_value_chart(
    labels: Sequence[str],
    qalys: Sequence[float],
    nmb: Sequence[float],
    *,
    title_qaly: str,
    title_nmb: str,
    money: Callable[[float], str],
    qaly_label: Callable[[float], str] = lambda v: f"{v:.3g}",
    keys: Sequence[str] = ("private", "public", "none"),
) -> Figure:
    """Two horizontal bar panels, one bar per strategy.

    Parameters
    ----------
    labels : strategy names in the report's language.
    qalys : expected discounted QALYs gained per newborn against no unit [QALY].
    nmb : net monetary benefit of each strategy against not collecting at the WTP
        [currency]: ``WTP x QALY - cost``.
    money : formats an amount for axis ticks and bar labels (the report's formatter).
    qaly_label : formats a QALY bar's label (the report writes quality-adjusted days).
    keys : strategy keys, for colours.
    """
    with _mpl().matplotlib.rc_context(_rc()):
        fig = _new_figure()
        ax_q, ax_m = fig.subplots(2, 1)
        y = list(range(len(labels)))[::-1]
        colours = [_rgb(k) for k in keys]
        for ax, values, title, fmt in (
            (ax_q, qalys, title_qaly, qaly_label),
            (ax_m, nmb, title_nmb, money),
        ):
            ax.barh(y, values, color=colours, height=0.6)
            ax.set_yticks(y, labels)
            ax.set_title(title, loc="left")
            ax.axvline(0, color="black", linewidth=0.6)
            lo, hi = min(0.0, *values), max(0.0, *values)
            span = (hi - lo) or 1.0
            ax.set_xlim(lo - 0.8 * span if lo < 0 else 0, hi + 0.45 * span if hi > 0 else span * 0.05)
            for yi, v in zip(y, values):
                ax.annotate(fmt(v), (v, yi), xytext=(3 if v >= 0 else -3, 0), textcoords="offset points",
                            ha="left" if v >= 0 else "right", va="center", fontsize=6.5)
            ax.set_xticks([])
            ax.spines["bottom"].set_visible(False)
            ax.tick_params(axis="y", length=0)
    return fig


def cost_chart(
    years: Sequence[int],
    cumulative_nominal: Sequence[float],
    cumulative_pv: Sequence[float],
    *,
    label_nominal: str,
    label_pv: str,
    xlabel: str,
    money: Callable[[float], str],
    horizon: int | None = None,
) -> Figure:
    """Cumulative cost of private storage by contract year: total paid and present value.

    ``years`` are 0-based contract years; they are shown 1-based ("year 1" is the first
    payment). Amounts in the region's currency. The x axis ends at the contract's last year
    (``horizon``; default the last year given), never beyond it.
    """
    with _mpl().matplotlib.rc_context(_rc()):
        fig = _new_figure()
        ax = fig.subplots()
        x = [int(y) + 1 for y in years]
        ax.step(x, cumulative_nominal, where="post", color=_rgb("nominal"), label=label_nominal, linewidth=1.4)
        ax.step(x, cumulative_pv, where="post", color=_rgb("pv"), label=label_pv, linewidth=1.4, linestyle="--")
        last = int(horizon) if horizon else x[-1]
        for series, name, dy in ((cumulative_nominal, "nominal", 3), (cumulative_pv, "pv", -6)):
            ax.annotate(money(series[-1]), (last, series[-1]), xytext=(-2, dy), textcoords="offset points",
                        fontsize=6.5, color=_rgb(name), ha="right", va="bottom" if dy > 0 else "top")
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_locator(_mpl().MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        ax.set_ylim(0, max(cumulative_nominal) * 1.15 if max(cumulative_nominal) > 0 else 1)
        ax.set_xlim(0.5, last + 0.5)
        ax.yaxis.set_major_formatter(_mpl().FuncFormatter(lambda v, _pos: money(v)))
        ax.grid(axis="y", color=_rgb("grid"), linewidth=0.5)
        ax.legend(loc="upper left", frameon=False)
    return fig


def tornado_chart(
    rows: Sequence[tuple[str, float, float]],
    *,
    base: float,
    xlabel: str,
    label_low: str,
    label_high: str,
    money: Callable[[float], str],
    max_rows: int = 8,
    w_mm: float = CHART_W_MM,
    h_mm: float = CHART_H_MM,
    wrap_chars: int = 40,
) -> Figure:
    """One-way sensitivity: a bar per parameter from the output at its low to its high value.

    Parameters
    ----------
    rows : (parameter label, output at the parameter's low value, output at its high
        value) [currency], in any order; the widest ``max_rows`` are drawn, widest on top.
    base : the output at the base values [currency] (the vertical line).
    wrap_chars : labels are shown in full, wrapped at about this many characters per line
        (:func:`wrap_label`); the figure's y tick labels are the wrapped labels.

    The legend sits below the axis (it covers no bar).
    """
    ranked = sorted(rows, key=lambda r: abs(r[2] - r[1]), reverse=True)[:max_rows]
    with _mpl().matplotlib.rc_context(_rc()):
        fig = _new_figure(w_mm, h_mm)
        ax = fig.subplots()
        for i, (_label, out_lo, out_hi) in enumerate(ranked):
            y = len(ranked) - 1 - i
            ax.barh(y, out_lo - base, left=base, color=_rgb("low"), height=0.6,
                    label=label_low if i == 0 else None)
            ax.barh(y, out_hi - base, left=base, color=_rgb("high"), height=0.6,
                    label=label_high if i == 0 else None)
        ax.set_yticks(range(len(ranked)), [wrap_label(r[0], wrap_chars) for r in ranked][::-1])
        ax.axvline(base, color="black", linewidth=0.6)
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_formatter(_mpl().FuncFormatter(lambda v, _pos: money(v)))
        ax.xaxis.set_major_locator(_mpl().MaxNLocator(nbins=6))
        ax.tick_params(axis="y", length=0, labelsize=6.5)
        fig.legend(loc="outside lower center", ncols=2, frameon=False)
    return fig


def wrap_label(text: str, width: int) -> str:
    """``text`` in full on lines of at most about ``width`` characters: at spaces in English,
    between characters (with the CJK line-breaking rules) in Chinese."""
    import unicodedata

    def w(t: str) -> float:
        return sum(2.0 if unicodedata.east_asian_width(c) in "WF" else 1.0 for c in t)

    if any(unicodedata.east_asian_width(c) in "WF" for c in text):
        return "\n".join(wrap_text(text, float(width), w))
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def ceac_chart(
    points: Sequence[Sequence[float]],
    *,
    wtp_used: float,
    xlabel: str,
    ylabel: str,
    label_wtp: str,
    money: Callable[[float], str],
) -> Figure:
    """Cost-effectiveness acceptability curve of private storage, on a log WTP axis.

    ``points``: [willingness to pay per QALY [currency], probability private storage has
    the highest net monetary benefit [/1]] pairs; ``wtp_used``: the report's WTP (a line).
    """
    pts = [(float(p[0]), float(p[1])) for p in points if float(p[0]) > 0]  # log axis: WTP > 0
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    with _mpl().matplotlib.rc_context(_rc()):
        fig = _new_figure()
        ax = fig.subplots()
        ax.plot(xs, ys, color=_rgb("ceac"), linewidth=1.4)
        ax.set_xscale("log")  # WTP values span several orders of magnitude
        ax.axvline(wtp_used, color="black", linewidth=0.6, linestyle=":")
        if xs and xs[0] <= wtp_used <= xs[-1]:  # the family's own point on the curve
            import numpy as np

            y_used = float(np.interp(np.log(wtp_used), np.log(xs), ys))
            ax.plot([wtp_used], [y_used], marker="o", markersize=3.5, color="black", linestyle="none")
        ax.annotate(label_wtp, (wtp_used, 0.0), xytext=(3, 3), textcoords="offset points", fontsize=6, va="bottom")
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.yaxis.set_major_formatter(_mpl().FuncFormatter(lambda v, _pos: f"{v:.0%}"))
        ax.xaxis.set_major_locator(_mpl().LogLocator(base=10, numticks=4))
        ax.xaxis.set_major_formatter(_mpl().FuncFormatter(lambda v, _pos: money(v)))
        ax.xaxis.set_minor_formatter(_mpl().NullFormatter())
        ax.grid(color=_rgb("grid"), linewidth=0.5)
    return fig
