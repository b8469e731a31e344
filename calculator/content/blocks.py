"""The typed blocks of the content layer.

A page (parents' or counsellor's) is a :class:`Document`: an ordered tuple of :class:`Section`,
each an ordered tuple of blocks. Every text in a block is final: translated and with its numbers
formatted (by :mod:`calculator.content.numbers` and :mod:`calculator.content.units`), so the
renderers only choose fonts, colours and layout. The blocks are frozen dataclasses, so two media
can be compared block by block (the parity test) and a section can be cached by its inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

#: How a text or a box is coloured; the renderers map each tone to the palette once.
Tone = Literal["neutral", "info", "success", "warning", "error"]
#: How a cell is aligned and read: numbers right-aligned, text left; ``code``: names of
#: parameters, separated by ", " (set as code where the medium can).
ColumnKind = Literal["text", "number", "money", "chance", "code"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 3


@dataclass(frozen=True)
class Paragraph:
    """Running text. ``role``: ``body`` (the main text), ``caption`` (a small note under a
    chart or table), ``assumption`` (says plainly that a figure is an assumption and why)."""

    text: str
    role: Literal["body", "caption", "assumption"] = "body"


@dataclass(frozen=True)
class Bullets:
    """A list. ``plain``: its items are indented lines without a mark (the text report's
    directed donation, the validation's lines); ``level``: how deep it is nested under the
    block before it (the values under a parameter of the sensitivity analysis)."""

    items: tuple[str, ...]
    ordered: bool = False
    plain: bool = False
    level: int = 0


@dataclass(frozen=True)
class Callout:
    """A box that stands out: the verdict, a notice, a warning."""

    text: str
    tone: Tone = "info"
    title: str = ""


@dataclass(frozen=True)
class KeyNumber:
    """One number a reader looks for first (label, the number as text, a line under it)."""

    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class Cell:
    """A table cell with a second, smaller part (a chance "about 1 in 56" and its "1.8%")."""

    text: str
    note: str = ""

    def __str__(self) -> str:
        return f"{self.text} ({self.note})" if self.note else self.text


@dataclass(frozen=True)
class Column:
    title: str
    kind: ColumnKind = "text"
    #: False: a column a narrow medium (the printed page, the terminal) may leave out; the others carry the story
    essential: bool = True


@dataclass(frozen=True)
class Table:
    """A table with typed columns; every cell already formatted. ``row_header``: the first
    column names the row (a screen reader reads it with each cell)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str | Cell, ...], ...]
    caption: str = ""
    row_header: bool = True
    title: str = ""  # what a screen reader calls the table (its section's title when empty)
    colon: str = ": "  # joins a column's title and a cell when a row is drawn as a card (Words.sep("colon"))

    def essential(self) -> Table:
        """The table with its essential columns only (what the PDF and the text report print of a wide table)."""
        keep = [i for i, c in enumerate(self.columns) if c.essential]
        return replace(self, columns=tuple(self.columns[i] for i in keep),
                       rows=tuple(tuple(row[i] for i in keep) for row in self.rows))

    def __post_init__(self) -> None:
        width = len(self.columns)
        for row in self.rows:
            if len(row) != width:
                raise ValueError(f"table row has {len(row)} cells, the table {width} columns: {row!r}")


@dataclass(frozen=True)
class Chart:
    """A chart: ``spec`` is what it shows (a :class:`calculator.content.chart_spec.ChartSpec` on
    the web page, with every word and number; a picture's own data for ``kind`` in the PDF's
    pictures); ``kind`` says how the page shows it ("chart" with its table, "icon_array" as a
    static picture, or a picture's name); ``alt`` is its short text alternative and ``table`` its
    data as a table (shown beside the chart for screen readers and in print)."""

    kind: str
    spec: Any
    alt: str
    table: Table | None = None
    key: str = ""  # names the chart on its page (stable across languages)


@dataclass(frozen=True)
class Source:
    """One cited source: what it supports, the citation as people read it, and its address
    (a DOI, PubMed/PMC or publisher page; empty only for a stated assumption)."""

    label: str
    citation: str
    url: str = ""
    value: str = ""  # the number it gives this family, with its range (empty: not shown)
    kind: str = ""  # published source, assumption, ...; changed when the family changed it (empty: not shown)


@dataclass(frozen=True)
class Sources:
    """Cited sources, drawn as a table (``columns``: the titles of label, value, source) or a
    list; ``link`` is the word a link is shown as."""

    entries: tuple[Source, ...]
    title: str = ""
    columns: tuple[str, ...] = ()
    link: str = ""
    colon: str = ": "  # joins a label and its citation in a list (Words.sep("colon"))


@dataclass(frozen=True)
class SideBySide:
    """Panels read side by side (each a box of blocks): the answer if the baby is a match
    and if not. A narrow screen or the text report puts them one after the other."""

    panels: tuple[tuple[Heading | Paragraph | Bullets | Chart, ...], ...]
    boxed: bool = True  # each panel in a box (the two answers); False: plain columns (charts)
    tones: tuple[Tone, ...] = ()  # the colour beside each boxed panel (the verdict's tone of each answer)


Block = Heading | Paragraph | Bullets | Callout | KeyNumber | Table | Chart | Sources | SideBySide


@dataclass(frozen=True)
class Section:
    """One section with one home (its builder). ``key`` is stable across languages (used by
    tests, by the app's widget keys and by the PDF's page budget); ``folded``: on the web page
    it starts closed, and the app calls the section's builder only when it is opened)."""

    key: str
    title: str
    blocks: tuple[Block, ...]
    folded: bool = False


@dataclass(frozen=True)
class Document:
    audience: Literal["parent", "counsellor"]
    lang: Literal["en", "zh"]
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)
