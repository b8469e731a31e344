"""The Streamlit renderer of the content layer: one function per block type, and a
section drawn as one Markdown element where it can be (each element costs the server a
little on every run). It formats nothing: every text and number comes from the block."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterable

import streamlit as st

from calculator.app.common import lazy_expander, pictures
from calculator.content.blocks import (
    Block,
    Bullets,
    Callout,
    Cell,
    Chart,
    Heading,
    KeyNumber,
    Paragraph,
    Section,
    SideBySide,
    Source,
    Sources,
    Table,
)

#: The icon of a callout by its tone.
ICONS = {"success": ":material/check_circle:", "info": ":material/info:", "warning": ":material/warning:",
         "error": ":material/error:", "neutral": ":material/info:"}
BOXES = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error, "neutral": st.info}


def cell(text: str | Cell) -> str:
    """Text for one Markdown table cell (no pipes or line breaks)."""
    return " ".join(str(text).replace("|", "/").split())


def md_table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A Markdown table of ready cells (:func:`cell`)."""
    header = list(header)
    return "\n".join(["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|",
                      *("| " + " | ".join(row) + " |" for row in rows)])


def table_md(b: Table) -> str:
    return md_table((c.title for c in b.columns), ((cell(x) for x in row) for row in b.rows))


#: A table with more columns than this (and a first column naming each row) is drawn as one
#: card per row: on a 390 px phone five columns of words do not fit and the last ones were cut.
CARD_COLUMNS = 4


def cards_md(b: Table) -> str:
    """One card per row: the row's name in bold, then each other column as "title: value"
    (one Markdown element; every cell readable on any screen, nothing to scroll)."""
    cards = []
    for row in b.rows:
        items = [f"- **{cell(c.title)}**{b.colon}{cell(x)}" for c, x in zip(b.columns[1:], row[1:])]
        cards.append("\n".join([f"##### {cell(row[0])}", *items]))
    return "\n\n".join(cards)


def sources_md(b: Sources) -> str:
    """Sources with ``columns`` as a table (number, value, [kind,] source), else as a list; a link is
    shown as the block's ``link`` word or, without one, as its address (never an empty link:
    a screen reader names a link by its text)."""
    if not b.columns:
        items = [f"- {cell(s.label)}{b.colon}{cell(s.citation)}" + (f" [{b.link or s.url}]({s.url})" if s.url else "")
                 for s in b.entries]
        return "\n".join(([f"**{b.title}**"] if b.title else []) + items)

    def row(s: Source) -> list[str]:
        kind = [cell(s.kind)] if len(b.columns) == 4 else []  # the kind of source, when the block has its column
        return [cell(s.label), cell(s.value), *kind, cell(s.citation) + (f" [{b.link}]({s.url})" if s.url else "")]

    return md_table(b.columns, map(row, b.entries))


def small(text: str) -> str:
    """A caption as small text inside the Markdown around it (Streamlit's ``:small[...]``), each
    paragraph on its own, drawn like ``st.caption`` by the page's style sheet
    (:mod:`calculator.app.typography`): one element fewer than a caption of its own (each
    element costs the server a little on every run)."""
    return "\n\n".join(f":small[{line_breaks(para)}]" for para in text.split("\n\n"))


def line_breaks(text: str) -> str:
    """``text`` with each line break kept as one in Markdown (two spaces before it)."""
    return text.replace("\n", "  \n")


def markdown(block: Block) -> str:
    """A text block as Markdown (a chart, a callout or a key number has none)."""
    if isinstance(block, Heading):  # level 0: a bold line (a title inside a section)
        return f"**{block.text}**" if block.level == 0 else f"{'#' * block.level} {block.text}"
    if isinstance(block, Paragraph) and block.role == "caption":
        return small(block.text)
    if isinstance(block, Paragraph):
        return line_breaks(block.text)
    if isinstance(block, Bullets):
        return "\n".join(f"{f'{i}.' if block.ordered else '-'} {x}" for i, x in enumerate(block.items, 1))
    if isinstance(block, Table):
        return cards_md(block) if len(block.columns) > CARD_COLUMNS and block.row_header else table_md(block)
    if isinstance(block, Sources):
        return sources_md(block)
    raise TypeError(f"{type(block).__name__} has no Markdown form")


#: Draws a chart block (the page's: its figure builder, its key, its table); see :func:`draw`.
ChartDrawer = Callable[[Chart], None]


def draw(block: Block, *, tone: str | None = None, icon: str | None = None, chart: ChartDrawer | None = None) -> None:
    """One block on the page (a callout's box ``tone`` and ``icon`` may be the page's own;
    ``chart`` draws a chart block)."""
    if isinstance(block, Callout):
        tone = tone or block.tone
        BOXES[tone](f"**{block.text}**", icon=icon or ICONS[tone])
    elif isinstance(block, Paragraph) and block.role == "caption":
        st.caption(block.text)
    elif isinstance(block, KeyNumber):
        st.metric(block.label, block.value, help=block.detail or None)
    elif isinstance(block, SideBySide) and (html := pictures(block)) is not None:
        st.html(html)  # icon arrays with their words: one element (calculator.present.icon_svg)
    elif isinstance(block, SideBySide):
        for col, panel in zip(st.columns(len(block.panels)), block.panels):
            with col, (st.container(border=True) if block.boxed else contextlib.nullcontext()):
                draw_all(panel, chart=chart)
    elif isinstance(block, Chart):
        if chart is None:
            raise TypeError("a chart is drawn by the page's chart drawer (calculator.app.charts.draw_chart)")
        chart(block)
    else:
        st.markdown(markdown(block))


def is_text(block: Block) -> bool:
    """A block drawn as Markdown text (a heading, a paragraph, a list, a table, a list of
    sources). A caption with a square bracket is not (it would end its ``:small[...]``): it is
    drawn as a caption of its own."""
    return isinstance(block, (Heading, Bullets, Table, Sources)) or (
        isinstance(block, Paragraph) and not (block.role == "caption" and ("[" in block.text or "]" in block.text)))


def draw_blocks(section: Section, *, title: bool = False, chart: ChartDrawer | None = None) -> None:
    """The blocks of ``section`` (with ``title``: its title first, a level-3 heading in the
    Markdown of the text that follows it)."""
    draw_all(((Heading(section.title, 3),) if title else ()) + tuple(section.blocks), chart=chart)


def draw_all(blocks: Iterable[Block], *, chart: ChartDrawer | None = None) -> None:
    """``blocks`` in order. Consecutive text blocks (:func:`is_text`) share one Markdown element,
    the same text as one element each (each element costs the server a little on every run);
    two lists in a row stay two elements (Markdown would join them into one list)."""
    texts: list[str] = []
    last: Block | None = None
    for block in blocks:
        joins = is_text(block) and not (isinstance(block, Bullets) and isinstance(last, Bullets))
        if texts and not joins:
            st.markdown("\n\n".join(texts))
            texts = []
        if is_text(block):
            texts.append(markdown(block))
        else:
            draw(block, chart=chart)
        last = block
    if texts:
        st.markdown("\n\n".join(texts))


def draw_markdown(section: Section, level: int = 3) -> None:
    """A section of text blocks as one Markdown element, its title a heading."""
    parts = ([f"{'#' * level} {section.title}"] if section.title else []) + [markdown(b) for b in section.blocks]
    st.markdown("\n\n".join(parts))


def draw_folded(title: str, key: str, build: Callable[[], Section], *, icon: str | None = None,
                chart: ChartDrawer | None = None, then: Callable[[], None] | None = None) -> None:
    """A folded section: an expander whose section is built (``build``) and drawn only while
    it is open (:func:`calculator.app.common.lazy_expander`; its charts by ``chart``); ``then``
    draws what follows it inside the expander (its sources)."""
    with (box := lazy_expander(title, key, icon=icon)):
        if box.open:
            draw_blocks(build(), chart=chart)
            if then is not None:
                then()


def charts_only(section: Section) -> Section:
    """``section`` without the captions of its side-by-side panels (the page shows them apart, in words)."""
    def panel(p: tuple) -> tuple:
        return tuple(b for b in p if not (isinstance(b, Paragraph) and b.role == "caption"))

    return dataclasses.replace(section, blocks=tuple(
        dataclasses.replace(b, panels=tuple(panel(p) for p in b.panels)) if isinstance(b, SideBySide) else b
        for b in section.blocks))


def draw_open(section: Section, *, icon: str | None = None) -> None:
    """A section in an expander that starts open (the red flags)."""
    with st.expander(section.title, expanded=True, icon=icon):
        draw_blocks(section)
