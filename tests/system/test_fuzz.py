"""Bounded fuzzing (a few seconds each; ``./dev fuzz N`` runs longer): the CLI, the scenario
loader, the URL parser and a handful of full page runs never crash on any input."""

from __future__ import annotations

import contextlib
import io
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.app.state import state_from_scenario_text
from calculator.app.url_state import parse_query
from calculator.cli import main
from calculator.inputs.errors import InputError
from calculator.inputs.scenario import read_scenario_text
from tests.fuzz.cases import HOSTILE_VALUES, hostile_scenario_texts
from tests.fuzz.run import app_case

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
values = st.sampled_from(HOSTILE_VALUES) | st.text(max_size=80) | st.floats().map(repr) | st.integers().map(str)
json_like = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers(min_value=-10**50, max_value=10**50) | st.text(max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids, max_size=4), max_leaves=30)


@FAST
@given(name=st.sampled_from(["p_auto_use", "fee_upfront", "discount_rate", "storage_years", "zz"]), value=values)
def test_cli_set_never_crashes(name, value):
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            rc = main(["evaluate", "--set", f"{name}={value}"])
        except SystemExit as exc:
            rc = exc.code
    assert rc in (0, 2)
    if rc == 2:
        assert len(err.getvalue().strip().splitlines()) == 1


@FAST
@given(text=st.sampled_from(hostile_scenario_texts()) | st.text(max_size=300) | json_like.map(repr)
       | st.builds(lambda d: __import__("json").dumps({"parameters": d}), json_like))
def test_loader_never_crashes(text):
    try:
        read_scenario_text(text, source="s")
    except InputError as exc:
        assert "\n" not in exc.one_line()
    state, notices = state_from_scenario_text(text)
    assert state is not None


@FAST
@given(query=st.dictionaries(st.sampled_from(["lang", "page", "region", "p_auto_use", "fee_upfront", "sibling_count",
                                              "s1_weight_kg", "s1_condition", "carriers", "zz"]) | st.text(max_size=30),
                             values | st.lists(values, max_size=3), max_size=8))
def test_url_parser_never_crashes(query):
    state, notices = parse_query(query)
    assert state.lang in ("en", "zh")


@pytest.mark.parametrize("seed", range(4))
def test_pages_with_hostile_urls(seed):
    """Full page runs (both pages and languages come up across seeds)."""
    rng = random.Random(seed)
    assert app_case(rng) is None


def test_hostile_scenario_file_in_cli(tmp_path: Path):
    for i, text in enumerate(hostile_scenario_texts()):
        f = tmp_path / f"{i}.yaml"
        f.write_text(text, encoding="utf-8")
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            rc = main(["evaluate", "--scenario", str(f)])
        assert rc in (0, 2) and len(err.getvalue().strip().splitlines()) <= 1
