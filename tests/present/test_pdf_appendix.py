"""The parents' PDF ends with a compact appendix of sources: every link printed once, in a
numbered list, each row pointing to its number; the review dates as one range; the
counsellor's copy keeps a link and a date on every row. And a report whose compact layouts
all leave a near-empty last page keeps the best of them."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from calculator.content.i18n import t
from calculator.content.sources import source_entries
from calculator.content.words import Words
from calculator.inputs.assumptions import load_region
from calculator.present.pdf import build
from tests.present.test_pdf_layout import TODAY, default, flat, pdfs, text_of, thal  # noqa: F401 (fixtures)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fam", ["thal", "default"])
def test_parents_appendix_prints_each_link_once(pdfs, fam, lang):  # noqa: F811
    text = text_of(pdfs[fam, lang, "parent"])
    squashed = flat(text)
    assert flat(t("report.appendix.h_sources", lang)) in squashed
    urls = list(dict.fromkeys(p.url for p in load_region("cn").parameters.values() if p.url))
    printed = [u for u in urls if flat(u) in squashed]
    assert printed, "no link in the appendix"
    for url in printed:
        assert squashed.count(flat(url)) == 1, url
    # numbered references: [1] ... [k], each used by a row and listed once at the end
    assert "[1]" in text and f"[{len(printed)}]" in text
    dates = sorted({p.reviewed.isoformat() for p in load_region("cn").parameters.values()})
    assert any(d in text for d in dates)


def test_counsellors_sources_keep_a_link_per_row(pdfs):  # noqa: F811
    squashed = flat(text_of(pdfs["thal", "en", "counsellor"]))
    assert flat(t("report.appendix.h_sources", "en")) not in squashed
    repeated = [u for u, k in _url_counts().items() if k > 1]
    assert repeated and all(squashed.count(flat(u)) >= 2 for u in repeated[:3])


def _url_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in load_region("cn").parameters.values():
        if p.url:
            counts[p.url] = counts.get(p.url, 0) + 1
    return counts


def test_render_keeps_the_best_of_the_compact_layouts(thal, monkeypatch):  # noqa: F811
    # a last-page share no layout reaches: the report is laid out three times and the one with
    # the fewest pages and the fullest last page is returned, not simply the last tried
    monkeypatch.setattr(build, "MIN_LAST_PAGE", 1.01)
    seen = []
    real_layout = build.layout

    def spy(p):
        real_layout(p)
        seen.append((p.compact, p.pdf.page_no(), p.pdf.get_y() / p.pdf.h))

    monkeypatch.setattr(build, "layout", spy)
    data = build.build_pdf(thal, lang="zh", audience="parent", today=TODAY)
    assert [c for c, _, _ in seen] == [0, 1, 2]
    best = max(seen, key=lambda s: (-s[1], s[2]))
    assert len(PdfReader(io.BytesIO(data)).pages) == best[1]


def test_source_entries_have_the_rows_of_the_source_list(thal):  # noqa: F811
    assert len(source_entries(thal, Words("en", thal.currency))) > 10


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fam", ["thal", "default"])
def test_parents_appendix_names_the_source_of_every_number_the_run_read(pdfs, thal, default, fam, lang):  # noqa: F811
    # every parameter the run recorded has its row; the row's source is named in the list (its
    # short form) or, for an assumption, the row gives its reason
    from calculator.content.sources import short_reason

    squashed = flat(text_of(pdfs[fam, lang, "parent"]))
    res = {"thal": thal, "default": default}[fam]
    entries = source_entries(res, Words(lang, res.currency))
    assert entries
    for e in entries:
        assert flat(e.label) in squashed, e.label
        if e.ref is not None:
            assert flat(e.ref.short) in squashed, (e.label, e.ref.short)
        else:
            assert e.assumption or e.kind.startswith(t("source_type.derived", lang)), e.label
            assert flat(short_reason(e.source, lang))[:40] in squashed, e.label
