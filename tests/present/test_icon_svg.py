"""The icon arrays as the page draws them (:mod:`calculator.present.icon_svg`): the coloured
count is the shared rounding the PDF prints, a few are drawn enlarged inside a ring, the picture
is named for a screen reader, and words are escaped."""

from __future__ import annotations

import base64
import re

import pytest

from calculator.content.blocks import Chart, Heading, Paragraph, SideBySide
from calculator.content.icons import DENOMINATOR, ENLARGE_BELOW, FrequencyRow, icon_cells, icon_count
from calculator.content.page_charts import icon_spec
from calculator.present.icon_svg import icon_highlight_cells, icon_svg, panels_html


def coloured(svg: str) -> int:
    """Coloured squares drawn: the runs of the coloured stroke, or the enlarged squares."""
    rects = svg.count("<rect")
    paths = re.findall(r'<path d="([^"]*)"', svg)
    runs = paths[1] if len(paths) > 1 else ""
    return rects + sum(int(k) for k in re.findall(r"h(\d+)", runs))


@pytest.mark.parametrize("p", [0.0, 0.00002, 0.000049, 0.00005, 0.0002, 0.0008, 0.0123, 0.36, 1.0])
def test_the_coloured_count_is_the_shared_rounding(p):
    cells = tuple(icon_highlight_cells(icon_count(p)))
    svg = icon_svg(cells, "private_family_use")
    n = icon_count(p)
    assert coloured(svg) == n
    assert ("<circle" in svg) == (0 < n < ENLARGE_BELOW)  # a ring around a few enlarged squares only
    assert len(svg) < 4_000  # whatever the count: one stroke per run of squares


def test_runs_cover_exactly_the_cells_of_the_pdf():
    n = icon_count(0.0150)
    svg = icon_svg(tuple(icon_highlight_cells(icon_count(0.0150))), "public_helps")
    drawn = set()
    for c, y, k in re.findall(r"M(\d+) ([\d.]+)h(\d+)", re.findall(r'<path d="([^"]*)"', svg)[1]):
        r = round(float(y) - 0.41)
        drawn |= {(int(c) + i, r) for i in range(int(k))}
    assert drawn == set(icon_cells(DENOMINATOR)[:n])


def _panel(row: FrequencyRow, caption: str, text: str) -> tuple:
    spec = icon_spec(row, lang="en", denominator=DENOMINATOR)
    return (Chart("icon_array", spec, caption, key=f"icons_{row.key}"), Paragraph(caption, role="caption"), Paragraph(text))


def test_panels_are_one_grid_with_named_pictures_and_escaped_words():
    block = SideBySide((_panel(FrequencyRow("public_helps", 0.0029), 'a <b>"caption"</b>', "**About 29** & more"),
                        _panel(FrequencyRow("private_family_use", 0.0002), "two", "**About 2**")), boxed=False)
    out = panels_html(block)
    assert out is not None and out.count("<figure") == 2 and out.count('<img class="cb-icons"') == 2
    assert 'alt="a &lt;b&gt;&quot;caption&quot;&lt;/b&gt;"' in out and "<b>" not in out
    first = re.search(r'base64,([^"]+)', out)
    assert first is not None and coloured(base64.b64decode(first.group(1)).decode()) == icon_count(0.0029)
    assert "<strong>About 29</strong> &amp; more" in out and 'class="cb-caption"' in out
    assert "29 of 10,000 coloured" in out


def test_other_panels_are_left_to_the_page():
    boxed = SideBySide(((Heading("a", level=0), Paragraph("b")),), boxed=True)
    assert panels_html(boxed) is None
    chart = SideBySide(((Chart("cost_schedule_chart", {}, "alt"),),), boxed=False)
    assert panels_html(chart) is None
