"""Golden files: the command line's output for reference families stays the same.

The files in ``tests/golden/out/`` were written by this module (``UPDATE_GOLDEN=1 pytest
tests/system/test_golden.py``) and are compared here: text exactly, JSON with a relative
tolerance of 1e-9 on numbers (floating-point summation order may differ across numpy
builds; anything larger is a behaviour change). A deliberate change of the model
regenerates them in the same commit, which says why.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from calculator.cli import main

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
FAMILIES = sorted(p.stem for p in (GOLDEN / "families").glob("*.yaml"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

#: (name of the output, CLI arguments after the scenario)
COMMANDS = [
    ("evaluate.en.json", ["evaluate", "--format", "json"]),
    ("evaluate.en.txt", ["evaluate"]),
    ("evaluate.zh.txt", ["evaluate", "--lang", "zh"]),
    ("sensitivity.en.json", ["sensitivity", "--format", "json"]),
    ("sensitivity.zh.txt", ["sensitivity", "--lang", "zh"]),
    ("psa.en.json", ["evaluate", "--format", "json", "--psa", "300", "--seed", "7"]),
]


def _close(a, b, path="$"):
    """Assert two JSON values are equal, numbers within rel 1e-9 (abs 1e-12)."""
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None or isinstance(a, str):
        assert a == b, path
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12), f"{path}: {a!r} != {b!r}"
    elif isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), f"{path}: keys {sorted(set(a) ^ set(b))}"
        for k in a:
            _close(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), f"{path}: length"
        for i, (x, y) in enumerate(zip(a, b)):
            _close(x, y, f"{path}[{i}]")
    else:
        assert a == b, path


def _check(name: str, out: str) -> None:
    path = GOLDEN / "out" / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(out, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.name}: run UPDATE_GOLDEN=1 pytest tests/system/test_golden.py"
    want = path.read_text(encoding="utf-8")
    if name.endswith(".json"):
        _close(json.loads(out), json.loads(want))
    else:
        assert out == want


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("out_name,args", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_cli_output_matches_golden(family, out_name, args, capsys):
    scenario = str(GOLDEN / "families" / f"{family}.yaml")
    assert main([*args, "--scenario", scenario]) == 0
    _check(f"{family}.{out_name}", capsys.readouterr().out)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_params_match_golden(lang, capsys):
    assert main(["params", "--format", "json", "--lang", lang]) == 0
    _check(f"params.{lang}.json", capsys.readouterr().out)
