"""The option cards (a wide table drawn as one card per row on the page): each line is
"title: value", with the colon of the title's language (a half-width ": " after a Chinese
title was printed on every Chinese card), and the same for the lines of a list of sources."""

from calculator.app.render import cards_md, sources_md
from calculator.content.blocks import Column, Source, Sources, Table


def _table(titles: tuple[str, ...], row: tuple[str, ...]) -> Table:
    return Table(columns=tuple(Column(x) for x in titles), rows=(row,))


def test_chinese_card_lines_use_the_full_width_colon():
    md = cards_md(_table(("选择", "好处", "您的花费"), ("私人储存", "只为您的家人保存。", "16,700 元")))
    assert "- **好处**：只为您的家人保存。" in md
    assert "- **您的花费**：16,700 元" in md
    assert "**: " not in md


def test_english_card_lines_use_colon_and_space():
    md = cards_md(_table(("Option", "Benefits", "Your cost"), ("Private storage", "Kept for your family.", "CNY 16,700")))
    assert "##### Private storage" in md
    assert "- **Benefits**: Kept for your family." in md
    assert "- **Your cost**: CNY 16,700" in md


def test_source_lines_take_the_colon_of_their_label():
    zh = sources_md(Sources(entries=(Source(label="公共库保留捐献脐带血的比例", citation="Liu 等，2012"),)))
    en = sources_md(Sources(entries=(Source(label="Share of donated units kept", citation="Liu et al. 2012"),)))
    assert "- 公共库保留捐献脐带血的比例：Liu 等，2012" in zh
    assert "- Share of donated units kept: Liu et al. 2012" in en
