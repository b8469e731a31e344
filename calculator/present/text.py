"""Plain-text rendering of :class:`Results` for a counsellor's terminal (``--format text``)."""

from __future__ import annotations

from collections.abc import Sequence

from calculator.analysis.results import Results
from calculator.content import counsellor
from calculator.content.blocks import Block, Bullets, Callout, Heading, Paragraph, Section, Table
from calculator.content.units import parameter_entries

#: Sections printed with no blank line before them (the family follows the title directly).
_NO_GAP = ("household",)


def block_lines(block: Block) -> list[str]:
    """A block as text lines: bullets "  - " (a plain list indented), a table's label and value
    in aligned columns (the text report leaves the range column to the uncertainty part), a
    title underlined, a callout or a paragraph as its text."""
    if isinstance(block, Bullets):
        indent = "  " * (block.level + 1)
        return [indent + ("" if block.plain else "- ") + x for x in block.items]
    if isinstance(block, Table):
        width = max((len(str(row[0])) for row in block.rows), default=0)
        return [f"  {str(row[0]):<{width}}  {row[1]}" for row in block.rows]
    if isinstance(block, Heading):
        return [block.text, "=" * 60] if block.level == 1 else [block.text]
    if isinstance(block, (Callout, Paragraph)):
        return [block.text]
    raise TypeError(f"the text report does not draw a {type(block).__name__}")


def blocks_text(blocks: Sequence[Block]) -> str:
    """Blocks as text (the sensitivity, PSA and validation sections): a blank line before each
    heading and each paragraph of body text (none right under the underlined title), none
    before a list, a table or a caption."""
    lines: list[str] = []
    for i, block in enumerate(blocks):
        before = blocks[i - 1] if i else None
        after_title = isinstance(before, Heading) and before.level == 1
        if i and not after_title and (isinstance(block, Heading) or (isinstance(block, Paragraph) and block.role == "body")):
            lines.append("")
        lines += block_lines(block)
    return "\n".join(lines)


def table_markdown(table: Table) -> str:
    """A table as markdown, its caption under it (names in a ``code`` column set as code)."""
    def cell(text: str, kind: str) -> str:
        return ", ".join(f"`{x}`" for x in text.split(", ")) if kind == "code" and text != "-" else text

    lines = ["|" + "".join(f" {c.title} |" if c.title else " |" for c in table.columns),
             "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(cell(str(x), c.kind) for x, c in zip(row, table.columns)) + " |" for row in table.rows]
    return "\n".join(lines + (["", table.caption] if table.caption else []))


def section_lines(section: Section, colon: str) -> list[str]:
    """A section as text: "Title: text" for a one-line section, else "Title:" and its lines."""
    if len(section.blocks) == 1 and isinstance(section.blocks[0], Callout):
        return [section.title + colon + section.blocks[0].text]
    head = [section.title + colon.strip()] if section.title else []
    return head + [line for b in section.blocks for line in block_lines(b)]


def render_text(res: Results, lang: str = "en") -> str:
    """The counsellor's document (:mod:`calculator.content.counsellor`) as text: the family,
    the verdict, reasons, the answers by HLA result, key numbers, advice, limits, red flags."""
    colon = "\uff1a" if lang == "zh" else ": "
    lines: list[str] = []
    for section in counsellor.document(res, lang).sections:
        if section.key == "bank_advice":  # the text report gives all the advice, in one list
            continue
        lines += ([] if section.key in _NO_GAP else [""]) + section_lines(section, colon)
    return "\n".join(lines)


def render_params_text(region: str, lang: str = "en") -> str:
    """Every parameter with value, unit, range, distribution and source, in ``lang``
    (:func:`calculator.content.units.parameter_entries`)."""
    return "\n".join("\n    ".join(lines) for lines in parameter_entries(region, lang))
