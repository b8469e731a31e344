"""The web app: read the inputs (URL, side panel) -> run the model -> figure builders -> render.

The only package that imports streamlit. The entry point is ``streamlit run app.py`` at the
repository root, which calls :func:`main`.
"""

import gc

import streamlit as st

from calculator.app import common
from calculator.app import counsellor_page as counsellor
from calculator.app import parent_page as parent
from calculator.app import pdf_buttons as report
from calculator.app import sidebar as inputs
from calculator.app.html_lang import lang_script
from calculator.app.panel import RESULTS
from calculator.app.typography import CSS
from calculator.content.i18n import t


def declare_language(lang: str) -> None:
    """Set ``<html lang>`` to the page's language, and add the page's style sheet
    (:mod:`calculator.app.typography`), in one element (each element costs the server on every
    run). ``st.html`` runs the script in the page itself (Streamlit's public API,
    ``unsafe_allow_javascript``): one of the fixed scripts of :mod:`calculator.app.html_lang`,
    which the proxy's Content-Security-Policy allows by hash (inline styles are allowed)."""
    st.html(f"<style>{CSS}</style><script>{lang_script(lang)}</script>", unsafe_allow_javascript=True)

# Runs once per server process (Python keeps this module imported across page runs). The
# objects created so far (streamlit, numpy, plotly, the parameter files) live as long as the
# process: moved out of the garbage collector's sight, its full collections stop walking them
# on every page run (with Streamlit's own collection after each run turned off in
# .streamlit/config.toml, an occasional full collection cost 150 ms; now a few ms).
gc.freeze()
# Python collects its youngest objects after every 700 net new ones (its default): a page run
# makes several thousand that live until the run ends, so they were examined, moved to older
# generations and examined again (9-10 full collections of 35 ms each in 1,200 page runs;
# 0.58 ms a run, about 8 % of the server's CPU). After 20,000, a run's own objects are mostly
# gone before a collection looks at them: collection time halved, server CPU per run 0.90-0.93
# of before with 200 sessions (benchmarks/load.py, docs/measurements.md), memory 5 % more.
gc.set_threshold(20_000, 10, 10)


def main() -> None:
    state = inputs.current_state()
    st.set_page_config(page_title=t("app.page_title", state.lang), page_icon="🩸", layout="wide")
    state = inputs.draw_panel(state)
    st.title(common.T("app.title", state))
    st.caption(common.T("app.subtitle", state) + " " + common.T("app.side.mobile_hint", state))
    common.show_notices(inputs.notices(), state)
    common.show_flash(state)
    results()
    declare_language(state.lang)


@st.fragment(key=RESULTS)
def results() -> None:
    """Everything that follows from the family's inputs. A change in the side panel reruns
    only this (:mod:`calculator.app.panel`); language, page and region run the whole page."""
    state = inputs.panel_state()
    if state.page == "counsellor":
        res, state = counsellor.render(state)
        report.buttons(res, state, ("parent", "counsellor"))
    else:
        res = common.results_for(state)
        # the PDF right after what to do next (within a phone's first two screens)
        state = parent.render(res, state, pdf_button=lambda: report.buttons(res, state, ("parent",)))
    parent.footer(res, state)
    inputs.save(state)
