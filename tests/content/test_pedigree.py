"""The pedigree: the symbol logic for the reference families (a pure function of the scenario)
and the picture (a PNG is drawn, in both languages)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from calculator.content.blocks import Chart, Sources
from calculator.content.i18n import t
from calculator.content.pedigree import Pedigree, pedigree, pedigree_section
from calculator.inputs.scenario import scenario_from_mapping
from calculator.inputs.scenario_files import load_scenario
from calculator.present.pictures import draw_pedigree as draw

FAMILIES = Path(__file__).resolve().parents[1] / "golden" / "families"
THAL = {"region": "cn", "siblings": [{"condition": "thalassaemia_major", "weight_kg": 18, "hla_match": "unknown"}],
        "parents_carriers": "beta_thalassaemia"}


def golden(name: str) -> Pedigree:
    return pedigree(load_scenario(FAMILIES / f"{name}.yaml"), "en")


def test_thalassaemia_family_affected_sibling_carrier_parents_and_the_pregnancy():
    ped = pedigree(scenario_from_mapping(THAL), "en")
    sib, preg = ped.person("sibling1"), ped.person("pregnancy")
    assert (sib.fill, sib.marked, sib.shape) == ("affected", True, "diamond")
    assert t("aid.pedigree.hla.unknown", "en") in sib.labels
    assert ped.person("father").fill == ped.person("mother").fill == "carrier"
    assert (ped.person("father").shape, ped.person("mother").shape) == ("square", "circle")
    assert preg.pregnancy and preg.shape == "diamond" and preg.fill == "none" and not preg.marked
    assert (("father", "mother"), ("sibling1", "pregnancy")) in ped.sibships
    assert ped.couples == (("father", "mother"),)


def test_a_sick_father_is_filled_and_marked_and_says_which_parent_was_not_entered():
    ped = golden("father_leukaemia")
    father, mother = ped.person("father"), ped.person("mother")
    assert (father.fill, father.marked) == ("affected", True)
    assert (mother.fill, mother.marked) == ("none", False)
    assert t("aid.pedigree.side_unknown", "en") in father.labels


def test_a_mother_entered_as_affected_is_the_sick_parent():
    ped = golden("mother_thal_major_father_carrier")
    mother, father = ped.person("mother"), ped.person("father")
    assert (mother.fill, mother.marked) == ("affected", True)
    assert t("aid.pedigree.side_unknown", "en") not in mother.labels
    assert (father.fill, father.marked) == ("carrier", False)


def test_the_pregnancys_symbol_follows_sex_and_test_result():
    ped = golden("brother_x_linked_male")
    assert ped.person("pregnancy").shape == "square"
    girl = pedigree(scenario_from_mapping({**THAL, "newborn_sex": "female", "newborn_status": "affected"}), "en")
    assert (girl.person("pregnancy").shape, girl.person("pregnancy").fill) == ("circle", "affected")
    assert t("aid.pedigree.newborn.affected", "en") in girl.person("pregnancy").labels


def test_hla_results_are_labels_and_a_healthy_sibling_is_open():
    sc = scenario_from_mapping({"region": "cn", "relatives": [
        {"relation": "full_sibling", "condition": "leukaemia", "hla_match": "match"},
        {"relation": "full_sibling"}]})
    ped = pedigree(sc, "zh")
    assert t("aid.pedigree.hla.match", "zh") in ped.person("sibling1").labels
    assert (ped.person("sibling2").fill, ped.person("sibling2").marked) == ("none", False)
    assert ped.person("father").fill == "none"  # no carrier status entered


def test_relatives_beyond_the_parents_are_connected_and_say_the_side_is_not_recorded():
    sc = scenario_from_mapping({"region": "cn", "relatives": [
        {"relation": "first_cousin", "condition": "sickle_cell_disease"},
        {"relation": "half_sibling", "condition": "leukaemia", "hla_match": "mismatch"},
        {"relation": "unrelated", "condition": "leukaemia"},
        {"relation": "grandparent", "condition": "aplastic_anaemia"}]})
    ped = pedigree(sc, "en")
    cousin = ped.person("cousin1")
    assert cousin.generation == 2 and cousin.fill == "affected" and cousin.marked
    # the cousin's parent is drawn to connect, unaffected and implicit, a child of the grandparents
    assert ped.person("aunt_uncle1").implicit and ped.person("aunt_uncle1").fill == "none"
    assert (("grandparent1", "grandparent2"), ("aunt_uncle1", "father")) in ped.sibships
    assert ped.person("grandparent1").fill == "affected" and ped.person("grandparent2").implicit
    assert ("mother", "other_partner") in ped.couples and ped.person("other_partner").implicit
    assert ped.person("adopted1").adopted
    for pid in ("cousin1", "half_sibling1", "grandparent1"):
        assert t("aid.pedigree.side_unknown", "en") in ped.person(pid).labels
    # every person is in a couple or a sibship (nobody floats), except "other relatives"
    linked = {x for c in ped.couples for x in c} | {x for (c, kids) in ped.sibships for x in (*c, *kids)}
    assert {p.id for p in ped.people} <= linked


def test_positions_do_not_overlap_within_a_generation():
    sc = scenario_from_mapping({"region": "cn", "relatives": [
        {"relation": "full_sibling", "condition": "thalassaemia_major"}, {"relation": "full_sibling"},
        {"relation": "half_sibling"}, {"relation": "first_cousin", "condition": "leukaemia"},
        {"relation": "first_cousin", "condition": "aplastic_anaemia"}, {"relation": "aunt_uncle", "condition": "leukaemia"},
        {"relation": "other_relative", "condition": "leukaemia"}]})
    ped = pedigree(sc, "en")
    for gen in (0, 1, 2):
        xs = sorted(p.x for p in ped.people if p.generation == gen)
        assert all(b - a >= 0.99 for a, b in zip(xs, xs[1:], strict=False)), (gen, xs)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_picture_is_drawn(lang):
    from PIL import Image

    small = draw(pedigree(scenario_from_mapping(THAL), lang))
    big = draw(pedigree(scenario_from_mapping({"region": "cn", "relatives": [
        {"relation": "full_sibling", "condition": "thalassaemia_major"}, {"relation": "half_sibling"},
        {"relation": "first_cousin", "condition": "leukaemia"}, {"relation": "grandparent", "condition": "leukaemia"}],
        "carriers": {"mother": "beta_thalassaemia", "father": "beta_thalassaemia"}}), lang))
    for png in (small, big):
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        img = Image.open(io.BytesIO(png)).convert("L")
        w, h = img.size
        assert w > 300 and h > 300
        dark = sum(img.histogram()[:128])
        assert dark > 0.01 * w * h  # symbols, lines and labels were drawn (not a blank page)
    assert Image.open(io.BytesIO(big)).size[0] > Image.open(io.BytesIO(small)).size[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pedigree_section(lang):
    s = pedigree_section(scenario_from_mapping(THAL), lang)
    chart = next(b for b in s.blocks if isinstance(b, Chart))
    assert chart.kind == "pedigree" and isinstance(chart.spec, Pedigree) and chart.alt
    assert chart.table is not None and len(chart.table.rows) == 4  # father, mother, sibling, pregnancy
    sources = next(b for b in s.blocks if isinstance(b, Sources))
    assert all(e.url.startswith("https://doi.org/") for e in sources.entries)
