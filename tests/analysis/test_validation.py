"""Validation against published observations: every ratio inside its stated band.

How the bands are set (calculator.analysis.validation): the published figure is one programme's
count, so its uncertainty is the Wilson 95 % interval of that count (or, for the release rate
of private banks, the range of the two sources, widened down to the share of uses that were not
directed at an already-ill relative); the calculator's figure is an expectation over plausible
inputs, so its uncertainty is its own 95 % range over the probabilistic analysis (4,000 seeded
draws of every parameter the observation does not fix), or for the release rate the range of
storage times of the units counted (5 to 20 years). The two agree when the intervals overlap,
which is exactly when the ratio calculator / published lies in ``[c / b, d / a]`` (published
interval ``o x [c, d]``, calculator interval ``m x [a, b]``). The band therefore moves with the
model's own spread; it was not tuned to today's numbers. A second, fixed check stops a band
from becoming so wide that agreement means nothing.

Predicted, not fitted: a row that uses a parameter derived from its own cohort's data is marked
in-sample and kept out of the agreement count; at least four rows are genuinely predicted.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculator.analysis.evaluate import evaluate
from calculator.analysis.validation import data, fitted_to, observation, overlap_band, validate, wilson
from calculator.cli import main
from calculator.content.validation import validation_json, validation_section, validation_table
from calculator.inputs.assumptions import load_region
from calculator.inputs.scenario import scenario_from_mapping
from calculator.present.text import blocks_text, table_markdown


def render_validation_text(res, lang):
    return blocks_text(validation_section(res, lang).blocks, lang)


def render_validation_markdown(res, lang):
    return table_markdown(validation_table(res, lang))


@pytest.fixture(scope="module")
def result():
    return validate()


@pytest.fixture(scope="module")
def rows(result):
    return {r.id: r for r in result.rows}


def test_wilson_reference_values():
    # Newcombe, Stat Med 1998;17:857, table I: 81 of 263 -> 0.2553 to 0.3662 (Wilson score, 95 %)
    lo, hi = wilson(81, 263)
    assert lo == pytest.approx(0.2553, abs=1e-4) and hi == pytest.approx(0.3662, abs=1e-4)
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == 1.0


@given(st.integers(1, 5000), st.data())
def test_wilson_contains_the_observed_share(n, data):
    k = data.draw(st.integers(0, n))
    lo, hi = wilson(k, n)
    assert 0.0 <= lo <= k / n <= hi <= 1.0


@given(*(st.floats(0.01, 100.0) for _ in range(6)))
def test_band_is_where_the_intervals_overlap(m, a, b, o, c, d):
    m_lo, m_hi = sorted((m * min(a, 1.0), m * max(b, 1.0)))
    o_lo, o_hi = sorted((o * min(c, 1.0), o * max(d, 1.0)))
    lo, hi = overlap_band(m, (m_lo, m_hi), o, (o_lo, o_hi))
    overlap = m_lo <= o_hi and o_lo <= m_hi
    r = m / o
    if not math.isclose(r, lo, rel_tol=1e-9) and not math.isclose(r, hi, rel_tol=1e-9):
        assert (lo <= r <= hi) == overlap


PREDICTED = ("rafii_2017_matched_share", "walters_2005_matched_share", "rafii_2017_use_if_match",
             "walters_2005_use_if_match", "private_bank_release_undirected", "kaimal_2009_decision_model")
IN_SAMPLE = ("rafii_2017_sickle_cell", "walters_2005_thalassaemia", "reed_2003_sibling_programme")


def test_published_figures_are_those_of_the_sources(rows):
    assert rows["rafii_2017_matched_share"].published == pytest.approx(44 / 338)
    assert rows["walters_2005_matched_share"].published == pytest.approx(32 / 96)
    assert rows["rafii_2017_use_if_match"].published == pytest.approx(28 / 44)
    assert rows["walters_2005_use_if_match"].published == pytest.approx(14 / 32)
    assert rows["rafii_2017_sickle_cell"].published == pytest.approx(28 / 338)
    assert rows["walters_2005_thalassaemia"].published == pytest.approx(14 / 96)
    assert rows["reed_2003_sibling_programme"].published == pytest.approx(0.034)
    # like with like: only the 13 of 49 uses not collected for an already-ill relative
    assert rows["private_bank_release_undirected"].published == pytest.approx(2.35e-4 * 13 / 49)
    assert rows["kaimal_2009_decision_model"].published == 1_374_246


def test_rows_are_predicted_or_marked_in_sample(result, rows):
    assert set(rows) == set(PREDICTED) | set(IN_SAMPLE)
    for rid in PREDICTED:
        assert rows[rid].fitted_to == () and not rows[rid].in_sample, rid
    for rid in IN_SAMPLE:
        assert rows[rid].fitted_to and rows[rid].in_sample, rid
    assert len(result.predicted) >= 4
    k, n = result.agreement
    assert n == len(PREDICTED) and k == sum(rows[r].inside for r in PREDICTED)
    # the whole-chain rows use the parameters fitted on their own programme, and say so
    assert "p_hsct_sickle_cell_disease" in rows["rafii_2017_sickle_cell"].fitted_to
    assert "p_hsct_thalassaemia_major" in rows["walters_2005_thalassaemia"].fitted_to


def test_fitted_to_follows_the_cohorts():
    derived = data()["derived_from"]
    assert derived["p_hsct_sickle_cell_disease"] == ["rafii_2017"]
    assert derived["p_hsct_thalassaemia_major"] == ["sdcbp"]
    assert observation("walters_2005")["cohort"] == observation("reed_2003")["cohort"] == "sdcbp"
    names = tuple(load_region("us").parameters)
    assert set(fitted_to(names, "rafii_2017")) == {"p_hsct_sickle_cell_disease", "tnc_median_cells", "tnc_log_sd"}
    assert fitted_to(names, "rafii_2017", overridden=("p_hsct_sickle_cell_disease",),
                     cancelling=("tnc_median_cells", "tnc_log_sd")) == ()
    assert fitted_to(names, "kaimal_2009") == ()
    for p in derived:  # every listed parameter exists
        assert p in names


def test_cross_programme_rows_use_the_other_programmes_chance(rows):
    """Both directions: the sickle cell programme predicted from the thalassaemia programme's
    chance of a transplant and the other way round; the point value is the other programme's
    share of matched units used (the cell-dose hurdle is divided out and multiplied back)."""
    prm = load_region("us")
    r, w = rows["rafii_2017_use_if_match"], rows["walters_2005_use_if_match"]
    assert r.predicted_from == "sdcbp" and w.predicted_from == "rafii_2017"
    assert r.facts["need_used"] == prm["p_hsct_thalassaemia_major"].value
    assert w.facts["need_used"] == prm["p_hsct_sickle_cell_disease"].value
    bank = 0.98  # the bank still operating when the transplant comes (about 2.5 years)
    assert r.model == pytest.approx(14 / 32, rel=0.03) and r.model <= 14 / 32 and r.model >= 14 / 32 * bank
    assert w.model == pytest.approx(28 / 44, rel=0.03) and w.model <= 28 / 44 and w.model >= 28 / 44 * bank


def test_sibling_chances_are_not_gated_twice():
    """The published share of matched units used already includes enough cells and a stored
    unit: the parameter is that share divided by the calculator's own chance that a related unit
    is usable for a 20 kg child, so need x dose reproduces the published share."""
    from calculator.model.clinical import p_dose_adequate_related

    prm = load_region("us")
    dose = float(p_dose_adequate_related(20.0, prm.values))
    assert prm["p_hsct_sickle_cell_disease"].value * dose == pytest.approx(28 / 44, abs=0.01)
    assert prm["p_hsct_thalassaemia_major"].value * dose == pytest.approx(14 / 32, abs=0.01)


@pytest.mark.parametrize("rid", ["walters_2005_matched_share", "rafii_2017_use_if_match", "walters_2005_use_if_match",
                                 "private_bank_release_undirected", "rafii_2017_sickle_cell",
                                 "walters_2005_thalassaemia"])
def test_ratio_inside_its_band(rows, rid):
    row = rows[rid]
    lo, hi = row.band
    assert row.model_range[0] <= row.model <= row.model_range[1]
    assert row.published_range[0] <= row.published <= row.published_range[1]
    assert lo <= row.ratio <= hi, f"{rid}: ratio {row.ratio:.3g} outside {lo:.3g}-{hi:.3g}"
    # Not vacuous: a band wider than a factor of 50 would say nothing. (The private banks' row,
    # the widest, is about 40: its published range spans two sources and its calculator range
    # comes from a probabilistic run whose last digits move when a drawn parameter is added.)
    assert hi / lo < 50


@pytest.mark.parametrize("rid", ["rafii_2017_matched_share", "kaimal_2009_decision_model",
                                 "reed_2003_sibling_programme"])
def test_rows_that_miss_say_what_would_have_to_change(rows, rid):
    from calculator.content.validation import if_outside

    row = rows[rid]
    assert not row.inside
    for lang in ("en", "zh"):
        text = if_outside(row, lang)
        assert text and "{" not in text
    assert "No change made" in if_outside(row, "en") or "keeps its gains" in if_outside(row, "en")


def test_kaimal_starts_from_the_published_inputs_with_no_step_true_by_construction(rows):
    row = rows["kaimal_2009_decision_model"]
    inputs = observation("kaimal_2009")["inputs"]
    first = row.decomposition[0]
    assert first.step == "published_inputs"
    assert first.values == {k: float(v) for k, v in inputs.items()}
    assert first.cost_per_life_year == pytest.approx(row.model)
    # nothing was scaled to reproduce the published life-years: they differ
    assert abs(first.life_years_gained / 0.0026 - 1) > 0.5
    # each later step changes inputs of one kind only, towards the calculator's own
    kinds = [s.step for s in row.decomposition]
    assert kinds == ["published_inputs", "fee", "p_auto_use", "p_sibling_hsct", "hla_not_multiplied"]
    # the implied survival gain is reported, the same number in the note (README and text agree)
    f = row.facts
    assert f["factor"] == pytest.approx(0.0026 / f["ly_model"])
    assert f["gain_sib_implied"] == pytest.approx(f["gain_sib"] * f["factor"])
    from calculator.content.numbers import format_pct
    assert format_pct(f["gain_sib_implied"], "en") in note_en(row)


def note_en(row):
    from calculator.content.validation import note

    return note(row, "en")


def test_kaimal_decomposition_ends_at_the_tool_own_family(rows):
    steps = [s for s in rows["kaimal_2009_decision_model"].decomposition if s.step != "hla_not_multiplied"]
    own = evaluate(scenario_from_mapping({"region": "us"})).strategies["private"]
    assert steps[-1].cost_per_life_year == pytest.approx(own.pv_cost / own.life_years_gained, rel=1e-9)


def test_readme_validation_table_is_the_current_one(result):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert render_validation_markdown(result, "en") in readme
    f = next(r for r in result.rows if r.id == "kaimal_2009_decision_model").facts
    from calculator.content.numbers import format_pct
    assert f"about {format_pct(f['gain_sib_implied'], 'en')}" in readme


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_renderings(result, lang):
    text = render_validation_text(result, lang)
    assert text.count("\n\n") >= 5 and "{" not in text
    md = render_validation_markdown(result, lang).splitlines()
    assert len(md) == 2 + len(result.rows) + 2
    data_ = validation_json(result, lang)
    json.dumps(data_)
    assert {"model_version", "rows", "agreement"} <= set(data_)
    for r in data_["rows"]:
        assert {"id", "published", "model", "ratio", "note", "source", "band", "fitted_to", "in_sample"} <= set(r)
        assert r["in_sample"] == bool(r["fitted_to"])
    kaimal = next(r for r in data_["rows"] if r["id"] == "kaimal_2009_decision_model")
    assert all({"step", "cost_per_life_year"} <= set(s) for s in kaimal["decomposition"])


def test_cli_validate(capsys):
    assert main(["validate", "--format", "json", "--lang", "zh"]) == 0
    data_ = json.loads(capsys.readouterr().out)
    assert len(data_["rows"]) == 9 and data_["agreement"]["predicted"] == 6
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "Rafii" in out and "Fitted to this row's data: p_hsct_sickle_cell_disease" in out
    assert main(["validate", "--format", "markdown"]) == 0
