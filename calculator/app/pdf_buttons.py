"""PDF download buttons: the same document as ``python -m calculator report``.

The counsellor's note is checked where it is typed: a counter of lines and characters under
the field, and a note that cannot be printed as written (too many lines, control characters,
characters no font of the report draws) disables the buttons and says why beside them.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from calculator.analysis.results import Results
from calculator.app.common import T, psa_for, sensitivity_for
from calculator.app.state import AppState
from calculator.inputs.errors import InputError
from calculator.present.pdf import MAX_NOTE_CHARS, MAX_NOTE_LINES, build_pdf, check_note
from calculator.present.pdf.build import NoteError


def _pdf(res: Results, state: AppState, audience: str, note: str | None):
    """A callable building the PDF on demand (only when the button is clicked).

    Both audiences get the PSA ranges; the counsellor's copy adds the sensitivity analysis.
    The analyses are attached to a copy: the cached results object is never changed.
    """

    def make() -> bytes:
        full = dataclasses.replace(
            res,
            psa=psa_for(state),
            sensitivity=sensitivity_for(state) if audience == "counsellor" else None,
        )
        return build_pdf(full, lang=state.lang, audience=audience, note=note or None)

    return make


def note_message(exc: InputError, state: AppState) -> str:
    """Why a note cannot be printed, in the page's language."""
    if isinstance(exc, NoteError):
        return T(f"app.counsellor.note_{exc.kind}", state, **exc.values)
    return T("app.counsellor.note_control", state, chars="?")


def buttons(res: Results, state: AppState, audiences: tuple[str, ...]) -> None:
    """A download button per audience; the counsellor's page also has a note field."""
    note = None
    problem = None
    if "counsellor" in audiences:
        note = st.text_area(T("app.counsellor.note", state, n=MAX_NOTE_CHARS, lines=MAX_NOTE_LINES),
                            max_chars=MAX_NOTE_CHARS, key="w_note") or ""
        lines = note.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1 if note else 0
        st.caption(T("app.counsellor.note_count", state, lines=lines, max_lines=MAX_NOTE_LINES,
                     chars=len(note), max_chars=MAX_NOTE_CHARS))
        try:
            note = check_note(note)
        except InputError as exc:
            problem = note_message(exc, state)
    cols = st.columns(len(audiences))
    stem = f"cord-blood-{state.region}-{state.lang}"
    for col, audience in zip(cols, audiences):
        col.download_button(
            T(f"app.counsellor.pdf_{audience}", state), _pdf(res, state, audience, note) if problem is None else b"",
            file_name=f"{stem}-{audience}.pdf", mime="application/pdf", key=f"pdf_{audience}", icon=":material/picture_as_pdf:",
            on_click="ignore", disabled=problem is not None,
        )
    if problem is not None:
        st.error(problem, icon=":material/error:")
