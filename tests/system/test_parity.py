"""One story, written once (issue 23's "done when"): the parents' and the counsellor's content
(:mod:`calculator.content`) built for 200 generated families in both languages, and the
three media checked to carry the same blocks: the same verdict, reasons, limits, red flags,
advice, key-number rows and numbers as formatted.

- the command line's text report (``evaluate --format text``): the counsellor's document,
  every family in both languages (400 reports; milliseconds each);
- the PDF, read back by pdftotext: every :data:`PDF_EVERY`-th family once, the language and the
  audience taking turns (40 reports, 10 of each language and audience). A report takes 0.4 s
  to lay out and read back on an idle machine and 1.7 s on the shared CI machine (measured:
  200 reports took 341 s there), so all four for every family would take up to 20 minutes;
- the app (Streamlit's AppTest, every expander opened): the parents' page for
  :data:`APP_FAMILIES` families in each language, one in four on the counsellor's page (a
  page run with its expanders opened takes one to two seconds).

The families are those of the verdict's property tests (the same seeded generator)."""

from __future__ import annotations

import datetime as dt
import html
import random
import re
from functools import lru_cache

import pytest

from calculator.analysis.evaluate import evaluate
from calculator.app.counsellor_files import state_from_scenario_mapping
from calculator.app.state import run_scenario
from calculator.app.url_state import to_query
from calculator.content import common, counsellor, parent
from calculator.content import counsellor_tables as tables
from calculator.content.blocks import Bullets, Callout, Cell, Document, Paragraph, Section, SideBySide, Table
from calculator.content.i18n import t
from calculator.content.lists import HEALTH_ECONOMICS_TERMS, RED_FLAGS
from calculator.content.words import Words, cell_text, colon
from calculator.inputs.scenario import scenario_from_mapping
from calculator.present.text import render_text
from tests.app.apptest import html_texts
from tests.model.test_family_properties import SEED, _family

N_FAMILIES = 200
#: Families whose pages run in the app (AppTest), in each language.
APP_FAMILIES = 20
#: One family in this many is printed (PDF) and read back.
PDF_EVERY = 5
TODAY = dt.date(2026, 11, 22)
LANGS = ("en", "zh")


@lru_cache(maxsize=1)
def families() -> tuple:
    rng = random.Random(SEED)
    return tuple((i, data, evaluate(scenario_from_mapping(data))) for i, data in
                 ((i, _family(rng, i)) for i in range(N_FAMILIES)))


def flat(text: str) -> str:
    """Text without white space (line breaks differ by medium), Markdown bold (the page draws
    it) and a hyphen before a Chinese character (the PDF may break a line after it, and
    pdftotext joins such a line to the next without it, as a hyphenated word)."""
    text = re.sub(r"[\s\x00]+", "", text).replace("**", "")
    return re.sub(r"-(?=[\u4e00-\u9fff])", "", text)


def texts(section: Section) -> list[str]:
    """Every text a reader must find of a section: callouts, bullets, table cells."""
    out: list[str] = []
    for b in section.blocks:
        if isinstance(b, Callout):
            out.append(b.text)
        elif isinstance(b, Bullets):
            out += b.items
        elif isinstance(b, Table):
            out += [x for row in b.rows for c in row for x in ((c.text, c.note) if isinstance(c, Cell) else (c,)) if x]
        elif isinstance(b, SideBySide):
            out += [x for panel in b.panels for p in panel if isinstance(p, Bullets) for x in p.items]
            out += [p.text for panel in b.panels for p in panel if isinstance(p, Paragraph)]
    return out


def in_order(cell: str, text: str) -> bool:
    """Every word of a table cell in ``text``, in order: a cell wrapped beside a taller one comes
    out of pdftotext interleaved with its neighbour's lines."""
    got, at = flat(text), 0
    for word in cell.split():
        at = got.find(flat(word), at)
        if at < 0:
            return False
        at += len(flat(word))
    return True


def missing(doc: Document, keys: tuple[str, ...], medium: str) -> list[str]:
    """The texts of sections ``keys`` of ``doc`` that ``medium`` (flattened) lacks."""
    got = flat(medium)
    return [f"{k}: {x[:90]}" for k in keys for x in texts(doc.section(k)) if flat(x) not in got]


def test_the_documents_are_built_for_every_family_in_both_languages():
    fams = families()
    assert len(fams) == N_FAMILIES
    codes = set()
    for _, _, res in fams:
        codes.add(res.recommendation.code)
        for lang in LANGS:
            p, c = parent.document(res, lang), counsellor.document(res, lang)
            assert [s.key for s in p.sections] == [k for k, _ in parent.SECTIONS]
            keys = [s.key for s in c.sections]  # in the registry's order; a section may have nothing to say
            assert keys == [k for k, _ in counsellor.SECTIONS if k in keys]
            assert ("conditional" in keys) == (res.conditional is not None)
            # one list of red flags, one wording, for both audiences
            assert texts(p.section("red_flags")) == texts(c.section("red_flags")) == \
                [t("red_flag." + k, lang) for k in RED_FLAGS]
            assert texts(p.section("verdict")) == texts(c.section("verdict"))
            # outside its titled section the parents' document uses no health-economics term
            for section in p.sections:
                if section.key != "health_economics":
                    for x in texts(section):
                        assert not any(term.lower() in x.lower() for term in HEALTH_ECONOMICS_TERMS), (section.key, x)
            # the parents' reasons are the counsellor's without the cost test (and the cost in plain words)
            assert len(texts(p.section("reasons"))) <= len(texts(c.section("reasons")))
    assert len(codes) >= 5, codes  # the families reach most verdicts


def essential(section: Section) -> Section:
    """A section as a narrow medium prints it: each table with its essential columns
    (:meth:`Table.essential`; the PDF and the text report)."""
    return Section(section.key, section.title, tuple(b.essential() if isinstance(b, Table) else b for b in section.blocks))


@pytest.mark.parametrize("lang", LANGS)
def test_the_command_line_text_carries_the_counsellors_blocks(lang):
    for i, _, res in families():
        doc = counsellor.document(res, lang)
        doc = Document(doc.audience, doc.lang, tuple(essential(s) for s in doc.sections))
        keys = tuple(s.key for s in doc.sections)
        text = render_text(res, lang)
        gaps = missing(doc, keys, text)
        assert not gaps, (i, gaps)
        # the relatives: the page's table (the PDF's rows, below), each row a card of its essential
        # columns, every cell as the PDF prints it (the percentage in the language's brackets)
        rel = tables.relatives(res, Words(lang, res.currency))
        assert (rel is None) == (not res.relatives)
        if rel is not None:
            table = next(b for b in rel.blocks if isinstance(b, Table)).essential()
            assert len(table.rows) == len(res.relatives) and len(table.columns) == 8
            cards = "\n".join("  " + cell_text(row[0], lang) + "".join(
                f"\n    {c.title}{table.colon}{cell_text(x, lang)}" for c, x in zip(table.columns[1:], row[1:]))
                for row in table.rows)
            assert "\n" + rel.title + colon(lang).strip() + "\n" + cards + "\n" in text, (i, lang)


#: The running footer of every page ("... · page 3 of 5", "... · 第 3 页，共 5 页"): a text that
#: runs over a page break has it in the middle.
FOOTER = re.compile(r"^[^\n]*·[^\n]*(?:page \d+ of \d+|第 \d+ 页，共 \d+ 页)[^\n]*$", re.M)


def _pdf_text(data: bytes) -> str:
    from tests.present.test_pdf_layout import text_of

    return FOOTER.sub("", text_of(data))


def test_the_pdf_carries_the_same_blocks():
    from calculator.present.pdf import build_pdf

    seen = set()
    found = 0
    for i, _, res in families()[::PDF_EVERY]:
        lang, audience = LANGS[(i // PDF_EVERY) % 2], ("parent", "counsellor")[(i // PDF_EVERY // 2) % 2]
        seen.add((lang, audience))
        text = _pdf_text(build_pdf(res, lang=lang, audience=audience, today=TODAY))
        w = Words(lang, res.currency)
        if audience == "parent":
            doc = parent.document(res, lang)
            gaps = missing(doc, ("verdict", "reasons", "next_steps", "red_flags", "health_economics"), text)
            # the limits: the same texts (the PDF gives the bank advice its own heading)
            lim = doc.section("limits").blocks
            gaps += [x for b in lim if isinstance(b, Bullets) for x in b.items if flat(x) not in flat(text)]
            # the counts beside the icon arrays: the page's (the pictures differ by design)
            gaps += [f"counts: {x[:90]}" for x in parent.family_counts(res, w).values() if not in_order(x, text)]
            # when it makes sense: the page's section (the PDF prints the answers by HLA result before it)
            gaps += [f"when: {x[:90]}" for x in texts(parent.when_it_makes_sense(res, w, with_hla=False))
                     if flat(x) not in flat(text)]
        else:
            doc = counsellor.document(res, lang)
            gaps = missing(doc, ("verdict", "reasons", "key_numbers", "bank_advice", "limits", "red_flags"), text)
            # the relatives: the page's table, its essential columns (Table.essential)
            rel = tables.relatives(res, w)
            if rel is not None:
                gaps += [f"relatives: {x[:90]}" for x in texts(essential(rel)) if not in_order(x, text)]
            # what to do next: the parents' section, printed for the counsellor too
            gaps += [f"next_steps: {x[:90]}" for x in texts(common.next_steps(res, w)) if flat(x) not in flat(text)]
        # the answers by HLA result: the page's builder, for both audiences
        hla = common.hla_answers(res, w, audience)
        assert (hla is None) == (res.conditional is None)
        if hla is not None:
            found += 1
            gaps += [f"conditional: {x[:90]}" for y in texts(hla) for x in y.split("\n") if flat(x) not in flat(text)]
        assert not gaps, (i, lang, audience, gaps)
    assert found, "no printed family had an unknown HLA match"
    assert seen == {(lang, a) for lang in LANGS for a in ("parent", "counsellor")}


def chance_ranges(scenario) -> dict[str, tuple[float, float]]:
    """The 95 % ranges of the page's chances: the PSA of the family without its fees (the
    page's :func:`calculator.app.common.chance_ranges_for`, checked there to equal the family's own)."""
    from calculator.analysis.evaluate import model_inputs
    from calculator.analysis.psa import DEFAULT_DRAWS, DEFAULT_SEED, PROBABILITY_OUTPUTS, run_psa

    psa = run_psa(model_inputs(scenario), DEFAULT_DRAWS, DEFAULT_SEED)
    return {k: (float(psa.summary[k]["p2_5"]), float(psa.summary[k]["p97_5"])) for k in PROBABILITY_OUTPUTS}


def _page_text(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "info", "success", "warning", "subheader", "header", "expander"):
        for el in getattr(at, kind):
            parts.append(str(getattr(el, "label", "") or ""))
            parts.append(str(getattr(el, "value", "") or ""))
    parts += html_texts(at)
    return html.unescape("\n".join(parts)).replace("**", "")


@pytest.mark.parametrize("lang", LANGS)
def test_the_app_carries_the_same_blocks(lang):
    from tests.app.apptest import run

    picked = [f for f in families() if f[0] % (N_FAMILIES // APP_FAMILIES) == 0][:APP_FAMILIES]
    for n, (i, data, _) in enumerate(picked):
        page = "counsellor" if n % 4 == 3 else "parent"
        state, _ = state_from_scenario_mapping(data, lang=lang, page=page)
        res = evaluate(run_scenario(state))  # the family as the page holds it
        text = _page_text(run(to_query(state)))
        if page == "parent":
            doc = parent.document(res, lang)
            gaps = missing(doc, ("verdict", "reasons", "next_steps", "when", "limits", "red_flags", "health_economics"),
                           text)
            ranges = chance_ranges(run_scenario(state))
            w = Words(lang, res.currency)
            for section in (parent.headline(res, w, ranges), parent.frequencies(res, w, ranges),
                            parent.money_and_time(res, w)):
                gaps += [f"{section.key}: {x[:90]}" for x in texts(section) if flat(x) not in flat(text)]
        else:
            doc = counsellor.document(res, lang)
            gaps = missing(doc, ("verdict", "reasons"), text)
            w = Words(lang, res.currency)
            for section in (tables.family(res, w), tables.conditional(res, w), tables.comparison(res, w),
                            tables.relatives(res, w)):
                if section is not None:
                    gaps += [f"{section.key}: {x[:90]}" for x in texts(section) if flat(x) not in flat(text)]
        assert not gaps, (i, page, gaps)


@pytest.mark.parametrize("lang", LANGS)
def test_the_uncertainty_charts_have_one_caption_each(lang):
    """The tornado's and the acceptability curve's captions: the page's (under its charts) are the
    PDF's, and the PDF prints them (what the chart measures, then the line, the star and the band,
    which both media draw)."""
    from pathlib import Path

    from calculator.analysis.evaluate import evaluate_with_uncertainty
    from calculator.content import counsellor_analyses, report_figures
    from calculator.inputs.scenario_files import load_scenario
    from calculator.present.pdf import build_pdf

    families_dir = Path(__file__).resolve().parents[1] / "golden" / "families"
    res = evaluate_with_uncertainty(load_scenario(str(families_dir / "thal_hla_match.yaml")), sensitivity=True,
                                    psa_draws=300, seed=1)
    assert res.sensitivity is not None and res.psa is not None
    w = Words(lang, res.currency)

    def captions(section: Section) -> list[str]:
        return [b.text for b in section.blocks if isinstance(b, Paragraph) and b.text not in ("",)]

    printed = captions(report_figures.uncertainty(res, w, True))
    page = captions(counsellor_analyses.sensitivity(res, res.sensitivity, w)) + \
        captions(counsellor_analyses.probabilistic(res, res.psa, w))
    assert len(printed) == 2
    tornado, ceac = printed
    assert tornado in page
    assert any(x.startswith(ceac) for x in page)
    text = flat(_pdf_text(build_pdf(res, lang=lang, audience="counsellor", today=TODAY)))
    assert flat(tornado) in text and flat(ceac) in text


def test_the_sources_rows_are_the_same_on_the_page_and_in_the_pdf():
    """One row per parameter (:func:`calculator.content.sources.source_row`): the page's table of
    sources and the PDF's list give each parameter the same value with its range, kind and source."""
    from calculator.content.sources import parents_page_sources, source_entries, sources_block

    for _, _, res in families()[::10]:
        for lang in LANGS:
            w = Words(lang, res.currency)
            printed = {e.label: e for e in source_entries(res, w)}
            page = sources_block(parents_page_sources(res, *res.sources), res, w)
            assert len(page.columns) == 4 and page.entries
            for s in page.entries:
                e = printed[s.label]  # every number the page cites is in the PDF's list
                assert (s.value, s.kind, s.citation, s.url) == (e.value, e.kind, e.source, e.url)
