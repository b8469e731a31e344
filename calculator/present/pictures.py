"""Pictures drawn with matplotlib as PNG bytes, the same for the page and the PDF: the
counsellor's pedigree (:class:`~calculator.content.pedigree.Pedigree`: who, where, which symbol,
decided by the content layer) and the decision aid's HLA inheritance
(:class:`~calculator.content.hla_picture.HlaPicture`). :data:`PICTURES` maps a
:class:`~calculator.content.blocks.Chart` block's ``kind`` to its drawer (spec -> PNG bytes).
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from typing import Any

from calculator.content.hla_picture import CHILDREN, HlaPicture
from calculator.content.pedigree import Pedigree, Person
from calculator.present import print_charts
from calculator.present.palette import OKABE_ITO, TEXT

#: Half the width of a symbol, in layout units (one unit between neighbours).
R = 0.22
#: Vertical distance between generations, in layout units.
GEN_DY = 1.6
INK = "#222222"
AFFECTED = "#444444"


def _y(p: Person) -> float:
    return -p.generation * GEN_DY


def _symbol(ax, p: Person) -> None:  # noqa: ANN001 - a matplotlib Axes
    from matplotlib import patches

    x, y = p.x, _y(p)
    face = AFFECTED if p.fill == "affected" else "white"
    if p.shape == "square":
        ax.add_patch(patches.Rectangle((x - R, y - R), 2 * R, 2 * R, facecolor=face, edgecolor=INK, lw=1))
        if p.fill == "carrier":
            ax.add_patch(patches.Rectangle((x - R, y - R), R, 2 * R, facecolor=AFFECTED, edgecolor=INK, lw=1))
    elif p.shape == "circle":
        ax.add_patch(patches.Circle((x, y), R, facecolor=face, edgecolor=INK, lw=1))
        if p.fill == "carrier":
            ax.add_patch(patches.Wedge((x, y), R, 90, 270, facecolor=AFFECTED, edgecolor=INK, lw=1))
    else:
        pts = [(x, y + R * 1.25), (x + R * 1.25, y), (x, y - R * 1.25), (x - R * 1.25, y)]
        ax.add_patch(patches.Polygon(pts, closed=True, facecolor=face, edgecolor=INK, lw=1))
        if p.fill == "carrier":
            ax.add_patch(patches.Polygon(pts[:1] + pts[2:], closed=True, facecolor=AFFECTED, edgecolor=INK, lw=1))
    if p.pregnancy:
        ax.text(x, y, "P", ha="center", va="center", fontsize=7, color="white" if p.fill == "affected" else INK)
    if p.adopted:
        for side in (-1, 1):
            bx = x + side * (R + 0.08)
            ax.plot([bx, bx], [y - R - 0.08, y + R + 0.08], color=INK, lw=0.8)
            ax.plot([bx, bx - side * 0.06], [y + R + 0.08] * 2, color=INK, lw=0.8)
            ax.plot([bx, bx - side * 0.06], [y - R - 0.08] * 2, color=INK, lw=0.8)
    if p.marked:
        ax.annotate("", xy=(x - R * 1.15, y - R * 0.45), xytext=(x - R * 3.0, y - R * 1.5),
                    arrowprops={"arrowstyle": "-|>", "color": INK, "lw": 0.9})
    label = "\n".join(textwrap.fill(s, 18) for s in p.labels)
    ax.text(x, y - R * 1.45, label, ha="center", va="top", fontsize=5.2, color=INK if not p.implicit else "#777777")


def _lines(ax, ped: Pedigree) -> None:  # noqa: ANN001 - a matplotlib Axes
    where = {p.id: p for p in ped.people}
    for a, b in ped.couples:
        left, right = sorted((where[a], where[b]), key=lambda p: p.x)
        ax.plot([left.x + R, right.x - R], [_y(left)] * 2, color=INK, lw=1)
    level: dict[int, int] = {}
    for (a, b), kids in ped.sibships:
        pa, pb = where[a], where[b]
        children = [where[k] for k in kids]
        gen = children[0].generation
        # a second sibship in the same generation drops to its own level, so two families'
        # lines never join
        mid_y = _y(children[0]) + GEN_DY / 2 - 0.22 * level.get(gen, 0)
        level[gen] = level.get(gen, 0) + 1
        if a == b:  # one parent drawn (the other married in): the line leaves from the side
            top_x = pa.x + 0.45
            ax.plot([pa.x + R * 1.25, top_x], [_y(pa)] * 2, color=INK, lw=1)
            top_y = _y(pa)
        else:
            top_x, top_y = (pa.x + pb.x) / 2, _y(pa)
        ax.plot([top_x, top_x], [top_y, mid_y], color=INK, lw=1)
        xs = [c.x for c in children] + [top_x]
        ax.plot([min(xs), max(xs)], [mid_y, mid_y], color=INK, lw=1)
        for c in children:
            ax.plot([c.x, c.x], [mid_y, _y(c) + R * (1.25 if c.shape == "diamond" else 1)], color=INK, lw=1)


@functools.lru_cache(maxsize=64)  # a few families' pictures per process (matplotlib takes about 0.1 s)
def draw_pedigree(ped: Pedigree, width_mm: float = 170.0) -> bytes:
    """The pedigree as PNG bytes (white background), with its legend below (the same
    pedigree is drawn once: the page redraws on every run while its section is open)."""
    family = print_charts.font_family()  # imports matplotlib (Agg) and registers the CJK font
    from matplotlib.figure import Figure

    xs = [p.x for p in ped.people]
    lo_gen = min(p.generation for p in ped.people)
    gens = max(p.generation for p in ped.people) - lo_gen + 1
    pad = max(1.0, (4.0 - (max(xs) - min(xs))) / 2)  # at least four columns wide, centred
    x0, x1 = min(xs) - pad, max(xs) + pad
    y1 = -lo_gen * GEN_DY + 0.6
    y0 = y1 - gens * GEN_DY + 0.2
    unit_mm = min(26.0, width_mm / (x1 - x0))
    fig = Figure(figsize=((x1 - x0) * unit_mm / 25.4, ((y1 - y0) * unit_mm + 14) / 25.4))
    legend_share = 14 / ((y1 - y0) * unit_mm + 14)
    ax = fig.add_axes((0.0, legend_share, 1.0, 1.0 - legend_share))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box", anchor="N")
    ax.axis("off")
    _lines(ax, ped)
    for p in ped.people:
        _symbol(ax, p)
    legend = "    ".join(text for _key, text in ped.legend)
    fig.text(0.02, legend_share / 2, textwrap.fill(legend, 120), fontsize=5.5, color=INK, family=family, va="center")
    for text in ax.texts:
        text.set_fontfamily(family)
    return print_charts.figure_png(fig)


# --------------------------------------------------------------------------- HLA inheritance
#: The four sets: the mother's two (a, b) and the father's two (c, d), coloured by parent
#: (Okabe-Ito: distinguishable with any colour vision), the second of each lighter.
SET_COLOURS = {"a": OKABE_ITO["vermillion"], "b": OKABE_ITO["orange"], "c": OKABE_ITO["blue"], "d": OKABE_ITO["sky_blue"]}
@functools.lru_cache(maxsize=8)  # one picture per language
def draw_hla(spec: HlaPicture, width_mm: float = 150.0) -> bytes:
    """Two parents above, each with two coloured bars (sets); four possible children below,
    each with one bar from each parent and its caption."""
    family = print_charts.font_family()
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    fig = Figure(figsize=(width_mm / 25.4, width_mm * 0.42 / 25.4))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, 8)
    ax.set_ylim(0, 3.4)
    ax.axis("off")

    def sets(x: float, y: float, pair: tuple[str, str]) -> None:
        for i, s in enumerate(pair):
            ax.add_patch(Rectangle((x + i * 0.32, y), 0.24, 0.8, color=SET_COLOURS[s], linewidth=0))
            ax.text(x + i * 0.32 + 0.12, y - 0.12, s, ha="center", va="top", fontsize=7, color=TEXT, family=family)

    for x, name, pair in ((2.2, spec.mother, ("a", "b")), (5.2, spec.father, ("c", "d"))):
        sets(x, 2.3, pair)
        ax.text(x + 0.28, 3.25, name, ha="center", va="center", fontsize=7.5, color=TEXT, family=family)
    ax.plot([2.5, 5.5], [1.8, 1.8], color=TEXT, linewidth=0.6)
    for i, (pair, caption) in enumerate(zip(CHILDREN, spec.children)):
        x = 0.7 + i * 1.9
        ax.plot([4.0, x + 0.28], [1.8, 1.4], color=TEXT, linewidth=0.4)
        sets(x, 0.55, pair)
        ax.text(x + 0.28, 0.2, caption, ha="center", va="center", fontsize=6.5, color=TEXT, family=family)
        if i == 0:
            ax.add_patch(Rectangle((x - 0.12, 0.42), 0.8, 1.06, fill=False, edgecolor=TEXT, linewidth=0.8,
                                   linestyle="--"))
            ax.text(x - 0.15, 1.52, spec.sick_child, ha="left", va="bottom", fontsize=6.5, color=TEXT, family=family)
    return print_charts.figure_png(fig)


#: The drawer of each picture kind (one registry for the page and the PDF).
PICTURES: dict[str, Callable[[Any], bytes]] = {"pedigree": draw_pedigree, "hla_inheritance": draw_hla}
