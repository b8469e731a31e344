"""The parents' page: one clear answer in plain words, pictures that show it, what to do next.

Order: the verdict and the one main number (natural frequency with its range), what private
storage costs and what donating does, the two terms explained; the PDF and what to do next
(within the first two screens on a phone); why (the reasons); when keeping cord blood makes
sense (the source's three pieces of advice, and both HLA cases when the baby's match is not
known); the icon arrays; money and time; limits and red flags; the health-economics numbers
in one titled expander; where the numbers come from.

Outside that expander the page uses no health-economics term (QALY, ICER, net monetary
benefit, willingness to pay, present value): :data:`HEALTH_ECONOMICS_TERMS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

from calculator.analysis.recommendation import PRIVATE_CLEAR_VALUE
from calculator.analysis.results import Results
from calculator.app.charts import CHART_CONFIG as _NO_TOOLBAR
from calculator.app.charts import chart
from calculator.app.common import (
    SOURCES,
    T,
    chance_ranges_for,
    figure,
    format_value,
    lazy_expander,
    results_figure,
    sick_sibling_sources,
    text_block,
)
from calculator.app.state import AppState
from calculator.inputs.assumptions import load_region
from calculator.present import web_charts as F
from calculator.present.i18n import t
from calculator.present.numbers import (
    format_frequency,
    format_frequency_range,
    format_money,
    format_qaly,
    is_fixed_range,
)
from calculator.present.tables import RED_FLAGS
from calculator.present.units import format_parameter_range, source_without_label

#: Parents' charts: no tool bar (it covers the titles on a phone, and its buttons are tab stops).
CHART_CONFIG = _NO_TOOLBAR
#: The PSA output of each frequency row (its uncertainty range is shown beside it).
PSA_OUTPUT_OF_ROW = {
    "private_family_use": "p_family_use_private",
    "public_helps": "expected_patients_helped",
    "public_family_use": "p_family_use_public",
}
#: Words that belong only inside the health-economics expander of the parents' page.
HEALTH_ECONOMICS_TERMS = ("QALY", "ICER", "net monetary benefit", "willingness to pay", "present value",
                          "质量调整", "净货币效益", "支付意愿", "意愿支付", "现值")
#: Red flags on the parents' page: the shared ones and the cord-tissue add-on.
PARENT_RED_FLAGS = (*RED_FLAGS, "cord_tissue") if "cord_tissue" not in RED_FLAGS else RED_FLAGS
#: The advice shown once, in the page's subtitle ("it informs; it does not prescribe").
ONCE_ELSEWHERE = ("informs_not_prescribes",)


def has_health_economics_term(text: str) -> bool:
    low = text.lower()
    return any(term.lower() in low for term in HEALTH_ECONOMICS_TERMS)


def _freq(p: float | None, state: AppState, noun: str = "family_like_yours") -> str:
    """A chance as whole families (:func:`calculator.present.numbers.format_frequency`, the
    PDF's formatter too), its first letter capitalised for the start of a sentence."""
    text = format_frequency(p, state.lang, noun)
    return text[:1].upper() + text[1:]


def _freq_range(low: float, high: float, p: float | None, state: AppState, noun: str = "family_like_yours") -> str:
    return format_frequency_range(low, high, p, state.lang, noun)


def _fee(fee: float, res: Results, state: AppState) -> str:
    """A fee as money, or "free" when it is zero."""
    return T("app.when.free", state) if fee <= 0 else format_money(fee, res.currency, state.lang)


#: The PSA's 95 % ranges of the chances, by output (:func:`calculator.app.common.chance_ranges_for`).
Ranges = dict[str, tuple[float, float]]


# --------------------------------------------------------------------------- first screen
def headline(res: Results, state: AppState, ranges: Ranges) -> None:
    """The verdict in one sentence, the one main number with its range, the cost, donating."""
    rec = res.recommendation
    years = res.horizon_years
    pr, pu = res.strategies["private"], res.strategies["public"]
    box = st.success if rec.code == PRIVATE_CLEAR_VALUE else st.info
    box(f"**{T(f'verdict.{rec.code}', state, **rec.values)}**",
        icon=":material/check_circle:" if rec.code == PRIVATE_CLEAR_VALUE else ":material/info:")
    low, high = ranges[PSA_OUTPUT_OF_ROW["private_family_use"]]
    if is_fixed_range(low, high):
        main = T("app.parent.main_number_fixed", state, freq=_freq(pr.p_family_use, state), years=years)
    else:
        main = T("app.parent.main_number", state, freq=_freq(pr.p_family_use, state), years=years,
                 range=_freq_range(low, high, pr.p_family_use, state))
    lines = [main, T("app.parent.cost", state, nominal=pr.nominal_cost, years=years),
             T("app.parent.donate", state, helped=_freq(pu.expected_patients_helped, state, "donated_unit"), years=years)]
    if "directed" in res.strategies:
        lines.append(T("app.parent.directed", state, fee=_fee(res.strategies["directed"].nominal_cost, res, state)))
    st.markdown("\n".join(f"- {x}" for x in lines))
    # the two terms the page uses without a definition, explained where they first appear
    st.caption(T("app.access.terms", state))


def reasons(res: Results, state: AppState) -> list[str]:
    """The reasons in plain words; those in health-economics terms go to the expander (returned)."""
    plain, technical = [], []
    for r in res.recommendation.reasons:
        text = T("reason." + r.id, state, **r.values)
        (technical if has_health_economics_term(text) else plain).append(text)
    with (box := lazy_expander(T("app.parent.reasons", state), "reasons", icon=":material/list:")):
        if box.open:
            st.markdown("\n".join(f"- {x}" for x in plain))
    return technical


# --------------------------------------------------------------------------- when it makes sense
def when_it_makes_sense(res: Results, state: AppState) -> None:
    """The source's three pieces of advice; both HLA cases side by side when the match is unknown."""
    st.subheader(T("app.when.header", state))
    st.caption(T("app.when.intro", state))
    licensed = "licensed" if state.region == "cn" else "licensed_us"  # the licence of the family's region
    st.markdown("\n".join(f"{i}. {T('app.when.' + k, state)}" for i, k in enumerate(("donate", "private", licensed), 1)))
    sick = [r for r in res.relatives if r.condition != "none" and not r.planned]
    if res.conditional is None:
        st.caption(T("app.when.yours_some" if sick else "app.when.yours_none", state))
        return
    st.markdown(f"**{T('app.when.depends', state)}**")
    years, pr = res.horizon_years, res.strategies["private"]
    fee = res.strategies["directed"].nominal_cost if "directed" in res.strategies else 0.0
    for col, key, case in zip(st.columns(2), ("if_match", "if_mismatch"),
                              (res.conditional.if_match, res.conditional.if_mismatch)):
        with col, st.container(border=True):
            st.markdown(f"**{T('app.when.' + key, state)}**")
            st.markdown("\n".join([
                f"- {T('app.when.case_chance', state, freq=_freq(case.p_family_use, state), years=years)}",
                f"- {T('app.when.case_' + case.code, state)}",
                f"- {T('app.when.case_money', state, nominal=pr.nominal_cost, years=years, fee=_fee(fee, res, state))}",
            ]))


# --------------------------------------------------------------------------- pictures
def frequencies(res: Results, state: AppState, ranges: Ranges) -> None:
    """One denominator, one horizon, every option: icon arrays with counts and ranges."""
    d, years = F.DENOMINATOR, res.horizon_years
    st.subheader(T("app.freq.header", state, years=years))
    st.caption(T("app.freq.intro", state, years=years))
    rows = F.frequency_rows(res)
    for col, row in zip(st.columns(len(rows)), rows):
        with col:
            st.plotly_chart(figure("icon_array", row=row, years=years, lang=state.lang, denominator=d),
                            config={**CHART_CONFIG, "staticPlot": True}, key=f"icons_{row.key}", theme=None)
            st.caption(F.icon_caption(row.p, years=years, lang=state.lang, denominator=d))
            noun = "donated_unit" if row.key == "public_helps" else "family"
            text = T("app.freq.count", state, freq=_freq(row.p, state, noun))
            low, high = ranges[PSA_OUTPUT_OF_ROW[row.key]]
            if not is_fixed_range(low, high):  # a number the analysis does not vary has no range
                text += T("app.freq.range", state, range=_freq_range(low, high, row.p, state, noun))
            st.markdown(text)
    pr = res.strategies["private"]
    p_relative = pr.p_relative_use if pr.p_relative_use is not None else pr.p_sibling_use
    st.markdown("\n".join([
        f"- {T('app.freq.child', state, freq=format_frequency(pr.p_child_use, state.lang, 'family'))}",
        f"- {T('app.freq.sibling', state, freq=format_frequency(p_relative, state.lang, 'family'))}",
        f"- {T('app.freq.none', state)}",
    ]))
    sources_table(SOURCES["private_family_use"] + sick_sibling_sources(res) + SOURCES["public_helps"]
                  + SOURCES["public_family_use"], res, state, expander="sources_frequencies")


def charts(res: Results, state: AppState) -> None:
    """Cost over the contract, chance of use by age, cost per family use."""
    lang, cur = state.lang, res.currency
    pr = res.strategies["private"]
    st.subheader(T("app.charts.header", state))
    left, right = st.columns(2)
    with left:
        chart(figure("cost_schedule_chart", schedule=res.cost_schedule, currency=cur, lang=lang), state, key="chart_cost")
        st.caption(T("app.charts.cost_caption", state, nominal=pr.nominal_cost, pv=pr.pv_cost,
                     rate=res.parameters["discount_rate"]))
    with right:
        chart(figure("use_by_age_chart", use_by_age=res.use_by_age, lang=lang), state, key="chart_age")
        st.caption(T("app.charts.age_caption", state))
    left, _ = st.columns(2)
    with left:
        chart(figure("cost_per_use_chart", pv_cost=pr.pv_cost, p_family_use=pr.p_family_use, currency=cur, lang=lang),
              state, key="chart_cpu")
        if res.cost_per_family_use is not None:
            st.caption(T("app.charts.cpu_caption", state, cpu=res.cost_per_family_use))
        else:
            st.caption(T("app.charts.cpu_none", state))
    sources_table(SOURCES["cost"] + SOURCES["use_by_age"] + sick_sibling_sources(res), res, state, expander="sources_charts")


# --------------------------------------------------------------------------- what to do next
def next_steps(res: Results, state: AppState) -> None:
    """What to do next, ordered for the verdict: donating first, or directed donation first."""
    donate = ("donate_title", ("donate_ask", "donate_birth"))
    directed = ("directed_title", ("directed_ask", "directed_hla"))
    treats = ("treats_title", ("treats_standard", "treats_own", "treats_research"))
    store = ("store_title", ("store_check",))
    sick = any(r.condition != "none" for r in res.relatives)
    if res.recommendation.code == "newborn_affected_no_use":
        blocks = (treats,)  # the unit helps nobody: neither donating nor storing it
    elif res.recommendation.code == "prefer_public_donation" and not sick:
        blocks = (donate, treats, directed, store)
    elif res.recommendation.code == "prefer_public_donation":
        blocks = (donate, directed, treats, store)
    else:
        blocks = (directed, store, donate, treats)
    # one Markdown element for the section's heading and all the blocks (a title and its list
    # each): the same text, a tenth of the messages (each element costs the server ~0.1 ms a run)
    st.markdown(f"### {T('app.next.header', state)}\n\n"
                + "\n\n".join(f"**{T('app.next.' + title, state)}**\n\n" + "\n".join(f"- {T('app.next.' + k, state)}" for k in keys)
                                for title, keys in blocks))


def limits_and_advice(res: Results, state: AppState) -> None:
    """Limits, licensed-bank advice and marketing red flags (open)."""
    rec = res.recommendation
    st.markdown(f"### {T('app.limits.header', state)}\n\n"  # the heading in the same element as its text
                + "\n".join(f"- {T('limit.' + k, state)}" for k in rec.limits) + f"\n\n**{T('app.limits.advice', state)}**\n\n"
                + "\n".join(f"- {T('advice.' + k, state)}" for k in rec.advice if k not in ONCE_ELSEWHERE))
    with st.expander(T("red_flag.title", state), expanded=True, icon=":material/flag:"):
        st.markdown("\n".join(f"- {T('red_flag.' + k, state)}" for k in PARENT_RED_FLAGS))


# --------------------------------------------------------------------------- for economists
def health_economics(res: Results, state: AppState, technical: Iterable[str]) -> None:
    """The one expander that holds QALYs, the ICER, net monetary benefit, willingness to pay, present value."""
    lang, cur = state.lang, res.currency
    with (box := lazy_expander(T("app.parent.he_title", state), "health_economics", icon=":material/calculate:")):
        if not box.open:
            return
        st.markdown(T("app.parent.he_intro", state))
        technical = list(technical)
        if technical:
            st.markdown(f"**{T('app.parent.he_reasons', state)}**")
            st.markdown("\n".join(f"- {x}" for x in technical))
        comp = res.comparisons["private_vs_public"]
        wtp = float(res.parameters["wtp_per_qaly"])
        icer = (format_money(comp.icer, cur, lang) if comp.icer is not None and comp.delta_qaly > 0
                else T("app.parent.he_icer_none", state))
        rows = [
            ("he_delta_cost", format_money(comp.delta_cost, cur, lang)),
            ("he_delta_qaly", format_qaly(comp.delta_qaly, lang)),
            ("he_icer", icer),
            ("he_wtp", format_money(wtp, cur, lang)),
            ("he_nmb", format_money(comp.nmb, cur, lang)),
        ]
        st.markdown("\n".join([f"| {T('app.parent.he_col_item', state)} | {T('app.parent.he_col_value', state)} |",
                               "|---|---|"] + [f"| {T('app.parent.' + k, state)} | {v} |" for k, v in rows]))
        chart(results_figure("expected_value_chart", state), state, key="chart_ev")
        st.caption(T("app.charts.ev_caption", state, wtp=wtp))
        sources_table(SOURCES["expected_value"], res, state)


# --------------------------------------------------------------------------- sources
def _cell(text: str) -> str:
    """Text for one Markdown table cell (no pipes or line breaks)."""
    return " ".join(str(text).replace("|", "/").split())


def sources_markdown(names: Iterable[str], res: Results, state: AppState) -> str:
    """The sources table in Markdown: number, value and range, source (made once per family and language)."""
    names = tuple(dict.fromkeys(names))

    def make() -> str:
        a = load_region(state.region)
        lines = [f"| {T('app.parent.col_number', state)} | {T('app.parent.col_value', state)} | {T('app.parent.col_source', state)} |",
                 "|---|---|---|"]
        for name in names:
            if name not in a:
                continue
            p = a[name]
            value = format_value(res.parameters.get(name, p.value), p.unit, state)
            rng = format_parameter_range(p.low, p.high, p.unit, state.lang, load_region(state.region).currency)
            if name in res.overridden:
                value += f" ({T('app.parent.changed', state)})"
            src = source_without_label(p.source_in(state.lang))
            if p.is_assumption:
                src = f"{T('app.parent.assumption', state)}{'：' if state.lang == 'zh' else ': '}{src}"
            if p.url:
                src += f" [{t('app.sources.link', state.lang)}]({p.url})"
            lines.append(f"| {_cell(p.label_in(state.lang))} | {_cell(value)} ({_cell(rng)}) | {_cell(src)} |")
        return "\n".join(lines)

    return text_block("sources", state, make, names)


def sources_table(names: Iterable[str], res: Results, state: AppState, *, expander: str | None = None) -> None:
    """Where the numbers come from: one full-width compact table (number, value and range, source),
    in its own expander named ``expander`` (made only when opened), or in place."""
    if expander is None:
        st.markdown(f"**{T('app.parent.sources_title', state)}**")
        st.markdown(sources_markdown(names, res, state))
        return
    with (box := lazy_expander(T("app.parent.sources_title", state), expander, icon=":material/menu_book:")):
        if box.open:
            st.caption(T("app.sources.computed", state))
            st.markdown(sources_markdown(names, res, state))


def render(res: Results, state: AppState, pdf_button: Callable[[], None] | None = None) -> None:
    """The page. On a phone the answer, what to do next and the PDF (``pdf_button``) come
    first, within the first two screens (a browser test measures it); the details follow."""
    ranges = chance_ranges_for(state)
    headline(res, state, ranges)
    if pdf_button is not None:
        pdf_button()
    next_steps(res, state)
    technical = reasons(res, state)
    when_it_makes_sense(res, state)
    frequencies(res, state, ranges)
    charts(res, state)
    limits_and_advice(res, state)
    health_economics(res, state, technical)


def footer(res: Results, state: AppState) -> None:
    st.divider()
    st.caption(T("app.parent.footer", state) + "\n\n"
               + T("text.model_version", state, version=res.model_version, reviewed=res.assumptions_reviewed.isoformat()))
