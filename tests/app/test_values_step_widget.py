"""The values step, the record fields and the second offer as widgets (Streamlit's AppTest on a
small page that calls them as the app's pages will): seeded from the state, answers returned in
the state, cleared by the button, in both languages."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

PAGE = '''
import streamlit as st
from calculator.app.state import AppState
from calculator.app.url_state import parse_query, to_query
from calculator.app.values_step import record_inputs, second_offer_input, values_step

if "_s" not in st.session_state:
    st.session_state["_s"] = parse_query({k: st.query_params[k] for k in st.query_params})[0]
state = st.session_state["_s"]
state = values_step(state)
state = record_inputs(state)
state = second_offer_input(state)
st.session_state["_s"] = state
st.session_state["_q"] = to_query(state)
'''


def _run(query):
    at = AppTest.from_string(PAGE, default_timeout=30)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_widgets_are_seeded_from_the_link_and_give_the_answers_back(lang):
    from calculator.content.i18n import t

    at = _run({"lang": lang, "v_money": "very", "date": "2026-12-03", "note": "hello", "offer2": "cn_beijing"})
    labels = [w.label for w in at.button_group]
    assert labels == [t(f"values.statement.{s}", lang) for s in ("own_use", "relative", "others", "money", "peace")]
    assert at.button_group[3].value == "very" and at.button_group[0].value is None
    assert at.text_area[0].value == "hello"
    assert at.session_state["_q"]["v_money"] == "very" and at.session_state["_q"]["note"] == "hello"
    assert at.session_state["_q"]["offer2"] == "cn_beijing"
    at.button_group[0].set_value("somewhat").run()
    at.text_area[0].input("line one\nline two").run()
    q = at.session_state["_q"]
    assert q["v_own_use"] == "somewhat" and q["note"] == "line one\nline two" and q["date"] == "2026-12-03"


def test_the_clear_button_clears_every_answer():
    at = _run({"v_money": "very", "v_peace": "not"})
    at.button[0].click().run()
    assert not at.exception
    q = at.session_state["_q"]
    assert "v_money" not in q and "v_peace" not in q
    assert all(w.value is None for w in at.button_group)
