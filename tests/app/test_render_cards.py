"""The option cards (a wide table drawn as one card per row on the page): each line is
"title: value", with the colon the block carries (``Table.colon``, ``Sources.colon``: the
content's ``Words.sep("colon")``; a half-width ": " after a Chinese title was printed on every
Chinese card), and the same for the lines of a list of sources. The renderer does not guess
the language from the characters."""

from calculator.app.render import cards_md, sources_md
from calculator.content.blocks import Column, Source, Sources, Table
from calculator.content.words import colon


def _table(titles: tuple[str, ...], row: tuple[str, ...], lang: str) -> Table:
    return Table(columns=tuple(Column(x) for x in titles), rows=(row,), colon=colon(lang))


def test_chinese_card_lines_use_the_full_width_colon():
    md = cards_md(_table(("选择", "好处", "您的花费"), ("私人储存", "只为您的家人保存。", "16,700 元"), "zh"))
    assert "- **好处**：只为您的家人保存。" in md
    assert "- **您的花费**：16,700 元" in md
    assert "**: " not in md


def test_english_card_lines_use_colon_and_space():
    md = cards_md(_table(("Option", "Benefits", "Your cost"), ("Private storage", "Kept for your family.", "CNY 16,700"), "en"))
    assert "##### Private storage" in md
    assert "- **Benefits**: Kept for your family." in md
    assert "- **Your cost**: CNY 16,700" in md


def test_source_lines_take_the_colon_of_their_block():
    zh = sources_md(Sources(entries=(Source(label="公共库保留捐献脐带血的比例", citation="Liu 等，2012"),), colon=colon("zh")))
    en = sources_md(Sources(entries=(Source(label="Share of donated units kept", citation="Liu et al. 2012"),), colon=colon("en")))
    assert "- 公共库保留捐献脐带血的比例：Liu 等，2012" in zh
    assert "- Share of donated units kept: Liu et al. 2012" in en


def test_the_content_carries_the_colon_of_its_language():
    """Every table and source list the page draws as cards or a list is built with its
    language's colon (the parents' decision aid and sources, the counsellor's tables)."""
    from calculator.analysis.evaluate import evaluate
    from calculator.content import counsellor_tables, decision_aid_options
    from calculator.content.words import Words
    from calculator.inputs.scenario import scenario_from_mapping

    res = evaluate(scenario_from_mapping({}))
    for lang in ("en", "zh"):
        w = Words(lang, res.currency)
        blocks = [*decision_aid_options.options_in_balance(res, lang).blocks, *counsellor_tables.comparison(res, w).blocks]
        found = [b for b in blocks if isinstance(b, (Table, Sources))]
        assert found and all(b.colon == colon(lang) for b in found), lang
