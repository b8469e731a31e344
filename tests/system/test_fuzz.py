"""Bounded fuzzing: the CLI, the scenario loader, the URL parser and full page runs never
crash on any input.

:func:`test_ci_sized_campaign` is the campaign of ``./dev fuzz``: ``FUZZ_CI_CLI`` command-line
cases (default 5,000) and ``FUZZ_CI_PAGES`` page runs (default 500). It runs in one process:
about 150 CPU-seconds (measured: 2 min 28 s of user time; 4 min 28 s of wall time on a 2-core
machine shared with other jobs at load 6), so a quiet CI spends about 2.5 minutes on it.
Smaller sizes through the two variables; ``FUZZ_CI_CLI=0 FUZZ_CI_PAGES=0`` skips it locally.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.app.counsellor_files import state_from_scenario_text
from calculator.app.url_state import parse_query
from calculator.cli import main
from calculator.inputs.errors import InputError
from calculator.inputs.scenario_files import read_scenario_text
from tests.fuzz.cases import HOSTILE_VALUES, hostile_scenario_texts
from tests.fuzz.run import app_case, run

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
values = st.sampled_from(HOSTILE_VALUES) | st.text(max_size=80) | st.floats().map(repr) | st.integers().map(str)
scalars = st.none() | st.booleans() | st.floats() | st.integers(min_value=-10**50, max_value=10**50) | st.text(max_size=20)
#: keys as YAML can give them: text, and also numbers, null, true/false and dates (issue 19)
keys = st.text(max_size=12) | st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.dates()
json_like = st.recursive(
    scalars, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids, max_size=4), max_leaves=30)
yaml_like = st.recursive(
    scalars, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(keys, kids, max_size=4), max_leaves=30)


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


@FAST
@given(data=st.dictionaries(keys | st.sampled_from(["region", "relatives", "siblings", "carriers", "parameters"]),
                            yaml_like, max_size=6))
def test_mappings_with_any_keys_are_read_or_refused_never_looping(data):
    """A key that is not text (1.5, None, True, a date) once made the reader loop forever."""
    from calculator.app.counsellor_files import state_from_scenario_mapping
    from calculator.inputs.scenario import scenario_from_mapping

    try:
        scenario_from_mapping(data, source="s")
    except InputError as exc:
        assert "\n" not in exc.one_line()
    state, _ = state_from_scenario_mapping(data)
    assert state is not None


def test_ci_sized_campaign(capsys):
    """0 tracebacks over the CLI cases and 0 crashed pages over the page runs (sizes above)."""
    n_cli = int(os.environ.get("FUZZ_CI_CLI", "5000"))
    n_pages = int(os.environ.get("FUZZ_CI_PAGES", "500"))
    if n_cli == 0 and n_pages == 0:
        pytest.skip("FUZZ_CI_CLI=0 and FUZZ_CI_PAGES=0: the campaign was switched off")
    status = run(n_cli, n_pages, seed=int(os.environ.get("FUZZ_SEED", "19")))
    assert status == 0, capsys.readouterr().out
