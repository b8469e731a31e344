"""The parents' page: verdict and reasons, natural frequencies, charts, limits and red flags."""

from __future__ import annotations

import streamlit as st

from calculator.analysis.psa import PSAResult
from calculator.analysis.recommendation import PRIVATE_CLEAR_VALUE
from calculator.analysis.results import Results
from calculator.app.common import SOURCES, T, figure, psa_for, results_figure, sick_sibling_sources, where_from
from calculator.app.state import AppState
from calculator.present import web_charts as F
from calculator.present.numbers import is_fixed_range
from calculator.present.tables import RED_FLAGS

#: Parents' charts: no tool bar (it covers the titles on a phone); counsellors' charts keep it.
CHART_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
TOOL_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
#: The PSA output of each frequency row (its uncertainty range is shown beside it).
PSA_OUTPUT_OF_ROW = {
    "private_family_use": "p_family_use_private",
    "public_helps": "expected_patients_helped",
    "public_family_use": "p_family_use_public",
}


def verdict(res: Results, state: AppState) -> None:
    """The verdict in one sentence, then its reasons."""
    rec = res.recommendation
    text = T(f"verdict.{rec.code}", state)
    box = st.success if rec.code == PRIVATE_CLEAR_VALUE else st.info
    box(f"**{text}**", icon=":material/check_circle:" if rec.code == PRIVATE_CLEAR_VALUE else ":material/info:")
    st.markdown(f"**{T('app.verdict.reasons', state)}**")
    st.markdown("\n".join(f"- {T('reason.' + r.id, state, **r.values)}" for r in rec.reasons))


def _psa_range(psa: PSAResult, row_key: str) -> tuple[float, float]:
    s = psa.summary[PSA_OUTPUT_OF_ROW[row_key]]
    return float(s["p2_5"]), float(s["p97_5"])


def frequencies(res: Results, state: AppState, psa: PSAResult) -> None:
    """One denominator, one horizon, every option: icon arrays with counts and ranges."""
    d, years = F.DENOMINATOR, res.horizon_years
    st.subheader(T("app.freq.header", state, denominator=d, years=years))
    st.caption(T("app.freq.intro", state, denominator=d, years=years))
    rows = F.frequency_rows(res)
    cols = st.columns(len(rows))
    extra = {"private_family_use": sick_sibling_sources(res)}
    for col, row in zip(cols, rows):
        with col:
            st.plotly_chart(figure("icon_array", row=row, years=years, lang=state.lang, denominator=d),
                            config={**CHART_CONFIG, "staticPlot": True}, key=f"icons_{row.key}")
            st.markdown(T("app.freq.count", state, count=row.p * d, denominator=d, p=row.p))
            low, high = _psa_range(psa, row.key)
            if not is_fixed_range(low, high):  # a number the analysis does not vary has no range
                st.caption(T("app.freq.range", state, low=low * d, high=high * d, denominator=d))
            where_from(SOURCES[row.key] + extra.get(row.key, ()), res, state)
    pr = res.strategies["private"]
    st.markdown("\n".join([
        f"- {T('app.freq.child', state, count=(pr.p_child_use or 0) * d, denominator=d, p=pr.p_child_use or 0)}",
        f"- {T('app.freq.sibling', state, count=(pr.p_sibling_use or 0) * d, denominator=d, p=pr.p_sibling_use or 0)}",
        f"- {T('app.freq.none', state, denominator=d)}",
    ]))


def charts(res: Results, state: AppState) -> None:
    """Expected value, cost over the contract, chance of use by age, cost per family use."""
    lang, cur = state.lang, res.currency
    pr = res.strategies["private"]
    st.subheader(T("app.charts.header", state))
    left, right = st.columns(2)
    with left:
        st.plotly_chart(results_figure("expected_value_chart", state), config=CHART_CONFIG, key="chart_ev")
        st.caption(T("app.charts.ev_caption", state, wtp=res.parameters["wtp_per_qaly"]))
        where_from(SOURCES["expected_value"], res, state)
    with right:
        st.plotly_chart(figure("cost_schedule_chart", schedule=res.cost_schedule, currency=cur, lang=lang), config=CHART_CONFIG,
                        key="chart_cost")
        st.caption(T("app.charts.cost_caption", state, nominal=pr.nominal_cost, pv=pr.pv_cost,
                     rate=res.parameters["discount_rate"]))
        where_from(SOURCES["cost"], res, state, computed=False)
    left, right = st.columns(2)
    with left:
        st.plotly_chart(figure("use_by_age_chart", use_by_age=res.use_by_age, lang=lang), config=CHART_CONFIG, key="chart_age")
        st.caption(T("app.charts.age_caption", state, denominator=F.DENOMINATOR))
        where_from(SOURCES["use_by_age"] + sick_sibling_sources(res), res, state)
    with right:
        st.plotly_chart(figure("cost_per_use_chart", pv_cost=pr.pv_cost, p_family_use=pr.p_family_use, currency=cur, lang=lang),
                        config=CHART_CONFIG, key="chart_cpu")
        if res.cost_per_family_use is not None:
            st.caption(T("app.charts.cpu_caption", state, cpu=res.cost_per_family_use))
        else:
            st.caption(T("app.charts.cpu_none", state))
        where_from(SOURCES["cost_per_use"], res, state)


def limits_and_advice(res: Results, state: AppState) -> None:
    """Limits, licensed-bank advice and marketing red flags (the seeds' messages)."""
    rec = res.recommendation
    st.subheader(T("app.limits.header", state))
    st.markdown("\n".join(f"- {T('limit.' + k, state)}" for k in rec.limits))
    st.markdown(f"**{T('app.limits.advice', state)}**")
    st.markdown("\n".join(f"- {T('advice.' + k, state)}" for k in rec.advice))
    with st.expander(T("red_flag.title", state), expanded=False, icon=":material/flag:"):
        st.markdown("\n".join(f"- {T('red_flag.' + k, state)}" for k in RED_FLAGS))


def render(res: Results, state: AppState) -> None:
    verdict(res, state)
    psa = psa_for(state)
    frequencies(res, state, psa)
    charts(res, state)
    limits_and_advice(res, state)


def footer(res: Results, state: AppState) -> None:
    st.divider()
    st.caption(T("disclaimer", state))
    st.caption(T("text.model_version", state, version=res.model_version, reviewed=res.assumptions_reviewed.isoformat()))
