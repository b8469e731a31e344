"""Scenario files: the documented format, strict checks, friendly messages."""

from __future__ import annotations

import pytest

from calculator.inputs.errors import InputError
from calculator.inputs.scenario import scenario_from_mapping, scenario_from_mapping_lenient
from calculator.inputs.scenario_files import dump_scenario, load_scenario, read_scenario_text
from calculator.inputs.scenario_values import MAX_SCENARIO_BYTES
from calculator.inputs.strict_yaml import load_strict

EXAMPLE = """
region: cn
siblings:                 # existing or planned brothers and sisters
  - condition: thalassaemia_major
    weight_kg: 18
    hla_match: unknown
parents_carriers: beta_thalassaemia
parameters:
  fee_upfront: 5700
"""


def test_reads_the_documented_example():
    s = read_scenario_text(EXAMPLE, source="x.yaml")
    assert s.region == "cn" and s.siblings[0].weight_kg == 18
    assert s.parameters == {"fee_upfront": 5700.0}


def test_round_trip_yaml_and_json():
    s = read_scenario_text(EXAMPLE, source="x.yaml")
    for fmt in ("yaml", "json"):
        # written in the new form (relatives, carriers per parent): the same family
        again = read_scenario_text(dump_scenario(s, fmt), source=f"x.{fmt}")
        assert again.to_dict() == s.to_dict() and again.family == s.family
        assert read_scenario_text(dump_scenario(again, fmt), source=f"x.{fmt}") == again


@pytest.mark.parametrize(
    "text, field, allowed",
    [
        ("siblings: [{condition: flu}]", "siblings, entry 1, condition", "thalassaemia_major"),
        ("siblings: [{weight_kg: 500}]", "siblings, entry 1, weight_kg", "2 to 150"),
        ("siblings: [{weight_kg: heavy}]", "siblings, entry 1, weight_kg", "2 to 150"),
        ("siblings: [{hla_match: maybe}]", "siblings, entry 1, hla_match", "unknown | match | mismatch"),
        ("parents_carriers: haemophilia", "parents_carriers", "beta_thalassaemia"),
        ("region: eu", "region", "cn | us"),
        ("colour: blue", "colour", "allowed: region"),
        ("parameters: {p_auto_use: 1.5}", "parameters, p_auto_use", "0 to 1"),
        ("parameters: {fee_upfront: -1}", "parameters, fee_upfront", "0 to"),
        ("parameters: {fee_upfront: abc}", "parameters, fee_upfront", "number"),
        ("parameters: {nonsense: 1}", "parameters, nonsense", "unknown parameter"),
        ("siblings: [{}]\nparameters: {n_siblings: 2}", "parameters, n_siblings", "cannot be combined"),
        ("siblings: [" + ", ".join(["{}"] * 11) + "]", "siblings", "at most 10"),
        ("region: cn\nregion: us", "line 2", "duplicate key"),
        ("siblings: [", "line", "not valid YAML"),
        ("- just a list", "s.yaml", "must be a mapping"),
    ],
)
def test_bad_scenarios_name_the_field_and_what_is_allowed(text, field, allowed):
    with pytest.raises(InputError) as e:
        read_scenario_text(text, source="s.yaml")
    msg = str(e.value)
    assert field in msg and allowed in msg and "s.yaml" in msg


def test_oversized_scenario_is_not_read(tmp_path):
    p = tmp_path / "big.yaml"
    p.write_text("region: cn\n" + "#" * MAX_SCENARIO_BYTES, encoding="utf-8")
    with pytest.raises(InputError, match="larger than 64 KiB"):
        load_scenario(p)


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_scenario(tmp_path / "nope.yaml")
    p = tmp_path / "bin.yaml"
    p.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError, match="UTF-8"):
        load_scenario(p)


def test_region_flag_overrides_scenario_region():
    s = scenario_from_mapping({"region": "cn"}, region="us")
    assert s.region == "us"


def test_lenient_reading_drops_each_bad_field_and_keeps_the_rest():
    data = {
        "region": "eu",
        "siblings": [{"condition": "leukaemia", "weight_kg": 500, "eyes": "blue"}, "x"] + [{}] * 10,
        "parents_carriers": "beta_thalassaemia",
        "parameters": {"fee_upfront": 9000, "p_auto_use": 7, "storage_years": 18.5, "nope": 1, "n_siblings": 2},
    }
    s, dropped = scenario_from_mapping_lenient(data, source="f.yaml")
    assert s.region == "cn" and s.parents_carriers == "beta_thalassaemia"
    # cut to the first 10 as written; the 2nd ("x", not a mapping) is left out, not made up as a healthy child
    assert len(s.siblings) == 9 and s.siblings[0].condition == "leukaemia" and s.siblings[0].weight_kg is None
    assert s.parameters == {"fee_upfront": 9000.0}
    assert {(d.loc, d.problem) for d in dropped} == {
        (("region",), "invalid"), (("siblings",), "too_many"), (("siblings", 0, "weight_kg"), "out_of_range"),
        (("siblings", 0, "eyes"), "unknown"), (("siblings", 1), "invalid"),
        (("parameters", "p_auto_use"), "out_of_range"), (("parameters", "storage_years"), "not_whole"),
        (("parameters", "nope"), "unknown"), (("parameters", "n_siblings"), "combined"),
    }
    for d in dropped:  # the strict reader's message: the file, the field and what is allowed
        assert str(d.error).startswith("f.yaml")
    assert "1 to 50" in next(str(d.error) for d in dropped if d.problem == "not_whole")
    assert data["siblings"][0]["weight_kg"] == 500  # the caller's data is not changed


def test_lenient_and_strict_readers_agree_on_the_first_problem():
    for text in ("siblings: [{weight_kg: heavy}]", "parameters: {fee_upfront: -1}", "colour: blue", "- a list"):
        with pytest.raises(InputError) as e:
            read_scenario_text(text, source="s.yaml")
        _, dropped = scenario_from_mapping_lenient(load_strict(text, source="s.yaml"), source="s.yaml")
        assert str(dropped[0].error) == str(e.value)
