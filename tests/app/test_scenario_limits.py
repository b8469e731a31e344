"""The app's limits are the scenario schema's: a family the scenario file allows loads into the
app unchanged (state, link, saved file), and a value beyond a limit gets a notice naming the
field and the schema's range (issue 23: 5 planned children loaded as 3, with no notice)."""

from __future__ import annotations

from calculator.app.counsellor_files import state_from_scenario_text
from calculator.app.state import run_scenario
from calculator.app.url_state import parse_query, to_query
from calculator.inputs.field_spec import bounds
from calculator.inputs.scenario_files import dump_scenario, read_scenario_text
from calculator.inputs.scenario_schema import Relative
from calculator.inputs.scenario_values import MAX_PLANNED_CHILDREN, MAX_SIBLINGS
from tests.app.apptest import run
from tests.app.states import planned, siblings

FIVE_PLANNED = """
region: cn
relatives:
  - {relation: full_sibling, condition: thalassaemia_major, hla_match: unknown}
planned_children: 5
carriers: {mother: beta_thalassaemia, father: beta_thalassaemia}
newborn_status: unknown
fee_plan: yearly
"""


def test_five_planned_children_round_trip_through_state_link_and_file_unchanged():
    scenario = read_scenario_text(FIVE_PLANNED, source="test")
    state, notices = state_from_scenario_text(FIVE_PLANNED)
    assert notices == []
    assert planned(state) == 5
    assert run_scenario(state) == scenario
    back, notices = parse_query(to_query(state))
    assert notices == [] and back == state and planned(back) == 5
    for fmt in ("yaml", "json"):
        again, notices = state_from_scenario_text(dump_scenario(run_scenario(state), fmt), fmt=fmt)
        assert notices == [] and again == state


def test_healthy_children_without_a_list_are_kept_whole():
    # n_siblings 2 (born or planned, the model treats them alike): never cut to fewer children
    state, notices = state_from_scenario_text("parameters: {n_siblings: 2}\n")
    assert notices == [] and siblings(state) + planned(state) == 2
    assert run_scenario(state).parameters == {"n_siblings": 2.0}


def test_a_link_beyond_the_schemas_limit_gets_a_notice_with_the_schemas_range():
    state, notices = parse_query({"planned": str(MAX_PLANNED_CHILDREN + 1)})
    assert [(n.code, n.field, n.values) for n in notices] == [
        ("bad_whole", "planned", {"lo": "0", "hi": str(MAX_PLANNED_CHILDREN)})]
    assert planned(state) is None
    state, notices = parse_query({"planned": str(MAX_PLANNED_CHILDREN)})
    assert notices == [] and planned(state) == MAX_PLANNED_CHILDREN
    _, notices = parse_query({"siblings": str(MAX_SIBLINGS + 1)})
    assert [(n.code, n.field, n.values["hi"]) for n in notices] == [("bad_count", "siblings", str(MAX_SIBLINGS))]


def test_the_side_panels_widgets_take_their_bounds_from_the_schema():
    at = run({"planned": "5", "siblings": "2", "r1_relation": "parent", "r1_condition": "leukaemia"}, expanded=False)
    planned = at.number_input(key="w_planned")
    assert planned.value == 5 and planned.max == MAX_PLANNED_CHILDREN and planned.min == 0
    assert at.number_input(key="w_siblings").max == MAX_SIBLINGS
    for key, name in (("w_r1_weight", "weight_kg"), ("w_r1_age", "age_years"), ("w_r1_years", "years_to_transplant")):
        widget = at.number_input(key=key)
        assert (widget.min, widget.max) == bounds(Relative, name), key
    assert not at.warning
