"""The family as the side panel asks for it, read from and written into the state's scenario.

The form asks: how many brothers and sisters are already born, how many more children are
planned (or not answered), which relatives have a transplant-treatable disease (or a known
HLA type), each parent's carrier test, and, where it matters, the baby's prenatal test and sex.

The scenario holds these as the command line does. A family with nobody listed and at most 10
children in all is ``n_siblings`` (healthy brothers and sisters, born or planned: the model
treats them alike; not written when it equals the region's assumption), so the default family
saves as a short file; otherwise every relative is listed, then the healthy brothers and
sisters, and the planned children. The split of ``n_siblings`` into born and planned children
is the form's alone and lives in the view (:class:`calculator.app.state.View`).
"""

from __future__ import annotations

from dataclasses import replace

from calculator.app.state import AppState, View, clean_params, settled
from calculator.inputs.assumptions import load_region
from calculator.inputs.scenario_schema import ParentCarriers, Relative, Scenario
from calculator.inputs.scenario_values import MAX_PLANNED_CHILDREN, MAX_SIBLINGS, fee_plan_of, for_plan

#: A brother or sister with nothing known but that they exist (counted, never shown as a row).
PLAIN_SIBLING = Relative()


def sick_relatives(scenario: Scenario) -> tuple[Relative, ...]:
    """The relatives listed with a disease (or a known HLA type, weight, age): the form's rows."""
    return tuple(r for r in scenario.family or () if r != PLAIN_SIBLING)


def _full_siblings(relatives: tuple[Relative, ...]) -> int:
    return sum(r.relation == "full_sibling" for r in relatives)


def family_answers(state: AppState) -> tuple[int, int | None, tuple[Relative, ...]]:
    """The form's answers: (brothers and sisters born, planned children or None, sick relatives)."""
    s = state.scenario
    if s.family_listed:
        fam = s.family or ()
        return _full_siblings(fam), s.planned_children, sick_relatives(s)
    count = s.parameters.get("n_siblings")
    born, entered = state.view.born, state.view.planned_entered
    if count is None:
        if not (born or entered):
            return 0, None, ()
        count = load_region(s.region)["n_siblings"].value
    born = min(born, int(count))
    return born, int(count) - born if entered or born == 0 else None, ()


def with_family(state: AppState, siblings: int, planned: int | None, sick: tuple[Relative, ...]) -> AppState:
    """The state with the form's family answers written into its scenario (see the module's
    docstring); brothers and sisters listed with a disease count among those born."""
    s = state.scenario
    siblings = max(siblings, _full_siblings(sick))
    params = {k: v for k, v in s.parameters.items() if k != "n_siblings"}
    total = siblings + (planned or 0)
    if not sick and total <= MAX_SIBLINGS:
        answered = planned is not None or siblings
        if answered and total != load_region(s.region)["n_siblings"].value:
            params["n_siblings"] = float(total)
        family: dict = {"relatives": None, "planned_children": None}
        view = replace(state.view, born=siblings, planned_entered=planned is not None)
    else:
        plain = (PLAIN_SIBLING,) * (siblings - _full_siblings(sick))
        family = {"relatives": sick + plain, "planned_children": planned}
        view = replace(state.view, born=0, planned_entered=False)
    scenario = s.model_copy(update={**family, "siblings": None, "parameters": params})
    return AppState(settled(scenario), view)


def with_parents(state: AppState, mother: str, father: str, newborn: str, sex: str) -> AppState:
    """The state with each parent's carrier status and the baby's test result and sex (each
    of the last two kept only where it matters)."""
    scenario = state.scenario.model_copy(update={
        "carriers": ParentCarriers(mother=mother, father=father), "parents_carriers": None,  # type: ignore[arg-type]
        "newborn_status": newborn, "newborn_sex": sex})
    return AppState(settled(scenario), state.view)


def adopt(scenario: Scenario, view: View, *, siblings: int | None = None,
          planned: int | None | str = "file") -> AppState:
    """A checked scenario (a file, a link) as the app's state: the fee plan named, the
    parameters cleaned, the family written as the form writes it.

    Without a family list, ``n_siblings`` healthy children become that many planned children
    (up to ``MAX_PLANNED_CHILDREN``; the rest born), which the model treats alike; an empty
    family list is nobody, as the command line counts it. A link gives its own ``siblings``
    and ``planned`` (``planned="file"``: read them from the scenario).
    """
    a = load_region(scenario.region)
    params = dict(scenario.parameters)
    count = params.get("n_siblings")
    plan = fee_plan_of(scenario.fee_plan, params.get("fee_package_price", 0))
    base = scenario.model_copy(update={
        "parameters": clean_params(for_plan(params, plan), a), "fee_plan": plan,
        "carriers": scenario.parent_carriers, "parents_carriers": None})
    sick = sick_relatives(scenario)
    born = 0
    if planned == "file":
        planned = None
        if scenario.family_listed:
            born, planned = _full_siblings(scenario.family or ()), scenario.planned_children
            if planned is None and not sick and not born:
                planned = 0  # an empty family list: nobody (not the assumed default)
        elif count is not None:
            born, planned = max(0, int(count) - MAX_PLANNED_CHILDREN), min(int(count), MAX_PLANNED_CHILDREN)
    assert planned is None or isinstance(planned, int)
    return with_family(AppState(base, view), born if siblings is None else siblings, planned, sick)


def region_changed(state: AppState, new_region: str) -> AppState:
    """Switch region: regional parameters (fees, discount rate, WTP) go back to the new
    region's defaults, the offer to "own prices" and yearly fees, the second offer is cleared;
    shared clinical overrides are kept if still allowed, and the family as answered."""
    siblings, planned, sick = family_answers(state)
    a = load_region(new_region)
    keep = {k: v for k, v in state.params.items()
            if k in a and a[k].file in ("common.yaml", "family.yaml") and a[k].bounds[0] <= v <= a[k].bounds[1]}
    scenario = state.scenario.model_copy(update={
        "region": new_region, "parameters": clean_params(for_plan(keep, "yearly"), a), "fee_plan": "yearly",
        "second_offer": None})
    return with_family(AppState(scenario, replace(state.view, offer="own")), siblings, planned, sick)
