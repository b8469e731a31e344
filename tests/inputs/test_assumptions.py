"""Starting numbers: every parameter is sourced, and the loader is strict."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from calculator.inputs.assumptions import ASSUMPTIONS_DIR, EDITOR_GROUPS, REGIONS, _load_region_cached, load_region
from calculator.inputs.errors import InputError

REQUIRED = ("fee_upfront", "fee_annual", "storage_years", "discount_rate", "wtp_per_qaly", "p_auto_use",
            "p_sibling_hsct", "n_siblings")


@pytest.mark.parametrize("region", REGIONS)
def test_every_parameter_has_source_unit_range_and_review_date(region):
    a = load_region(region)
    for p in a.parameters.values():
        assert p.source.strip(), p.name
        assert p.unit.strip(), p.name
        assert p.low <= p.value <= p.high, p.name
        assert p.reviewed is not None, p.name
        assert p.label.strip() and p.label_zh.strip(), p.name
        assert p.url or p.no_url_reason or p.source_type not in ("published", "guideline", "price_survey"), p.name
        assert p.source_zh.strip(), p.name
        if p.source_type == "assumption":
            assert p.source.lower().startswith("assumption") and p.source_zh.startswith("假设"), p.name
        # the distribution's mean lies within the plausible range
        assert p.low <= p.distribution.mean() <= p.high or p.low == p.high, p.name


def test_regions_have_same_parameters_and_their_own_numbers():
    cn, us = load_region("cn"), load_region("us")
    assert set(cn.parameters) == set(us.parameters)
    for name in REQUIRED:
        assert name in cn
    assert (cn.currency, us.currency) == ("CNY", "USD")
    assert cn["discount_rate"].value == 0.05 and us["discount_rate"].value == 0.03
    # 3 x GDP per capita 2024 (95,749 CNY, National Bureau of Statistics)
    assert cn["wtp_per_qaly"].value == 3 * 95749 and cn["wtp_per_qaly"].low == 95749
    # contracts: China usually 22 years (2023 price table), US 20 (Kaimal 2009)
    assert cn["storage_years"].value == 22 and us["storage_years"].value == 20
    assert us["wtp_per_qaly"].value == 100000


def test_unknown_region():
    with pytest.raises(InputError, match="region"):
        load_region("eu")


@pytest.fixture
def copy_dir(tmp_path: Path):
    d = tmp_path / "assumptions"
    shutil.copytree(ASSUMPTIONS_DIR, d)
    yield d
    _load_region_cached.cache_clear()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rejects_unknown_key(copy_dir):
    _edit(copy_dir / "cn.yaml", "    unit: CNY per year\n", "    unit: CNY per year\n    colour: blue\n")
    with pytest.raises(InputError) as e:
        load_region("cn", copy_dir)
    assert "cn.yaml" in str(e.value) and "fee_annual" in str(e.value) and "colour" in str(e.value)


def test_rejects_duplicate_key(copy_dir):
    _edit(copy_dir / "common.yaml", "    value: 1.41e-4\n", "    value: 1.41e-4\n    value: 2e-4\n")
    with pytest.raises(InputError) as e:
        load_region("cn", copy_dir)
    assert "common.yaml" in str(e.value) and "duplicate key 'value'" in str(e.value)


def test_rejects_impossible_probability(copy_dir):
    _edit(copy_dir / "common.yaml", "    value: 0.9\n    unit: probability\n    low: 0.8",
          "    value: 1.9\n    unit: probability\n    low: 0.8")
    with pytest.raises(InputError) as e:
        load_region("cn", copy_dir)
    assert "p_private_unit_storable" in str(e.value) and "outside the allowed bounds 0 to 1" in str(e.value)


def test_rejects_negative_fee(copy_dir):
    _edit(copy_dir / "us.yaml", "    value: 175\n", "    value: -175\n")
    with pytest.raises(InputError, match=r"us.yaml: fee_annual.*allowed bounds"):
        load_region("us", copy_dir)


def test_rejects_published_source_without_link(copy_dir):
    _edit(copy_dir / "common.yaml", "    url: https://doi.org/10.1016/S0140-6736(07)60915-5\n", "")
    with pytest.raises(InputError, match="min_tnc_dose_per_kg.*url"):
        load_region("cn", copy_dir)


def test_rejects_cited_source_without_link_or_reason(copy_dir):
    _edit(copy_dir / "cn.yaml", "    no_url_reason: the guideline is published as a book without an open web copy; "
          "the figure was confirmed through analyses that cite it.\n", "")
    with pytest.raises(InputError, match="discount_rate.*no_url_reason"):
        load_region("cn", copy_dir)


def test_rejects_assumption_without_chinese_reason(copy_dir):
    _edit(copy_dir / "common.yaml", "      假设：私人库几乎储存", "      私人库几乎储存")
    with pytest.raises(InputError, match="p_private_unit_storable.*假设"):
        load_region("cn", copy_dir)


def test_rejects_parameter_defined_in_two_files(copy_dir):
    text = (copy_dir / "cn.yaml").read_text(encoding="utf-8")
    block = text[text.index("  n_siblings:"):]
    (copy_dir / "common.yaml").write_text((copy_dir / "common.yaml").read_text(encoding="utf-8") + "\n" + block,
                                          encoding="utf-8")
    with pytest.raises(InputError, match="cn.yaml: n_siblings.*defined again"):
        load_region("cn", copy_dir)


def test_rejects_inconsistent_distribution(copy_dir):
    _edit(copy_dir / "common.yaml", "{type: beta, parameterisation: mean_sd, mean: 0.9, sd: 0.04}",
          "{type: beta, parameterisation: mean_sd, mean: 0.9, sd: 0.4}")
    with pytest.raises(InputError, match="p_private_unit_storable"):
        load_region("cn", copy_dir)


def test_rejects_alias(copy_dir):
    _edit(copy_dir / "common.yaml", "meta:\n", "x: &a 1\ny: *a\nmeta:\n")
    with pytest.raises(InputError, match="aliases"):
        load_region("cn", copy_dir)


def test_readme_documents_every_parameter():
    readme = (ASSUMPTIONS_DIR.parent / "README.md").read_text(encoding="utf-8")
    for name in load_region("cn").parameters:
        assert f"`{name}`" in readme, name


def test_rejects_unknown_group_and_applies_when(copy_dir):
    _edit(copy_dir / "us.yaml", "    group: money\n", "    group: misc\n")
    with pytest.raises(InputError) as e:
        load_region("us", copy_dir)
    assert re.search(r"us.yaml: \w+\.group", str(e.value)) and "'use'" in str(e.value)
    _load_region_cached.cache_clear()
    _edit(copy_dir / "us.yaml", "    group: misc\n", "    group: money\n")
    _edit(copy_dir / "common.yaml", "    applies_when: sick_relative\n", "    applies_when: sometimes\n")
    with pytest.raises(InputError, match=r"common.yaml: \w+\.applies_when"):
        load_region("us", copy_dir)


@pytest.mark.parametrize("region", REGIONS)
def test_groups_and_when_parameters_apply(region):
    from calculator.app.state import NOT_EDITABLE, OFFER_PARAMETERS

    a = load_region(region)
    assert tuple(n for n, p in a.parameters.items() if p.group == "offer") == OFFER_PARAMETERS
    assert {n for n, p in a.parameters.items() if p.group == "family"} == NOT_EDITABLE
    assert {p.group for p in a.parameters.values()} == set(EDITOR_GROUPS) | {"offer", "family"}
    sick_only = {n for n, p in a.parameters.items() if p.applies_when == "sick_relative"}
    assert sick_only == {"years_to_sibling_hsct", "p_marrow_topup", "p_hla_identical_one_haplotype",
                         "p_hla_identical_other_relative", "fee_directed", "max_weight_marrow_topup_kg",
                         "default_adult_weight_kg", "survival_gain_vs_own_marrow"} | {n for n in a.parameters if n.startswith("p_hsct_")}
