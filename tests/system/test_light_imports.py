"""No import that costs more than the work it serves: the command line's analyses run without scipy.

Importing ``scipy.special`` took 0.3-0.46 s on this machine, more than a 100,000-draw PSA and
about as long as the whole deterministic evaluation; ``scipy.optimize`` about 0.4 s. The normal
CDF of the model (:func:`calculator.model.clinical._ndtr`) and the roots of the sensitivity
analysis (:func:`calculator.analysis.roots.brentq`) do without them. Each case runs in a fresh
interpreter, since the test process itself has scipy loaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CASES = {
    "evaluate": ["evaluate"],
    "evaluate --psa": ["evaluate", "--psa", "20000"],
    "evaluate --psa, a sick sibling": ["evaluate", "--psa", "3000", "--scenario", "tests/golden/families/thal_hla_unknown.yaml"],
    "sensitivity": ["sensitivity", "--scenario", "tests/golden/families/thal_hla_match.yaml"],
}


@pytest.mark.parametrize("argv", CASES.values(), ids=CASES.keys())
def test_no_scipy_on_the_command_lines_paths(argv):
    code = ("import contextlib, io, sys\n"
            "from calculator.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    code = main({argv!r})\n"
            "assert code == 0, code\n"
            "loaded = sorted(m for m in sys.modules if m == 'scipy' or m.startswith('scipy.'))\n"
            "assert not loaded, loaded[:5]\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]


def test_the_psa_and_sensitivity_of_every_reference_family_run_without_scipy():
    """Every golden family (sick siblings, relatives, fee plans): each reaches the model's
    array paths in its own way."""
    code = ("import sys\n"
            "from pathlib import Path\n"
            "from calculator.analysis.evaluate import evaluate_with_uncertainty\n"
            "from calculator.inputs.scenario_files import load_scenario\n"
            "for f in sorted(Path('tests/golden/families').glob('*.yaml')):\n"
            "    evaluate_with_uncertainty(load_scenario(str(f)), psa_draws=2000)\n"
            "loaded = sorted(m for m in sys.modules if m == 'scipy' or m.startswith('scipy.'))\n"
            "assert not loaded, loaded[:5]\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
