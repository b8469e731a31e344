"""The web app's state: the family's :class:`Scenario` plus the :class:`View` settings.

The scenario is the command line's own (:mod:`calculator.inputs.scenario_schema`): the model
runs it (:func:`run_scenario`), a saved file holds it, the page URL writes it
(:mod:`calculator.app.url_state`); its limits and allowed values are the schema's. The view
holds only what is not a family input: the page's language, which page, the bank's price list
chosen, the counsellor's analysis settings and how the form split the children that the
scenario counts together (:mod:`calculator.app.family_form`).

This module holds the two, their defaults and their edits; the form's family answers are in
:mod:`calculator.app.family_form`, reading a scenario file into the state in
:mod:`calculator.app.counsellor_files`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from calculator.analysis.model_inputs import baby_may_inherit, sex_matters
from calculator.content.i18n import LANGS
from calculator.inputs.assumptions import Assumptions, load_region
from calculator.inputs.offers import offers_for
from calculator.inputs.scenario import scenario_from_mapping_lenient
from calculator.inputs.scenario_schema import FamilyValues, Scenario
from calculator.inputs.scenario_values import IMPORTANCES, for_plan, other_plan_fees

PAGES = ("parent", "counsellor")
#: Parameters never set by URL or editor: the family's own answers set ``n_siblings``.
NOT_EDITABLE = frozenset({"n_siblings"})
#: ``offer`` when the family types its own prices.
OWN_OFFER = "own"
#: Draws of the counsellor's probabilistic analysis in the app (its input and the link's
#: ``psa_draws``): at most 100,000 per page run, so one link cannot ask for unbounded work.
APP_PSA_DRAWS = (100, 100_000)


@dataclass(frozen=True)
class View:
    """What the page shows and how, never a family input.

    ``offer``: the bank's price list chosen (its prices are in the scenario's parameters) or
    ``own``; ``psa_draws``, ``psa_seed``: the counsellor's probabilistic analysis (None: the
    defaults). ``born`` and ``planned_entered``: the form asks for brothers and sisters already
    born and planned children apart, while a scenario that lists nobody counts them together
    (``n_siblings``: the model treats them alike), so the view keeps how many are born and
    whether the planned ones were answered (:func:`calculator.app.family_form.family_answers`).
    """

    lang: str = "en"
    page: str = "parent"
    offer: str = OWN_OFFER
    psa_draws: int | None = None
    psa_seed: int | None = None
    born: int = 0
    planned_entered: bool = False


@dataclass(frozen=True)
class AppState:
    """The app's state: the family's scenario (as entered: the fee plan chosen, ``parameters``
    only the values that differ from the defaults) and the view."""

    scenario: Scenario
    view: View = View()

    @property
    def lang(self) -> str:
        return self.view.lang

    @property
    def page(self) -> str:
        return self.view.page

    @property
    def region(self) -> str:
        return self.scenario.region

    @property
    def params(self) -> Mapping[str, float]:
        """The parameter overrides (``n_siblings`` included when the family set it)."""
        return self.scenario.parameters

    @property
    def overrides(self) -> dict[str, float]:
        """The parameters set by hand or by an offer (the family's ``n_siblings`` left out: the
        side panel's answers set it)."""
        return {k: v for k, v in self.scenario.parameters.items() if k not in NOT_EDITABLE}

    def with_(self, **view: Any) -> AppState:
        """The state with view settings changed."""
        return replace(self, view=replace(self.view, **view))

    def with_scenario(self, **fields: Any) -> AppState:
        """The state with scenario fields changed (values already checked by the caller)."""
        return replace(self, scenario=self.scenario.model_copy(update=fields))


def default_state(region: str = "cn", lang: str = "en") -> AppState:
    """The state before anything is typed: a first child, planned children not answered."""
    return AppState(Scenario.model_validate({"region": region, "carriers": {}, "fee_plan": "yearly"}), View(lang=lang))


def settled(scenario: Scenario) -> Scenario:
    """``scenario`` with the newborn's test result and sex kept only where they matter."""
    newborn = scenario.newborn_status if baby_may_inherit(scenario) else "unknown"
    sex = scenario.newborn_sex if sex_matters(scenario) else "unknown"
    if (newborn, sex) == (scenario.newborn_status, scenario.newborn_sex):
        return scenario
    return scenario.model_copy(update={"newborn_status": newborn, "newborn_sex": sex})


def effective_fee_plan(scenario: Scenario) -> str:
    """The plan used: a package plan without a package price falls back to yearly fees."""
    plan = scenario.fee_plan or "yearly"
    price = scenario.parameters.get("fee_package_price", load_region(scenario.region)["fee_package_price"].value)
    return plan if plan == "yearly" or price > 0 else "yearly"


def saved_scenario(state: AppState) -> Scenario:
    """The scenario a file saves: the state's, with the fee plan in effect (a package plan
    whose price is not typed yet counts yearly fees: the side panel says so)."""
    s = state.scenario
    plan = effective_fee_plan(s)
    if plan == s.fee_plan:
        return s
    return s.model_copy(update={"fee_plan": plan, "parameters": for_plan(s.parameters, plan)})


def run_scenario(state: AppState) -> Scenario:
    """The scenario the model runs: :func:`saved_scenario` without what the model never reads
    (the values step, the counsellor's record, the second offer)."""
    return saved_scenario(state).model_part()


def clean_params(params: Mapping[str, float], a: Assumptions) -> dict[str, float]:
    """Overrides minus those equal to the default."""
    return {k: float(v) for k, v in params.items() if not math.isclose(v, a[k].value, rel_tol=1e-12, abs_tol=0.0)}


def choose_fee_plan(state: AppState, fee_plan: str) -> AppState:
    """Switch the fee plan; the fees of the other plans are dropped."""
    return state.with_scenario(fee_plan=fee_plan, parameters=for_plan(state.params, fee_plan))


def language_from_browser(locale: str | None = None, accept_language: str | None = None) -> str:
    """``zh`` or ``en`` from the browser's locale (``zh-CN``) or Accept-Language header.

    The first language of the highest quality that is Chinese or English wins; ``en`` when
    the browser names neither.
    """
    if locale and (primary := locale.strip().lower()[:2]) in LANGS:
        return primary
    ranked = []
    for i, part in enumerate((accept_language or "")[:500].split(",")):
        tag, _, q = part.strip().partition(";q=")
        try:
            quality = float(q) if q else 1.0
        except ValueError:
            quality = 0.0
        ranked.append((-quality, i, tag.strip().lower()[:2]))
    return next((tag for _, _, tag in sorted(ranked) if tag in LANGS), "en")


def apply_offer(state: AppState, offer_id: str) -> AppState:
    """Choose a bank's price list (its fees, contract length and plan), or ``own`` (prices kept)."""
    preset = offers_for(state.region).get(offer_id)
    if preset is None:
        return state.with_(offer=OWN_OFFER)
    params = for_plan({**state.params, **preset.parameters}, preset.fee_plan)
    return state.with_(offer=offer_id).with_scenario(
        fee_plan=preset.fee_plan, parameters=clean_params(params, load_region(state.region)))


def choose_second_offer(state: AppState, offer_id: str | None) -> AppState:
    """Set (or, with None or an id the region has not, clear) the second offer compared."""
    return state.with_scenario(second_offer=offer_id if offer_id in offers_for(state.region) else None)


def second_offer_state(state: AppState) -> AppState | None:
    """The same family with the second offer as its offer (evaluated as the first one is:
    ``results_for(second_offer_state(state))``), or None when no second offer is set."""
    second = state.scenario.second_offer
    if second is None or second not in offers_for(state.region):
        return None
    return apply_offer(state, second).with_scenario(second_offer=None)


def set_value(state: AppState, statement: str, answer: str | None) -> AppState:
    """Answer one statement of the values step (None: not answered); other answers are kept."""
    if statement not in FamilyValues.model_fields:
        raise KeyError(statement)
    if answer is not None and answer not in IMPORTANCES:
        raise ValueError(f"answer must be one of {IMPORTANCES}")
    values = state.scenario.values or FamilyValues()
    values = values.model_copy(update={statement: answer})
    return state.with_scenario(values=values if values.answered() else None)


def answers(state: AppState) -> dict[str, str]:
    """The values step's answers (statement -> ``not``, ``somewhat``, ``very``), in the order asked."""
    return state.scenario.values.answered() if state.scenario.values is not None else {}


def set_record(state: AppState, *, consultation_date: str | None, record_note: str | None) -> AppState:
    """The counsellor's record as typed, checked by the scenario's rules: a bad date or an
    over-long note is not kept (the field keeps its value; the widget says why)."""
    checked, dropped = scenario_from_mapping_lenient(
        {"consultation_date": consultation_date, "record_note": record_note}, source="app")
    bad = {d.loc[0] for d in dropped if d.loc}
    return state.with_scenario(**{name: getattr(state.scenario if name in bad else checked, name)
                                  for name in ("consultation_date", "record_note")})


def set_parameter(state: AppState, name: str, value: float) -> AppState:
    """Set one parameter (already within its bounds: a widget enforces them); a fee that the
    chosen plan does not charge is not kept."""
    a = load_region(state.region)
    # never a value the model cannot use (the widget shows a notice), nor a fee the plan does not charge
    if a[name].problem(value) or name in other_plan_fees(state.scenario.fee_plan or "yearly"):
        return state
    params = clean_params({**state.params, name: float(value)}, a)
    return state if params == state.params else state.with_scenario(parameters=params)
