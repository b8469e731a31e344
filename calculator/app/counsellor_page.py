"""The counsellors' page, in the order of a consultation: the family and its verdict, the
answer for each HLA result while the typing is unknown, the full comparison, the relatives
as modelled, the check against published observations, the uncertainty charts, then the
parameter editor (in an expander, grouped as the assumption files group the numbers) and
save/load/share.

This module holds the page's order, the parameter editor and the uncertainty charts; the
tables are in :mod:`calculator.app.counsellor_tables`, saving, loading and sharing in
:mod:`calculator.app.counsellor_files`."""

from __future__ import annotations

import streamlit as st

from calculator.analysis.psa import PSAResult
from calculator.analysis.results import Results
from calculator.analysis.sensitivity import SensitivityResult
from calculator.app import render as ui
from calculator.app import sidebar as inputs
from calculator.app.charts import chart, draw_chart
from calculator.app.common import (
    CACHE_TTL_S,
    PSA_DRAWS,
    PSA_SEED,
    T,
    lazy_expander,
    psa_for,
    results_for,
    scenario_key,
    sensitivity_for,
    shared_figure,
)
from calculator.app.counsellor_files import save_load_share
from calculator.app.counsellor_tables import (
    comparison_table,
    conditional_answer,
    family_and_verdict,
    relatives_table,
    validation_table,
)
from calculator.app.state import (
    APP_PSA_DRAWS,
    OFFER_PARAMETERS,
    AppState,
    default_state,
    editable_parameters,
    saved_scenario,
    second_offer_state,
    set_parameter,
)
from calculator.app.values_step import record_inputs, second_offer_input
from calculator.content import counsellor_tables as tables
from calculator.content import decision_aid_document
from calculator.content.chart_spec import uncertainty_pair
from calculator.content.i18n import t
from calculator.content.words import Words
from calculator.inputs.assumptions import EDITOR_GROUPS, load_region
from calculator.inputs.scenario_values import MAX_SEED
from calculator.present import web_charts as F


def grouped_parameters(region: str) -> dict[str, list[str]]:
    """Editable parameters (not the offer) by their group in the assumption files, in file order."""
    a = load_region(region)
    names = [n for n in editable_parameters(region) if n not in OFFER_PARAMETERS]
    return {g: [n for n in names if a[n].group == g] for g in EDITOR_GROUPS}


def parameter_editor(state: AppState) -> AppState:
    """Every parameter with unit, range and source; changes go into the state (and the URL)."""
    a = load_region(state.region)
    w = Words(state.lang, a.currency)
    st.caption(T("app.counsellor.offer_in_sidebar", state))
    groups = grouped_parameters(state.region)
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


#: Names the analyses use besides parameters: (text key of the label, unit; CUR = currency).
PSEUDO = {
    "p_family_use_private": ("text.p_family_use", "probability"),
    "pv_cost_private": ("text.pv_cost", "CUR"),
    "max_fee_pv": ("app.counsellor.threshold_max_fee", "CUR"),
    "min_p_family_use": ("app.counsellor.threshold_min_p", "probability"),
}
PSEUDO_UNITS = {k: v[1] for k, v in PSEUDO.items()}


def analysis_labels(state: AppState) -> dict[str, str]:
    """Labels of every name an analysis may use, in the page's language."""
    labels = {n: p.label_in(state.lang) for n, p in load_region(state.region).parameters.items()}
    labels.update({k: t(key, state.lang) for k, (key, _) in PSEUDO.items()})
    return labels


def axis_units(region: str) -> dict[str, str]:
    """``probability`` or ``money`` for every name an analysis may put on an axis."""
    out = {n: ("probability" if p.unit == "probability" else "money" if p.unit.startswith(("CNY", "USD")) else "")
           for n, p in load_region(region).parameters.items()}
    out.update({k: "probability" if u == "probability" else "money" for k, u in PSEUDO_UNITS.items()})
    return out


def _family_point(res: Results, name: str) -> float | None:
    if name == "p_family_use_private":
        return float(res.strategies["private"].p_family_use)
    if name == "pv_cost_private":
        return float(res.strategies["private"].pv_cost)
    v = res.parameters.get(name)
    return None if v is None else float(v)


@st.cache_resource(max_entries=128, ttl=CACHE_TTL_S, show_spinner=False)
def _sensitivity_figures(key: str, region: str, lang: str, _sens: SensitivityResult, _res: Results) -> tuple:
    """Both tornado diagrams and the two-way chart of one family's inputs (built once, only read
    after; ``key`` stands for the unhashed analysis)."""
    sens, res = _sens, _res
    cur = res.currency
    labels = analysis_labels(default_state(region, lang))
    fx, fy = _family_point(res, sens.two_way.x_name), _family_point(res, sens.two_way.y_name)
    family = (fx, fy) if fx is not None and fy is not None else None
    return tuple(shared_figure(fig) for fig in (
        F.tornado_chart(sens.tornado_nmb, labels=labels, lang=lang, currency=cur),
        F.tornado_chart(sens.tornado_cost_per_use, labels=labels, lang=lang, currency=cur),
        F.two_way_chart(sens.two_way, labels=labels, lang=lang, currency=cur, family=family, units=axis_units(region))))


@st.cache_resource(max_entries=128, ttl=CACHE_TTL_S, show_spinner=False)
def _psa_figures(key: str, lang: str, n: int, seed: int, _res: Results, _psa: PSAResult) -> tuple:
    """The cost-effectiveness plane and acceptability curve of one family's inputs and PSA draws."""
    res, psa = _res, _psa
    wtp, cur = float(res.parameters["wtp_per_qaly"]), res.currency
    pair = uncertainty_pair(res, psa)  # the comparison the verdict makes (public or directed donation)
    c = res.comparisons[f"private_vs_{pair.versus}"]
    return (shared_figure(F.ce_plane_chart(pair.plane, wtp=wtp, lang=lang, currency=cur, family=(c.delta_qaly, c.delta_cost),
                                           versus=pair.versus)),
            shared_figure(F.ceac_chart(pair.ceac, wtp=wtp, lang=lang, currency=cur, versus=pair.versus)))


def threshold_units(region: str, currency: str) -> dict[str, str]:
    """The unit of every name a threshold may be found for."""
    units = {n: p.unit for n, p in load_region(region).parameters.items()}
    units.update({k: u.replace("CUR", currency) for k, u in PSEUDO_UNITS.items()})
    return units


def uncertainty(res: Results, state: AppState) -> AppState:
    """Tornado, two-way, thresholds, cost-effectiveness plane and acceptability curve; the
    state with the analysis' draws and seed (kept in the link)."""
    lang = state.lang
    st.subheader(T("app.counsellor.analyses", state))
    sens = sensitivity_for(state)
    key = scenario_key(state)
    tornado_nmb, tornado_cpu, two_way = _sensitivity_figures(key, state.region, lang, sens, res)
    chart(tornado_nmb, state, key="chart_tornado_nmb")
    st.caption(T("app.counsellor.tornado_caption", state))
    chart(tornado_cpu, state, key="chart_tornado_cpu")
    chart(two_way, state, key="chart_two_way")
    st.caption(T("app.counsellor.two_way_caption", state))
    found = tables.thresholds(sens, Words(lang, res.currency), analysis_labels(state),
                              threshold_units(state.region, res.currency))
    if found is not None:
        ui.draw_blocks(found)
    c1, c2 = st.columns(2)
    lo, hi = APP_PSA_DRAWS
    n = c1.number_input(T("app.counsellor.psa_draws", state), min_value=lo, max_value=hi,
                        value=min(max(state.view.psa_draws or PSA_DRAWS, lo), hi), step=1000, key="psa_n")
    seed = c2.number_input(T("app.counsellor.psa_seed", state), min_value=0, max_value=MAX_SEED,
                           value=PSA_SEED if state.view.psa_seed is None else state.view.psa_seed, step=1, key="psa_seed")
    psa = psa_for(state, int(n), int(seed))
    st.markdown(tables.psa_summary(int(n), uncertainty_pair(res, psa).prob_private_cost_effective, psa.evpi, Words(lang, res.currency)))
    plane, ceac = _psa_figures(key, lang, int(n), int(seed), res, psa)
    chart(plane, state, key="chart_plane")
    chart(ceac, state, key="chart_ceac")
    st.caption(T("app.counsellor.ceac_band", state))
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
                st.subheader(section.title)
                ui.draw_blocks(section, chart=lambda b: draw_chart(b, state))
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
    with boxes[1]:
        conditional_answer(res, state)
    with boxes[2]:
        comparison_table(res, state)
    with boxes[3]:
        relatives_table(res, state)
    with boxes[4]:
        validation_table(state)
    with boxes[5]:
        state = uncertainty(res, state)
    with boxes[6]:
        state = consultation_record(res, state)
    save_load_share(state)
    return res, state
