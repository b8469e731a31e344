"""Streamlit helpers shared by both pages: cached model runs, notices, sources, texts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from calculator.analysis.evaluate import evaluate, model_inputs
from calculator.analysis.psa import DEFAULT_DRAWS, DEFAULT_SEED, PSAResult, run_psa
from calculator.analysis.results import Results
from calculator.analysis.sensitivity import SensitivityResult, run_sensitivity
from calculator.app.notices import Notice, notice_text
from calculator.app.state import AppState, to_scenario
from calculator.inputs.assumptions import load_region
from calculator.inputs.scenario_schema import Scenario
from calculator.present.i18n import t
from calculator.present.units import format_parameter

PROBABILITY_UNITS = ("probability", "probability per year")
PSA_DRAWS = DEFAULT_DRAWS
PSA_SEED = DEFAULT_SEED
#: Cached analyses and figures: a bounded number of families' inputs, each kept at most an hour.
#: The key is the family's inputs as plain values; nothing else about a family stays on the server.
CACHE_TTL_S = 3600


def T(key: str, state: AppState, currency: str | None = None, **values: Any) -> str:
    """Text ``key`` in the page's language, money in the region's currency."""
    cur = currency or load_region(state.region).currency
    return t(key, state.lang, currency=cur, **values)


def scenario_key(state: AppState) -> str:
    """The scenario as canonical JSON: the cache key of every model run (a key only: the
    runs get the checked :class:`Scenario` itself, never this text parsed back)."""
    return json.dumps(to_scenario(state).to_dict(), sort_keys=True)


# The leading underscore tells Streamlit not to hash ``_scenario``; ``key`` stands for it.
@st.cache_data(max_entries=256, ttl=CACHE_TTL_S, show_spinner=False)
def _evaluate_cached(key: str, _scenario: Scenario) -> Results:
    return evaluate(_scenario)


def results_for(state: AppState) -> Results:
    scenario = to_scenario(state)
    return _evaluate_cached(_key_of(scenario), scenario)


@st.cache_data(max_entries=64, ttl=CACHE_TTL_S, show_spinner="…")
def _sensitivity_cached(key: str, _scenario: Scenario) -> SensitivityResult:
    return run_sensitivity(model_inputs(_scenario))


@st.cache_data(max_entries=64, ttl=CACHE_TTL_S, show_spinner="…")
def _psa_cached(key: str, n: int, seed: int, _scenario: Scenario) -> PSAResult:
    return run_psa(model_inputs(_scenario), n, seed)


def _key_of(scenario: Scenario) -> str:
    return json.dumps(scenario.to_dict(), sort_keys=True)



def sensitivity_for(state: AppState) -> SensitivityResult:
    """One-way and two-way sensitivity (cached on the inputs)."""
    scenario = to_scenario(state)
    return _sensitivity_cached(_key_of(scenario), scenario)


def psa_for(state: AppState, n: int = PSA_DRAWS, seed: int = PSA_SEED) -> PSAResult:
    """Probabilistic analysis (cached on the inputs, draws and seed; a spinner only while it runs)."""
    scenario = to_scenario(state)
    return _psa_cached(_key_of(scenario), int(n), int(seed), scenario)


@st.cache_resource(max_entries=512, ttl=CACHE_TTL_S, show_spinner=False)
def _figure_cached(builder: str, args: tuple[tuple[str, Any], ...]) -> Any:
    """A figure from :mod:`calculator.present.web_charts`, built once for the same plain inputs.

    The figure object is shared by every session that shows the same chart: nothing changes
    it after it is built (``st.plotly_chart`` only reads it)."""
    from calculator.present import web_charts

    return getattr(web_charts, builder)(**{k: dict(v) if isinstance(v, _Items) else v for k, v in args})


class _Items(tuple):
    """A mapping passed to :func:`_figure_cached` as its items (hashable, plain values)."""


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return _Items((k, _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return _plain(value.tolist())
    return value


def figure(builder: str, **kwargs: Any) -> Any:
    """``web_charts.<builder>(**kwargs)``, cached on the arguments' values (plain numbers and text)."""
    return _figure_cached(builder, tuple((k, _plain(v)) for k, v in sorted(kwargs.items())))


@st.cache_resource(max_entries=256, ttl=CACHE_TTL_S, show_spinner=False)
def _results_figure_cached(builder: str, key: str, lang: str, _res: Results) -> Any:
    from calculator.present import web_charts

    return getattr(web_charts, builder)(_res, lang=lang)


def results_figure(builder: str, state: AppState) -> Any:
    """A figure drawn from the whole results object (``builder(results, lang=...)``), cached on the inputs."""
    return _results_figure_cached(builder, scenario_key(state), state.lang, results_for(state))


def show_notices(notices: Iterable[Notice], state: AppState) -> None:
    """Each notice as plain text in a warning box (never the person's input)."""
    notices = list(notices)
    if not notices:
        return
    lines = [notice_text(n, state.lang, state.region) for n in notices]
    st.warning(T("app.notice.header", state) + "\n\n" + "\n".join(f"- {line}" for line in lines), icon=":material/warning:")


def format_value(value: float, unit: str, state: AppState) -> str:
    """A parameter value as people read it (:func:`calculator.present.units.format_parameter`);
    small chances also show the decimal a counsellor types ("0.000141 (about 1 in 7,100)")."""
    text = format_parameter(value, unit, state.lang, load_region(state.region).currency)
    if unit == "probability" and 0 < value < 0.01:
        return f"{value:.3g} \uff08{text}\uff09" if state.lang == "zh" else f"{value:.3g} ({text})"
    return text


def where_from(names: Iterable[str], res: Results, state: AppState, *, computed: bool = True) -> None:
    """The "where does this come from?" expander: each parameter's value, range and source."""
    a = load_region(state.region)
    with st.expander(T("app.sources.where", state)):
        if computed:
            st.caption(T("app.sources.computed", state))
        for name in names:
            if name not in a:
                continue
            p = a[name]
            value = res.parameters.get(name, p.value)
            lines = [
                "**" + T("app.sources.value", state, label=p.label_in(state.lang),
                         value=format_value(value, p.unit, state),
                         low=format_value(p.low, p.unit, state), high=format_value(p.high, p.unit, state)) + "**",
            ]
            src = p.source_in(state.lang)
            if p.is_assumption:
                lines.append(T("app.sources.assumption", state, source=src))
            else:
                lines.append(T("app.sources.source", state, kind=t(f"source_type.{p.source_type}", state.lang), source=src))
            if p.url:
                lines.append(f"[{T('app.sources.link', state)}]({p.url})")
            lines.append(T("app.sources.reviewed", state, date=p.reviewed.isoformat()))
            if name in res.overridden:
                lines.append(T("app.sources.changed", state, default=format_value(p.value, p.unit, state)))
            st.markdown("  \n".join(lines))


#: Which parameters each number on the parent page comes from.
SOURCES = {
    "private_family_use": ("p_auto_use", "p_sibling_hsct", "p_hla_identical_sibling", "p_affected_if_both_carriers",
                           "p_private_unit_storable", "bank_failure_per_year", "tnc_median_cells", "tnc_log_sd",
                           "tnc_post_processing_recovery", "min_tnc_dose_per_kg", "default_sibling_weight_kg",
                           "storage_years", "use_basis_years"),
    "public_helps": ("p_public_kept", "p_public_released", "storage_years"),
    "public_family_use": ("p_public_kept", "p_public_available_to_family", "public_bank_failure_per_year",
                          "p_auto_use", "p_sibling_hsct", "storage_years"),
    "expected_value": ("wtp_per_qaly", "survival_gain_autologous", "survival_gain_sibling_nonmalignant",
                       "survival_gain_sibling_malignant", "remaining_life_years", "utility_post_transplant",
                       "discount_rate"),
    "cost": ("fee_upfront", "fee_annual", "fee_package_price", "fee_escalation", "storage_years", "discount_rate"),
    "use_by_age": ("p_auto_use", "p_sibling_hsct", "years_to_sibling_hsct", "storage_years"),
    "cost_per_use": ("fee_upfront", "fee_annual", "fee_package_price", "discount_rate", "p_auto_use", "p_sibling_hsct"),
}


def sick_sibling_sources(res: Results) -> tuple[str, ...]:
    """The per-disease transplant chances of the sick brothers and sisters listed."""
    return tuple(dict.fromkeys(f"p_hsct_{s.condition}" for s in res.siblings if s.condition != "none"))


def show_flash(state: AppState) -> None:
    """A one-off confirmation (reset, file loaded) set before a rerun."""
    key = st.session_state.pop("_flash", None)
    if key:
        (st.info if key.startswith("app.notice.") else st.success)(T(key, state), icon=":material/check_circle:")
