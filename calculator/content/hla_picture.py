"""The picture of HLA inheritance (the decision aid's HLA section): each parent has two sets
of HLA genes and passes one to each child, so a brother or sister gets the sick child's two
sets 1 time in 4. The spec holds the words (built once in the page's language); :func:`draw`
makes the PNG the page and the PDF both show (:data:`calculator.content.pictures.PICTURES`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from calculator.present import print_charts
from calculator.present.palette import OKABE_ITO, TEXT

#: The four sets: the mother's two (a, b) and the father's two (c, d), coloured by parent
#: (Okabe-Ito: distinguishable with any colour vision), the second of each lighter.
SET_COLOURS = {"a": OKABE_ITO["vermillion"], "b": OKABE_ITO["orange"], "c": OKABE_ITO["blue"], "d": OKABE_ITO["sky_blue"]}
#: The children's sets, in the table's order; the sick child has a + c.
CHILDREN = (("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"))


@dataclass(frozen=True)
class HlaPicture:
    """The words of the picture: the two parents, the caption of each child (its match with
    the sick child) and the mark of the sick child's own sets."""

    mother: str
    father: str
    children: tuple[str, ...]  # one caption per entry of CHILDREN
    sick_child: str


@functools.lru_cache(maxsize=8)  # one picture per language
def draw(spec: HlaPicture, width_mm: float = 150.0) -> bytes:
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
