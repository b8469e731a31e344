"""Cord blood storage decision calculator: the web app (``streamlit run app.py``).

Thin by design: read the inputs (URL, side panel) -> run the model -> figure builders ->
render. The model is :mod:`calculator`; Streamlit code lives in :mod:`views`.
"""

import streamlit as st

from calculator.i18n import t
from views import common, counsellor, inputs, parent, report


def main() -> None:
    state = inputs.current_state()
    st.set_page_config(page_title=t("app.page_title", state.lang), page_icon="🩸", layout="wide")
    state = inputs.sidebar(state)
    st.title(common.T("app.title", state))
    st.caption(common.T("app.subtitle", state) + " " + common.T("app.side.mobile_hint", state))
    common.show_notices(inputs.notices(), state)
    common.show_flash(state)
    if state.page == "counsellor":
        results, state = counsellor.render(state)
        report.buttons(results, state, ("parent", "counsellor"))
    else:
        results = common.results_for(state)
        parent.render(results, state)
        report.buttons(results, state, ("parent",))
    parent.footer(results, state)
    inputs.save(state)


main()
