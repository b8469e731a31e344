"""Drawing the PSA's parameters on several threads gives the same numbers as one by one."""

from __future__ import annotations

import numpy as np
import pytest

from calculator.analysis import psa
from calculator.analysis.model_inputs import model_inputs
from calculator.inputs.scenario import scenario_from_mapping


def test_threaded_draws_equal_sequential(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = model_inputs(scenario_from_mapping({"region": "cn"}))
    n = psa.THREADED_DRAWS
    monkeypatch.setattr(psa.os, "cpu_count", lambda: 2)
    threaded = psa.draw_parameters(inputs, n, psa.parameter_streams(inputs, 11))
    monkeypatch.setattr(psa, "THREADED_DRAWS", n + 1)
    sequential = psa.draw_parameters(inputs, n, psa.parameter_streams(inputs, 11))
    assert list(threaded) == list(sequential)
    drawn = psa.drawn_parameters(inputs)
    assert len(drawn) > 10
    for name in drawn:
        assert np.array_equal(threaded[name], sequential[name]), name
