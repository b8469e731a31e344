"""PDF download buttons: the same document as ``python -m calculator report``.

The counsellor's note is checked where it is typed: a counter of lines and characters under
the field, and a note that cannot be printed as written (too many lines, control characters,
characters no font of the report draws) disables the buttons and says why beside them.

A PDF is made once for the same report inputs (the family, language, audience, note, date
and PSA draws) and then served from a small in-memory cache (:data:`PDFS`): a session that
clicks the same button 30 times, or asks again while the first is being made, costs one
build (a build is 0.5-4 s of CPU; the cache holds at most :data:`PDF_CACHE_ENTRIES`
documents of 0.1-0.4 MB, each at most an hour).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import streamlit as st

from calculator.analysis.results import Results
from calculator.app.common import (
    CACHE_TTL_S,
    PSA_DRAWS,
    PSA_SEED,
    T,
    family_of,
    psa_for,
    results_for,
    sensitivity_for,
)
from calculator.app.memo import Memo, digest
from calculator.app.state import AppState, saved_scenario, second_offer_state
from calculator.inputs.errors import InputError
from calculator.inputs.scenario_schema import NOT_MODEL_INPUTS
from calculator.present.pdf import build_pdf, check_note
from calculator.present.pdf.note import NoteError

#: PDFs kept (32 x at most about 0.4 MB; a note with a rare character embeds more of the font).
PDF_CACHE_ENTRIES = 32
PDFS: Memo[bytes] = Memo(max_entries=PDF_CACHE_ENTRIES, ttl=CACHE_TTL_S)


def pdf_key(state: AppState, audience: str, note: str | None, today: dt.date) -> str:
    """The digest of everything the report is made from: the family's checked inputs (region
    and every number included), what the model does not read but the report prints (the values
    step's answers, the record, the second offer), the language, the audience, the note, the
    date printed on it and the PSA's draws and seed."""
    printed = repr(state.scenario.model_dump(include=set(NOT_MODEL_INPUTS)))
    return digest(("pdf", family_of(state).key, printed, state.lang, audience, note or "", today.isoformat(),
                   PSA_DRAWS, PSA_SEED))


def _pdf(res: Results, state: AppState, audience: str, note: str | None):
    """A callable giving the PDF on demand (only when the button is clicked), made once for
    the same report inputs (:func:`pdf_key`) and then served from :data:`PDFS`.

    Both audiences get the PSA ranges; the counsellor's copy adds the sensitivity analysis.
    The analyses are attached to a copy: the cached results object is never changed.
    """

    def build(today: dt.date) -> bytes:
        full = dataclasses.replace(
            res,
            psa=psa_for(state),
            sensitivity=sensitivity_for(state) if audience == "counsellor" else None,
        )
        second = second_offer_state(state)
        return build_pdf(full, lang=state.lang, audience=audience, note=note or None, today=today,
                         family=saved_scenario(state),
                         offer2=results_for(second) if second is not None and audience == "counsellor" else None)

    def make() -> bytes:
        today = dt.date.today()
        return PDFS.get(pdf_key(state, audience, note, today), lambda: build(today))

    return make


def note_message(exc: InputError, state: AppState) -> str:
    """Why a note cannot be printed, in the page's language."""
    if isinstance(exc, NoteError):
        return T(f"app.counsellor.note_{exc.kind}", state, **exc.values)
    return T("app.counsellor.note_control", state, chars="?")


def buttons(res: Results, state: AppState, audiences: tuple[str, ...]) -> None:
    """A download button per audience; on the counsellor's page the PDF's note is the record's
    (typed in the record, kept in the link and the saved file: it survives a restart)."""
    note = None
    problem = None
    if "counsellor" in audiences:
        note = state.scenario.record_note or ""  # its count and any problem are shown under the record's field
        try:
            note = check_note(note)
        except InputError as exc:
            problem = note_message(exc, state)
    # one button needs no columns (two blocks fewer for the server to send on every run)
    cols: list[Any] = list(st.columns(len(audiences))) if len(audiences) > 1 else [st]
    stem = f"cord-blood-{state.region}-{state.lang}"
    for col, audience in zip(cols, audiences):
        col.download_button(
            T(f"app.counsellor.pdf_{audience}", state), _pdf(res, state, audience, note) if problem is None else b"",
            file_name=f"{stem}-{audience}.pdf", mime="application/pdf", key=f"pdf_{audience}", icon=":material/picture_as_pdf:",
            on_click="ignore", disabled=problem is not None,
        )
    if problem is not None:
        st.error(problem, icon=":material/error:")
