"""Reading the inputs: URL -> state on the first run, the side panel's widgets, state -> URL.

The one source of truth is an :class:`AppState` kept in ``st.session_state["_state"]``.
Widgets have keys starting with ``w_``; choice widgets (whose option texts change with
the language) also end in the language, so a language switch creates fresh widgets instead
of letting the browser send back an option text of the other language. Each is seeded from the state only when its key is
missing (first run, or after a reset/load/region change deletes the widget keys), so a
person's change is never overwritten, and the state is rebuilt from the widgets each run.
"""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

from calculator.app.notices import Notice
from calculator.app.state import (
    OFFER_PARAMETERS,
    PAGES,
    AppState,
    SiblingState,
    language_from_browser,
    parse_query,
    region_changed,
    resize_siblings,
    set_parameter,
    to_query,
)
from calculator.inputs.assumptions import REGIONS, load_region
from calculator.inputs.scenario import CARRIERS, CONDITIONS, HLA_MATCHES, MAX_SIBLINGS, WEIGHT_BOUNDS
from calculator.present.i18n import LANGS, t
from calculator.present.units import unit_name

STATE = "_state"
NOTICES = "_notices"


def _query_dict() -> dict[str, list[str]]:
    qp = st.query_params
    return {k: qp.get_all(k) for k in qp}


def _browser_lang() -> str:
    try:
        locale = st.context.locale
    except Exception:  # noqa: BLE001 - not every runtime knows the locale
        locale = None
    try:
        accept = st.context.headers.get("Accept-Language")
    except Exception:  # noqa: BLE001
        accept = None
    return language_from_browser(locale, accept)


def current_state() -> AppState:
    """The state: from the URL on the session's first run, then from the session."""
    ss = st.session_state
    if STATE not in ss:
        state, notices = parse_query(_query_dict(), browser_lang=_browser_lang())
        ss[STATE] = state
        ss[NOTICES] = notices
    return ss[STATE]


def notices() -> list[Notice]:
    return list(st.session_state.get(NOTICES, []))


def replace_state(state: AppState, new_notices: list[Notice] | None = None) -> None:
    """Replace the whole state (reset, file load): every widget is seeded again."""
    ss = st.session_state
    for k in [k for k in ss if isinstance(k, str) and k.startswith("w_")]:
        del ss[k]
    ss[STATE] = state
    ss[NOTICES] = list(new_notices or [])


def _seed(key: str, value: Any) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def _drop(prefix: str) -> None:
    for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[k]


def number_step(value: float, lo: float, hi: float, integer: bool) -> float | int:
    """A step that moves the value by about a tenth of its size."""
    if integer:
        return 1
    ref = abs(value) if value else (hi - lo) / 100 or 1.0
    return 10 ** math.floor(math.log10(ref)) / (1 if ref >= 100 else 10) if ref > 0 else 1.0


def parameter_input(name: str, state: AppState, key: str, *, label: str | None = None, help: str | None = None,
                    where: Any = None) -> float:
    """One number input for an assumption parameter, limited to its allowed bounds."""
    a = load_region(state.region)
    p = a[name]
    lo, hi = p.bounds
    value = state.params.get(name, p.value)
    integer = name == "storage_years"
    _seed(key, int(value) if integer else float(value))
    money = p.unit.split()[0].split("/")[0] in ("CNY", "USD")
    fmt = "%d" if integer else ("%.0f" if money else "%.4g")
    return (where or st).number_input(
        label or f"{p.label_in(state.lang)} [{unit_name(p.unit, state.lang, a.currency)}]",
        min_value=int(lo) if integer else float(lo), max_value=int(hi) if integer else float(hi),
        step=number_step(value, lo, hi, integer), format=fmt, key=key, help=help,
    )


def sidebar(state: AppState) -> AppState:
    """The side panel: language, page, region, family and storage offer; returns the new state."""
    ss = st.session_state
    sb = st.sidebar
    lang = state.lang

    _seed("w_lang", state.lang)
    lang = ss.get("w_lang") or state.lang  # the label follows a switch made in this run
    lang = sb.segmented_control(
        ":material/translate: " + t("app.side.language", lang), LANGS, format_func=lambda x: t(f"app.lang.{x}", x),
        key="w_lang", required=True,
    ) or state.lang
    state = state.with_(lang=lang)

    _seed(f"w_page_{lang}", state.page)
    page = sb.segmented_control(
        t("app.side.page", lang), PAGES, format_func=lambda x: t(f"app.pages.{x}", lang), key=f"w_page_{lang}", required=True,
    ) or state.page
    state = state.with_(page=page)

    _seed(f"w_region_{lang}", state.region)
    region = sb.selectbox(t("app.side.region", lang), REGIONS, format_func=lambda x: t(f"region.{x}", lang),
                          key=f"w_region_{lang}", help=t("app.side.region_help", lang))
    if region != state.region:
        state = region_changed(state, region)
        _drop("w_p_")
        _drop("w_offer_")
        ss["_flash"] = "app.notice.region_changed"

    sb.subheader(t("app.side.family", lang))
    _seed("w_sibling_count", len(state.siblings))
    count = sb.number_input(t("app.side.sibling_count", lang), min_value=0, max_value=MAX_SIBLINGS, step=1,
                            key="w_sibling_count", help=t("app.side.sibling_count_help", lang))
    state = resize_siblings(state, int(count))
    default_kg = load_region(state.region)["default_sibling_weight_kg"].value
    sibs = []
    for i, s in enumerate(state.siblings, start=1):
        box = sb.container(border=True)
        box.markdown(f"**{t('app.side.sibling', lang, n=i)}**")
        _seed(f"w_s{i}_condition_{lang}", s.condition)
        cond = box.selectbox(t("app.side.condition", lang), CONDITIONS, key=f"w_s{i}_condition_{lang}",
                             format_func=lambda x: t(f"condition.{x}", lang), help=t("app.side.condition_help", lang))
        _seed(f"w_s{i}_hla_{lang}", s.hla)
        hla = box.selectbox(t("app.side.hla", lang), HLA_MATCHES, key=f"w_s{i}_hla_{lang}",
                            format_func=lambda x: t(f"hla.{x}", lang), help=t("app.side.hla_help", lang))
        _seed(f"w_s{i}_wknown", s.weight_kg is not None)
        known = box.checkbox(t("app.side.weight_known", lang), key=f"w_s{i}_wknown")
        weight = None
        if known:
            _seed(f"w_s{i}_weight", float(s.weight_kg if s.weight_kg is not None else default_kg))
            weight = box.number_input(t("app.side.weight", lang), min_value=WEIGHT_BOUNDS[0], max_value=WEIGHT_BOUNDS[1], step=1.0, format="%.1f",
                                      key=f"w_s{i}_weight", help=t("app.side.weight_help", lang, kg=default_kg))
        sibs.append(SiblingState(cond, None if weight is None else float(weight), hla))
    state = state.with_(siblings=tuple(sibs))

    _seed(f"w_carriers_{lang}", state.carriers)
    carriers = sb.selectbox(t("app.side.carriers", lang), CARRIERS, key=f"w_carriers_{lang}",
                            format_func=lambda x: t(f"carrier.{x}", lang), help=t("app.side.carriers_help", lang))
    state = state.with_(carriers=carriers)

    sb.subheader(t("app.side.offer", lang), help=t("app.side.offer_help", lang))
    for name in OFFER_PARAMETERS:
        v = parameter_input(name, state, f"w_offer_{name}", help=t(f"app.side.{name}_help", lang),
                            label=load_region(state.region)[name].label_in(lang), where=sb)
        state = set_parameter(state, name, v)
    return state


def save(state: AppState) -> None:
    """Keep the state for the next run and write it into the page URL."""
    st.session_state[STATE] = state
    target = to_query(state)
    if _query_dict_flat() != target:
        st.query_params.from_dict(target)


def _query_dict_flat() -> dict[str, str]:
    qp = st.query_params
    return {k: qp[k] for k in qp}
