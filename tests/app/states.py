"""Test states built as the app builds them: the defaults, then the side panel's edits
(:mod:`calculator.app.family_form`, :mod:`calculator.app.state`), never a state written by hand."""

from __future__ import annotations

from typing import Any

from calculator.app.family_form import family_answers, with_family, with_parents
from calculator.app.state import AppState, choose_fee_plan, clean_params, default_state
from calculator.inputs.assumptions import load_region
from calculator.inputs.scenario_schema import FamilyValues, Relative
from calculator.inputs.scenario_values import for_plan


def rel(relation: str = "full_sibling", condition: str = "none", weight_kg: float | None = None,
        hla: str = "unknown", years: float | None = None, age: float | None = None) -> Relative:
    """A relative as the side panel lists one (the URL's field order)."""
    return Relative.model_validate({"relation": relation, "condition": condition, "weight_kg": weight_kg,
                                    "hla_match": hla, "years_to_transplant": years, "age_years": age})


def family(region: str = "cn", lang: str = "en", *, page: str = "parent", siblings: int = 0,
           planned: int | None = None, relatives: tuple[Relative, ...] = (), mother: str = "none",
           father: str = "none", newborn: str = "unknown", sex: str = "unknown", fee_plan: str = "yearly",
           params: dict[str, float] | None = None, offer: str = "own", values: dict[str, str] | None = None,
           **scenario: Any) -> AppState:
    """A state with these answers, entered as the side panel enters them."""
    s = choose_fee_plan(default_state(region, lang).with_(page=page, offer=offer), fee_plan)
    if params:
        s = s.with_scenario(parameters=clean_params(for_plan(params, fee_plan), load_region(region)))
    s = with_parents(with_family(s, siblings, planned, tuple(relatives)), mother, father, newborn, sex)
    if values:
        scenario["values"] = FamilyValues.model_validate(values)
    return s.with_scenario(**scenario) if scenario else s


def siblings(state: AppState) -> int:
    return family_answers(state)[0]


def planned(state: AppState) -> int | None:
    return family_answers(state)[1]


def relatives(state: AppState) -> tuple[Relative, ...]:
    return family_answers(state)[2]
