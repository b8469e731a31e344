"""Every number traceable: no project-internal words in anything a person reads, citations
that are citations (no search pages), and a link or a stated reason for every cited source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from calculator.inputs.assumptions import CITED_TYPES, REGIONS, load_region

LOCALES = Path(__file__).resolve().parents[2] / "calculator" / "content" / "locales"
README = Path(__file__).resolve().parents[2] / "README.md"

#: Words of the project's own working files that must never reach a reader. "EVIDENCE" is
#: matched in capitals only (the working file's name): "evidence" is an ordinary English word.
INTERNAL = re.compile(r"\b(seeds?\b|seeded\b|MODEL\.md|EVIDENCE\.md|brief\b|shared/)", re.IGNORECASE)
INTERNAL_CAPS = re.compile(r"\bEVIDENCE\b")
#: Where a link may point: a DOI, a PubMed/PMC page, or a publisher's or organisation's page.
ALLOWED_LINK = re.compile(
    r"^https://(doi\.org/10\.\S+"
    r"|pubmed\.ncbi\.nlm\.nih\.gov/\d+/"
    r"|pmc\.ncbi\.nlm\.nih\.gov/articles/PMC\d+/"
    r"|ashpublications\.org/blood/article/\S+"
    r"|medlineplus\.gov/\S+"
    r"|ash-sap\.org/view-large/\d+"
    r"|bethematch\.org/\S+"
    r"|www\.yxbabe\.com/shiguanyinger/\d+\.html"
    r"|www\.stats\.gov\.cn/english/PressRelease/\d{6}/t\d{8}_\d+\.html)$"
)
GONE = ("Mazzocchetti", "NETCORD", "NMDP", "?term=")


def _strings(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def _catalogue_strings():
    files = sorted(LOCALES.glob("*.yaml"))
    assert {f.name.split(".")[-2] for f in files} == {"en", "zh"}
    for f in files:
        for key, text in _strings(yaml.safe_load(f.read_text(encoding="utf-8"))):
            yield f"{f.name}:{key}", text


def _parameter_texts():
    for region in REGIONS:
        for p in load_region(region).parameters.values():
            for field in ("label", "label_zh", "source", "source_zh", "note"):
                text = getattr(p, field)
                if text:
                    yield f"{region}:{p.name}.{field}", text


PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _bad(text: str) -> bool:
    """True if ``text`` as a reader sees it (placeholders such as ``{seed}`` are filled in by
    the program and never shown) contains an internal word."""
    shown = PLACEHOLDER.sub("", text)
    return bool(INTERNAL.search(shown) or INTERNAL_CAPS.search(shown))


def test_the_internal_word_pattern_catches_what_it_should():
    assert _bad("see the seed document") and _bad("Brief (shared/MODEL.md)") and _bad("EVIDENCE says")
    assert not _bad("not supported by the available evidence")
    assert not _bad("briefly") and not _bad("种子细胞")


def test_no_internal_word_in_any_catalogue_string():
    hits = [(k, v) for k, v in _catalogue_strings() if _bad(v)]
    assert not hits, hits


def test_no_internal_word_in_any_parameter_text():
    hits = [(k, v) for k, v in _parameter_texts() if _bad(v)]
    assert not hits, hits


def test_no_internal_word_in_the_readme_parameter_table():
    table = [line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("| `")]
    assert table, "README has a parameter table"
    assert not [line for line in table if _bad(line)]


def test_withdrawn_citations_are_gone():
    texts = list(_parameter_texts()) + list(_catalogue_strings())
    for word in GONE:
        assert not [k for k, v in texts if word in v], word
    for region in REGIONS:
        for p in load_region(region).parameters.values():
            assert p.url is None or not any(w in p.url for w in GONE), p.name


@pytest.mark.parametrize("region", REGIONS)
def test_every_link_is_a_citation_not_a_search(region):
    for p in load_region(region).parameters.values():
        if p.url is not None:
            assert ALLOWED_LINK.match(p.url), (p.name, p.url)
            assert "?" not in p.url and "search" not in p.url, (p.name, p.url)


@pytest.mark.parametrize("region", REGIONS)
def test_every_cited_source_has_a_link_or_says_why_not(region):
    for p in load_region(region).parameters.values():
        if p.source_type in CITED_TYPES:
            assert p.url or (p.no_url_reason and len(p.no_url_reason) > 20), p.name


@pytest.mark.parametrize("region", REGIONS)
def test_every_parameter_has_a_chinese_citation(region):
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for p in load_region(region).parameters.values():
        assert cjk.search(p.source_zh), p.name
        if p.is_assumption:
            assert p.source_zh.startswith("假设") and p.source.lower().startswith("assumption"), p.name


def test_the_own_use_chance_is_cited_as_a_press_report_beside_the_guidelines():
    """The 0.5-4 in 10,000 is a press report of a national health lecture (not a published paper):
    cited as such, with its date and the address it was read at, beside the guideline and
    peer-reviewed figures for own use (ACOG 399 and 771, AAP 2017, Nietfeld 2008, Thornley 2009)."""
    for region in REGIONS:
        p = load_region(region)["p_auto_use"]
        en, zh = p.source_in("en"), p.source_in("zh")
        assert p.url is None and p.no_url_reason and "press report" in p.no_url_reason
        assert en.startswith("A press report of a national health lecture, not a paper")
        assert zh.startswith("一篇新闻报道，不是论文")
        for text in (en, zh):
            assert "http://www.sjyzz.cn/news/show-622747.html" in text
            for cite in ("PMID 18238991", "10.1097/AOG.0000000000003129", "10.1542/peds.2017-2695",
                         "10.1016/j.bbmt.2007.12.493", "10.1542/peds.2008-0436"):
                assert cite in text, cite
        assert "26 Nov 2025" in en and "2025 年 11 月 26 日" in zh
        # the ACOG figure is use by the child or a family member, and said so
        assert "by the child or a family member" in en and "孩子本人或家庭成员" in zh
    for _key, text in _catalogue_strings():
        assert "published lecture" not in text


def test_loader_refuses_a_search_link(tmp_path):
    from calculator.inputs.assumptions import ASSUMPTIONS_DIR
    from calculator.inputs.assumptions import load_region as load
    from calculator.inputs.errors import InputError

    for f in ASSUMPTIONS_DIR.glob("*.yaml"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    common = tmp_path / "common.yaml"
    text = common.read_text(encoding="utf-8")
    common.write_text(text.replace("url: https://doi.org/10.1159/000335720",
                                   "url: https://pubmed.ncbi.nlm.nih.gov/?term=Zhejiang", 1), encoding="utf-8")
    with pytest.raises(InputError, match="search page"):
        load("cn", tmp_path)


def test_loader_requires_the_chinese_citation(tmp_path):
    from calculator.inputs.assumptions import ASSUMPTIONS_DIR
    from calculator.inputs.assumptions import load_region as load
    from calculator.inputs.errors import InputError

    for f in ASSUMPTIONS_DIR.glob("*.yaml"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    cn = tmp_path / "cn.yaml"
    text = cn.read_text(encoding="utf-8")
    start = text.index("    source_zh: >-\n", text.index("  n_siblings:"))
    end = text.index("    uncentred_reason:", start)
    cn.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(InputError, match=r"n_siblings\.source_zh"):
        load("cn", tmp_path)


# --- every number on screen has a home in assumptions/ ------------------------------------------

ASSUMPTIONS = Path(__file__).resolve().parents[2] / "assumptions"
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
#: Not evidence: years and document numbers of citations, dates, and the fixed denominators of the
#: presentation (natural frequencies per 10,000; 95 % intervals; a year of 365 days).
CITATION_OR_FORMAT = re.compile(
    r"(?<!\d)(?:19[89]\d|20[0-3]\d)(?!\d)(?:-\d{2}-\d{2})?|Committee Opinion \d+|第 ?\d+ ?号|〔\d{4}〕\d+号"
    r"|10,000|1 ?万|95 ?%|95 of 100|100 个结果中有 95 个|[(（]100%[)）]|1 year = 365 days|1 年 = 365 天")
#: Input limits of the side panel and of files ("From 2 to 150", "0 到 3"): checked by the
#: inputs' own bounds, not evidence.
INPUT_RANGE = re.compile(r"(?:\d+ (?:to|到) \d+)")
UI_KEYS = ("app.counsellor.load_limit", "app.notice.file_too_deep", "app.fig.twoway.break_even")
KG = re.compile(r"(\d+)(?:-(\d+))? ?(?:kg|公斤)")


def _numbers(text: str) -> list[float]:
    return [float(m.replace(",", "")) for m in NUMBER.findall(text)]


def _walk_values(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _walk_values(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk_values(v)
    elif isinstance(node, bool):
        return
    elif isinstance(node, (int, float)):
        yield float(node)
    elif isinstance(node, str):
        yield from _numbers(node)


def _homes() -> set[float]:
    out: set[float] = set()
    for f in ASSUMPTIONS.glob("*.yaml"):
        for x in _walk_values(yaml.safe_load(f.read_text(encoding="utf-8"))):
            out.update({x, x * 100, x * 1e4})  # as written, as a percentage, per 10,000
    return out


def _has_home(token: str, homes: set[float]) -> bool:
    x = float(token.replace(",", ""))
    decimals = len(token.split(".")[1]) if "." in token else 0
    return any(round(h, decimals) == x for h in homes)


def _unhomed(key: str, text: str, homes: set[float]) -> list[str]:
    shown = CITATION_OR_FORMAT.sub(" ", PLACEHOLDER.sub(" ", text))
    if key.split(":", 1)[1].startswith("app.side."):
        shown = INPUT_RANGE.sub(" ", shown)
    if any(key.endswith(k) for k in UI_KEYS):
        return []
    return [tok for tok in NUMBER.findall(shown) if not _has_home(tok, homes)]


def _kg_homes() -> set[float]:
    from calculator.inputs.facts import facts

    out = {f.value for f in facts().values() if f.unit == "kg"}
    for region in REGIONS:
        out |= {v for p in load_region(region).parameters.values() if p.unit == "kg" for v in (p.value, p.low, p.high)}
    validation = yaml.safe_load((ASSUMPTIONS / "validation.yaml").read_text(encoding="utf-8"))
    out.add(float(validation["settings"]["sibling_weight_kg"]["value"]))
    return out


def test_the_home_check_catches_a_number_without_one():
    homes = _homes()
    assert _unhomed("x.en.yaml:limit.cell_dose", "usually enough for a child (about 34-42 kg)", homes) == ["34", "42"]
    assert _unhomed("x.en.yaml:reason.x", "stored by 18.7% of banks", homes) == ["18.7"]
    assert _unhomed("x.en.yaml:reason.x", "about 0.5-4 in 10,000 (Tang Hongming, 2025)", homes) == []
    assert _unhomed("x.en.yaml:app.side.weight_help", "From 2 to 150 kg", homes) == []
    assert 30.0 not in _kg_homes()  # "about 20-30 kg" would not pass the weight check


def test_every_number_in_the_texts_has_a_home_in_assumptions():
    """A number a person reads (outside placeholders, which the program fills from the model and
    assumptions/, citation years and the fixed denominators) appears in assumptions/: a value, a
    range, or the cited text of an entry, with its source beside it."""
    homes = _homes()
    hits = {k: bad for k, v in _catalogue_strings() if (bad := _unhomed(k, v, homes))}
    assert not hits, hits


def test_every_weight_in_the_texts_is_a_weight_in_assumptions():
    kg = _kg_homes()
    for key, text in _catalogue_strings():
        shown = PLACEHOLDER.sub(" ", text)
        if ":app.side." in key:
            shown = INPUT_RANGE.sub(" ", shown)
        for a, b in KG.findall(shown):
            for x in (a, b):
                assert not x or float(x) in kg, (key, x)


def test_facts_are_shown_in_their_own_words_and_computed_from_their_parameters():
    from calculator.analysis.recommendation import MIN_P_FAMILY_USE
    from calculator.inputs.facts import facts

    texts = dict(_catalogue_strings())
    en = " ".join(v for k, v in texts.items() if ".en.yaml:" in k)
    zh = " ".join(v for k, v in texts.items() if ".zh.yaml:" in k)
    for name, f in facts().items():
        assert any(s in en for s in f.shown), name
        assert any(s in zh for s in f.shown_zh), name
        assert f.source_type == "derived" or f.url or f.no_url_reason, name
    # the verdict's threshold is the fact, and every "1 in 100" on screen is it
    assert MIN_P_FAMILY_USE == facts()["min_p_family_use_clear_value"].value == 0.01
    # what one unit covers, recomputed from the parameters it comes from
    p = load_region("cn").values
    cells = p["tnc_median_cells"] * p["tnc_post_processing_recovery"]
    assert round(cells / p["min_tnc_dose_per_kg_related"]) == facts()["unit_weight_related_kg"].value
    assert round(cells / p["min_tnc_dose_per_kg"]) == facts()["unit_weight_unrelated_kg"].value
    for f in facts().values():
        for name in f.computed_from:
            assert name in p, name
    # the licensed banks: the number on screen, the notice that names them and what is known after
    banks = facts()["licensed_cord_blood_banks_cn"]
    assert banks.value == 7 and "国卫医发〔2015〕99号" in banks.source and "2020" in banks.source
    assert "No later planning notice was found" in banks.source
    for key in ("core.en.yaml:advice.licensed_bank_cn", "core.zh.yaml:advice.licensed_bank_cn"):
        assert "国卫医发〔2015〕99号" in texts[key] and "2020" in texts[key]


def test_no_wording_about_source_documents_reaches_a_reader():
    for key, text in _catalogue_strings():
        assert "source documents" not in text and "来源文献" not in text, key
    for region in REGIONS:
        for p in load_region(region).parameters.values():
            for field in ("source", "source_zh", "label", "label_zh"):
                text = getattr(p, field)
                assert "package_all_in" not in text and "package_plus_first_payment" not in text, (p.name, field)
