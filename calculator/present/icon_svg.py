"""An icon array as SVG for the web page: ``denominator`` families as small squares, those
affected in colour, placed as in the PDF's arrays (:func:`calculator.content.icons.icon_cells`).

Why not plotly: three plotly icon arrays on the first screen cost 1.7 ms of the server's CPU a
page run (about a fifteenth of the parents' page: each figure serialised and hashed by
Streamlit); this SVG is about 2 KB, made once per count and colour, and the three arrays with
their words are one element (each an ``<img>``: Streamlit's sanitiser keeps no inline SVG).
Each row is one dashed line, not 100 shapes; fewer than
:data:`~calculator.content.icons.ENLARGE_BELOW` coloured squares are drawn large, ringed.
"""

from __future__ import annotations

import base64
import functools
import html
import math
import re
from typing import Any

from calculator.content.blocks import Chart, SideBySide
from calculator.content.icons import DENOMINATOR, ENLARGE_BELOW, icon_cells
from calculator.present.palette import colour

#: A square's side and the gap to the next, in grid units (one unit = one family's place).
SQUARE = 0.82
#: Room around the grid for the enlarged squares and their ring.
PAD = 4.0
#: An enlarged square's side (grid units) and its white edge.
ENLARGED = 3.2
ENLARGED_EDGE = 0.5
#: The ring around a few enlarged squares: its radius beyond the group, its line width.
RING_MARGIN = 3.0
RING_WIDTH = 0.7


#: Cells between two enlarged squares (fewer than :data:`ENLARGE_BELOW` coloured): an enlarged
#: square is about three cells wide with its edge, so squares of neighbouring cells covered each
#: other (one looked like a strip); 4 cells apart they are all whole, still together in the
#: top-left block (3 x 3 places for at most 9).
ENLARGED_SPACING = 4


def icon_highlight_cells(n: int, denominator: int = DENOMINATOR) -> list[tuple[int, int]]:
    """The (column, row) of each of the ``n`` coloured icons: the shared placement
    (:func:`calculator.content.icons.icon_cells`); a few, drawn enlarged, are spaced
    :data:`ENLARGED_SPACING` cells apart in the first block, so no square covers another."""
    if 0 < n < ENLARGE_BELOW:
        return [(ENLARGED_SPACING * (i % 3), ENLARGED_SPACING * (i // 3)) for i in range(n)]
    return icon_cells(denominator)[:n]


def _n(x: float) -> str:
    """A coordinate with at most three decimals and no trailing zeros (short SVG text)."""
    return f"{x:.3f}".rstrip("0").rstrip(".")


def _runs(cells: tuple[tuple[int, int], ...]) -> list[tuple[int, int, int]]:
    """Coloured cells as runs along their rows: (first column, row, length), so a row's
    squares are one dashed stroke (SVG restarts the dash pattern at each run's start)."""
    runs: list[tuple[int, int, int]] = []
    for c, r in sorted(cells, key=lambda cell: (cell[1], cell[0])):
        if runs and runs[-1][1] == r and runs[-1][0] + runs[-1][2] == c:
            runs[-1] = (runs[-1][0], r, runs[-1][2] + 1)
        else:
            runs.append((c, r, 1))
    return runs


@functools.lru_cache(maxsize=256)
def icon_svg(cells: tuple[tuple[int, int], ...], role: str, denominator: int = DENOMINATOR) -> str:
    """The SVG of one icon array: ``cells`` (column, row) coloured in ``role``'s colour."""
    side = int(round(math.sqrt(denominator)))
    rows = math.ceil(denominator / side)
    box = f"{_n(-PAD)} {_n(-PAD)} {_n(side + 2 * PAD)} {_n(rows + 2 * PAD)}"
    half = SQUARE / 2
    grid = "".join(f"M0 {_n(r + half)}h{side}" for r in range(rows))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" width="{_n(side + 2 * PAD)}" '
        f'height="{_n(rows + 2 * PAD)}">',
        f'<path d="{grid}" stroke="{colour("empty")}" stroke-width="{_n(SQUARE)}" '
        f'stroke-dasharray="{_n(SQUARE)} {_n(1 - SQUARE)}" fill="none"/>',
    ]
    fill = colour(role)
    if 0 < len(cells) < ENLARGE_BELOW:
        off = (ENLARGED - SQUARE) / 2
        for c, r in cells:
            parts.append(f'<rect x="{_n(c - off)}" y="{_n(r - off)}" width="{_n(ENLARGED)}" height="{_n(ENLARGED)}" '
                         f'fill="{fill}" stroke="#FFFFFF" stroke-width="{_n(ENLARGED_EDGE)}"/>')
        xs, ys = [c + half for c, _ in cells], [r + half for _, r in cells]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        radius = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 + RING_MARGIN
        parts.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(radius)}" fill="none" '
                     f'stroke="{colour("reference")}" stroke-width="{_n(RING_WIDTH)}"/>')
    else:
        runs = _runs(cells)
        if runs:
            parts.append(f'<path d="{"".join(f"M{c} {_n(r + half)}h{k}" for c, r, k in runs)}" stroke="{fill}" '
                         f'stroke-width="{_n(SQUARE)}" stroke-dasharray="{_n(SQUARE)} {_n(1 - SQUARE)}" fill="none"/>')
    parts.append("</svg>")
    return "".join(parts)


@functools.lru_cache(maxsize=256)
def icon_img(cells: tuple[tuple[int, int], ...], role: str, alt: str, denominator: int = DENOMINATOR) -> str:
    """The icon array as an ``<img>``: the page's HTML sanitiser keeps no inline SVG, and an
    image cannot run anything; ``alt`` names it for a screen reader (the proxy's
    Content-Security-Policy allows ``data:`` images)."""
    data = base64.b64encode(icon_svg(cells, role, denominator).encode("ascii")).decode("ascii")
    return f'<img class="cb-icons" alt="{html.escape(alt, quote=True)}" src="data:image/svg+xml;base64,{data}">'


#: Chart kinds drawn as SVG in the page itself (pictures with no zoom and no table).
SVG_KINDS = frozenset({"icon_array"})

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    """A paragraph's text as HTML: escaped, its ``**bold**`` as ``<strong>``."""
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(text, quote=False))


def _panel(blocks: tuple[Any, ...]) -> str:
    """One icon array with its words: the title and its count above the grid (as the chart's
    title was), then the panel's paragraphs (a caption small, the count in the body's size)."""
    chart, *texts = blocks
    spec = chart.spec  # the icon array's ChartSpec: one series, (coloured count, denominator)
    series = spec.series[0]
    denominator = int(series.y[0])
    cells = tuple(icon_highlight_cells(int(series.x[0]), denominator))
    title, short = html.escape(spec.title), html.escape(spec.subtitle)
    words = "".join(f'<p class="{"cb-caption" if getattr(b, "role", "") == "caption" else "cb-text"}">{_inline(b.text)}</p>'
                    for b in texts)
    return (f'<figure class="cb-icon-panel"><figcaption><strong>{title}</strong><br><small>{short}</small></figcaption>'
            f'{icon_img(cells, series.role, chart.alt, denominator)}{words}</figure>')


def panels_html(block: SideBySide) -> str | None:
    """A row of icon-array panels as one piece of HTML (a grid that puts them one under the
    other on a phone), or None when a panel is not an icon array (the page draws it itself)."""
    if block.boxed or not all(p and isinstance(p[0], Chart) and p[0].kind in SVG_KINDS for p in block.panels):
        return None
    return f'<div class="cb-icon-panels">{"".join(_panel(p) for p in block.panels)}</div>'
