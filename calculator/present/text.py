"""Plain-text rendering of :class:`Results` for a counsellor's terminal (``--format text``)."""

from __future__ import annotations

from collections.abc import Sequence

from calculator.analysis.results import Results
from calculator.content import counsellor
from calculator.content.blocks import Block, Bullets, Callout, Heading, Paragraph, Section, Table
from calculator.content.units import parameter_entries
from calculator.content.words import SEPARATORS, cell_text

#: Sections printed with no blank line before them (the family follows the title directly).
_NO_GAP = ("household",)
#: A table with more columns than this (label, value and the range the text report leaves to
#: the uncertainty part) is printed as one card per row: a terminal has no room for the
#: relatives' eight columns side by side.
CARD_COLUMNS = 3


def table_lines(table: Table, lang: str) -> list[str]:
    """A table as text, its essential columns only (:meth:`Table.essential`, what the printed
    report keeps of a wide table): a label and its value in aligned columns, or, for a wider
    table, one card per row (the row's name, then each column's title and cell, indented);
    every cell as the printed report shows it (:func:`calculator.content.words.cell_text`)."""
    table = table.essential()
    if len(table.columns) > CARD_COLUMNS:
        return [line for row in table.rows for line in
                ["  " + cell_text(row[0], lang),
                 *("    " + c.title + table.colon + cell_text(x, lang) for c, x in zip(table.columns[1:], row[1:]))]]
    width = max((len(cell_text(row[0], lang)) for row in table.rows), default=0)
    return [f"  {cell_text(row[0], lang):<{width}}  {cell_text(row[1], lang)}" for row in table.rows]


def block_lines(block: Block, lang: str) -> list[str]:
    """A block as text lines: bullets "  - " (a plain list indented), a table as
    :func:`table_lines` draws it, a title underlined, a callout or a paragraph as its text."""
    if isinstance(block, Bullets):
        indent = "  " * (block.level + 1)
        return [indent + ("" if block.plain else "- ") + x for x in block.items]
    if isinstance(block, Table):
        return table_lines(block, lang)
    if isinstance(block, Heading):
        return [block.text, "=" * 60] if block.level == 1 else [block.text]
    if isinstance(block, (Callout, Paragraph)):
        return [block.text]
    raise TypeError(f"the text report does not draw a {type(block).__name__}")


def blocks_text(blocks: Sequence[Block], lang: str) -> str:
    """Blocks as text (the sensitivity, PSA and validation sections): a blank line before each
    heading and each paragraph of body text (none right under the underlined title), none
    before a list, a table or a caption."""
    lines: list[str] = []
    for i, block in enumerate(blocks):
        before = blocks[i - 1] if i else None
        after_title = isinstance(before, Heading) and before.level == 1
        if i and not after_title and (isinstance(block, Heading) or (isinstance(block, Paragraph) and block.role == "body")):
            lines.append("")
        lines += block_lines(block, lang)
    return "\n".join(lines)


def table_markdown(table: Table) -> str:
    """A table as markdown, its caption under it (names in a ``code`` column set as code)."""
    def cell(text: str, kind: str) -> str:
        return ", ".join(f"`{x}`" for x in text.split(", ")) if kind == "code" and text != "-" else text

    lines = ["|" + "".join(f" {c.title} |" if c.title else " |" for c in table.columns),
             "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(cell(str(x), c.kind) for x, c in zip(row, table.columns)) + " |" for row in table.rows]
    return "\n".join(lines + (["", table.caption] if table.caption else []))


def section_lines(section: Section, lang: str) -> list[str]:
    """A section as text: "Title: text" for a one-line section, else "Title:" and its lines."""
    colon = SEPARATORS[lang]["colon"]
    if len(section.blocks) == 1 and isinstance(section.blocks[0], Callout):
        return [section.title + colon + section.blocks[0].text]
    head = [section.title + colon.strip()] if section.title else []
    return head + [line for b in section.blocks for line in block_lines(b, lang)]


def render_text(res: Results, lang: str = "en") -> str:
    """The counsellor's document (:mod:`calculator.content.counsellor`) as text: the family,
    the relatives as the model counts them, the verdict, reasons, the answers by HLA result, key
    numbers, advice, limits, red flags."""
    lines: list[str] = []
    for section in counsellor.document(res, lang).sections:
        if section.key == "bank_advice":  # the text report gives all the advice, in one list
            continue
        lines += ([] if section.key in _NO_GAP else [""]) + section_lines(section, lang)
    return "\n".join(lines)


def render_params_text(region: str, lang: str = "en") -> str:
    """Every parameter with value, unit, range, distribution and source, in ``lang``
    (:func:`calculator.content.units.parameter_entries`)."""
    return "\n".join("\n    ".join(lines) for lines in parameter_entries(region, lang))
