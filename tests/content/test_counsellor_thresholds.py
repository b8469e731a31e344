"""The counsellor's threshold lines read in one bracket level, in both languages."""

from __future__ import annotations

import re

import pytest

from calculator.content import counsellor_analyses
from calculator.content.words import Words
from calculator.inputs.assumptions import load_region


@pytest.fixture(scope="module")
def sens(healthy_inputs):
    from calculator.analysis.sensitivity import run_sensitivity

    return run_sensitivity(healthy_inputs)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_threshold_lines_have_no_brackets_inside_brackets(lang, sens):
    """Read on the 1366 px counsellor page of a family with no history: "私人储存物有所值所需的最低
    家庭用上概率：18%（当前 0.000201（约万分之 2）；超出合理范围）". The decimal a counsellor types
    belongs under the editor's input; a threshold line says the chance in words."""
    units = {n: p.unit for n, p in load_region("cn").parameters.items()}
    sec = counsellor_analyses.thresholds(sens, Words(lang, "CNY"), {}, units)
    assert sec is not None
    lines = sec.blocks[-1].items
    assert any(units.get(th.name) == "probability" and th.base_value < 0.01 for th in sens.thresholds)
    nested = [x for x in lines if re.search(r"[(（][^)）]*[(（]", x)]
    assert not nested, nested
