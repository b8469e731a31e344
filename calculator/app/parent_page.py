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

import dataclasses
from collections.abc import Callable

import streamlit as st

from calculator.analysis.results import Results
from calculator.app import render as ui
from calculator.app.charts import draw_chart
from calculator.app.common import (
    T,
    chance_ranges_for,
    lazy_expander,
    psa_for,
    section_of,
    words,
)
from calculator.app.state import AppState, saved_scenario
from calculator.app.values_step import values_step
from calculator.content import decision_aid_document, parent
from calculator.content.lists import HEALTH_ECONOMICS_TERMS  # noqa: F401 - the page's rule, tested with it
from calculator.content.parent import Ranges
from calculator.content.sources import parents_page_sources, sources_block


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
    ui.draw_blocks(section_of("frequencies", state, lambda: parent.frequencies(res, words(state), ranges)), title=True,
                   chart=lambda b: draw_chart(b, state))
    sources_table(("private_family_use", "public_helps", "public_family_use"), res, state, expander="sources_frequencies")


def charts(res: Results, state: AppState) -> None:
    """Money and time: what the three charts say, as text (always shown: the total paid and its
    value in today's money, the cost per family use), then the charts themselves (cost over the
    contract, chance of use by age, cost per family use) and where their numbers come from, in
    one folded part made only when it is opened. Drawn anew for each family, the charts were
    about a quarter of the server's CPU per page run (docs/measurements.md); on a phone they
    came far below the answer anyway."""
    ui.draw_markdown(section_of("money_and_time_words", state, lambda: parent.money_and_time_words(res, words(state))))
    ui.draw_folded(T("app.charts.open", state), "charts", lambda: ui.charts_only(
                       section_of("money_and_time", state, lambda: parent.money_and_time(res, words(state)))),
                   chart=lambda b: draw_chart(b, state),
                   icon=":material/bar_chart:", then=lambda: sources_table(("cost", "use_by_age"), res, state))


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
    """The one expander that holds QALYs, the ICER, net monetary benefit, willingness to pay,
    present value (the PDF's section too), with the 95 % ranges of the same analysis the PDF
    prints (:func:`calculator.app.common.psa_for`), and where its numbers come from."""
    ui.draw_folded(T("app.parent.he_title", state), "health_economics",
                   lambda: section_of("health_economics", state, lambda: parent.health_economics(
                       dataclasses.replace(res, psa=psa_for(state)), words(state))),
                   icon=":material/calculate:", chart=lambda b: draw_chart(b, state),
                   then=lambda: sources_table(("expected_value",), res, state))


# --------------------------------------------------------------------------- sources
def sources_markdown(outputs: tuple[str, ...], res: Results, state: AppState) -> str:
    """The sources table of ``outputs`` (keys of ``Results.sources``) in Markdown: number, value
    and range, source (made once per family and language)."""
    return section_of("sources", state, lambda: ui.sources_md(sources_block(parents_page_sources(res, *outputs), res,
                                                                            words(state))), outputs)


def sources_table(outputs: tuple[str, ...], res: Results, state: AppState, *, expander: str | None = None) -> None:
    """Where the numbers of ``outputs`` come from: one full-width compact table (number, value
    and range, source), in its own expander named ``expander`` (made only when opened: closed,
    the page does not even name the parameters, ``Results.sources`` is read only when it opens),
    or in place."""
    if expander is None:
        st.markdown(f"**{T('app.parent.sources_title', state)}**")
        st.markdown(sources_markdown(outputs, res, state))
        return
    with (box := lazy_expander(T("app.parent.sources_title", state), expander, icon=":material/menu_book:")):
        if box.open:
            st.caption(T("app.sources.computed", state))
            st.markdown(sources_markdown(outputs, res, state))


# --------------------------------------------------------------------------- the decision aid
def choices(res: Results, state: AppState) -> AppState:
    """The options in balance (always shown), then the values step and how each option fits
    what the family said, folded (the widgets are made only when it is open)."""
    ui.draw_blocks(section_of("aid_options", state, lambda: decision_aid_document.options(res, state.lang)), title=True)
    with (box := lazy_expander(T("values.step.title", state), "values", icon=":material/tune:")):
        if box.open:
            state = values_step(state)
            ui.draw_blocks(decision_aid_document.fit(res, state.lang, saved_scenario(state)), title=True)
    return state


def before_deciding(res: Results, state: AppState) -> None:
    """What cord blood can treat, clamping, where to donate, choosing a bank, HLA, tests, the
    timeline and about this tool: one folded group, built only when opened."""
    with (box := lazy_expander(T("aid.group_title", state), "aid_info", icon=":material/info:")):
        if box.open:
            for section in decision_aid_document.before_deciding(res, state.lang):
                ui.draw_blocks(section, title=True, chart=lambda b: draw_chart(b, state))


def render(res: Results, state: AppState, pdf_button: Callable[[], None] | None = None) -> AppState:
    """The page. On a phone the answer, what to do next and the PDF (``pdf_button``) come
    first, within the first two screens (a browser test measures it); then the four options in
    balance and what matters to the family (the values step), before the source's advice; the
    details follow. Returns the state with the values step's answers."""
    ranges = chance_ranges_for(state)
    headline(res, state, ranges)
    if pdf_button is not None:
        pdf_button()
    next_steps(res, state)
    state = choices(res, state)
    reasons(res, state)
    when_it_makes_sense(res, state)
    frequencies(res, state, ranges)
    charts(res, state)
    limits_and_advice(res, state)
    before_deciding(res, state)
    health_economics(res, state)
    return state


def footer(res: Results, state: AppState) -> None:
    """A rule, then the page's last line (one Markdown element)."""
    st.markdown("---\n\n" + ui.markdown(parent.footer(res, words(state))))
