"""Numbers people read: one style per language for chances, headlines and ranges; health gains with their unit."""

from __future__ import annotations

import re

import pytest

from calculator.analysis.frequencies import round_sig
from calculator.content.numbers import (
    format_frequency,
    format_frequency_range,
    format_one_in,
    format_one_in_range,
    format_qaly,
    is_fixed_range,
    whole_count,
)


# The one number style of each language (ZH-REVIEW §3.1 and issue 24), worked at the boundaries.
@pytest.mark.parametrize("p, en, zh", [
    (0.0, "0", "0"),  # never "none" / "概率无"
    (1e-5, "about 1 in 100,000", "约万分之 0.1"),  # below 1 in 10,000: "1 in N" in English
    (9.9e-4, "about 10 in 10,000", "约万分之 9.9"),  # whole families in English, two figures in Chinese
    (1e-3, "about 10 in 10,000", "约万分之 10"),
    (0.0099, "about 99 in 10,000", "约万分之 99"),  # below 1 %: 万分之 N
    (0.01, "about 100 in 10,000", "约 100 分之一"),  # 1 % to 10 %: 约 N 分之一
    (0.099, "about 990 in 10,000", "约 10 分之一"),
    (0.1, "about 1,000 in 10,000", "约 10%"),  # 10 % and above: 约 N%
    (0.38, "about 3,800 in 10,000", "约 38%"),  # never "100 分之 38"; two figures from 100 families
    (1.0, "10,000 in 10,000", "100%"),
    (1.41e-4, "about 1 in 10,000", "约万分之 1.4"),
    (5e-5, "about 1 in 20,000", "约万分之 0.5"),
    (3e-6, "about 1 in 330,000", "约十万分之 0.3"),  # below 1 in 100,000: 十万分之 N
    (0.08274, "about 830 in 10,000", "约 12 分之一"),  # 827.4 families read as 830 (page and PDF alike)
])
def test_one_chance_style_per_language(p, en, zh):
    assert format_one_in(p, "en") == en
    assert format_one_in(p, "zh") == zh


@pytest.mark.parametrize("p, en, zh", [
    (0.0, "0 of every 10,000 families like yours", "每 10 万个像您这样的家庭中 0 个"),
    (1e-5, "about 1 in 100,000 families like yours", "每 10 万个像您这样的家庭中约 1 个"),
    (9.9e-4, "about 10 of every 10,000 families like yours", "每 10 万个像您这样的家庭中约 99 个"),  # 每 10 万 below 10 in 1 万
    (1e-3, "about 10 of every 10,000 families like yours", "每 1 万个像您这样的家庭中约 10 个"),
    (0.0099, "about 99 of every 10,000 families like yours", "每 1 万个像您这样的家庭中约 99 个"),
    (0.01, "about 100 of every 10,000 families like yours", "每 100 个像您这样的家庭中约 1 个"),  # from 1 %: per 100
    (0.099, "about 990 of every 10,000 families like yours", "每 100 个像您这样的家庭中约 10 个"),
    (0.1, "about 1,000 of every 10,000 families like yours", "每 100 个像您这样的家庭中约 10 个"),
    (0.38, "about 3,800 of every 10,000 families like yours", "每 100 个像您这样的家庭中约 38 个"),  # not 3,799
    (1.0, "10,000 of every 10,000 families like yours", "每 100 个像您这样的家庭中 100 个"),
    (1.2e-4, "about 1 of every 10,000 families like yours", "每 10 万个像您这样的家庭中约 12 个"),  # never 1.2 个
    (3e-6, "about 1 in 330,000 families like yours", "每 10 万个像您这样的家庭中不到 1 个"),
    (0.08274, "about 830 of every 10,000 families like yours", "每 100 个像您这样的家庭中约 8 个"),
])
def test_headline_frequencies_are_whole_families(p, en, zh):
    assert format_frequency(p, "en") == en
    assert format_frequency(p, "zh") == zh
    for text in (format_frequency(p, "en"), format_frequency(p, "zh")):
        assert not re.search(r"\d\.\d+ ?(?:个|of|in)", text), text  # no fractional family


def test_headline_nouns():
    assert format_frequency(2.9e-3, "zh", "donated_unit") == "每 1 万份捐献的脐带血中约 29 份"
    assert format_frequency(2.9e-3, "en", "donated_unit") == "about 29 of every 10,000 donated units"


@pytest.mark.parametrize("low, high, en, zh", [
    # one style and one range mark, chosen from the larger end
    (1 / 43, 0.1, "about 230 to 1,000 in 10,000", "约 2.3%\uff5e10%"),
    (0.03, 0.11, "about 300 to 1,100 in 10,000", "约 3%\uff5e11%"),
    (0.004, 0.048, "about 40 to 480 in 10,000", "约 0.4%\uff5e4.8%"),  # not "1.3%（约 270 分之一至 4.8%）"
    (5e-5, 4e-4, "fewer than 1 to about 4 in 10,000", "约万分之 0.5\uff5e4"),
    (5e-5, 1.2e-4, "up to about 1 in 10,000", "约万分之 0.5\uff5e1.2"),
    (5e-4, 3.3e-3, "about 5 to 33 in 10,000", "约万分之 5\uff5e33"),
    (1e-5, 5e-5, "about 1 in 100,000 to 1 in 20,000", "约万分之 0.1\uff5e0.5"),
    (2e-6, 8e-6, "about 1 in 500,000 to 1 in 130,000", "约十万分之 0.2\uff5e0.8"),
    (0.0, 1 / 430, "0 to about 23 in 10,000", "约万分之 0\uff5e23"),
    (0.0, 0.0, "0", "0"),
    (1 / 290, 1 / 290, "about 34 in 10,000", "约万分之 34"),
])
def test_one_in_range_uses_one_style_from_the_larger_end(low, high, en, zh):
    assert format_one_in_range(low, high, "en") == en
    assert format_one_in_range(low, high, "zh") == zh
    assert format_one_in_range(high, low, "en") == en  # order of the ends does not matter
    for mark in ("\u2013", "至", "到", " - "):
        assert mark not in zh


def test_headline_range_in_the_denominator_of_its_value():
    assert format_frequency_range(5e-5, 3.3e-4, 1.2e-4, "zh") == "5\uff5e33 个"  # 每 10 万
    assert format_frequency_range(2e-6, 3.3e-4, 1.2e-4, "zh") == "不到 1\uff5e33 个"
    assert format_frequency_range(0.3, 0.45, 0.38, "zh") == "30\uff5e45 个"  # 每 100
    assert format_frequency_range(5e-4, 3.3e-3, 1.2e-3, "en") == "about 5 to 33 in 10,000"


def test_family_counts_round_one_way():
    assert [whole_count(x) for x in (0.0, 0.49, 0.5, 2.5, 13.4, 99.5, 827.4, 3799.0)] == [0, 0, 1, 3, 13, 100, 830, 3800]


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


@pytest.mark.parametrize("p", [0.00225, 0.00125, 0.00345, 0.00655, 0.00995, 0.001, 0.0015])
def test_both_languages_round_a_chance_to_the_same_count(p):
    """'about 23 in 10,000' and '约万分之 23' for 0.00225: one rounding (a half up) in both
    languages (the Chinese had rounded a half to even: 万分之 22)."""
    import re

    en = int(re.search(r"about ([\d,]+) in 10,000", format_one_in(p, "en")).group(1).replace(",", ""))
    zh = float(re.search(r"约万分之 ([\d.]+)", format_one_in(p, "zh")).group(1))
    assert en == zh, (p, en, zh)


def test_round_sig_rounds_a_half_away_from_zero():
    assert round_sig(22.5, 2) == 23 and round_sig(-22.5, 2) == -23 and round_sig(7071, 2) == 7100
    assert round_sig(0.000145, 2) == 0.00015 and round_sig(2.449, 2) == 2.4
