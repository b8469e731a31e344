"""PDF download buttons: the same document as ``python -m calculator report``."""

from __future__ import annotations

import dataclasses

import streamlit as st

from calculator.analysis.results import Results
from calculator.app.common import T, psa_for, sensitivity_for
from calculator.app.state import AppState
from calculator.present.report import MAX_NOTE_CHARS, build_pdf


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


def buttons(res: Results, state: AppState, audiences: tuple[str, ...]) -> None:
    """A download button per audience; the counsellor's page also has a note field."""
    note = None
    if "counsellor" in audiences:
        note = st.text_area(T("app.counsellor.note", state, n=MAX_NOTE_CHARS), max_chars=MAX_NOTE_CHARS, key="w_note")
        note = (note or "")[:MAX_NOTE_CHARS]
    cols = st.columns(len(audiences))
    stem = f"cord-blood-{state.region}-{state.lang}"
    for col, audience in zip(cols, audiences):
        col.download_button(
            T(f"app.counsellor.pdf_{audience}", state), _pdf(res, state, audience, note),
            file_name=f"{stem}-{audience}.pdf", mime="application/pdf", key=f"pdf_{audience}", icon=":material/picture_as_pdf:",
            on_click="ignore",
        )
