"""PDF download buttons (when :mod:`calculator.report` is part of this version)."""

from __future__ import annotations

import importlib

import streamlit as st

from calculator.results import Results
from calculator.webstate import AppState

from .common import T, psa_for, sensitivity_for

NOTE_MAX_CHARS = 600


def _build_pdf():
    try:
        return importlib.import_module("calculator.report").build_pdf
    except Exception:  # noqa: BLE001 - a missing or broken report module must not break the page
        return None


def _pdf(res: Results, state: AppState, audience: str, note: str | None):
    build = _build_pdf()

    def make() -> bytes:
        if audience == "counsellor":
            res.sensitivity = sensitivity_for(state)
            res.psa = psa_for(state)
        return build(res, lang=state.lang, audience=audience, note=note or None)

    return make


def buttons(res: Results, state: AppState, audiences: tuple[str, ...]) -> None:
    """A download button per audience; the counsellor's page also has a note field."""
    if _build_pdf() is None:
        st.caption(T("app.counsellor.pdf_pending", state))
        return
    note = None
    if "counsellor" in audiences:
        note = st.text_area(T("app.counsellor.note", state, n=NOTE_MAX_CHARS), max_chars=NOTE_MAX_CHARS, key="w_note")
        note = (note or "")[:NOTE_MAX_CHARS]
    cols = st.columns(len(audiences))
    stem = f"cord-blood-{state.region}-{state.lang}"
    for col, audience in zip(cols, audiences):
        col.download_button(
            T(f"app.counsellor.pdf_{audience}", state), _pdf(res, state, audience, note),
            file_name=f"{stem}-{audience}.pdf", mime="application/pdf", key=f"pdf_{audience}", icon=":material/picture_as_pdf:",
            on_click="ignore",
        )

