"""Icon arrays: how many whole icons out of 10,000 families each chance colours, and where
they sit. One rounding for the app's icon arrays and the PDF's, so both show the same count."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from calculator.content.i18n import t

#: One denominator for every natural frequency and icon array.
DENOMINATOR = 10_000


@dataclass(frozen=True)
class IconGroup:
    """One coloured group of an icon array: ``count`` whole icons of category ``key``;
    ``expected`` is the unrounded expected number out of the denominator."""

    key: str
    count: int
    expected: float


def icon_groups(probabilities: Sequence[tuple[str, float]], denominator: int = DENOMINATOR) -> list[IconGroup]:
    """Whole icons per category out of ``denominator`` families, rounding the total first.

    The total coloured is ``round(sum(p) x denominator)``; categories take their rounded
    share in order and the last takes the remainder, so the icons add up to the rounded
    total (no category gains an icon from double rounding).
    """
    expected = [max(0.0, float(p)) * denominator for _, p in probabilities]
    total = min(denominator, int(round(sum(expected))))
    out, used = [], 0
    for i, ((key, _), e) in enumerate(zip(probabilities, expected)):
        n = total - used if i == len(probabilities) - 1 else min(total - used, int(round(e)))
        out.append(IconGroup(key, n, e))
        used += n
    return out


def icon_count(p: float, denominator: int = DENOMINATOR) -> int:
    """Whole icons coloured for one chance ``p`` (the one-group case of :func:`icon_groups`)."""
    return icon_groups([("p", min(float(p), 1.0))], denominator)[0].count


def icon_cells(denominator: int = DENOMINATOR, block: int = 10) -> list[tuple[int, int]]:
    """Grid (column, row) of each icon in fill order: blocks of ``block x block`` icons,
    filled row by row inside a block, blocks left to right then top to bottom.

    Coloured icons take the first positions, so they sit together in the top-left block(s)
    instead of being scattered (grouped icon arrays are easier to read; Trevena 2013).
    """
    return list(_icon_cells(denominator, block))  # a fresh list: the cached cells stay as they are


@lru_cache(maxsize=8)
def _icon_cells(denominator: int, block: int) -> tuple[tuple[int, int], ...]:
    side = int(round(math.sqrt(denominator)))
    if side * side != denominator or side % block:
        raise ValueError("denominator must be a square whose side is a multiple of the block")
    per_row = side // block
    cells = []
    for i in range(denominator):
        b, j = divmod(i, block * block)
        by, bx = divmod(b, per_row)
        r, c = divmod(j, block)
        cells.append((bx * block + c, by * block + r))
    return tuple(cells)


# --------------------------------------------------------------------------- the parents' frequency rows
#: Below this many coloured icons the coloured squares are also drawn enlarged (with a white
#: outline) on top of the grid and circled, so that 1 or 2 families in 10,000 can be seen
#: (from 10 on, a coloured patch of the grid is visible by itself).
ENLARGE_BELOW = 10


@dataclass(frozen=True)
class FrequencyRow:
    """One option's chance over the horizon, for the icon arrays and the frequency table.

    ``key``: text key of the label (``app.fig.freq.<key>``) and colour role of its icons;
    ``p``: probability over the horizon.
    """

    key: str
    p: float


def frequency_rows(results: Any) -> list[FrequencyRow]:
    """The chances a parent compares, all over the same horizon (the contract)."""
    pr, pu = results.strategies["private"], results.strategies["public"]
    return [
        FrequencyRow("private_family_use", float(pr.p_family_use)),
        FrequencyRow("public_helps", float(pu.expected_patients_helped or 0.0)),
        FrequencyRow("public_family_use", float(pu.p_family_use)),
    ]


def icon_caption(p: float, *, years: int, lang: str, denominator: int = DENOMINATOR) -> str:
    """What the icon array shows, in words that are true of the picture: how many squares are
    coloured (the shared rounding), and whether they are drawn enlarged."""
    n = icon_count(p, denominator)
    if n == 0:
        key = "app.fig.icon_none" if p <= 0 else "app.fig.icon_below_one"
    elif n < ENLARGE_BELOW:
        key = "app.fig.icon_enlarged"
    else:
        key = "app.fig.icon_plain"
    return t(key, lang, n=n, years=years)
