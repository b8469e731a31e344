"""The counsellors' page, in the order of a consultation: the family and its verdict, the
answer for each HLA result while the typing is unknown, the full comparison, the relatives
as modelled, the check against published observations, the uncertainty charts, then the
parameter editor (in an expander, grouped as the assumption files group the numbers) and
save/load/share."""

from __future__ import annotations

import datetime as dt
import html
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from calculator.analysis.psa import PSAResult
from calculator.analysis.results import Results
from calculator.analysis.sensitivity import SensitivityResult
from calculator.analysis.validation import ValidationResult, validate
from calculator.app import sidebar as inputs
from calculator.app.common import (
    CACHE_TTL_S,
    PROBABILITY_UNITS,
    PSA_DRAWS,
    PSA_SEED,
    T,
    psa_for,
    results_for,
    scenario_key,
    sensitivity_for,
)
from calculator.app.notices import Notice, notice_text
from calculator.app.parent_page import TOOL_CONFIG as CHART_CONFIG
from calculator.app.state import (
    OFFER_PARAMETERS,
    AppState,
    editable_parameters,
    set_parameter,
    state_from_scenario_text,
    to_scenario,
)
from calculator.app.url_state import to_query
from calculator.inputs.assumptions import EDITOR_GROUPS, load_region
from calculator.inputs.scenario import dump_scenario
from calculator.inputs.scenario_schema import MAX_SCENARIO_BYTES, MAX_SEED
from calculator.present import web_charts as F
from calculator.present.i18n import t
from calculator.present.numbers import format_money, format_one_in, format_pct
from calculator.present.units import format_parameter, unit_name
from calculator.present.validation_text import value_text as validation_value
from calculator.present.web_layout import plain_number

#: Notices that mean a scenario file was not read at all (the page is left as it was).
REFUSED = frozenset({"file_too_large", "file_too_deep", "file_too_many_items", "file_number_too_long",
                     "file_unreadable", "file_not_mapping"})
#: Days in a year, to show health gains as (quality-adjusted) days.
DAYS_PER_YEAR = 365.25


def scenario_file_name(ext: str, today: dt.date | None = None) -> str:
    """The download's file name, dated: ``cord-blood-scenario-2026-11-30.yaml``."""
    return f"cord-blood-scenario-{(today or dt.date.today()).isoformat()}.{ext}"


def load_outcome(notices: list[Notice]) -> str:
    """What loading a file did: ``loaded``, ``loaded_with_dropped`` (some fields kept their
    defaults) or ``refused`` (nothing read; the page is unchanged)."""
    if any(n.code in REFUSED for n in notices):
        return "refused"
    return "loaded_with_dropped" if notices else "loaded"


def value_text(value: float, unit: str, state: AppState) -> str:
    """A parameter value as people read it, small chances also as the decimal a counsellor
    types, never in exponent form ("0.00005 (about 1 in 20,000)")."""
    text = format_parameter(value, unit, state.lang, load_region(state.region).currency)
    if unit == "probability" and 0 < value < 0.01:
        return f"{plain_number(value)}\uff08{text}\uff09" if state.lang == "zh" else f"{plain_number(value)} ({text})"
    return text


def chance_cell(p: float | None, state: AppState) -> str:
    """A chance in a table cell (HTML): "about 1 in 56" with the percentage in small type."""
    if p is None:
        return "\u2014"
    if p >= 0.9995:
        return html.escape(T("app.counsellor.certain", state))
    if p <= 0:
        return "0"
    return f"{html.escape(format_one_in(p, state.lang))} <small style='color:#555'>({html.escape(format_pct(p, state.lang))})</small>"


def days(q: float) -> str:
    """Years of (quality-adjusted) life as days, two significant figures, no exponent."""
    return plain_number(q * DAYS_PER_YEAR, 2)


def html_table(header: list[str], rows: list[list[str]], *, key: str) -> None:
    """A table whose cells may hold small markup (already escaped); the first column left-aligned,
    the others right-aligned; scrolls sideways on a phone instead of cutting."""
    head = "".join(f"<th style='text-align:{'left' if i == 0 else 'right'}'>{html.escape(h)}</th>"
                   for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f"<td style='text-align:{'left' if i == 0 else 'right'}"
                                    f"{'' if i == 0 else ';white-space:nowrap'}'>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    st.markdown(f"<div class='cb-table cb-{key}' style='overflow-x:auto'><table style='width:100%'>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>", unsafe_allow_html=True)


def grouped_parameters(region: str) -> dict[str, list[str]]:
    """Editable parameters (not the offer) by their group in the assumption files, in file order."""
    a = load_region(region)
    names = [n for n in editable_parameters(region) if n not in OFFER_PARAMETERS]
    return {g: [n for n in names if a[n].group == g] for g in EDITOR_GROUPS}


def parameter_editor(state: AppState) -> AppState:
    """Every parameter with unit, range and source; changes go into the state (and the URL)."""
    a = load_region(state.region)
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
                    st.caption(T("app.counsellor.plausible", state, low=value_text(p.low, p.unit, state),
                                 high=value_text(p.high, p.unit, state), lo=plain_number(lo), hi=plain_number(hi),
                                 unit=unit_name(p.unit, state.lang, a.currency))
                               + extra + f" · {src}")
    if state.params:
        st.caption(T("app.counsellor.changed_count", state, n=len(state.params)))
    if st.button(T("app.counsellor.reset", state), key="reset_params", icon=":material/restart_alt:"):
        inputs.replace_state(state.with_(params={}))
        st.session_state["_flash"] = "app.counsellor.reset_done"
        st.rerun()
    return state


def family_and_verdict(res: Results, state: AppState) -> None:
    """Who the family is (as modelled) and what the numbers and guidance say."""
    lang = state.lang
    st.subheader(T("app.counsellor.family", state))
    c = res.scenario.parent_carriers
    lines = [T("app.counsellor.family_carriers", state, mother=t(f"carrier.{c.mother}", lang),
               father=t(f"carrier.{c.father}", lang))]
    listed = [r for r in res.relatives if r.listed]
    for r in listed:
        lines.append(T("app.counsellor.family_relative", state, relation=t(f"relation.{r.relation}", lang),
                       n=r.index, condition=t(f"condition.{r.condition}", lang), hla=t(f"hla.{r.hla_match}", lang)))
    if not listed:
        lines.append(T("app.counsellor.family_no_relatives", state))
    st.markdown("\n".join(f"- {x}" for x in lines))
    rec = res.recommendation
    st.info(f"**{T('verdict.' + rec.code, state)}**", icon=":material/assignment:")
    with st.expander(T("app.verdict.show_reasons", state, n=len(rec.reasons))):
        st.markdown("\n".join(f"- {T('reason.' + r.id, state, **r.values)}" for r in rec.reasons))


def conditional_answer(res: Results, state: AppState) -> None:
    """While a relative's HLA type is unknown: the answer if the baby is a match, and if not, side by side."""
    cond = res.conditional
    if cond is None:
        return
    st.subheader(T("app.counsellor.conditional", state))
    st.caption(T("app.counsellor.conditional_intro", state))
    cols = st.columns(2)
    for col, key, case in ((cols[0], "if_match", cond.if_match), (cols[1], "if_mismatch", cond.if_mismatch)):
        with col, st.container(border=True):
            st.markdown(f"**{T(f'app.counsellor.{key}', state)}**")
            st.markdown(T(f"app.counsellor.short_{case.code}", state))
            st.markdown(T("app.counsellor.cond_p", state, p=case.p_family_use) + "  \n"
                        + T("app.counsellor.cond_nmb", state, currency=res.currency, nmb=case.nmb_vs_public))


STRATEGY_ORDER = ("private", "public", "directed", "none")


def comparison_table(res: Results, state: AppState) -> None:
    """Every option and every comparison, one number format per column."""
    lang, cur = state.lang, res.currency

    def money(x):
        return html.escape(t("text.not_reachable", lang) if x is None else format_money(x, cur, lang))

    st.subheader(T("app.counsellor.comparison", state))
    header = [T(f"app.counsellor.col_{c}", state) for c in ("option", "p_use", "pv_cost", "nominal", "ly_days",
                                                              "qaly_days", "helped")]
    rows = []
    for name in (n for n in STRATEGY_ORDER if n in res.strategies):
        s = res.strategies[name]
        rows.append([html.escape(t(f"strategy.{name}", lang)), chance_cell(s.p_family_use, state), money(s.pv_cost),
                     money(s.nominal_cost), days(s.life_years_gained), days(s.qalys_gained),
                     chance_cell(s.expected_patients_helped, state) if s.expected_patients_helped else "\u2014"])
    html_table(header, rows, key="comparison")
    st.caption(T("app.counsellor.comparison_note", state, years=res.horizon_years))

    pr = res.strategies["private"]
    th = res.thresholds
    facts = [
        (t("text.p_child_use", lang), chance_cell(pr.p_child_use, state)),
        (t("text.p_sibling_use", lang), chance_cell(pr.p_sibling_use, state)),
        (t("text.p_family_use", lang), chance_cell(pr.p_family_use, state)),
        (t("text.cost_per_use", lang), money(res.cost_per_family_use)),
    ]
    for other in ("public", "directed", "none"):
        c = res.comparisons.get(f"private_vs_{other}")
        if c is None:
            continue
        vs = t(f"strategy.{other}", lang)
        vs = vs[0].lower() + vs[1:] if lang == "en" else vs  # mid-sentence
        facts += [
            (T("app.counsellor.fact_days", state, other=vs), days(c.delta_qaly)),
            (T("app.counsellor.fact_icer", state, other=vs),
             money(c.icer) if c.icer is not None else html.escape(t("text.dominated", lang))),
            (T("app.counsellor.fact_nmb", state, other=vs), money(c.nmb)),
        ]
    facts += [
        (T("app.counsellor.threshold_max_fee", state), money(th.max_fee_pv)),
        (T("app.counsellor.threshold_min_p", state), chance_cell(th.min_p_family_use, state)
         if th.min_p_family_use is not None else html.escape(t("text.not_reachable", lang))),
    ]
    html_table([T("app.counsellor.col_quantity", state), T("app.counsellor.col_value", state)],
               [[html.escape(a), b] for a, b in facts], key="facts")


def relatives_table(res: Results, state: AppState) -> None:
    """Each relative as the model counts them: every factor of the chance the unit is used for them."""
    if not res.relatives:
        return
    lang = state.lang
    st.subheader(T("app.counsellor.relatives_table", state))
    header = [T(f"app.counsellor.col_{c}", state) for c in ("relative", "condition", "weight", "hla", "p_need",
                                                              "p_match", "p_unaffected", "p_dose", "p_contract",
                                                              "p_use_sib")]
    rows = []
    for r in res.relatives:
        who = t(f"relation.{r.relation}", lang) + f" {r.index}"
        if r.planned:
            who += " " + T("app.counsellor.planned", state)
        rows.append([html.escape(who), html.escape(t(f"condition.{r.condition}", lang)), plain_number(r.weight_used_kg),
                     html.escape(t(f"hla.{r.hla_match}", lang)), chance_cell(r.p_need, state),
                     chance_cell(r.p_match, state), chance_cell(r.p_unaffected, state),
                     chance_cell(r.p_dose_adequate, state), chance_cell(r.p_within_contract, state),
                     chance_cell(r.p_use, state)])
    html_table(header, rows, key="relatives")
    st.caption(T("app.counsellor.relatives_note", state, years=res.horizon_years))


@st.cache_data(max_entries=1, ttl=CACHE_TTL_S, show_spinner=False)
def _validation() -> ValidationResult:
    return validate()


def validation_table(state: AppState) -> None:
    """The calculator beside published observations (the same check as the command line's)."""
    lang = state.lang
    res = _validation()
    st.subheader(t("validation.title", lang))
    st.caption(t("validation.intro", lang))
    cols = [t(f"validation.columns.{c}", lang) for c in ("published", "model", "ratio", "band", "agrees")]
    rows = []
    for row in res.rows:
        lo, hi = row.band
        rows.append({
            T("app.counsellor.col_observation", state): t(f"validation.row.{row.id}.title", lang),
            cols[0]: validation_value(row, row.published, lang),
            cols[1]: validation_value(row, row.model, lang),
            cols[2]: f"{row.ratio:.2f}",
            cols[3]: f"{lo:.2f}\u2013{hi:.2f}" if hi != float("inf") else f"\u2265 {lo:.2f}",
            cols[4]: t("validation.agrees_yes" if row.inside else "validation.agrees_no", lang),
            T("app.counsellor.col_source", state): row.source,
        })
    st.table(rows, hide_index=True, border="horizontal")


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
    labels = analysis_labels(AppState(lang=lang, region=region))
    fx, fy = _family_point(res, sens.two_way.x_name), _family_point(res, sens.two_way.y_name)
    family = (fx, fy) if fx is not None and fy is not None else None
    return (F.tornado_chart(sens.tornado_nmb, labels=labels, lang=lang, currency=cur),
            F.tornado_chart(sens.tornado_cost_per_use, labels=labels, lang=lang, currency=cur),
            F.two_way_chart(sens.two_way, labels=labels, lang=lang, currency=cur, family=family, units=axis_units(region)))


@st.cache_resource(max_entries=128, ttl=CACHE_TTL_S, show_spinner=False)
def _psa_figures(key: str, lang: str, n: int, seed: int, _res: Results, _psa: PSAResult) -> tuple:
    """The cost-effectiveness plane and acceptability curve of one family's inputs and PSA draws."""
    res, psa = _res, _psa
    wtp, cur = float(res.parameters["wtp_per_qaly"]), res.currency
    c = res.comparisons["private_vs_public"]
    return (F.ce_plane_chart(psa.plane, wtp=wtp, lang=lang, currency=cur, family=(c.delta_qaly, c.delta_cost)),
            F.ceac_chart(psa.ceac, wtp=wtp, lang=lang, currency=cur))


def threshold_lines(sens: SensitivityResult, state: AppState, currency: str) -> list[str]:
    """One line per threshold the analysis found (only numbers that can vary)."""
    a = load_region(state.region)
    labels = analysis_labels(state)
    lines = []
    for th in sens.thresholds:
        unit = a[th.name].unit if th.name in a else PSEUDO_UNITS.get(th.name, "").replace("CUR", currency)
        val = value_text(th.value, unit, state) if th.value is not None else t("text.not_reachable", state.lang)
        lines.append(T("app.counsellor.threshold_from_analysis", state, label=labels.get(th.name, th.name),
                       value=val, base=value_text(th.base_value, unit, state),
                       within=T("app.counsellor." + ("within" if th.within_range else "outside"), state)))
    return lines


def uncertainty(res: Results, state: AppState) -> None:
    """Tornado, two-way, thresholds, cost-effectiveness plane and acceptability curve."""
    lang = state.lang
    st.subheader(T("app.counsellor.analyses", state))
    sens = sensitivity_for(state)
    key = scenario_key(state)
    tornado_nmb, tornado_cpu, two_way = _sensitivity_figures(key, state.region, lang, sens, res)
    st.plotly_chart(tornado_nmb, config=CHART_CONFIG, key="chart_tornado_nmb")
    st.caption(T("app.counsellor.tornado_caption", state))
    st.plotly_chart(tornado_cpu, config=CHART_CONFIG, key="chart_tornado_cpu")
    st.plotly_chart(two_way, config=CHART_CONFIG, key="chart_two_way")
    st.caption(T("app.counsellor.two_way_caption", state))
    lines = threshold_lines(sens, state, res.currency)
    if lines:
        st.markdown(f"**{T('app.counsellor.thresholds', state)}**")
        st.markdown("\n".join(f"- {x}" for x in lines))
    c1, c2 = st.columns(2)
    n = c1.number_input(T("app.counsellor.psa_draws", state), min_value=100, max_value=100_000, value=PSA_DRAWS, step=1000,
                        key="psa_n")
    seed = c2.number_input(T("app.counsellor.psa_seed", state), min_value=0, max_value=MAX_SEED, value=PSA_SEED, step=1,
                           key="psa_seed")
    psa = psa_for(state, int(n), int(seed))
    st.markdown(T("app.counsellor.psa_summary", state, n=int(n), p=float(psa.prob_private_cost_effective),
                  evpi=float(psa.evpi)))
    plane, ceac = _psa_figures(key, lang, int(n), int(seed), res, psa)
    st.plotly_chart(plane, config=CHART_CONFIG, key="chart_plane")
    st.plotly_chart(ceac, config=CHART_CONFIG, key="chart_ceac")


#: Hides the file uploader's own size line (it shows the server's 1 MB minimum, not the real limit).
_HIDE_UPLOADER_LIMIT = "<style>[data-testid='stFileUploaderDropzoneInstructions'] {display:none}</style>"


def read_upload(name: str, data: bytes, state: AppState) -> tuple[AppState, list[Notice], str]:
    """A scenario file's bytes as (new state, notices, outcome); a refused file leaves ``state`` as it was."""
    if len(data) > MAX_SCENARIO_BYTES:
        return state, [Notice("file_too_large", "", {"kib": MAX_SCENARIO_BYTES // 1024})], "refused"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return state, [Notice("file_unreadable")], "refused"
    fmt = {"json": "json", "yaml": "yaml", "yml": "yaml"}.get((name or "").rsplit(".", 1)[-1].lower(), "auto")
    new, notices = state_from_scenario_text(text, lang=state.lang, page=state.page, fmt=fmt)
    outcome = load_outcome(notices)
    return (state if outcome == "refused" else new), notices, outcome


def show_load_outcome(state: AppState) -> None:
    """Exactly what the last file load did: loaded; loaded with fields dropped (which, why); or refused."""
    got = st.session_state.pop("_load_outcome", None)
    if not got:
        return
    outcome, notices = got
    lines = "\n".join(f"- {notice_text(n, state.lang, state.region)}" for n in notices)
    if outcome == "loaded":
        st.success(T("app.counsellor.load_ok", state), icon=":material/check_circle:")
    elif outcome == "loaded_with_dropped":
        fields = ", ".join(f"`{n.field}`" for n in notices if n.field) or "\u2014"
        st.warning(T("app.counsellor.load_dropped", state, n=len(notices), fields=fields) + "\n\n" + lines,
                   icon=":material/warning:")
    else:
        st.error(T("app.counsellor.load_refused", state) + "\n\n" + lines, icon=":material/block:")


def save_load_share(state: AppState) -> None:
    """Download the scenario (CLI format), load one back, and the shareable link."""
    st.subheader(T("app.counsellor.save", state))
    scenario = to_scenario(state)
    c1, c2 = st.columns(2)
    c1.download_button(T("app.counsellor.save_yaml", state), dump_scenario(scenario, "yaml"),
                       file_name=scenario_file_name("yaml"), mime="application/x-yaml", key="save_yaml",
                       icon=":material/download:")
    c2.download_button(T("app.counsellor.save_json", state), dump_scenario(scenario, "json"),
                       file_name=scenario_file_name("json"), mime="application/json", key="save_json",
                       icon=":material/download:")
    st.markdown(_HIDE_UPLOADER_LIMIT, unsafe_allow_html=True)
    up = st.file_uploader(T("app.counsellor.load", state), type=["yaml", "yml", "json"], key="upload_scenario",
                          max_upload_size=1)
    st.caption(T("app.counsellor.load_limit", state, kib=MAX_SCENARIO_BYTES // 1024))
    if up is not None and st.session_state.get("_loaded_file") != up.file_id:
        st.session_state["_loaded_file"] = up.file_id
        new, notices, outcome = read_upload(up.name or "", up.getvalue()[: MAX_SCENARIO_BYTES + 1], state)
        st.session_state["_load_outcome"] = (outcome, notices)
        if outcome != "refused":
            inputs.replace_state(new, notices)
        st.rerun()
    show_load_outcome(state)
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
    """The page in the order of a consultation. The editor's widgets are read first (into its
    expander near the bottom), so every section above already shows the edited numbers."""
    st.header(T("app.counsellor.header", state))
    st.caption(T("app.counsellor.intro", state))
    boxes = [st.container() for _ in range(6)]
    editor = st.expander(T("app.counsellor.params", state), expanded=False, icon=":material/tune:")
    with editor:
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
        uncertainty(res, state)
    save_load_share(state)
    return res, state
