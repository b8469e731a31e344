"""Bounded work per session: a PDF is made once for the same report inputs and then served
from the app's in-memory cache (issue 19: 30 requests for the same PDF cost 131 CPU-seconds).

Builds are counted, never timed: the download button's callable (what Streamlit runs when
the button is clicked) is called again and again, and ``build_pdf`` is wrapped to count.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from calculator.app import common, pdf_buttons
from calculator.app.state import AppState, set_record, set_value
from tests.app.states import family, rel


@pytest.fixture
def builds(monkeypatch):
    """The real ``build_pdf``, counted: one entry (lang, audience, note) per build."""
    pdf_buttons.PDFS.clear()
    real, made = pdf_buttons.build_pdf, []

    def counted(res, **kw):
        made.append((kw["lang"], kw["audience"], kw["note"]))
        return real(res, **kw)

    monkeypatch.setattr(pdf_buttons, "build_pdf", counted)
    yield made
    pdf_buttons.PDFS.clear()


@pytest.fixture
def fake_builds(monkeypatch):
    """A cheap stand-in for ``build_pdf`` (bytes naming what was asked), counted."""
    pdf_buttons.PDFS.clear()
    made = []

    def fake(res, *, lang, audience, note, today, family=None, offer2=None):
        made.append((lang, audience, note))
        return f"{res.currency} {lang} {audience} {note} {today}".encode()

    monkeypatch.setattr(pdf_buttons, "build_pdf", fake)
    yield made
    pdf_buttons.PDFS.clear()


def _click(state: AppState, audience: str = "parent", note: str | None = None) -> bytes:
    return pdf_buttons._pdf(common.results_for(state), state, audience, note)()


def test_the_same_pdf_asked_for_30_times_is_built_once(builds):
    state = family(lang="en", region="cn")
    first = _click(state)
    assert first.startswith(b"%PDF-")
    assert all(_click(state) == first for _ in range(29))
    assert builds == [("en", "parent", None)]
    # a new page run of the same family makes a new state object and a new callable: still cached
    assert _click(family(lang="en", region="cn")) == first and len(builds) == 1


def test_each_language_audience_note_and_family_is_its_own_pdf(fake_builds):
    base = family(lang="en", region="cn")
    asked = [base, base.with_(lang="zh"), family(lang="en", region="us"),
             family(lang="en", region="cn", params={"fee_annual": 999.0}),
             family(lang="en", region="cn", relatives=(rel(relation="full_sibling", condition="thalassaemia_major"),),
                    siblings=1)]
    for _ in range(3):
        for state in asked:
            _click(state)
        _click(base, "counsellor")
        _click(base, "counsellor", "Seen on 3 Dec.")
    assert len(fake_builds) == len(asked) + 2
    assert ("en", "counsellor", "Seen on 3 Dec.") in fake_builds and ("zh", "parent", None) in fake_builds


def test_clicks_while_the_first_is_being_made_wait_for_it(monkeypatch):
    pdf_buttons.PDFS.clear()
    started, release, made = threading.Event(), threading.Event(), []

    def slow(res, **kw):
        made.append(1)
        started.set()
        release.wait(10)
        return b"%PDF- slow"

    monkeypatch.setattr(pdf_buttons, "build_pdf", slow)
    state = family(lang="en", region="us")
    out = []
    threads = [threading.Thread(target=lambda: out.append(_click(state))) for _ in range(12)]
    threads[0].start()
    assert started.wait(10)
    for th in threads[1:]:
        th.start()
    release.set()
    for th in threads:
        th.join(10)
    pdf_buttons.PDFS.clear()
    assert out == [b"%PDF- slow"] * 12 and made == [1]


def test_the_cache_is_bounded(fake_builds):
    for fee in range(pdf_buttons.PDF_CACHE_ENTRIES + 10):
        _click(family(lang="en", region="cn", params={"fee_annual": 100.0 + fee}))
    assert len(pdf_buttons.PDFS) == pdf_buttons.PDF_CACHE_ENTRIES


def test_the_key_holds_the_date_printed_and_the_note():
    state = family(lang="en", region="cn")
    day = dt.date(2026, 12, 3)
    key = pdf_buttons.pdf_key(state, "parent", None, day)
    assert key == pdf_buttons.pdf_key(family(lang="en", region="cn"), "parent", "", day)
    assert key != pdf_buttons.pdf_key(state, "parent", None, day + dt.timedelta(days=1))
    assert key != pdf_buttons.pdf_key(state, "parent", "a note", day)
    assert key != pdf_buttons.pdf_key(state, "counsellor", None, day)


def test_what_the_report_prints_but_the_model_does_not_read_is_its_own_pdf(fake_builds):
    """The values step's answers and the record are printed in the PDF (not model inputs):
    a changed answer is a new PDF, never the cached one of the earlier answers."""
    state = family(lang="en", region="cn")
    _click(state)
    _click(set_value(state, "others", "very"))
    _click(set_record(state, consultation_date="2026-12-01", record_note=None), audience="counsellor")
    _click(set_value(state, "others", "very"))  # the same as the second: from the cache
    assert len(fake_builds) == 3
