"""Hostile scenario files: keys that are not text, lists with bad entries (issue 19).

A key such as ``1.5``, ``null``, ``true`` or a date once made the reader loop forever with
memory growing; a bad list entry once shifted the others (a sick brother vanished and the
verdict flipped); two entries without a disease once crashed the command line.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator.analysis.evaluate import evaluate
from calculator.inputs.errors import InputError
from calculator.inputs.scenario import scenario_from_mapping, scenario_from_mapping_lenient
from calculator.inputs.scenario_files import read_scenario_text

#: a file's text -> the key as the message names it (as YAML read it)
NON_TEXT_KEYS = {"1.5: 1": "1.5", "null: 1": "null", "~: 1": "null", "2020-01-01: 1": "2020-01-01", "true: 1": "true",
                 "no: 1": "false", "3: 1": "3", "-7: 1": "-7", ".inf: 1": "inf", "0x1F: 1": "31",
                 "2001-12-14t21:59:43.10-05:00: 1": "2001-12-14 21:59:43.100000-05:00", "region: cn\n1: 2": "1"}


@pytest.mark.parametrize("text, name", NON_TEXT_KEYS.items())
def test_top_level_keys_that_are_not_text_are_refused(text, name):
    with pytest.raises(InputError) as e:
        read_scenario_text(text, source="k.yaml")
    assert e.value.one_line().startswith(f"k.yaml: key {name}: is ") and "keys must be text" in str(e.value)


@pytest.mark.parametrize("data, place", [
    ({"relatives": [{1: "x"}]}, "relatives, entry 1, key 1"),
    ({"carriers": {None: "none"}}, "carriers, key null"),
    ({"parameters": {dt.date(2020, 1, 2): 1}}, "parameters, key 2020-01-02"),
    ({"siblings": [{}, {True: 1}]}, "siblings, entry 2, key true"),
])
def test_nested_keys_that_are_not_text_are_refused_and_named(data, place):
    with pytest.raises(InputError, match="keys must be text") as e:
        scenario_from_mapping(data, source="s.yaml")
    assert f"s.yaml: {place}" in str(e.value)
    s, dropped = scenario_from_mapping_lenient(data, source="s.yaml")  # lenient: the rest is kept
    assert [d.problem for d in dropped] == ["key_not_text"]


def test_the_eight_byte_file_does_not_hang_the_command_line(tmp_path):
    """``printf '1.5: 1\\n' > k.yaml; python -m calculator evaluate --scenario k.yaml`` looped forever."""
    for i, text in enumerate(list(NON_TEXT_KEYS)[:5]):
        f = tmp_path / f"k{i}.yaml"
        f.write_text(text + "\n", encoding="utf-8")
        r = subprocess.run([sys.executable, "-m", "calculator", "evaluate", "--scenario", str(f)],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 2 and "keys must be text" in r.stderr and "Traceback" not in r.stderr


SICK_BROTHER = {"relation": "full_sibling", "condition": "leukaemia", "hla_match": "match"}


def test_a_sick_brother_after_two_bad_entries_is_kept_with_the_verdict():
    """The issue's upload: two relatives without a disease, then a matched brother with leukaemia."""
    data = {"relatives": [{"relation": "parent"}, {"relation": "other_relative"}, SICK_BROTHER]}
    s, dropped = scenario_from_mapping_lenient(data, source="file")
    assert [r.model_dump(exclude_none=True) for r in s.relatives] == [
        {**SICK_BROTHER, "hla_match": "match"} | {"condition": "leukaemia"}]
    assert [(d.loc, d.problem) for d in dropped] == [(("relatives", 0), "invalid"), (("relatives", 1), "invalid")]
    assert [d.error.field for d in dropped] == ["file: relatives, entry 1, condition", "file: relatives, entry 2, condition"]
    clean = scenario_from_mapping({"relatives": [SICK_BROTHER]})
    assert evaluate(s).recommendation.code == evaluate(clean).recommendation.code
    assert evaluate(s).strategies["private"].p_family_use == evaluate(clean).strategies["private"].p_family_use


def test_two_entries_without_a_disease_give_one_line_not_a_traceback(tmp_path):
    f = tmp_path / "two.yaml"
    f.write_text("relatives:\n  - {relation: parent}\n  - {relation: unrelated}\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "calculator", "evaluate", "--scenario", str(f)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "two.yaml: relatives, entry 1, condition" in r.stderr


def test_a_relation_that_is_not_allowed_leaves_the_entry_out_rather_than_guessing_who():
    """A cousin with leukaemia must not become a brother with leukaemia (the default relation)."""
    s, dropped = scenario_from_mapping_lenient({"relatives": [{"relation": "cousin", "condition": "leukaemia"}, {}]})
    assert [r.relation for r in s.relatives] == ["full_sibling"] and s.relatives[0].condition == "none"
    assert [d.loc for d in dropped] == [("relatives", 0, "relation")]


# --- property: any subset of bad entries leaves every good one, in order --------------------------

GOOD = st.fixed_dictionaries({
    "relation": st.sampled_from(["full_sibling", "half_sibling", "parent", "other_relative", "unrelated"]),
    "condition": st.sampled_from(["thalassaemia_major", "leukaemia", "aplastic_anaemia", "sickle_cell_disease"]),
    "hla_match": st.sampled_from(["unknown", "match", "mismatch"]),
    "weight_kg": st.floats(2, 150, allow_nan=False),
})
#: entries that cannot stand for anybody: each is left out whole
BAD_WHOLE = st.sampled_from([{"relation": "parent"}, {"relation": "other_relative"}, {"relation": "unrelated"},
                             {"relation": "cousin", "condition": "leukaemia"}, "x", 5, None, [1, 2], {"relation": 3},
                             {"relation": "parent", "condition": "flu"}])
#: a good entry with one bad field: kept in its place without that field
BAD_FIELD = st.sampled_from([("weight_kg", 900), ("weight_kg", "heavy"), ("hla_match", "maybe"), ("eyes", "blue"),
                             ("years_to_transplant", -1), ("weight_kg", float("nan"))])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["good", "bad", "field"]), GOOD, BAD_WHOLE, BAD_FIELD), max_size=10),
       st.sampled_from(["relatives", "siblings"]))
def test_any_subset_of_bad_entries_keeps_every_good_one_in_order(rows, key):
    entries, expected, bad_at = [], [], []
    for i, (kind, good, bad, (name, value)) in enumerate(rows):
        if key == "siblings":
            good = {k: v for k, v in good.items() if k != "relation"}
            if isinstance(bad, dict) and "relation" in bad:
                bad = "x"
        if kind == "bad":
            entries.append(bad)
            bad_at.append(i)
        elif kind == "field":
            entries.append({**good, name: value})
            expected.append(good if name == "eyes" or name not in good else {k: v for k, v in good.items() if k != name})
            bad_at.append(i)
        else:
            entries.append(good)
            expected.append(good)
    s, dropped = scenario_from_mapping_lenient({key: entries}, source="f")
    kept = [r.model_dump(exclude_none=True) for r in (s.relatives if key == "relatives" else s.siblings)]
    assert [{k: r[k] for k in e} for r, e in zip(kept, expected, strict=True)] == expected
    assert sorted({d.loc[1] for d in dropped}) == bad_at  # each problem named at its own entry
    for d in dropped:
        assert f"entry {d.loc[1] + 1}" in d.error.field
