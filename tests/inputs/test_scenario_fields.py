"""Scenario fields declared once (issue 23): each field's URL key, kind of choice, unit and
notice are metadata on the pydantic field (Spec), its allowed values and bounds its own type
and constraints; the reader's messages, the app's notices and the link are derived from them."""

from __future__ import annotations

import pytest

from calculator.app.url_state import parse_query, to_query
from calculator.content.notices import notice_of
from calculator.inputs.assumptions import load_region
from calculator.inputs.errors import InputError
from calculator.inputs.field_spec import allowed, bounds, keys, spec, value_rule
from calculator.inputs.scenario import scenario_from_mapping, scenario_from_mapping_lenient
from calculator.inputs.scenario_schema import FamilyValues, ParentCarriers, Relative, Scenario, Sibling, field_at
from tests.app.states import family, rel, relatives

MODELS = (Scenario, Relative, Sibling, ParentCarriers, FamilyValues)
#: Fields that hold other fields (a list of relatives, the carriers, the parameters, the values
#: step's answers): no URL key of their own.
STRUCTURE = {"relatives", "siblings", "carriers", "parameters", "values"}


def declared():
    return [(m, n) for m in MODELS for n in m.model_fields if n not in STRUCTURE]


@pytest.mark.parametrize("model, name", declared(), ids=lambda x: getattr(x, "__name__", x))
def test_every_field_declares_its_url_key_and_what_it_allows(model, name):
    sp = spec(model, name)
    assert sp.url
    assert bool(allowed(model, name)) == bool(sp.kind)  # a choice names its kind of choice
    # a date's range moves with today (a year ahead): declared by its unit, checked by its validator
    assert allowed(model, name) or (bounds(model, name) and sp.unit and sp.notice) or (sp.unit == "date" and sp.notice) \
        or (sp.unit == "offer" and sp.notice)
    # an offer's ids depend on the region: its validator names them (tested in tests/app/test_values_record.py)
    assert value_rule(model, name) or sp.unit == "offer"


def test_url_keys_are_unique_and_the_apps_state_uses_them():
    top = [spec(m, n).url for m in (Scenario, ParentCarriers, FamilyValues) for n in m.model_fields
           if n not in STRUCTURE]
    assert len(top) == len(set(top))
    rel_keys = [spec(Relative, n).url for n in Relative.model_fields]
    assert len(rel_keys) == len(set(rel_keys))
    # the app's state is the scenario itself: a link writes each of these from its fields
    state = family(region="us", planned=1, mother="beta_thalassaemia", father="beta_thalassaemia",
                   newborn="affected", fee_plan="package_all_in", params={"fee_package_price": 9000.0},
                   relatives=(rel(condition="x_linked_disorder"),), sex="male")
    for key in ("mother", "father", "newborn", "sex", "fee_plan", "region", "planned"):
        assert key in top and key in to_query(state)


@pytest.mark.parametrize("name", [n for n in Relative.model_fields if bounds(Relative, n)])
def test_a_number_out_of_range_is_explained_with_the_declared_range_everywhere(name):
    lo, hi = bounds(Relative, name)
    bad = {"relation": "parent", "condition": "leukaemia", name: hi + 1}
    with pytest.raises(InputError) as e:
        scenario_from_mapping({"relatives": [bad]}, source="f.yaml")
    assert f"relatives, entry 1, {name}" in str(e.value) and f"from {lo:g} to {hi:g}" in str(e.value)
    _, dropped = scenario_from_mapping_lenient({"relatives": [bad]})
    notice = notice_of(dropped[0], load_region("cn"), carriers_field="carriers")
    assert notice.field == f"r1_{spec(Relative, name).url}" and notice.code == spec(Relative, name).notice
    assert (notice.values["lo"], notice.values["hi"]) == (f"{lo:,.10g}", f"{hi:,.10g}")
    _, notices = parse_query({"r1_relation": "parent", "r1_condition": "leukaemia",
                              f"r1_{spec(Relative, name).url}": str(hi + 1)})
    assert [(n.code, n.field) for n in notices] == [(notice.code, notice.field)]


def test_a_bad_choice_names_the_url_key_and_the_declared_choices():
    for key, (model, name) in {"newborn": (Scenario, "newborn_status"), "sex": (Scenario, "newborn_sex"),
                               "fee_plan": (Scenario, "fee_plan"), "mother": (ParentCarriers, "mother")}.items():
        _, notices = parse_query({key: "martian"})
        assert [(n.code, n.field, n.values["choices"]) for n in notices] == [
            ("bad_choice", key, allowed(model, name))], key


def test_where_an_error_points():
    assert field_at(("relatives", 3, "age_years")) == (Relative, "age_years")
    assert field_at(("siblings", 0, "hla_match")) == (Sibling, "hla_match")
    assert field_at(("carriers", "father")) == (ParentCarriers, "father")
    assert field_at(("parameters", "condition")) is None and field_at(("relatives", "x")) is None
    assert keys(Scenario)[-2:] == ("siblings", "parents_carriers")  # the older keys last
    assert value_rule(Scenario, "carriers") == "must be a mapping with keys mother and father"
    # a parameter named like a field is a parameter, not a disease
    with pytest.raises(InputError, match="parameters, condition: must be a number"):
        scenario_from_mapping({"parameters": {"condition": "x"}})


def test_every_relative_field_round_trips_through_the_link():
    r = rel("half_sibling", "aplastic_anaemia", 31.5, "mismatch", 4.5, 9.0)
    state = family(siblings=1, relatives=(r,))
    q = to_query(state)
    assert {k for k in q if k.startswith("r1_")} == {f"r1_{spec(Relative, n).url}" for n in Relative.model_fields}
    back, notices = parse_query(q)
    assert notices == [] and relatives(back) == (r,)
    # an older link's brother or sister may carry every field a brother or sister has
    old, notices = parse_query({"sibling_count": "1", "s1_condition": "leukaemia", "s1_years": "3"})
    assert notices == [] and relatives(old)[0].years_to_transplant == 3.0


def _declared_keys():
    from calculator.app.url_state import _FIELDS

    return list(_FIELDS.items())


@pytest.mark.parametrize("key, path", _declared_keys(), ids=lambda x: x if isinstance(x, str) else "")
def test_every_declared_field_is_read_and_written_by_its_declaration_alone(key, path):
    """A field declared with a URL key is read from the link and written back with no code of
    its own: each allowed value other than the default round-trips, and a bad one is named by
    its key with what it allows, the field keeping its default."""
    import datetime as dt

    from calculator.inputs.offers import offers_for

    model, name = field_at(path)
    sp = spec(model, name)
    values = {"date": [dt.date.today().isoformat()], "characters": ["two\nlines"], "offer": list(offers_for("us"))}.get(
        sp.unit, allowed(model, name))
    # where the newborn's test result and sex matter: both parents carriers, an X-linked disorder in a brother
    where = {"region": "us", "mother": "beta_thalassaemia", "father": "beta_thalassaemia",
             "r1_relation": "full_sibling", "r1_condition": "x_linked_disorder"}
    default = to_query(parse_query({k: v for k, v in where.items() if k != key})[0]).get(key)
    written = set()
    for value in values:
        state, notices = parse_query({**where, key: value})
        assert notices == [] and parse_query(to_query(state))[0] == state, (key, value)
        if key in to_query(state):
            assert to_query(state)[key] == value
            written.add(value)
    assert len(written) >= len(values) - 1, key  # every value but the default is written
    bad = {"date": "2000-13-01", "characters": "x" * 1001}.get(sp.unit, "martian")
    state, notices = parse_query({**where, key: bad})
    assert [n.field for n in notices] == [key] and to_query(state).get(key) == default
    assert notices[0].values.get("choices") or notices[0].values.get("hi") or notices[0].code in ("bad_date", "bad_note")
