"""The counsellors' page: its tables (drawn as HTML, as cards in a narrow box), the family and
its verdict, and the check against published observations."""

from __future__ import annotations

import html

import streamlit as st

from calculator.analysis.results import Results
from calculator.analysis.validation import ValidationResult, validate
from calculator.app import render as ui
from calculator.app.common import CACHE_TTL_S, words
from calculator.app.state import AppState
from calculator.content import counsellor
from calculator.content import counsellor_tables as tables
from calculator.content.blocks import Cell, Section, Table


def cell_html(c: str | Cell) -> str:
    """A table cell as HTML: a chance's percentage (its note) in small type, each part kept on
    one line (a narrow column breaks between them)."""
    if isinstance(c, Cell) and c.note:
        return (f"<span style='white-space:nowrap'>{html.escape(c.text)}</span> "
                f"<small style='color:#555;white-space:nowrap'>({html.escape(c.note)})</small>")
    return html.escape(str(c))


#: Tables of this many columns or more become cards (one card per row, each value under its
#: column's name) when their box is narrower than :data:`CARD_COLUMN_PX` per column: the
#: relatives table (10 columns) needed 1,338 px in a 906 px box and hid columns behind a
#: sideways scroll; in Chinese its first column wrapped one character per line.
CARD_MIN_COLUMNS = 4
CARD_COLUMN_PX = 105

#: The tables' layout rules (no colours: the page's text colour applies). The box is a CSS
#: size container, so the cards follow the table's box, not the screen.
_TABLE_CSS = (
    ".cb-table{container-type:inline-size;overflow-x:auto}"
    ".cb-table table{width:100%;border-collapse:collapse}"
    # headers wrap in lines of about equal length: "是否相" / "符" and "家庭使用的概" / "率" had
    # left one character alone on the 1366 px Chinese page
    ".cb-table th{white-space:normal;vertical-align:bottom;text-wrap:balance}"
    ".cb-table td:first-child,.cb-table th:first-child{min-width:7em}"
    # the validation table on a laptop: its short numbers on one line each, its long figures
    # ("每生命年 1,687 万美元", "万分之 0.623") broken only between words (as one line each they left
    # the checks' names about 75 px wide, 8-21 lines each; broken anywhere, "万分 / 之 / 0.623"); the
    # names get 15em, the sources (the widest column) wrap anywhere in a long address
    ".cb-validation td:nth-child(n+4):not(:last-child){white-space:nowrap}"
    ".cb-validation td:nth-child(2),.cb-validation td:nth-child(3){word-break:keep-all}"
    ".cb-validation td:first-child{min-width:15em}"
    ".cb-validation td:last-child{overflow-wrap:anywhere;width:32%}"
    # no cell's last line of one character, as in the page's paragraphs
    ".cb-table td{text-wrap:pretty}"
)


def _cards_css(key: str, columns: int) -> str:
    """The card layout of table ``key`` in a box narrower than its columns need."""
    c = f".cb-{key}.cb-cards"
    return (f"@container (max-width:{CARD_COLUMN_PX * columns}px){{"
            f"{c} table,{c} tbody,{c} tr,{c} td{{display:block;width:100%}}"
            f"{c} thead{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}}"
            f"{c} tr{{border:1px solid #d6d6d6;border-radius:0.5rem;margin:0 0 0.75rem;padding:0.25rem 0.75rem}}"
            f"{c} td{{border:none;text-align:left!important;padding:0.2rem 0}}"
            f"{c} td:empty{{display:none}}"  # no name without a value (a table shows an empty cell)
            f"{c} td:first-child{{font-weight:600}}"
            f"{c} td:not(:first-child)::before{{content:attr(data-label);font-weight:600}}}}")


def html_table(header: list[str], rows: list[list[str]], *, key: str, label: str = "", colon: str = ": ") -> None:
    """A table whose cells may hold small markup (already escaped); the first column left-aligned,
    the others right-aligned. It fits its box: headers wrap, a chance breaks before its
    percentage; a table of many columns becomes cards in a narrow box. If it is still wider than
    its box it scrolls sideways, and the box is a tab stop named ``label`` (keyboard users can
    scroll it with the arrow keys)."""
    head = "".join(f"<th style='text-align:{'left' if i == 0 else 'right'}'>{html.escape(h)}</th>"
                   for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f"<td data-label='{html.escape(header[i] + colon, quote=True)}' "
                                    f"style='text-align:{'left' if i == 0 else 'right'}'>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    cards = " cb-cards" if len(header) >= CARD_MIN_COLUMNS else ""
    css = _TABLE_CSS + (_cards_css(key, len(header)) if cards else "")
    name = html.escape(label or key, quote=True)
    st.markdown(f"<style>{css}</style><div class='cb-table cb-{key}{cards}' role='region' tabindex='0' aria-label='{name}'>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>", unsafe_allow_html=True)


def draw_section(section: Section | None, *keys: str) -> None:
    """A section of the counsellor's page: its title, then its blocks; its tables (named
    ``keys`` in order) as HTML tables (:func:`html_table`), each named by its title."""
    if section is None:
        return
    st.subheader(section.title)
    tables = iter(keys)
    for block in section.blocks:
        if isinstance(block, Table):
            html_table([c.title for c in block.columns], [[cell_html(c) for c in row] for row in block.rows],
                       key=next(tables), label=block.title, colon=block.colon)
        else:
            ui.draw(block)


def family_and_verdict(res: Results, state: AppState) -> None:
    """Who the family is (as modelled) and what the numbers and guidance say."""
    w = words(state)
    draw_section(tables.family(res, w))
    verdict = counsellor.SECTIONS_BY_KEY["verdict"](res, w)
    if verdict is not None:  # every family has a verdict; the builders' common type allows none
        ui.draw(verdict.blocks[0], tone="info", icon=":material/assignment:")
    ui.draw_folded(tables.reasons_title(res, w), "counsellor_reasons",
                   lambda: counsellor.reasons(res, w))


@st.cache_data(max_entries=1, ttl=CACHE_TTL_S, show_spinner=False)
def validation() -> ValidationResult:
    """The calculator beside published observations (the same check as the command line's)."""
    return validate()
