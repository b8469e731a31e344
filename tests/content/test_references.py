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
