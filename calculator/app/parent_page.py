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

from calculator.analysis.results import Results
from calculator.app import render as ui
from calculator.app.charts import CHART_CONFIG as _NO_TOOLBAR
from calculator.app.charts import chart
from calculator.app.common import (
    T,
    chance_ranges_for,
    figure,
    lazy_expander,
    results_figure,
    section_of,
    text_block,
)
from calculator.app.state import AppState
from calculator.content import parent
from calculator.content.parent import PSA_OUTPUT_OF_ROW, Ranges, frequency
from calculator.content.sources import SOURCES, sick_sibling_sources, sources_block
from calculator.content.words import Words
from calculator.inputs.assumptions import load_region
from calculator.present import web_charts as F
from calculator.present.numbers import format_frequency, format_frequency_range, is_fixed_range

#: Parents' charts: no tool bar (it covers the titles on a phone, and its buttons are tab stops).
CHART_CONFIG = _NO_TOOLBAR
#: Words that belong only inside the health-economics expander of the parents' page.
HEALTH_ECONOMICS_TERMS = ("QALY", "ICER", "net monetary benefit", "willingness to pay", "present value",
                          "质量调整", "净货币效益", "支付意愿", "意愿支付", "现值")


def has_health_economics_term(text: str) -> bool:
    low = text.lower()
    return any(term.lower() in low for term in HEALTH_ECONOMICS_TERMS)


def _freq(p: float | None, state: AppState, noun: str = "family_like_yours") -> str:
    return frequency(p, words(state), noun)


def _freq_range(low: float, high: float, p: float | None, state: AppState, noun: str = "family_like_yours") -> str:
    return format_frequency_range(low, high, p, state.lang, noun)


def words(state: AppState) -> Words:
    """The page's texts: its language, money in the region's currency."""
    return Words(state.lang, load_region(state.region).currency)


# --------------------------------------------------------------------------- first screen
def headline(res: Results, state: AppState, ranges: Ranges) -> None:
    """The verdict in one sentence, the one main number with its range, the cost, donating."""
    w = words(state)
    ui.draw_blocks(section_of("verdict", state, lambda: parent.SECTIONS_BY_KEY["verdict"](res, w)))
    ui.draw_blocks(section_of("headline", state, lambda: parent.headline(res, w, ranges)))


def reasons(res: Results, state: AppState) -> None:
    """The reasons in plain words (the health-economics ones are in that section), built when opened."""
    ui.draw_folded(T("app.parent.reasons", state), "reasons", lambda: parent.reasons(res, words(state)),
                       icon=":material/list:")


# --------------------------------------------------------------------------- when it makes sense
def when_it_makes_sense(res: Results, state: AppState) -> None:
    """The source's three pieces of advice; both HLA cases side by side when the match is unknown."""
    ui.draw_blocks(section_of("when", state, lambda: parent.when_it_makes_sense(res, words(state))), title=True)


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
    """What to do next, ordered for the verdict (one Markdown element for the whole section)."""
    ui.draw_markdown(section_of("next_steps", state, lambda: parent.next_steps(res, words(state))))


def limits_and_advice(res: Results, state: AppState) -> None:
    """Limits, licensed-bank advice and marketing red flags (open)."""
    w = words(state)
    ui.draw_markdown(section_of("limits", state, lambda: parent.limits_and_advice(res, w)))
    ui.draw_open(section_of("red_flags", state, lambda: parent.SECTIONS_BY_KEY["red_flags"](res, w)), icon=":material/flag:")


# --------------------------------------------------------------------------- for economists
def health_economics(res: Results, state: AppState) -> None:
    """The one expander that holds QALYs, the ICER, net monetary benefit, willingness to pay, present value."""
    def chart_and_sources() -> None:
        chart(results_figure("expected_value_chart", state), state, key="chart_ev")
        st.caption(T("app.charts.ev_caption", state, wtp=float(res.parameters["wtp_per_qaly"])))
        sources_table(SOURCES["expected_value"], res, state)

    ui.draw_folded(T("app.parent.he_title", state), "health_economics",
                       lambda: parent.health_economics(res, words(state)), icon=":material/calculate:",
                       then=chart_and_sources)


# --------------------------------------------------------------------------- sources
def sources_markdown(names: Iterable[str], res: Results, state: AppState) -> str:
    """The sources table in Markdown: number, value and range, source (made once per family and language)."""
    names = tuple(dict.fromkeys(names))
    return text_block("sources", state, lambda: ui.sources_md(sources_block(names, res, words(state))), names)


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
    reasons(res, state)
    when_it_makes_sense(res, state)
    frequencies(res, state, ranges)
    charts(res, state)
    limits_and_advice(res, state)
    health_economics(res, state)


def footer(res: Results, state: AppState) -> None:
    st.divider()
    st.caption(T("app.parent.footer", state) + "\n\n"
               + T("text.model_version", state, version=res.model_version, reviewed=res.assumptions_reviewed.isoformat()))
