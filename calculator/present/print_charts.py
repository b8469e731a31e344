"""Charts for print (the PDF), drawn with matplotlib's Agg backend (plotly's image export needs a
browser a fresh machine lacks) from the chart spec the web page draws too
(:mod:`calculator.content.chart_spec`): :func:`draw` gives a matplotlib
:class:`~matplotlib.figure.Figure` (tests read its data), :func:`figure_image` the image for the
PDF. Text uses the vendored CJK font; figures are made without pyplot's global state.
matplotlib is imported with the first chart (:func:`font_family`): about a third of a second,
which the ``report`` command spends in a helper process (:mod:`calculator.present.pdf.chart_helper`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from calculator.content.chart_spec import ChartSpec, Series
from calculator.present.cjk import break_label
from calculator.present.palette import colour, rgb01, text_on

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from PIL.Image import Image

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "NotoSansCJKsc-Regular.otf"

#: Size of one chart in the PDF [mm]; figures are drawn at this size so text sizes hold.
CHART_W_MM = 88.0
CHART_H_MM = 54.0
_MM_PER_INCH = 25.4


@lru_cache(maxsize=1)
def _mpl() -> SimpleNamespace:
    """The parts of matplotlib the charts use, imported once (Agg backend, no pyplot)."""
    import matplotlib

    matplotlib.use("Agg")  # no display; must precede any pyplot import elsewhere in this process
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from matplotlib.ticker import NullFormatter

    return SimpleNamespace(matplotlib=matplotlib, font_manager=font_manager, Figure=Figure, NullFormatter=NullFormatter)


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


#: Dots per inch of the PNG charts (the PDF places a picture at its size: pixels / DPI).
DPI = 200


def figure_png(fig: Figure, dpi: int = DPI, fmt: str = "png") -> bytes:
    """The figure as PNG bytes (white background; ``fmt="raw"``: its RGBA pixels)."""
    buf = io.BytesIO()
    with _mpl().matplotlib.rc_context(_rc()):
        fig.savefig(buf, format=fmt, dpi=dpi, facecolor="white")
    return buf.getvalue()


def figure_image(fig: Figure, dpi: int = DPI) -> Image:
    """The figure as an RGBA image (:class:`PIL.Image.Image`, white background) for embedding
    in the PDF: the pixels of :func:`figure_png` without encoding and decoding a PNG."""
    from PIL import Image

    raw = figure_png(fig, dpi, "raw")
    width = int(fig.get_figwidth() * dpi)  # as matplotlib's Agg canvas sizes it
    height = len(raw) // (4 * width)
    if width * height * 4 != len(raw):  # pragma: no cover - a canvas of another size
        return Image.open(io.BytesIO(figure_png(fig, dpi)))
    return Image.frombytes("RGBA", (width, height), raw)


def draw(spec: ChartSpec, *, w_mm: float = CHART_W_MM, h_mm: float = CHART_H_MM, label_width: int = 40) -> Figure:
    """The matplotlib figure of ``spec`` (:mod:`calculator.content.chart_spec`), the same chart as
    the web draws: its series, colour roles, axis titles, ticks and marks. The title is left to
    the report's heading above the chart; category labels are shown in full, wrapped at about
    ``label_width`` characters (:func:`wrap_label`); the legend sits below the axes."""
    mpl = _mpl()
    with mpl.matplotlib.rc_context(_rc()):
        fig = mpl.Figure(figsize=(w_mm / _MM_PER_INCH, h_mm / _MM_PER_INCH), layout="constrained")
        ax = fig.subplots()
        if spec.empty:
            ax.set_axis_off()
            ax.text(0.5, 0.5, wrap_label(spec.empty, label_width), ha="center", va="center", transform=ax.transAxes)
            return fig
        bars = [s for s in spec.series if s.kind == "bar"]
        if spec.horizontal:
            _horizontal_bars(ax, spec, bars, label_width)
        for s in spec.series:
            if s.kind == "bar" and not spec.horizontal:
                ax.bar(s.x, s.y, color=rgb01(colour(s.role)), label=s.name, width=0.7)
            elif s.kind != "bar":
                ax.plot(s.x, s.y, color=rgb01(colour(s.role)), label=s.name, linewidth=1.4,
                        linestyle="--" if s.dash == "dash" else "-")
        for m in spec.marks:
            if m.kind == "band" and m.x1 is not None:
                ax.axvspan(m.x0, m.x1, color=rgb01(colour(m.role)), alpha=0.25, linewidth=0, zorder=0)
            else:
                ax.axvline(m.x0, color=rgb01(colour(m.role)), linewidth=0.6, linestyle=":" if m.point is not None else "-")
            if m.point is not None:
                ax.plot([m.x0], [m.point], marker="*", markersize=7, color=rgb01(colour("family")),
                        markeredgecolor="black", markeredgewidth=0.5, linestyle="none", label=m.name)
                ax.annotate(m.text, (m.x0, m.point), xytext=(4, 3), textcoords="offset points", fontsize=6, va="bottom")
        _axes(ax, spec)
        ax.grid(axis="x" if spec.horizontal else "y", color=rgb01(colour("grid")), linewidth=0.5)
        ax.set_axisbelow(True)
        fig.legend(loc="outside lower center", ncols=min(3, len(spec.series) + sum(m.point is not None for m in spec.marks)),
                   frameon=False)
    return fig


def _horizontal_bars(ax: Any, spec: ChartSpec, bars: Sequence[Series], label_width: int) -> None:
    """Bars along x, the first category on top: overlaid when each runs from a base (the tornado's
    two ends), else side by side (the options' cost, health value and net value)."""
    cats = list(bars[0].y) if bars else []
    y = [len(cats) - 1 - i for i in range(len(cats))]
    overlay = all(s.base is not None for s in bars)
    height = 0.6 if overlay else 0.8 / max(1, len(bars))
    biggest = max([abs(float(v)) for s in bars for v in s.x] + [1e-9])
    for j, s in enumerate(bars):
        fill = colour(s.role)
        base = s.base or 0.0
        off = 0.0 if overlay else (len(bars) - 1) / 2 * height - j * height
        yy = [v + off for v in y]
        ax.barh(yy, [float(v) - base for v in s.x], left=base, height=height, color=rgb01(fill), label=s.name,
                hatch="////" if s.hatch else None, edgecolor="white" if s.hatch else None, linewidth=0)
        if spec.bar_labels:
            for yi, v, words in zip(yy, s.x, s.text):
                if abs(float(v)) > 0.25 * biggest:
                    ax.text(float(v) / 2, yi, words, ha="center", va="center", fontsize=5.5, color=text_on(fill))
    # ticks from the bottom up; a flagged category (the tornado: it changes the decision) ends with
    # " *" on its last line, as on the web, and the caption says so
    ax.set_yticks(y[::-1], [wrap_label(str(c), label_width) + (" *" if c in spec.flagged else "") for c in cats][::-1])
    ax.tick_params(axis="y", length=0)


def _axes(ax: Any, spec: ChartSpec) -> None:
    """Axis titles, scales, ranges and ticks as the spec gives them."""
    mpl = _mpl()
    for axis, which in ((spec.x, "x"), (spec.y, "y")):
        if axis.scale == "category":
            continue
        if axis.scale == "log":
            getattr(ax, f"set_{which}scale")("log")
            getattr(ax, f"{which}axis").set_minor_formatter(mpl.NullFormatter())
        if axis.title:
            getattr(ax, f"set_{which}label")(axis.title)
        if axis.range is not None:
            getattr(ax, f"set_{which}lim")(*axis.range)
        if axis.ticks:
            getattr(ax, f"set_{which}ticks")(list(axis.ticks), list(axis.tick_text))


def wrap_label(text: str, width: int) -> str:
    """``text`` in full on lines of about ``width`` Latin columns
    (:func:`calculator.present.cjk.break_label`, the web charts' breaker too)."""
    return "\n".join(break_label(text, width))
