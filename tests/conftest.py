"""Shared fixtures: the shipped parameter sets and the two reference families."""

from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import settings

from calculator.analysis.evaluate import evaluate
from calculator.analysis.model_inputs import model_inputs
from calculator.inputs.scenario import scenario_from_mapping

# CI runs the property tests on a fixed sequence of examples (the same every run), so a CI
# result depends on the code alone; elsewhere hypothesis explores new examples each run
# (and `./dev fuzz` runs many more).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

THAL_FAMILY = {
    "region": "cn",
    "siblings": [{"condition": "thalassaemia_major", "weight_kg": 18, "hla_match": "unknown"}],
    "parents_carriers": "beta_thalassaemia",
}


def require_tool(name: str) -> str:
    """Path of a system tool, or skip saying why; in CI (REQUIRE_SYSTEM_TOOLS=1) fail instead."""
    path = shutil.which(name)
    if path:
        return path
    msg = f"{name} is not installed (./dev test installs it with apt-get when run as root)"
    if os.environ.get("REQUIRE_SYSTEM_TOOLS") == "1":
        pytest.fail(msg + "; CI requires it")
    pytest.skip(msg)


@pytest.fixture(scope="session")
def healthy_cn():
    """Results for a Chinese family with no history (defaults)."""
    return evaluate(region="cn")


@pytest.fixture(scope="session")
def healthy_us():
    return evaluate(region="us")


@pytest.fixture(scope="session")
def thal_scenario():
    return scenario_from_mapping(THAL_FAMILY)


@pytest.fixture(scope="session")
def thal_cn(thal_scenario):
    """Results for a Chinese family whose child has thalassaemia major (HLA unknown)."""
    return evaluate(thal_scenario)


@pytest.fixture(scope="session")
def healthy_inputs():
    return model_inputs(region="cn")


@pytest.fixture(scope="session")
def thal_inputs(thal_scenario):
    return model_inputs(thal_scenario)
