"""The decision aid's information sections and the options in balance: both languages
complete, every source cited with an address or stated as an assumption, no internal words,
and the figures and chances taken from their one home."""

from __future__ import annotations

import re

import pytest

from calculator.content.blocks import Bullets, Callout, Chart, Heading, KeyNumber, Paragraph, Section, Sources, Table
from calculator.content.decision_aid import information_sections, where_to_donate
from calculator.content.decision_aid_options import OPTIONS, options_in_balance
from calculator.content.decision_aid_sources import AidSource, aid_sources, figure
from calculator.content.i18n import catalogue, t
from calculator.content.units import source_without_label
from calculator.inputs.assumptions import load_region

LANGS = ("en", "zh")
REGIONS = ("cn", "us")
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Words of the project's own files and working papers that must never reach a reader.
INTERNAL = re.compile(r"\b(seeds?|brief|MODEL\.md|shared/|assumptions/|\w+\.(?:ya?ml|py|md))\b", re.IGNORECASE)
INTERNAL_CAPS = re.compile(r"\bEVIDENCE\b")
#: Placeholders left unfilled, or a Python repr of a list.
UNFILLED = re.compile(r"\{[a-z_]+(?::[a-z_]+)?\}|\[\'")


def texts(section: Section) -> list[str]:
    """Every text of a section a person reads (sources included)."""
    out = [section.title]
    for b in section.blocks:
        if isinstance(b, (Paragraph, Heading)):
            out.append(b.text)
        elif isinstance(b, Callout):
            out += [b.title, b.text]
        elif isinstance(b, Bullets):
            out += list(b.items)
        elif isinstance(b, KeyNumber):
            out += [b.label, b.value, b.detail]
        elif isinstance(b, Table):
            out += [c.title for c in b.columns] + [cell for row in b.rows for cell in row] + [b.caption]
        elif isinstance(b, Sources):
            out += [b.title] + [x for e in b.entries for x in (e.label, e.citation)]
    return [x for x in out if x]


def all_sections(res_by_region):
    for region in REGIONS:
        for lang in LANGS:
            yield region, lang, information_sections(lang, region) + (options_in_balance(res_by_region[region], lang),)


@pytest.fixture(scope="module")
def res_by_region(healthy_cn, healthy_us):
    return {"cn": healthy_cn, "us": healthy_us}


def test_every_section_is_built_in_both_languages_with_the_same_shape(res_by_region):
    built = {(region, lang): secs for region, lang, secs in all_sections(res_by_region)}
    for region in REGIONS:
        en, zh = built[(region, "en")], built[(region, "zh")]
        assert [s.key for s in en] == [s.key for s in zh]
        assert len({s.key for s in en}) == len(en) == 9
        for a, b in zip(en, zh, strict=True):
            assert [type(x) for x in a.blocks] == [type(x) for x in b.blocks], a.key
            assert len(texts(a)) == len(texts(b)), a.key


def test_sections_are_not_empty_and_all_texts_are_filled(res_by_region):
    for region, lang, secs in all_sections(res_by_region):
        for s in secs:
            assert s.title and s.blocks, (region, lang, s.key)
            body = [b for b in s.blocks if not isinstance(b, Sources)]
            assert body, s.key
            for text in texts(s):
                assert not UNFILLED.search(text), (s.key, text)


def test_chinese_sections_are_chinese(res_by_region):
    for _region, lang, secs in all_sections(res_by_region):
        if lang != "zh":
            continue
        for s in secs:
            for text in texts(s):
                # a Chinese text has Chinese in it, unless it is a citation's Latin name or a cell
                # such as "a + c" or "0"
                if len(re.findall(r"[A-Za-z]{4,}", text)) > 3:
                    assert CJK.search(text), (s.key, text)


def test_english_sections_have_no_chinese_outside_titles_of_chinese_documents(res_by_region):
    for _region, lang, secs in all_sections(res_by_region):
        if lang != "en":
            continue
        for s in secs:
            for b in s.blocks:
                if isinstance(b, Sources):
                    continue  # a Chinese notice is cited by its own number (国卫医发〔2015〕99号)
                for text in texts(Section(s.key, s.title, (b,))):
                    assert not CJK.search(text), (s.key, text)


def test_every_source_has_an_address_or_is_an_assumption(res_by_region):
    for _region, lang, secs in all_sections(res_by_region):
        for s in secs:
            sources = [b for b in s.blocks if isinstance(b, Sources)]
            if s.key == "aid_about":
                assert not sources  # a statement about the tool itself, no citation
                continue
            assert len(sources) == 1 and sources[0].entries, s.key
            for e in sources[0].entries:
                assumption = t("aid.kind.assumption", lang)
                if e.url:
                    assert e.url.startswith(("https://", "http://")) and "?" not in e.url, e.url
                    assert "search" not in e.url.replace("research", ""), e.url
                else:
                    # said plainly once, in the label ("Assumption: ..."), never twice
                    assert assumption in e.label and not e.citation.startswith(("Assumption", "假设")), (s.key, e)


def test_no_project_internal_words_reach_a_reader(res_by_region):
    for _region, _lang, secs in all_sections(res_by_region):
        for s in secs:
            for text in texts(s):
                shown = re.sub(r"https?://\S+", "", text)
                assert not INTERNAL.search(shown) and not INTERNAL_CAPS.search(shown), (s.key, text)


def test_every_number_in_the_aid_texts_is_a_placeholder():
    """The aid's texts show figures only through placeholders (filled from the sources file or
    the model's parameters), so each figure has one home with its source."""
    for lang in LANGS:
        for key, text in catalogue(lang).items():
            if key.startswith("aid."):
                shown = re.sub(r"\{[^{}]*\}", "", text)
                # letters naming HLA sets ("a + c") and the "1 in" of a Mendelian chance are not figures
                digits = re.findall(r"\d+", shown.replace("1 in", ""))
                assert not digits, (lang, key, digits)


def test_the_hla_chances_are_the_models_parameters():
    for region in REGIONS:
        p = load_region(region)
        sib = p["p_hla_identical_sibling"].value
        assert sib == 0.25
        en = information_sections("en", region)
        hla = next(s for s in en if s.key == "aid_hla")
        items = next(b for b in hla.blocks if isinstance(b, Bullets)).items
        assert items[0].endswith("1 in 4 (25%).")
        parent = p["p_hla_identical_one_haplotype"].value
        assert f"about {round(parent * 1e4)} in 10,000" in items[1]
        zh = next(s for s in information_sections("zh", region) if s.key == "aid_hla")
        assert "四分之一（25%）" in next(b for b in zh.blocks if isinstance(b, Bullets)).items[0]
        # the picture: one row in four is a full match
        chart = next(b for b in hla.blocks if isinstance(b, Chart))
        assert chart.kind == "hla_inheritance" and chart.alt
        table = chart.table
        assert table is not None
        assert sum(row[1] == t("aid.hla.full", "en") for row in table.rows) == 1 and len(table.rows) == 4


def test_figures_come_from_the_sources_file():
    s = next(x for x in information_sections("en", "cn") if x.key == "aid_clamping")
    text = " ".join(texts(s))
    assert f"{figure('dcc_seconds_low'):g} to {figure('dcc_seconds_high'):g} seconds" in text
    for name, f in aid_sources().figures.items():
        assert f.source in aid_sources().sources, name


def test_every_source_in_the_file_is_cited_by_a_section(res_by_region):
    from calculator.content.pedigree import pedigree_section
    from calculator.inputs.scenario import scenario_from_mapping

    cited = set()
    for region, lang, secs in all_sections(res_by_region):
        if lang == "en":
            for s in (*secs, pedigree_section(scenario_from_mapping({"region": region}), lang)):
                for b in s.blocks:
                    if isinstance(b, Sources):
                        cited |= {e.citation for e in b.entries}
    unused = [k for k, v in aid_sources().sources.items() if source_without_label(v.citation_in("en")) not in cited]
    assert not unused, unused


def test_the_family_region_comes_first_in_where_to_donate():
    for lang in LANGS:
        for region, first in (("cn", "aid.donate.cn_h"), ("us", "aid.donate.us_h")):
            heads = [b.text for b in where_to_donate(lang, region).blocks if isinstance(b, Heading)]
            assert heads[0] == t(first, lang)
        text = " ".join(texts(where_to_donate(lang, "cn")))
        assert "2026" in text  # the date the lists were checked


def test_an_assumption_source_must_say_so_and_a_cited_one_needs_its_address():
    with pytest.raises(ValueError, match="assumption"):
        AidSource(kind="assumption", citation="We think so, without any page.", citation_zh="我们这样认为，没有网页")
    with pytest.raises(ValueError, match="address"):
        AidSource(kind="guideline", citation="A guideline without an address.", citation_zh="一份没有地址的临床指南文件")
    with pytest.raises(ValueError, match="search"):
        AidSource(kind="report", citation="A search page is not a citation.", citation_zh="搜索页不是一条文献引用",
                  url="https://pubmed.ncbi.nlm.nih.gov/?term=cord")


def test_options_in_balance_shows_four_options_with_the_models_numbers(healthy_cn, thal_cn):
    from calculator.content.numbers import format_money, format_one_in

    for res in (healthy_cn, thal_cn):
        for lang in LANGS:
            s = options_in_balance(res, lang)
            table = next(b for b in s.blocks if isinstance(b, Table))
            assert [row[0] for row in table.rows] == [t(f"strategy.{o}", lang) for o in OPTIONS]
            private = table.rows[0]
            assert private[3] == format_one_in(res.strategies["private"].p_family_use, lang)
            assert private[5] == format_money(res.strategies["private"].nominal_cost, res.currency, lang)
            public = table.rows[1]
            assert format_one_in(res.strategies["public"].expected_patients_helped, lang) in public[4]
    # directed donation: a real chance when a relative is ill, "not offered" when none is
    assert "directed" not in healthy_cn.strategies
    assert table.rows[2][3] == format_one_in(thal_cn.strategies["directed"].p_family_use, "zh")
    no_rel = options_in_balance(healthy_cn, "en")
    assert next(b for b in no_rel.blocks if isinstance(b, Table)).rows[2][3] == t("aid.options.directed_absent", "en")


def test_options_in_balance_gives_no_advice(healthy_cn, thal_cn):
    advice = re.compile(r"\b(should|recommend|we advise|best choice|you must)\b|建议|推荐|应该", re.IGNORECASE)
    for res in (healthy_cn, thal_cn):
        for lang in LANGS:
            for text in texts(options_in_balance(res, lang)):
                assert not advice.search(text), text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_hla_picture_is_drawn_for_the_page_and_the_pdf(lang):
    """The HLA section's picture: a PNG from the one registry both media use, its words in the
    page's language, one child in four with the sick child's two sets."""
    from calculator.content.hla_picture import CHILDREN
    from calculator.present.pictures import PICTURES

    hla = next(s for s in information_sections(lang, "cn") if s.key == "aid_hla")
    chart = next(b for b in hla.blocks if isinstance(b, Chart))
    png = PICTURES[chart.kind](chart.spec)
    assert png.startswith(b"\x89PNG") and len(png) > 5_000
    assert chart.spec.mother == t("aid.hla.mother", lang) and len(chart.spec.children) == len(CHILDREN) == 4
    assert sum(c == t("aid.hla.full", lang) for c in chart.spec.children) == 1
