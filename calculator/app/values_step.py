"""The values step on the parents' page, the counsellor's record fields and the second offer
(issue 22): Streamlit widgets that read and return the app's state.

Each widget is seeded from the state (so a link or a loaded file fills it) and keyed per
language (``w_values_<statement>_<lang>``, ...), like the side panel's widgets; the answers go
back into the state, which the page writes into the link (:func:`calculator.app.sidebar.save`).
Nothing here is written anywhere else: the record note lives only in the state, the link and
a saved file. Texts: ``locales/values.<lang>.yaml``.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from calculator.app.common import words
from calculator.app.pdf_buttons import note_message
from calculator.app.sidebar import seed
from calculator.app.state import AppState, answers, choose_second_offer, set_record, set_value
from calculator.content import counsellor_tables
from calculator.content.i18n import t
from calculator.inputs.errors import InputError
from calculator.inputs.offers import offers_for
from calculator.inputs.scenario_schema import FamilyValues
from calculator.inputs.scenario_values import (
    EARLIEST_CONSULTATION_DATE,
    IMPORTANCES,
    MAX_RECORD_NOTE_CHARS,
    MAX_RECORD_NOTE_LINES,
    latest_consultation_date,
)
from calculator.present.pdf import check_note


def value_key(statement: str, lang: str) -> str:
    """The widget key of one statement (per language: the options' labels change with it)."""
    return f"w_values_{statement}_{lang}"


def values_step(state: AppState) -> AppState:
    """The values step: one row of choices per statement (not / somewhat / very important;
    none chosen: not answered). Returns the state with the answers."""
    lang = state.lang
    st.markdown(f"#### {t('values.step.title', lang)}")
    st.caption(t("values.step.intro", lang))
    for statement in FamilyValues.model_fields:
        key = value_key(statement, lang)
        seed(key, answers(state).get(statement))
        answer = st.segmented_control(
            t(f"values.statement.{statement}", lang), IMPORTANCES, key=key,
            format_func=lambda x: t(f"values.scale.{x}", lang))
        state = set_value(state, statement, answer if answer in IMPORTANCES else None)
    if answers(state):
        st.button(t("values.step.clear", lang), key=f"w_values_clear_{lang}", icon=":material/backspace:",
                  on_click=_clear, args=(lang,))
    return state


def _clear(lang: str) -> None:
    """Every answer back to "not answered" (a callback: it runs before the next page run, so
    the widgets and then the state and the link read the cleared answers)."""
    for statement in FamilyValues.model_fields:
        st.session_state[value_key(statement, lang)] = None


def record_inputs(state: AppState) -> AppState:
    """The counsellor's record: the consultation's date and a note (the PDF's note as well:
    the coordinator passes the scenario's ``record_note`` to the PDF). Returns the state with them."""
    lang = state.lang
    st.markdown(f"#### {t('record.title', lang)}")
    key_date, key_note = f"w_record_date_{lang}", f"w_record_note_{lang}"  # per language, as the labels
    seed(key_date, state.scenario.consultation_date)
    seed(key_note, state.scenario.record_note or "")
    day = st.date_input(t("record.date", lang), key=key_date, min_value=EARLIEST_CONSULTATION_DATE,
                        max_value=latest_consultation_date(), format="YYYY-MM-DD",
                        help=t("record.date_help", lang))
    note = st.text_area(t("record.note", lang), key=key_note, max_chars=MAX_RECORD_NOTE_CHARS,
                        help=t("record.note_help", lang, chars=MAX_RECORD_NOTE_CHARS, lines=MAX_RECORD_NOTE_LINES))
    st.caption(counsellor_tables.note_count(note or "", MAX_RECORD_NOTE_CHARS, MAX_RECORD_NOTE_LINES, words(state)))
    try:
        check_note(note or None)  # the PDF prints the note: what it cannot print is said here, by name
    except InputError as exc:
        st.error(note_message(exc, state), icon=":material/error:")
    return set_record(state, consultation_date=day.isoformat() if isinstance(day, dt.date) else None,
                      record_note=note or None)


def second_offer_input(state: AppState) -> AppState:
    """The second offer a counsellor sets beside the first (none: no comparison)."""
    lang = state.lang
    presets = offers_for(state.region)
    key = f"w_offer2_{state.region}_{lang}"
    seed(key, state.scenario.second_offer if state.scenario.second_offer in presets else "")
    picked = st.selectbox(t("offers2.title", lang), ("", *presets), key=key,
                          format_func=lambda x: presets[x].label_in(lang) if x else t("offers2.none", lang))
    return choose_second_offer(state, picked or None)
