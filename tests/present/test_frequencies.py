"""Numbers people read: ranges of chances in one style, health gains with their unit."""

from __future__ import annotations

import pytest

from calculator.present.numbers import format_one_in, format_one_in_range, format_qaly, is_fixed_range


@pytest.mark.parametrize("low, high, en, zh", [
    # the larger end is 10 % or more: both ends per hundred (never "1 in 43 to 10 in 100")
    (1 / 43, 0.1, "about 2 to 10 in 100", "约 100 分之 2 至 100 分之 10"),
    (0.02, 0.35, "about 2 to 35 in 100", "约 100 分之 2 至 100 分之 35"),
    (0.002, 0.12, "about 0.2 to 12 in 100", "约 100 分之 0.2 至 100 分之 12"),
    # both below 10 %: both "1 in N"
    (1 / 7100, 1 / 430, "about 1 in 7,100 to 1 in 430", "约 7,100 分之一至 430 分之一"),
    (1 / 43, 0.099, "about 1 in 43 to 1 in 10", "约 43 分之一至 10 分之一"),
    (0.0, 1 / 430, "none to about 1 in 430", "无至约 430 分之一"),
    (0.0, 0.0, "none", "无"),
    (1 / 290, 1 / 290, "about 1 in 290", "约 290 分之一"),
])
def test_one_in_range_uses_one_style_from_the_larger_end(low, high, en, zh):
    assert format_one_in_range(low, high, "en") == en
    assert format_one_in_range(low, high, "zh") == zh
    assert format_one_in_range(high, low, "en") == en  # order of the ends does not matter


def test_single_values_keep_their_behaviour():
    assert format_one_in(1 / 43, "en") == "about 1 in 43"
    assert format_one_in(0.1, "zh") == "约 100 分之 10"


@pytest.mark.parametrize("q, en, zh", [
    (0.0354, "0.035 QALY (about 13 healthy days)", "0.035 QALY\uff08约 13 个健康日\uff09"),
    (1.234, "1.2 QALY (about 450 healthy days)", "1.2 QALY\uff08约 450 个健康日\uff09"),
    (8.2e-5, "about 0.03 quality-adjusted days per newborn", "每个新生儿约 0.03 个质量调整日"),
    (-0.0354, "-0.035 QALY (about 13 healthy days lost)", "-0.035 QALY\uff08约损失 13 个健康日\uff09"),
    (0.0, "0 QALY", "0 QALY"),
    (None, "-", "-"),
])
def test_qaly_with_unit_and_days(q, en, zh):
    assert format_qaly(q, "en") == en
    assert format_qaly(q, "zh") == zh
    assert "(" not in zh and ")" not in zh  # full-width brackets in Chinese


def test_fixed_range():
    assert is_fixed_range(11337.0, 11337.0)
    assert is_fixed_range(11337.0, 11337.0 * (1 + 1e-12))
    assert is_fixed_range(0.0, 0.0)
    assert not is_fixed_range(11337.0, 11338.0)
    assert not is_fixed_range(None, 1.0)
    assert not is_fixed_range(float("inf"), float("inf"))
