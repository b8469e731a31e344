"""The counsellors' page: parameter editor, comparison table, uncertainty, save/load/share."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from calculator.analysis.psa import PSAResult
from calculator.analysis.results import Results
from calculator.analysis.sensitivity import SensitivityResult
from calculator.app import sidebar as inputs
from calculator.app.common import (
    CACHE_TTL_S,
    PROBABILITY_UNITS,
    PSA_DRAWS,
    PSA_SEED,
    T,
    format_value,
    psa_for,
    results_for,
    scenario_key,
    sensitivity_for,
)
from calculator.app.notices import Notice
from calculator.app.parent_page import TOOL_CONFIG as CHART_CONFIG
from calculator.app.state import (
    OFFER_PARAMETERS,
    AppState,
    editable_parameters,
    set_parameter,
    state_from_scenario_text,
    to_query,
    to_scenario,
)
from calculator.inputs.assumptions import EDITOR_GROUPS, load_region
from calculator.inputs.scenario import MAX_SCENARIO_BYTES, MAX_SEED, dump_scenario
from calculator.present import web_charts as F
from calculator.present.i18n import t
from calculator.present.numbers import format_money, format_one_in, format_pct, format_qaly
from calculator.present.units import unit_name


def grouped_parameters(region: str) -> dict[str, list[str]]:
    """Editable parameters (not the offer) by their group in the assumption files, in file order."""
    a = load_region(region)
    names = [n for n in editable_parameters(region) if n not in OFFER_PARAMETERS]
    return {g: [n for n in names if a[n].group == g] for g in EDITOR_GROUPS}


def parameter_editor(state: AppState) -> AppState:
    """Every parameter with unit, range and source; changes go into the state (and the URL)."""
    a = load_region(state.region)
    st.subheader(T("app.counsellor.params", state))
    st.caption(T("app.counsellor.offer_in_sidebar", state))
    groups = grouped_parameters(state.region)
    tabs = st.tabs([T(f"app.counsellor.group_{g}", state) for g in groups])
    for tab, names in zip(tabs, groups.values()):
        with tab:
            cols = st.columns(2)
            for i, name in enumerate(names):
                p = a[name]
                lo, hi = p.bounds
                with cols[i % 2]:
                    src = t(f"source_type.{p.source_type}", state.lang)
                    help_text = p.source_in(state.lang) + (f" {p.url}" if p.url else "")
                    v = inputs.parameter_input(name, state, f"w_p_{name}", help=help_text)
                    state = set_parameter(state, name, v)
                    extra = f" {T('app.counsellor.as_one_in', state, p=v)}" if p.unit in PROBABILITY_UNITS and 0 < v < 0.1 else ""
                    st.caption(T("app.counsellor.plausible", state, low=format_value(p.low, p.unit, state),
                                 high=format_value(p.high, p.unit, state), lo=f"{lo:g}", hi=f"{hi:g}",
                                 unit=unit_name(p.unit, state.lang, a.currency))
                               + extra + f" · {src}")
    if state.params:
        st.caption(T("app.counsellor.changed_count", state, n=len(state.params)))
    if st.button(T("app.counsellor.reset", state), key="reset_params", icon=":material/restart_alt:"):
        inputs.replace_state(state.with_(params={}))
        st.session_state["_flash"] = "app.counsellor.reset_done"
        st.rerun()
    return state


def comparison_table(res: Results, state: AppState) -> None:
    """Every option and every comparison, as numbers people read."""
    lang, cur = state.lang, res.currency

    def money(x):
        return t("text.not_reachable", lang) if x is None else format_money(x, cur, lang)

    st.subheader(T("app.counsellor.comparison", state))
    rows = []
    for name in ("private", "public", "none"):
        s = res.strategies[name]
        rows.append({
            T("app.counsellor.col_option", state): t(f"strategy.{name}", lang),
            T("app.counsellor.col_p_use", state): format_one_in(s.p_family_use, lang),
            T("app.counsellor.col_pv_cost", state): money(s.pv_cost),
            T("app.counsellor.col_nominal", state): money(s.nominal_cost),
            T("app.counsellor.col_ly", state): f"{s.life_years_gained:.3g}",
            T("app.counsellor.col_qaly", state): format_qaly(s.qalys_gained, lang),
            T("app.counsellor.col_helped", state): format_one_in(s.expected_patients_helped, lang)
            if s.expected_patients_helped else "\u2014",
        })
    st.table(rows, hide_index=True, border="horizontal")

    cp, cn = res.comparisons["private_vs_public"], res.comparisons["private_vs_none"]
    th = res.thresholds
    q, v = T("app.counsellor.col_quantity", state), T("app.counsellor.col_value", state)
    pr = res.strategies["private"]
    facts = [
        (t("text.p_child_use", lang), format_one_in(pr.p_child_use, lang)),
        (t("text.p_sibling_use", lang), format_one_in(pr.p_sibling_use, lang)),
        (t("text.p_family_use", lang), format_one_in(pr.p_family_use, lang)),
        (t("text.cost_per_use", lang), money(res.cost_per_family_use)),
        (t("text.qaly_gain", lang), format_qaly(cp.delta_qaly, lang)),
        (t("text.icer", lang), money(cp.icer) if cp.icer is not None else t("text.dominated", lang)),
        (t("text.nmb", lang), money(cp.nmb)),
        (t("text.nmb_vs_none", lang), money(cn.nmb)),
        (T("app.counsellor.threshold_max_fee", state), money(th.max_fee_pv)),
        (T("app.counsellor.threshold_min_p", state),
         format_one_in(th.min_p_family_use, lang) if th.min_p_family_use is not None else t("text.not_reachable", lang)),
    ]
    st.table([{q: a, v: b} for a, b in facts], hide_index=True, border="horizontal")
    if res.siblings:
        st.markdown(f"**{T('app.counsellor.siblings_table', state)}**")
        st.table([{
            T("app.counsellor.col_sibling", state): s.index,
            T("app.counsellor.col_condition", state): t(f"condition.{s.condition}", lang),
            T("app.counsellor.col_weight", state): f"{s.weight_used_kg:g}",
            T("app.counsellor.col_hla", state): t(f"hla.{s.hla_match}", lang),
            T("app.counsellor.col_p_need", state): format_pct(s.p_need, lang),
            T("app.counsellor.col_p_match", state): format_pct(s.p_match, lang),
            T("app.counsellor.col_p_unaffected", state): format_pct(s.p_unaffected, lang),
            T("app.counsellor.col_p_dose", state): format_pct(s.p_dose_adequate, lang),
            T("app.counsellor.col_p_use_sib", state): format_one_in(s.p_use, lang),
        } for s in res.siblings], hide_index=True, border="horizontal")


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


@st.cache_resource(max_entries=128, ttl=CACHE_TTL_S, show_spinner=False)
def _sensitivity_figures(key: str, region: str, lang: str, _sens: SensitivityResult, _cur: str) -> tuple:
    """Both tornado diagrams and the two-way chart of one family's inputs (built once, only read
    after; ``key`` stands for the unhashed analysis)."""
    sens, cur = _sens, _cur
    labels = analysis_labels(AppState(lang=lang, region=region))
    return (F.tornado_chart(sens.tornado_nmb, labels=labels, lang=lang, currency=cur),
            F.tornado_chart(sens.tornado_cost_per_use, labels=labels, lang=lang, currency=cur),
            F.two_way_chart(sens.two_way, labels=labels, lang=lang, currency=cur))


@st.cache_resource(max_entries=128, ttl=CACHE_TTL_S, show_spinner=False)
def _psa_figures(key: str, lang: str, n: int, seed: int, _res: Results, _psa: PSAResult) -> tuple:
    """The cost-effectiveness plane and acceptability curve of one family's inputs and PSA draws."""
    res, psa = _res, _psa
    wtp, cur = float(res.parameters["wtp_per_qaly"]), res.currency
    return (F.ce_plane_chart(psa.plane, wtp=wtp, lang=lang, currency=cur),
            F.ceac_chart(psa.ceac, wtp=wtp, lang=lang, currency=cur))


def uncertainty(res: Results, state: AppState) -> None:
    """Tornado, two-way, thresholds, cost-effectiveness plane and acceptability curve."""
    lang, cur = state.lang, res.currency
    a = load_region(state.region)
    labels = analysis_labels(state)
    st.subheader(T("app.counsellor.analyses", state))
    sens = sensitivity_for(state)
    key = scenario_key(state)
    tornado_nmb, tornado_cpu, two_way = _sensitivity_figures(key, state.region, lang, sens, cur)
    st.plotly_chart(tornado_nmb, config=CHART_CONFIG, key="chart_tornado_nmb")
    st.plotly_chart(tornado_cpu, config=CHART_CONFIG, key="chart_tornado_cpu")
    st.caption(T("app.counsellor.tornado_caption", state))
    st.plotly_chart(two_way, config=CHART_CONFIG, key="chart_two_way")
    if sens.thresholds:
        st.markdown(f"**{T('app.counsellor.thresholds', state)}**")
        lines = []
        for th in sens.thresholds:
            unit = a[th.name].unit if th.name in a else PSEUDO_UNITS.get(th.name, "").replace("CUR", cur)
            val = format_value(th.value, unit, state) if th.value is not None else t("text.not_reachable", lang)
            lines.append("- " + T("app.counsellor.threshold_from_analysis", state, label=labels.get(th.name, th.name),
                                  value=val, base=format_value(th.base_value, unit, state),
                                  within=T("app.counsellor." + ("within" if th.within_range else "outside"), state)))
        st.markdown("\n".join(lines))
    c1, c2 = st.columns(2)
    n = c1.number_input(T("app.counsellor.psa_draws", state), min_value=100, max_value=100_000, value=PSA_DRAWS, step=1000,
                        key="psa_n")
    seed = c2.number_input(T("app.counsellor.psa_seed", state), min_value=0, max_value=MAX_SEED, value=PSA_SEED, step=1,
                           key="psa_seed")
    psa = psa_for(state, int(n), int(seed))
    st.markdown(T("app.counsellor.psa_summary", state, n=int(n), p=float(psa.prob_private_cost_effective),
                  evpi=float(psa.evpi)))
    left, right = st.columns(2)
    plane, ceac = _psa_figures(key, lang, int(n), int(seed), res, psa)
    with left:
        st.plotly_chart(plane, config=CHART_CONFIG, key="chart_plane")
    with right:
        st.plotly_chart(ceac, config=CHART_CONFIG, key="chart_ceac")


def save_load_share(state: AppState) -> None:
    """Download the scenario (CLI format), load one back, and the shareable link."""
    st.subheader(T("app.counsellor.save", state))
    scenario = to_scenario(state)
    c1, c2 = st.columns(2)
    c1.download_button(T("app.counsellor.save_yaml", state), dump_scenario(scenario, "yaml"), file_name="scenario.yaml",
                       mime="application/x-yaml", key="save_yaml", icon=":material/download:")
    c2.download_button(T("app.counsellor.save_json", state), dump_scenario(scenario, "json"), file_name="scenario.json",
                       mime="application/json", key="save_json", icon=":material/download:")
    up = st.file_uploader(T("app.counsellor.load", state), type=["yaml", "yml", "json"], key="upload_scenario",
                          max_upload_size=1)
    if up is not None and st.session_state.get("_loaded_file") != up.file_id:
        st.session_state["_loaded_file"] = up.file_id
        raw = up.getvalue()[: MAX_SCENARIO_BYTES + 1]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            new, notices = state, [Notice("file_unreadable")]
        else:
            fmt = {"json": "json", "yaml": "yaml", "yml": "yaml"}.get((up.name or "").rsplit(".", 1)[-1].lower(), "auto")
            new, notices = state_from_scenario_text(text, lang=state.lang, page=state.page, fmt=fmt)
        inputs.replace_state(new, notices)
        st.session_state["_flash"] = "app.counsellor.load_done"
        st.rerun()
    st.markdown(f"**{T('app.counsellor.share', state)}**")
    st.caption(T("app.counsellor.share_help", state))
    st.code(share_link(state), language=None, wrap_lines=True)


def share_link(state: AppState) -> str:
    """The page's address with every input in its query string."""
    try:
        base = st.context.url or ""
    except Exception:  # noqa: BLE001
        base = ""
    parts = urlsplit(base)
    if not parts.scheme:
        return "?" + urlencode(to_query(state))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(to_query(state)), ""))


def render(state: AppState) -> tuple[Results, AppState]:
    """The page; the verdict on top is filled in after the editor has read its inputs."""
    st.header(T("app.counsellor.header", state))
    st.caption(T("app.counsellor.intro", state))
    verdict_slot = st.empty()
    state = parameter_editor(state)
    res = results_for(state)
    verdict_slot.info(f"**{T('verdict.' + res.recommendation.code, state)}**")
    comparison_table(res, state)
    uncertainty(res, state)
    save_load_share(state)
    return res, state
