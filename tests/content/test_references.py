"""Every source the project links to has its short form (author or organisation, year, short
title) in both languages: the parents' PDF prints its sources that way, each once
(calculator/content/references.yaml)."""

from __future__ import annotations

import re
from pathlib import Path

from calculator.content.sources import REFERENCES_FILE, linked_references, reference
from calculator.inputs.assumptions import load_region

ROOT = Path(__file__).resolve().parents[2]
#: The files that cite sources by address: the model's parameters, facts and offers, and the
#: decision aid's citations.
CITING = (*sorted((ROOT / "assumptions").glob("*.yaml")), ROOT / "calculator" / "content" / "aid_sources.yaml")


def cited_links() -> set[str]:
    out: set[str] = set()
    for path in CITING:
        out.update(m.group(1).strip("\"'") for m in re.finditer(r"^\s*url:\s*(\S+)\s*$", path.read_text("utf-8"), re.M))
    return out


def test_every_cited_link_has_its_short_form_and_no_other():
    links = cited_links()
    assert len(links) > 30
    assert links - linked_references() == set(), "add these to references.yaml"
    assert linked_references() - links == set(), "references.yaml lists links nothing cites"


def test_sources_cited_without_a_link_have_a_short_form_unless_they_are_assumptions():
    for region in ("cn", "us"):
        for name, p in load_region(region).parameters.items():
            ref = reference(p.url or "", "zh", name)
            if p.source_type in ("published", "guideline", "price_survey"):
                assert ref is not None, (region, name)
            if ref is not None:
                assert ref.short and ref.short != ref.url, (region, name)


def test_short_forms_are_short_and_in_their_language():
    text = REFERENCES_FILE.read_text("utf-8")
    for url in linked_references():
        en, zh = reference(url, "en"), reference(url, "zh")
        assert en is not None and zh is not None
        assert len(en.short) <= 140 and len(zh.short) <= 90, url
        assert re.search(r"[\u4e00-\u9fff]", zh.short), url
        assert re.search(r"\d{4}", en.short) or "," in en.short, url
    assert "TODO" not in text


def test_short_reason_is_the_first_part_outside_brackets_in_both_languages():
    from calculator.content.sources import short_reason

    assert short_reason("no published rate. Units are often combined later.", "en") == "no published rate…"
    # not inside brackets, not after "et al", and a first part long enough to say something
    text = "a neutral middle (Walters et al. 2005; Rafii et al. 2017), below the rest; more here."
    assert short_reason(text, "en") == "a neutral middle (Walters et al. 2005; Rafii et al. 2017), below the rest…"
    assert short_reason("too short; so the next part counts. Then more.", "en") == "too short; so the next part counts…"
    assert short_reason("没有公开的倒闭率。已有脐带血库倒闭的案例。", "zh") == "没有公开的倒闭率……"
    assert short_reason("约 7 岁的孩子（13 公斤；48 公斤）；其余。", "zh") == "约 7 岁的孩子（13 公斤；48 公斤）……"
    # a reason of one part is printed whole, with its own full stop
    assert short_reason("Range 0.8-0.95 for everyone here.", "en") == "Range 0.8-0.95 for everyone here."


def test_a_source_cited_with_and_without_its_link_is_one_entry():
    """The lecture's press report: the own-use parameter cites it without a url (the repost has
    no https page), the decision aid with the repost's address; the appendix lists it once."""
    linked = reference("http://www.sjyzz.cn/news/show-622747.html", "en")
    for lang in ("en", "zh"):
        assert reference("", lang, "p_auto_use") == reference("http://www.sjyzz.cn/news/show-622747.html", lang)
    assert linked is not None and "Tang Hongming" in linked.short
