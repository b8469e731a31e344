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
    _edit(copy_dir / "common.yaml", "    url: https://ash-sap.org/view-large/8401273\n", "")
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
    from calculator.app.state import NOT_EDITABLE
    from calculator.inputs.offers import OFFER_FIELDS

    a = load_region(region)
    assert tuple(n for n, p in a.parameters.items() if p.group == "offer") == OFFER_FIELDS
    assert {n for n, p in a.parameters.items() if p.group == "family"} == NOT_EDITABLE
    assert {p.group for p in a.parameters.values()} == set(EDITOR_GROUPS) | {"offer", "family"}
    sick_only = {n for n, p in a.parameters.items() if p.applies_when == "sick_relative"}
    assert sick_only == {"years_to_sibling_hsct", "p_marrow_topup", "p_hla_identical_one_haplotype",
                         "p_hla_identical_other_relative", "fee_directed", "max_weight_marrow_topup_kg",
                         "default_adult_weight_kg", "survival_gain_vs_own_marrow"} | {n for n in a.parameters if n.startswith("p_hsct_")}


# --- the storage offers, as their page quotes them --------------------------------------------

#: The 2023 price table (https://www.yxbabe.com/shiguanyinger/11443.html) as printed: first
#: payment, yearly fee and the stated total ("合计范围") of each licensed bank, and the Cord Blood
#: Registry's 18-year prepaid price. Written here from the page, not from offers.yaml, so a
#: preset that drifts from its page fails.
PAGE = {
    "cn_beijing": (5700, 500, 16700), "cn_tianjin": (7300, 590, 23000), "cn_shanghai": (6200, 1100, 30400),
    "cn_shandong": (5400, 630, 16800), "cn_guangdong": (3000, 980, 19800), "cn_zhejiang": (5000, 620, 16000),
    "cn_sichuan": (4600, 600, 15400),
}


def test_every_china_preset_reproduces_its_pages_total_with_its_own_contract_length():
    from calculator.inputs.offers import read_offers

    offers = read_offers()
    assert {k for k in offers if k.startswith("cn_")} == set(PAGE)
    lengths = set()
    for oid, (first, yearly, total) in PAGE.items():
        o = offers[oid]
        assert (o.fee_upfront, o.fee_annual, o.quoted_total) == (first, yearly, total), oid
        assert o.url == "https://www.yxbabe.com/shiguanyinger/11443.html", oid
        recomputed = first + o.storage_years * yearly
        assert recomputed == o.nominal_total
        # the contract length is the whole number of yearly fees closest to the page's total
        best = round((total - first) / yearly)
        if o.quoted_total_note is None:
            assert o.storage_years == best, (oid, o.storage_years, best)
            assert abs(recomputed - total) <= 0.01 * total, (oid, recomputed, total)
            assert f"{first:,} + {o.storage_years} x {yearly:,} = {recomputed:,}" in o.source, oid
        else:  # the page's own figures do not add up: the note says so with both numbers
            assert f"{recomputed:,}" in o.quoted_total_note and f"{total:,}" in o.quoted_total_note, oid
            assert abs(recomputed - total) > 0.05 * total
        lengths.add(o.storage_years)
    assert lengths == {17, 18, 22}  # each bank's own length, not one length for all
    assert {k: offers[k].storage_years for k in ("cn_beijing", "cn_shanghai", "cn_sichuan")} == {
        "cn_beijing": 22, "cn_shanghai": 22, "cn_sichuan": 18}


def test_every_quoted_total_is_what_the_model_charges_for_that_offer():
    """The engine's undiscounted total for each preset (fee schedule over the offer's own contract)
    equals the preset's total, which equals the page's where the page adds up."""
    from calculator.analysis.evaluate import evaluate
    from calculator.inputs.offers import read_offers
    from calculator.inputs.scenario import scenario_from_mapping

    for oid, o in read_offers().items():
        if o.quoted_total is None:
            continue
        scen = scenario_from_mapping({"region": o.region, "fee_plan": o.fee_plan})
        res = evaluate(scen, overrides=o.parameters)
        assert res.strategies["private"].nominal_cost == pytest.approx(o.nominal_total), oid
        if o.quoted_total_note is None:
            assert o.nominal_total == pytest.approx(o.quoted_total, rel=0.01), oid


def test_storage_years_range_covers_every_preset():
    from calculator.inputs.offers import read_offers

    for region in REGIONS:
        p = load_region(region)["storage_years"]
        for o in read_offers().values():
            if o.region == region:
                assert p.low <= o.storage_years <= p.high, (o.label, o.storage_years)
