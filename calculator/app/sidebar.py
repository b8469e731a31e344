"""Reading the inputs: URL -> state on the first run, the side panel's widgets, state -> URL.

The one source of truth is an :class:`AppState` (the family's scenario and the view) kept in
``st.session_state["_state"]``.
Widgets have keys starting with ``w_``; choice widgets (whose option texts change with
the language) also end in the language, so a language switch creates fresh widgets instead
of letting the browser send back an option text of the other language. Each is seeded from the state only when its key is
missing (first run, or after a reset/load/region change deletes the widget keys), so a
person's change is never overwritten, and the state is rebuilt from the widgets each run.
The panel's code runs against a target (:mod:`calculator.app.panel`): drawn in a whole-page
run, read without drawing when a change in the side panel reruns only the page's results.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import streamlit as st

from calculator.analysis.model_inputs import baby_may_inherit, sex_matters
from calculator.app.family_form import family_answers, region_changed, with_family, with_parents
from calculator.app.panel import Drawn, Read, Stale
from calculator.app.state import (
    OWN_OFFER,
    PAGES,
    AppState,
    apply_offer,
    choose_fee_plan,
    effective_fee_plan,
    language_from_browser,
    set_parameter,
)
from calculator.app.url_state import parse_query, to_query
from calculator.content.i18n import LANGS, t
from calculator.content.notices import Notice, notice_text
from calculator.content.side_panel import (
    OPTIONAL_NUMBER_FORMAT,
    WHOLE_PARAMETERS,
    offer_field_label,
    offer_source,
    parameter_format,
    parameter_label,
)
from calculator.inputs.assumptions import REGIONS, load_region
from calculator.inputs.field_spec import bounds
from calculator.inputs.offers import OFFER_FIELDS, offers_for
from calculator.inputs.scenario_schema import Relative
from calculator.inputs.scenario_values import (
    ADULT_RELATIONS,
    CARRIERS,
    CONDITIONS,
    FEE_PLANS,
    HLA_MATCHES,
    MAX_PLANNED_CHILDREN,
    MAX_RELATIVES,
    MAX_SIBLINGS,
    NEWBORN_SEXES,
    NEWBORN_STATUSES,
    PLAN_FEES,
    RELATIONS,
)

STATE = "_state"
PANEL = "_panel"
NOTICES = "_notices"


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
        query = {k: st.query_params.get_all(k) for k in st.query_params}
        state, notices = parse_query(query, browser_lang=_browser_lang())
        ss[STATE] = state
        ss[NOTICES] = notices
    return ss[STATE]


def notices() -> list[Notice]:
    return list(st.session_state.get(NOTICES, []))


def replace_state(state: AppState, new_notices: list[Notice] | None = None) -> None:
    """Replace the whole state (reset, file load): every widget is seeded again."""
    _drop("w_")
    st.session_state[STATE] = state
    st.session_state[NOTICES] = list(new_notices or [])


def seed(key: str, value: Any) -> None:
    """Give widget ``key`` its first value (never overwriting a person's change)."""
    if key not in st.session_state:
        st.session_state[key] = value


def _drop(*prefixes: str) -> None:
    """Forget the widgets whose keys start with ``prefixes`` (seeded again from the state)."""
    for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefixes)]:
        del st.session_state[k]


def number_step(value: float, lo: float, hi: float, integer: bool) -> float | int:
    """A step that moves ``value`` (the parameter's starting value: the widget stays the same
    while a person types, :mod:`calculator.app.panel`) by about a tenth of its size."""
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
    integer = name in WHOLE_PARAMETERS
    seed(key, int(value) if integer else float(value))
    typed = (where or st).number_input(
        label or parameter_label(p, state.lang, a.currency),
        min_value=int(lo) if integer else float(lo), max_value=int(hi) if integer else float(hi),
        step=number_step(p.value, lo, hi, integer), format=parameter_format(name, p), key=key, help=help,
    )
    if p.problem(typed):  # within the widget's range but not usable (5e-324): say so, keep the value
        (where or st).warning(notice_text(Notice("bad_parameter_tiny", name, {"param": name}), state.lang, state.region))
        return value
    return typed


#: Carrier choices in the order a test report reads: not tested first.
CARRIER_CHOICES = ("unknown", "none", *[c for c in CARRIERS if c not in ("none", "unknown")])


def _choice(where: Any, label: str, options: tuple[str, ...], value: str, key: str, prefix: str, lang: str,
            *, help: str | None = None, radio: bool = False) -> str:
    """A select (or radio) of short option texts ``<prefix>.<option>``, seeded from the state."""
    if key in st.session_state and st.session_state[key] not in options:
        where.changes()
        st.session_state.pop(key, None)
    seed(key, value if value in options else options[0])
    widget = where.radio if radio else where.selectbox
    return widget(label, options, key=key, format_func=lambda x: t(f"{prefix}.{x}", lang), help=help)


def _relative_number(where: Any, r: Relative, field: str, key: str, label: str, help: str, lang: str,
                     step: float = 1.0) -> float | None:
    """A relative's number within the scenario's range for it, or None while left empty (not known)."""
    lo, hi = bounds(Relative, field) or (0.0, 0.0)
    value = getattr(r, field)
    seed(key, None if value is None else float(value))
    v = where.number_input(label, min_value=float(lo), max_value=float(hi), step=step, format=OPTIONAL_NUMBER_FORMAT, key=key,
                           help=help, placeholder=t("app.side.not_known", lang))
    return None if v is None else float(v)


def family_inputs(state: AppState, sb: Any) -> AppState:
    """The family, in a parent's words: first child?, brothers and sisters, planned children,
    a relative with a blood disease a transplant can treat, each parent's carrier test and the
    baby's prenatal test (only when it matters)."""
    lang = state.lang
    born, planned, sick = family_answers(state)
    if any(r.relation == "full_sibling" for r in sick) and st.session_state.get(f"w_first_{lang}") == "yes":
        # a brother or sister was listed with a disease: the baby is not the first child
        sb.changes()
        st.session_state[f"w_first_{lang}"] = "no"
        st.session_state["w_siblings"] = born
    sb.subheader(t("app.side.family", lang))

    first = _choice(sb, t("app.side.first_child", lang), ("yes", "no"), "yes" if born == 0 else "no",
                    f"w_first_{lang}", "app.side.yes_no", lang, radio=True)
    siblings = 0
    if first == "no":
        seed("w_siblings", max(1, born))
        siblings = int(sb.number_input(t("app.side.siblings", lang), min_value=1, max_value=MAX_SIBLINGS, step=1,
                                       key="w_siblings", help=t("app.side.siblings_help", lang)))
    seed("w_planned", planned)
    answer = sb.number_input(t("app.side.planned", lang), min_value=0, max_value=MAX_PLANNED_CHILDREN, step=1,
                             key="w_planned", help=t("app.side.planned_help", lang),
                             placeholder=t("app.side.planned_unanswered", lang))
    planned = None if answer is None else int(answer)
    if planned is None:
        sb.caption(t("text.planned_not_entered", lang))

    choice = _choice(sb, t("app.side.sick", lang), ("no", "yes"), "yes" if sick else "no",
                     f"w_sick_{lang}", "app.side.sick_opt", lang, help=t("app.side.sick_help", lang), radio=True)
    relatives: list[Relative] = []
    if choice == "yes":
        seed("w_rel_count", max(1, len(sick)))
        count = int(sb.number_input(t("app.side.sick_count", lang), min_value=1, max_value=MAX_RELATIVES, step=1,
                                    key="w_rel_count"))
        a = load_region(state.region)
        for i in range(1, count + 1):
            r = sick[i - 1] if i <= len(sick) else Relative(condition="thalassaemia_major")
            box = sb.container(border=True)
            box.markdown(f"**{t('app.side.person', lang, n=i)}**")
            relation = _choice(box, t("app.side.who_label", lang), RELATIONS, r.relation, f"w_r{i}_relation_{lang}",
                               "app.side.who", lang)
            sibling = relation in ("full_sibling", "half_sibling")
            options = CONDITIONS if sibling else CONDITIONS[1:]
            condition = _choice(box, t("app.side.disease", lang), options, r.condition, f"w_r{i}_condition_{lang}",
                                "app.side.disease_opt", lang, help=t("app.side.condition_help", lang))
            default_kg = a["default_adult_weight_kg" if relation in ADULT_RELATIONS else "default_sibling_weight_kg"].value
            weight = _relative_number(box, r, "weight_kg", f"w_r{i}_weight", t("app.side.weight", lang),
                                      t("app.side.weight_help", lang, kg=default_kg), lang)
            age = None
            if weight is None:
                age = _relative_number(box, r, "age_years", f"w_r{i}_age", t("app.side.age", lang),
                                       t("app.side.age_help", lang), lang)
                if age is None:
                    box.caption(t("app.side.weight_assumed_note", lang, kg=default_kg))
            hla = _choice(box, t("app.side.hla_label", lang), HLA_MATCHES, r.hla_match, f"w_r{i}_hla_{lang}",
                          "app.side.hla_opt", lang, help=t("app.side.hla_help", lang))
            default_years = a["years_to_sibling_hsct"].value
            years = _relative_number(box, r, "years_to_transplant", f"w_r{i}_years", t("app.side.years", lang),
                                     t("app.side.years_help", lang), lang, step=0.5)
            if years is None:
                box.caption(t("app.side.years_assumed_note", lang, t=default_years))
            if relation == "full_sibling" and siblings < sum(x.relation == "full_sibling" for x in relatives) + 1:
                box.caption(t("app.side.counted_as_sibling", lang))
            relatives.append(Relative(relation=relation, condition=condition, weight_kg=weight,  # type: ignore[arg-type]
                                      hla_match=hla, years_to_transplant=years, age_years=age))  # type: ignore[arg-type]
    state = with_family(state, siblings, planned, tuple(relatives))

    # the carrier results only once a test was done (most families have none: two inputs fewer
    # for them to read, and for the server to send on every run); one above the other, side by
    # side each select was about 100 px and cut its choice ("未发现携")
    parents = state.scenario.parent_carriers
    tested = _choice(sb, t("app.side.carrier_tested", lang), ("no", "yes"),
                     "no" if parents.mother == parents.father == "none" else "yes", f"w_tested_{lang}",
                     "app.side.carrier_tested_opt", lang, help=t("app.side.carriers_help", lang), radio=True)
    mother = father = "none"  # no test: no known trait (the scenario's default)
    if tested == "yes":
        mother = _choice(sb, t("app.side.mother", lang), CARRIER_CHOICES, parents.mother, f"w_mother_{lang}",
                         "app.side.carrier_opt", lang)
        father = _choice(sb, t("app.side.father", lang), CARRIER_CHOICES, parents.father, f"w_father_{lang}",
                         "app.side.carrier_opt", lang)
    # the baby's test and sex are asked only where they matter (for these parents and relatives)
    family = with_parents(state, mother, father, "unknown", "unknown").scenario
    newborn = "unknown"
    if baby_may_inherit(family):
        newborn = _choice(sb, t("app.side.newborn", lang), NEWBORN_STATUSES, state.scenario.newborn_status,
                          f"w_newborn_{lang}", "app.side.newborn_opt", lang, help=t("app.side.newborn_help", lang))
    sex = "unknown"
    if sex_matters(family):
        sex = _choice(sb, t("text.newborn_sex", lang), NEWBORN_SEXES, state.scenario.newborn_sex, f"w_sex_{lang}",
                      "sex", lang, help=t("app.side.sex_help", lang))
    return with_parents(state, mother, father, newborn, sex)


def offer_inputs(state: AppState, sb: Any) -> AppState:
    """The storage offer: a bank's survey price or a US plan, or the family's own numbers; the
    plan (yearly or prepaid package); every money field names its currency."""
    lang = state.lang
    a = load_region(state.region)
    cur = a.currency
    sb.subheader(t("app.side.offer", lang), help=t("app.side.offer_help", lang))
    presets = offers_for(state.region)
    options = (OWN_OFFER, *presets)
    key = f"w_offer_pick_{state.region}_{lang}"

    def label(x: str) -> str:
        return t("app.offer.own", lang) if x == OWN_OFFER else presets[x].label_in(lang)

    seed(key, state.view.offer if state.view.offer in options else OWN_OFFER)
    picked = sb.selectbox(t("app.offer.pick", lang), options, key=key, format_func=label,
                          help=t(f"app.offer.pick_help_{state.region}", lang))
    if picked != state.view.offer:
        sb.changes()
        state = apply_offer(state, picked)
        if picked != OWN_OFFER:
            _drop("w_offer_fee_", "w_offer_storage_", "w_fee_plan_")
    if picked in presets:
        sb.caption(offer_source(presets[picked], lang, cur))

    plan = _choice(sb, t("app.offer.plan", lang), FEE_PLANS, state.scenario.fee_plan or "yearly", f"w_fee_plan_{lang}",
                   "app.offer.plan_opt", lang, help=t("app.offer.plan_help", lang))
    state = choose_fee_plan(state, plan)
    names = [n for n in OFFER_FIELDS if n == "storage_years" or n in PLAN_FEES[plan]]  # the plan's own fees
    for name in names:
        v = parameter_input(name, state, f"w_offer_{name}", help=t(f"app.side.{name}_help", lang),
                            label=offer_field_label(name, lang, cur), where=sb)
        state = set_parameter(state, name, v)
    if plan != "yearly" and effective_fee_plan(state.scenario) == "yearly":
        sb.caption(t("app.offer.package_needs_price", lang))
    if picked in presets and any(abs(state.params.get(n, a[n].value) - v) > 1e-9
                                 for n, v in presets[picked].parameters.items() if n in names):
        sb.caption(t("app.offer.changed", lang))
    return state


def sidebar(state: AppState, sb: Any) -> AppState:
    """The side panel, drawn or read (``sb``, :mod:`calculator.app.panel`): language, page,
    region, family and storage offer; returns the new state."""
    seed("w_lang", state.lang)
    lang = st.session_state.get("w_lang") or state.lang  # the label follows a switch made in this run
    lang = sb.segmented_control(
        ":material/translate: " + t("app.side.language", lang), LANGS, format_func=lambda x: t(f"app.lang.{x}", x),
        key="w_lang", required=True, full=True,
    ) or state.lang
    state = state.with_(lang=lang)

    seed(f"w_page_{lang}", state.page)
    page = sb.segmented_control(
        t("app.side.page", lang), PAGES, format_func=lambda x: t(f"app.pages.{x}", lang), key=f"w_page_{lang}",
        required=True, full=True,
    ) or state.page
    state = state.with_(page=page)

    seed(f"w_region_{lang}", state.region)
    region = sb.selectbox(t("app.side.region", lang), REGIONS, format_func=lambda x: t(f"region.{x}", lang),
                          key=f"w_region_{lang}", help=t("app.side.region_help", lang), full=True)
    if region != state.region:
        sb.changes()
        state = region_changed(state, region)
        _drop("w_p_", "w_offer_", "w_fee_plan_")
        st.session_state["_flash"] = "app.notice.region_changed"
    return offer_inputs(family_inputs(state, sb), sb)


@dataclass(frozen=True)
class _Drawn:
    """The side panel as last drawn: from which state, with which widget values, its layout,
    and the state it gave."""

    base: AppState
    values: tuple
    layout: tuple
    state: AppState


def _values(keys: list[str]) -> tuple:
    return tuple((k, st.session_state.get(k)) for k in keys)


def draw_panel(state: AppState) -> AppState:
    """Draw the side panel (a whole-page run) and keep what it drew; returns the new state."""
    target = Drawn()
    new = sidebar(state, target)
    st.session_state[PANEL] = _Drawn(state, _values(target.keys), tuple(target.layout), new)
    return new


def panel_state() -> AppState:
    """The state the side panel gives, for the page's results: the one just drawn in a
    whole-page run; in a results-only rerun, read from the widgets without drawing them. When
    the panel shown no longer fits the inputs, the whole page runs again (``st.rerun()``)."""
    drawn: _Drawn | None = st.session_state.get(PANEL)
    base = current_state()
    if drawn is None:
        st.rerun()
    if drawn.base is base and _values([k for k, _ in drawn.values]) == drawn.values:
        return drawn.state
    target = Read()
    try:
        new = sidebar(base, target)
    except Stale:
        st.rerun()
    if tuple(target.layout) != drawn.layout:
        st.rerun()
    return new


def save(state: AppState) -> None:
    """Keep the state for the next run and write it into the page URL."""
    st.session_state[STATE] = state
    target = to_query(state)
    if {k: st.query_params[k] for k in st.query_params} != target:
        st.query_params.from_dict(target)
