"""The counsellors' page: its tables (the family and its verdict, the answer for each HLA
result, the full comparison, the relatives as modelled, the check against published
observations) and the cell formats they share."""

from __future__ import annotations

import html

import streamlit as st

from calculator.analysis.results import Results
from calculator.analysis.validation import ValidationResult, validate
from calculator.app import render as ui
from calculator.app.common import CACHE_TTL_S, T
from calculator.app.state import (
    AppState,
)
from calculator.content import counsellor
from calculator.content.words import Words
from calculator.inputs.assumptions import load_region
from calculator.present.i18n import t
from calculator.present.numbers import format_money, format_one_in, format_pct
from calculator.present.tables import weight_text
from calculator.present.units import format_parameter
from calculator.present.validation_text import value_text as validation_value
from calculator.present.web_layout import plain_number

#: Days in a year, to show health gains as (quality-adjusted) days.
DAYS_PER_YEAR = 365.25


def value_text(value: float, unit: str, state: AppState) -> str:
    """A parameter value as people read it, small chances also as the decimal a counsellor
    types, never in exponent form ("0.00005 (about 1 in 20,000)")."""
    text = format_parameter(value, unit, state.lang, load_region(state.region).currency)
    if unit == "probability" and 0 < value < 0.01:
        return f"{plain_number(value)}\uff08{text}\uff09" if state.lang == "zh" else f"{plain_number(value)} ({text})"
    return text


def chance_cell(p: float | None, state: AppState) -> str:
    """A chance in a table cell (HTML): "about 1 in 56" with the percentage in small type
    (each kept on one line; a narrow column breaks between them)."""
    if p is None:
        return "\u2014"
    if p >= 0.9995:
        return html.escape(T("app.counsellor.certain", state))
    if p <= 0:
        return "0"
    return (f"<span style='white-space:nowrap'>{html.escape(format_one_in(p, state.lang))}</span> "
            f"<small style='color:#555;white-space:nowrap'>({html.escape(format_pct(p, state.lang))})</small>")


def days(q: float) -> str:
    """Years of (quality-adjusted) life as days, two significant figures, no exponent."""
    return plain_number(q * DAYS_PER_YEAR, 2)


#: Tables of this many columns or more become cards (one card per row, each value under its
#: column's name) when their box is narrower than :data:`CARD_COLUMN_PX` per column: the
#: relatives table (10 columns) needed 1,338 px in a 906 px box and hid columns behind a
#: sideways scroll; in Chinese its first column wrapped one character per line.
CARD_MIN_COLUMNS = 4
CARD_COLUMN_PX = 105

#: The tables' layout rules (no colours: the page's text colour applies). The box is a CSS
#: size container, so the cards follow the table's box, not the screen.
_TABLE_CSS = (
    ".cb-table{container-type:inline-size;overflow-x:auto}"
    ".cb-table table{width:100%;border-collapse:collapse}"
    ".cb-table th{white-space:normal;vertical-align:bottom}"
    ".cb-table td:first-child,.cb-table th:first-child{min-width:7em}"
)


def _cards_css(key: str, columns: int) -> str:
    """The card layout of table ``key`` in a box narrower than its columns need."""
    c = f".cb-{key}.cb-cards"
    return (f"@container (max-width:{CARD_COLUMN_PX * columns}px){{"
            f"{c} table,{c} tbody,{c} tr,{c} td{{display:block;width:100%}}"
            f"{c} thead{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}}"
            f"{c} tr{{border:1px solid #d6d6d6;border-radius:0.5rem;margin:0 0 0.75rem;padding:0.25rem 0.75rem}}"
            f"{c} td{{border:none;text-align:left!important;padding:0.2rem 0}}"
            f"{c} td:first-child{{font-weight:600}}"
            f"{c} td:not(:first-child)::before{{content:attr(data-label);font-weight:600}}}}")


def html_table(header: list[str], rows: list[list[str]], *, key: str, label: str = "") -> None:
    """A table whose cells may hold small markup (already escaped); the first column left-aligned,
    the others right-aligned. It fits its box: headers wrap, a chance breaks before its
    percentage; a table of many columns becomes cards in a narrow box. If it is still wider than
    its box it scrolls sideways, and the box is a tab stop named ``label`` (keyboard users can
    scroll it with the arrow keys)."""
    head = "".join(f"<th style='text-align:{'left' if i == 0 else 'right'}'>{html.escape(h)}</th>"
                   for i, h in enumerate(header))
    colon = "\uff1a" if any(ord(ch) > 0x2E7F for ch in "".join(header)) else ": "  # a card's "name: value"
    body = "".join("<tr>" + "".join(f"<td data-label='{html.escape(header[i] + colon, quote=True)}' "
                                    f"style='text-align:{'left' if i == 0 else 'right'}'>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    cards = " cb-cards" if len(header) >= CARD_MIN_COLUMNS else ""
    css = _TABLE_CSS + (_cards_css(key, len(header)) if cards else "")
    name = html.escape(label or key, quote=True)
    st.markdown(f"<style>{css}</style><div class='cb-table cb-{key}{cards}' role='region' tabindex='0' aria-label='{name}'>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>", unsafe_allow_html=True)


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
    w = Words(lang, res.currency)
    ui.draw(counsellor.SECTIONS_BY_KEY["verdict"](res, w).blocks[0], tone="info", icon=":material/assignment:")
    ui.draw_folded(T("app.verdict.show_reasons", state, n=len(res.recommendation.reasons)), "counsellor_reasons",
                   lambda: counsellor.reasons(res, w))


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
    html_table(header, rows, key="comparison", label=T("app.counsellor.comparison", state))
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
               [[html.escape(a), b] for a, b in facts], key="facts", label=T("app.counsellor.comparison", state))


def relatives_table(res: Results, state: AppState) -> None:
    """Each relative as the model counts them: every factor of the chance the unit is used for them."""
    if not res.relatives:
        return
    lang = state.lang
    st.subheader(T("app.counsellor.relatives_table", state))
    header = [T(f"app.counsellor.col_{c}", state) for c in ("relative", "condition", "weight", "hla", "p_need",
                                                              "p_match", "p_unaffected", "p_dose", "p_contract",
                                                              "p_use_sib", "if_match_each")]
    rows = []
    for r in res.relatives:
        who = t(f"relation.{r.relation}", lang) + f" {r.index}"
        if r.planned:
            who += " " + T("app.counsellor.planned", state)
        rows.append([html.escape(who), html.escape(t(f"condition.{r.condition}", lang)),
                     plain_number(r.weight_used_kg) if r.weight_basis == "entered" or r.planned
                     else html.escape(weight_text(r, lang)),
                     html.escape(t(f"hla.{r.hla_match}", lang)), chance_cell(r.p_need, state),
                     chance_cell(r.p_match, state), chance_cell(r.p_unaffected, state),
                     chance_cell(r.p_dose_adequate, state), chance_cell(r.p_within_contract, state),
                     chance_cell(r.p_use, state),
                     chance_cell(r.p_family_use_if_match, state) if r.p_family_use_if_match is not None else ""])
    html_table(header, rows, key="relatives", label=T("app.counsellor.relatives_table", state))
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


