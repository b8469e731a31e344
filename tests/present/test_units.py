"""One formatter for parameter values and unit names, in both languages."""

from __future__ import annotations

import pytest

from calculator.content.units import format_parameter, unit_name
from calculator.inputs.assumptions import load_region


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("region", ["cn", "us"])
def test_every_parameter_value_and_unit_reads_in_both_languages(region, lang):
    a = load_region(region)
    for p in a.parameters.values():
        assert format_parameter(p.value, p.unit, lang, a.currency)
        name = unit_name(p.unit, lang, a.currency)
        assert name and "{" not in name, (p.name, name)
        if lang == "zh":
            assert not any(w in name for w in ("probability", "years", "cells", "CNY", "USD")), (p.name, name)


@pytest.mark.parametrize(
    "value, unit, lang, expected",
    [
        (1.41e-4, "probability", "en", "about 1 in 10,000"),
        (1.41e-4, "probability", "zh", "约万分之 1.4"),
        (0.25, "probability", "en", "25%"),
        (0.005, "probability per year", "en", "0.5% a year"),
        (500, "CNY per year", "zh", "每年 500 元"),
        (287100, "CNY/QALY", "en", "CNY 287,100 per QALY"),
        (7e8, "cells", "en", "7 × 10^8"),
        (18, "years", "zh", "18 年"),
        (0.9, "utility", "en", "0.90"),
    ],
)
def test_reference_formats(value, unit, lang, expected):
    assert format_parameter(value, unit, lang, "CNY") == expected
