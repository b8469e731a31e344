"""Sources recorded from the run (issue 23): ``Results.sources`` names, per output, the
parameters the evaluation actually read (calculator.model.trace), not a list kept by hand."""

from __future__ import annotations

import numpy as np
import pytest

from calculator.analysis.evaluate import evaluate
from calculator.analysis.model_inputs import model_inputs
from calculator.analysis.results import SOURCE_KEYS
from calculator.inputs.assumptions import load_region
from calculator.inputs.scenario import scenario_from_mapping
from calculator.model.clinical import _ndtr
from calculator.model.trace import RecordingParams, Traced, keep_sources, sources_of
from calculator.present.json_out import results_json

FATHER_LEUKAEMIA = {"relatives": [{"relation": "parent", "condition": "leukaemia"}]}
THAL_SIBLING = {"relatives": [{"relation": "full_sibling", "condition": "thalassaemia_major", "weight_kg": 18}],
                "carriers": {"mother": "beta_thalassaemia", "father": "beta_thalassaemia"}, "planned_children": 1}
FAMILIES = {
    "no_history": {},
    "no_history_us": {"region": "us"},
    "father_leukaemia": FATHER_LEUKAEMIA,
    "thal_sibling": THAL_SIBLING,
    "cousin_scd_match": {"relatives": [{"relation": "first_cousin", "condition": "sickle_cell_disease",
                                        "hla_match": "match", "age_years": 7}]},
    "package": {"fee_plan": "package_all_in", "parameters": {"fee_package_price": 30_000}},
    "half_sibling_planned": {"relatives": [{"relation": "half_sibling"}], "planned_children": 2},
}


def sources(data):
    return evaluate(scenario_from_mapping(data)).sources


def test_the_father_with_leukaemia_records_his_transplant_chance():
    got = sources(FATHER_LEUKAEMIA)
    for key in ("private_family_use", "public_family_use", "expected_value", "use_by_age", "cost_per_use", "all"):
        assert "p_hsct_leukaemia" in got[key], key
    # he is an adult: his weight is assumed as an adult's, and his HLA chance is a parent's
    assert "default_adult_weight_kg" in got["private_family_use"]
    assert "p_hla_identical_one_haplotype" in got["private_family_use"]
    # no brother or sister is listed: the sibling parameters are not read
    assert "p_sibling_hsct" not in got["all"] and "p_hla_identical_sibling" not in got["all"]
    assert "p_hsct_leukaemia" not in got["cost"] and "p_hsct_leukaemia" not in got["public_helps"]


def test_a_family_with_no_history_records_no_sick_relative_parameter():
    got = sources({})
    sick_only = {n for n, p in load_region("cn").parameters.items() if p.applies_when == "sick_relative"}
    # the dose top-up from the same donor's marrow applies to any matched brother or sister,
    # healthy ones included (calculator.model.clinical.p_dose_adequate_related): read, rightly
    read_for_healthy_sibling = {"p_marrow_topup", "max_weight_marrow_topup_kg"}
    assert not (set(got["all"]) & (sick_only - read_for_healthy_sibling))
    assert not any(n.startswith("p_hsct_") for n in got["all"])
    assert "p_sibling_hsct" in got["private_family_use"] and "n_siblings" in got["all"]


def test_the_fee_plan_decides_which_fees_are_read():
    yearly, package = sources({"fee_plan": "yearly"}), sources(FAMILIES["package"])
    assert set(yearly["cost"]) == {"fee_upfront", "fee_annual", "fee_escalation", "storage_years", "discount_rate"}
    assert "fee_package_price" not in yearly["all"]
    assert set(package["cost"]) == {"fee_package_price"}
    assert not {"fee_upfront", "fee_annual", "fee_escalation"} & set(package["all"])


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_key_and_every_name_recorded_is_a_parameter(name):
    data = FAMILIES[name]
    res = evaluate(scenario_from_mapping(data))
    assert tuple(res.sources) == (*SOURCE_KEYS, "all")
    params = load_region(res.region).parameters
    everything = set(res.sources["all"])
    for key, names in res.sources.items():
        assert names and set(names) <= set(params) and set(names) <= everything, key
        assert list(names) == [n for n in params if n in names], key  # assumption-file order
    assert set(res.sources["public_helps"]) == {"p_public_kept", "p_public_released"} | (
        {"p_affected_if_both_carriers"} if res.newborn_inherited_risk.pair else set())


def test_sources_are_not_in_the_json_output():
    assert "sources" not in results_json(evaluate())


def test_a_recorded_run_gives_the_plain_runs_numbers():
    inputs = model_inputs(scenario_from_mapping(THAL_SIBLING))
    plain = inputs.run()
    traced = inputs.run(RecordingParams(inputs.params, traced=True))
    for name in ("p_family_use_private", "p_family_use_public", "pv_cost_private", "qaly_private", "nmb_vs_public"):
        assert float(getattr(traced, name)) == float(getattr(plain, name)), name
    # and on arrays of draws (the probabilistic analysis): the same values, vectorised
    draws = {**inputs.params, "p_auto_use": np.array([1e-4, 4e-4, 1e-3])}
    got = inputs.run(RecordingParams(draws, traced=True)).p_family_use_private
    assert isinstance(got, Traced) and got.shape == (3,) and "p_auto_use" in sources_of(got)
    np.testing.assert_array_equal(np.asarray(got), inputs.run(draws).p_family_use_private)


def test_traced_values_carry_their_names_through_numpy_and_math():
    a, b = Traced(2.0, {"a"}), Traced(3.0, {"b"})
    assert sources_of(a * b + 1.0) == {"a", "b"}
    assert sources_of(np.where(a > 1.0, b, 0.0)) == {"a", "b"}  # the condition counts
    assert sources_of(np.minimum(1.0, np.log1p(a))) == {"a"}
    assert sources_of(_ndtr(a)) == {"a"} and float(_ndtr(a)) == float(_ndtr(np.asarray(2.0)))
    assert sources_of(_ndtr(Traced([0.0, 1.0], {"z"}))) == {"z"}
    assert sources_of(2.0, np.ones(3)) == frozenset()
    assert keep_sources(5.0) == 5.0


def test_reading_is_recorded_and_copying_is_not():
    p = RecordingParams({"x": 1.0, "y": 2.0, "z": 3.0})
    assert p["x"] == 1.0 and p.get("y") == 2.0 and p.get("missing", 7) == 7
    copies = (dict(p), {**p, "w": 4.0})
    assert copies[0] == {"x": 1.0, "y": 2.0, "z": 3.0} and p.read == {"x", "y"}


def test_sources_are_named_when_first_read_and_the_same_whenever_read():
    # evaluate() leaves naming the sources (a traced run of the model) until they are read
    # (a web page shows them only in folded parts); then they are what the run recorded
    import copy
    import pickle
    import threading

    from calculator.analysis.results import WhenRead

    later = {name: evaluate(scenario_from_mapping(family)) for name, family in FAMILIES.items()}
    for name, family in FAMILIES.items():
        res = later[name]
        assert isinstance(res.sources, WhenRead) and not res.sources.made
        now = evaluate(scenario_from_mapping(family))
        read_at_once = dict(now.sources)  # read at once; ``res`` is read after the other families ran
        assert dict(res.sources) == read_at_once and res.sources.made
        assert res.sources == now.sources and read_at_once == res.sources and set(read_at_once) == {*SOURCE_KEYS, "all"}
        # pickled and copied as the plain dict it holds (the PDF's chart helper gets a pickle)
        again = pickle.loads(pickle.dumps(res))
        assert type(again.sources) is dict and again.sources == dict(res.sources)
        assert type(copy.deepcopy(res).sources) is dict

    # threads reading at once make it once
    made = []
    lazy = WhenRead(lambda: made.append(1) or {"a": ("x",)})
    threads = [threading.Thread(target=lambda: lazy["a"]) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert made == [1] and dict(lazy) == {"a": ("x",)} and len(lazy) == 1
