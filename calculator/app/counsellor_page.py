"""The counsellors' page, in the order of a consultation: the family and its verdict, the
answer for each HLA result while the typing is unknown, the full comparison, the relatives
as modelled, the check against published observations, the uncertainty charts, then the
parameter editor (in an expander, grouped as the assumption files group the numbers) and
save/load/share.

This module holds the page's order and the parameter editor; it draws the uncertainty
charts (:mod:`calculator.content.counsellor_analyses` builds them with their captions); the
tables are in :mod:`calculator.app.counsellor_tables`, saving, loading and sharing in
:mod:`calculator.app.counsellor_files`."""

from __future__ import annotations

import streamlit as st

from calculator.analysis.results import Results
from calculator.app import render as ui
from calculator.app import sidebar as inputs
from calculator.app.charts import draw_chart
from calculator.app.common import (
    PSA_DRAWS,
    PSA_SEED,
    T,
    lazy_expander,
    psa_for,
    results_for,
    section_of,
    sensitivity_for,
    words,
)
from calculator.app.counsellor_files import save_load_share
from calculator.app.counsellor_tables import draw_section, family_and_verdict, validation
from calculator.app.state import (
    APP_PSA_DRAWS,
    NOT_EDITABLE,
    AppState,
    saved_scenario,
    second_offer_state,
    set_parameter,
)
from calculator.app.values_step import record_inputs, second_offer_input
from calculator.content import counsellor_analyses as analyses
from calculator.content import counsellor_tables as tables
from calculator.content import decision_aid_document
from calculator.inputs.assumptions import EDITOR_GROUPS, load_region
from calculator.inputs.offers import OFFER_FIELDS
from calculator.inputs.scenario_values import MAX_SEED


def parameter_editor(state: AppState) -> AppState:
    """Every parameter with unit, range and source; changes go into the state (and the URL)."""
    a, w = load_region(state.region), words(state)
    st.caption(T("app.counsellor.offer_in_sidebar", state))
    # the editable parameters by their group in the assumption files, in file order (not the offer: the side panel's)
    editable = [n for n in a.parameters if n not in NOT_EDITABLE and n not in OFFER_FIELDS]
    groups = {g: [n for n in editable if a[n].group == g] for g in EDITOR_GROUPS}
    tabs = st.tabs([T(f"app.counsellor.group_{g}", state) for g in groups])
    for tab, names in zip(tabs, groups.values()):
        with tab:
            cols = st.columns(2)
            for i, name in enumerate(names):
                p = a[name]
                with cols[i % 2]:
                    help_text = p.source_in(state.lang) + (f" {p.url}" if p.url else "")
                    v = inputs.parameter_input(name, state, f"w_p_{name}", help=help_text)
                    state = set_parameter(state, name, v)
                    st.caption(tables.editor_caption(p, v, w))
    if state.overrides:
        st.caption(tables.changed_count(len(state.overrides), w))
    if st.button(T("app.counsellor.reset", state), key="reset_params", icon=":material/restart_alt:"):
        inputs.replace_state(state.with_scenario(parameters={k: v for k, v in state.params.items()
                                                          if k not in state.overrides}))
        st.session_state["_flash"] = "app.counsellor.reset_done"
        st.rerun()
    return state


def uncertainty(res: Results, state: AppState) -> AppState:
    """Tornado, two-way, thresholds, cost-effectiveness plane and acceptability curve
    (:mod:`calculator.content.counsellor_analyses`); the state with the analysis' draws and
    seed (kept in the link)."""
    w = words(state)
    draw = lambda b: draw_chart(b, state)  # noqa: E731
    # the sections (their chart specs) are built once per family, language and draws, as on the parents' page
    ui.draw_blocks(section_of("sensitivity", state, lambda: analyses.sensitivity(res, sensitivity_for(state), w)),
                   title=True, chart=draw)
    c1, c2 = st.columns(2)
    lo, hi = APP_PSA_DRAWS
    n = c1.number_input(T("app.counsellor.psa_draws", state), min_value=lo, max_value=hi,
                        value=min(max(state.view.psa_draws or PSA_DRAWS, lo), hi), step=1000, key="psa_n")
    seed = c2.number_input(T("app.counsellor.psa_seed", state), min_value=0, max_value=MAX_SEED,
                           value=PSA_SEED if state.view.psa_seed is None else state.view.psa_seed, step=1, key="psa_seed")
    ui.draw_blocks(section_of(f"psa_{int(n)}_{int(seed)}", state,
                              lambda: analyses.probabilistic(res, psa_for(state, int(n), int(seed)), w)), chart=draw)
    return state.with_(psa_draws=None if int(n) == PSA_DRAWS else int(n),
                       psa_seed=None if int(seed) == PSA_SEED else int(seed))


def consultation_record(res: Results, state: AppState) -> AppState:
    """The consultation's record (date, note: kept in the link and the saved file only), a
    second offer to compare, the record as the PDF prints it, the pedigree and the two offers
    side by side: folded, made only when opened."""
    with (box := lazy_expander(T("record.title", state), "record", icon=":material/assignment:")):
        if box.open:
            state = second_offer_input(record_inputs(state))
            second = second_offer_state(state)
            offer2 = results_for(second) if second is not None else None
            for section in decision_aid_document.counsellor_record(res, state.lang, saved_scenario(state), offer2):
                ui.draw_blocks(section, title=True, chart=lambda b: draw_chart(b, state))
    return state


def render(state: AppState) -> tuple[Results, AppState]:
    """The page in the order of a consultation. The editor's widgets are read first (into its
    expander near the bottom), so every section above already shows the edited numbers."""
    st.header(T("app.counsellor.header", state))
    st.caption(T("app.counsellor.intro", state))
    boxes = [st.container() for _ in range(7)]
    # every parameter's input is made only while the editor is open (closed, the values the
    # counsellor set stay in the state and the URL; opened, the inputs start from them)
    editor = lazy_expander(T("app.counsellor.params", state), "editor", icon=":material/tune:")
    with editor:
        if editor.open:
            state = parameter_editor(state)
    res = results_for(state)
    with boxes[0]:
        family_and_verdict(res, state)
    w = words(state)
    with boxes[1]:  # while a relative's HLA type is unknown: the answer if the baby is a match, and if not
        draw_section(tables.conditional(res, w))
    with boxes[2]:
        draw_section(tables.comparison(res, w), "comparison", "facts")
    with boxes[3]:
        draw_section(tables.relatives(res, w), "relatives")
    with boxes[4]:
        # cards on a phone like the other tables (as a plain table its 7 columns left the first
        # one two Chinese characters wide and the sources behind a sideways scroll)
        draw_section(tables.validation(validation(), w), "validation")
    with boxes[5]:
        state = uncertainty(res, state)
    with boxes[6]:
        state = consultation_record(res, state)
    save_load_share(state)
    return res, state
