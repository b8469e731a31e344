"""Validation: the tool's figures beside published observations of the same kind of family.

For each observation: the published figure, the tool's figure for the matching family, their
ratio (tool / published) and a band of ratios that are consistent with both uncertainties:

* the observation's own: the Wilson 95 % interval of its count (``wilson``), or the range
  of the sources that report it;
* the tool's own: the 2.5th and 97.5th percentiles of the same output over the tool's
  probabilistic analysis (every uncertain parameter drawn that the observation does not fix).

The two agree when the intervals overlap. With the model's interval ``[m x a, m x b]`` and the
observation's ``[o x c, o x d]`` around the point values ``m`` and ``o``, they overlap exactly
when the ratio ``m / o`` lies in ``[c / b, d / a]``: that is the band. It is computed from the
model's own spread, not set to today's numbers.

Predicted, not fitted. ``assumptions/validation.yaml`` names, for each parameter whose value was
computed from one of these cohorts' own figures, that cohort (``derived_from``). A row's
``fitted_to`` lists the parameters it uses that were derived from its own cohort's data; a row
with any is *in-sample*: shown, but kept out of the agreement count. Where only one cohort
measures a quantity (the chance a sick sibling is transplanted once an HLA-identical unit is
stored), the quantity is fitted on one programme and predicted for the other, both ways.
Like is compared with like: per stored unit where the published denominator is stored units (the
chance a collection is stored is then 1), per HLA-identical unit where it is those, and for a
family without history only the uses that were not collected for an already-ill relative.

Everything here is data (no language): :mod:`calculator.present.validation_text` renders it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from calculator import MODEL_VERSION
from calculator.analysis.evaluate import evaluate
from calculator.analysis.model_inputs import model_inputs
from calculator.analysis.psa import draw_parameters, parameter_streams
from calculator.inputs.assumptions import ASSUMPTIONS_DIR, load_region
from calculator.inputs.scenario import scenario_from_mapping
from calculator.inputs.strict_yaml import load_strict

#: The observations, the validation's own assumptions and the parameters' cohorts.
DATA_FILE = ASSUMPTIONS_DIR / "validation.yaml"
#: Draws of the probabilistic analysis behind each model interval, and their seed.
DRAWS = 4_000
SEED = 20251126
#: z of a two-sided 95 % interval.
Z95 = 1.959963984540054
#: Carrier status of the parents of a sibling with each inherited condition.
CARRIERS = {"thalassaemia_major": "beta_thalassaemia", "sickle_cell_disease": "sickle_cell"}
#: The parameters a family's chance of a sibling's transplant is read from, by condition.
NEED = {"sickle_cell_disease": "p_hsct_sickle_cell_disease", "thalassaemia_major": "p_hsct_thalassaemia_major"}


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """``assumptions/validation.yaml``, read strictly."""
    return load_strict(DATA_FILE.read_text(encoding="utf-8"), source=DATA_FILE.name, nesting_checked=True)


def setting(name: str) -> float:
    return float(data()["settings"][name]["value"])


def observation(name: str) -> dict[str, Any]:
    return data()["observations"][name]


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of ``k`` successes in ``n`` trials (95 % by default)."""
    if n <= 0 or not 0 <= k <= n:
        raise ValueError("need 0 <= k <= n and n > 0")
    p = k / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if k == 0 else max(0.0, centre - half)
    hi = 1.0 if k == n else min(1.0, centre + half)
    return lo, hi


def overlap_band(model: float, model_range: tuple[float, float], published: float,
                 published_range: tuple[float, float]) -> tuple[float, float]:
    """Ratios ``model / published`` at which the two intervals overlap (see the module text)."""
    a, b = model_range[0] / model, model_range[1] / model
    c, d = published_range[0] / published, published_range[1] / published
    return c / b, (d / a if a > 0 else math.inf)


def fitted_to(used: Sequence[str], cohort: str, *, overridden: Sequence[str] = (),
              cancelling: Sequence[str] = ()) -> tuple[str, ...]:
    """The parameters of ``used`` whose value was derived from ``cohort``'s own data, except
    those the row replaces with another cohort's value (``overridden``) and those that cancel
    at the row's point value (``cancelling``)."""
    derived = data()["derived_from"]
    skip = set(overridden) | set(cancelling)
    return tuple(sorted(p for p in used if p not in skip and cohort in derived.get(p, ())))


@dataclass(frozen=True)
class Step:
    """One step of the Kaimal decomposition: the cost per life-year after ``step``."""

    step: str  # id: published_inputs | fee | p_auto_use | p_sibling_hsct | discount_rate | hla_not_multiplied
    cost_per_life_year: float
    life_years_gained: float
    values: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ValidationRow:
    """One published observation beside the tool's figure.

    ``kind``: ``share`` (a probability), ``per_10000`` (a probability shown per 10,000) or
    ``money_per_life_year`` (USD per life-year); ``published_range``/``model_range``: the
    intervals the band is built from; ``facts``: numbers the note cites (counts, horizon);
    ``fitted_to``: parameters derived from this row's own data (empty: genuinely predicted);
    ``predicted_from``: the other cohort a cross-programme row takes its chance from.
    """

    id: str
    kind: str
    published: float
    model: float
    published_range: tuple[float, float]
    model_range: tuple[float, float]
    source: str
    facts: dict[str, Any] = field(default_factory=dict)
    decomposition: tuple[Step, ...] = ()
    fitted_to: tuple[str, ...] = ()
    predicted_from: str | None = None

    @property
    def in_sample(self) -> bool:
        """True when a parameter the row uses was derived from the row's own data."""
        return bool(self.fitted_to)

    @property
    def ratio(self) -> float:
        return self.model / self.published

    @property
    def band(self) -> tuple[float, float]:
        return overlap_band(self.model, self.model_range, self.published, self.published_range)

    @property
    def inside(self) -> bool:
        lo, hi = self.band
        return lo <= self.ratio <= hi


@dataclass(frozen=True)
class ValidationResult:
    model_version: str
    rows: tuple[ValidationRow, ...]

    @property
    def predicted(self) -> tuple[ValidationRow, ...]:
        """The rows that count: no parameter fitted to their own data."""
        return tuple(r for r in self.rows if not r.in_sample)

    @property
    def agreement(self) -> tuple[int, int]:
        """(predicted rows inside their band, predicted rows)."""
        return sum(r.inside for r in self.predicted), len(self.predicted)


# --- the tool's side ---------------------------------------------------------------------

def _sibling_scenario(condition: str, *, match: bool = False, region: str = "us") -> Any:
    sib: dict[str, Any] = {"condition": condition, "weight_kg": setting("sibling_weight_kg"),
                           "hla_match": "match" if match else "unknown"}
    out: dict[str, Any] = {"region": region, "siblings": [sib], "parents_carriers": CARRIERS.get(condition, "none")}
    if match and condition in CARRIERS:
        out["newborn_status"] = "unaffected"
    return scenario_from_mapping(out)


def _draws(scenario: Any, overrides: Mapping[str, float], swap: Mapping[str, str] | None = None):
    """The model's outcome over :data:`DRAWS` draws of the parameters the scenario does not fix;
    ``swap`` maps a parameter to the one whose distribution it is drawn from instead."""
    inputs = model_inputs(scenario, overrides=overrides)
    params = draw_parameters(inputs, DRAWS, parameter_streams(inputs, SEED))
    for i, (target, source) in enumerate(sorted((swap or {}).items())):
        params[target] = inputs.assumptions[source].distribution.sample(DRAWS, np.random.default_rng(SEED + 1 + i))
    return inputs.run(params)


def _pct(x: np.ndarray) -> tuple[float, float]:
    lo, hi = np.percentile(np.asarray(x, dtype=float), [2.5, 97.5])
    return float(lo), float(hi)


def _per_stored_unit(years: float) -> dict[str, float]:
    """Overrides for a figure per stored unit over ``years``: the collection is stored."""
    return {"storage_years": years, "p_private_unit_storable": 1.0}


def _private_sibling_use(scenario: Any, overrides: Mapping[str, float]) -> float:
    """The chance a privately stored unit is used for a brother or sister (the private
    strategy always reports it; the others have none)."""
    p = evaluate(scenario, overrides=overrides).strategies["private"].p_sibling_use
    if p is None:  # pragma: no cover - evaluate() sets it for the private strategy
        raise ValueError("the private strategy has no chance of a sibling's use")
    return p


def _sibling_use(mix: Mapping[str, float], *, match: bool = False, overrides: Mapping[str, float] | None = None,
                 swap: Mapping[str, str] | None = None) -> tuple[float, tuple[float, float]]:
    """Chance the unit is used for the sibling (averaged over the conditions of ``mix`` with
    its weights), and its 95 % range; per stored unit over the programme's years."""
    ov = {**_per_stored_unit(setting("programme_years")), **(overrides or {})}
    w = np.asarray(list(mix.values()), dtype=float)
    w = w / w.sum()
    point = float(np.dot(w, [_private_sibling_use(_sibling_scenario(c, match=match), ov) for c in mix]))
    draws = np.tensordot(w, np.asarray([np.asarray(_draws(_sibling_scenario(c, match=match), ov, swap).p_sibling_use,
                                                   dtype=float) for c in mix]), axes=1)
    return point, _pct(draws)


def _all_parameters() -> tuple[str, ...]:
    return tuple(load_region("us").parameters)


# --- the rows ------------------------------------------------------------------------------

def _row_matched_share(rid: str, obs: str, k_key: str, n_key: str, *, unaffected: bool) -> ValidationRow:
    """Share of stored units (or typed pairs) HLA-identical to the sick child: Mendelian."""
    o = observation(obs)
    prm = load_region("us").values
    model = float(prm["p_hla_identical_sibling"])
    if unaffected:
        model *= 1.0 - float(prm["p_affected_if_both_carriers"])
    k, n = int(o[k_key]), int(o[n_key])
    used = ("p_hla_identical_sibling", "p_affected_if_both_carriers")
    return ValidationRow(rid, "share", k / n, model, wilson(k, n), (model, model), o["source"],
                         facts={"k": k, "n": n, "matched_model": model},
                         fitted_to=fitted_to(used, o["cohort"]))


def _row_use_if_match(rid: str, obs: str, k_key: str, n_key: str, condition: str, other: str,
                      other_obs: str) -> ValidationRow:
    """Chance an HLA-identical stored unit is used for the sick sibling, predicted with the chance
    of a transplant fitted on the *other* programme (``other``: its condition)."""
    o = observation(obs)
    target, source = NEED[condition], NEED[other]
    value = load_region("us")[source].value
    model, model_range = _sibling_use({condition: 1.0}, match=True, overrides={target: value}, swap={target: source})
    k, n = int(o[k_key]), int(o[n_key])
    oo = observation(other_obs)
    other_k, other_n = int(oo["released"] if "released" in oo else oo["transplanted"]), int(oo["matched"])
    cancelling = data()["cancel_in_cross_rows"]
    return ValidationRow(
        rid, "share", k / n, model, wilson(k, n), model_range, o["source"],
        facts={"k": k, "n": n, "weight_kg": setting("sibling_weight_kg"), "years": setting("programme_years"),
               "need_used": value, "other_k": other_k, "other_n": other_n},
        fitted_to=fitted_to(_all_parameters(), o["cohort"], overridden=(target,), cancelling=cancelling),
        predicted_from=observation(other_obs)["cohort"],
    )


def _row_sibling(rid: str, obs: str, k_key: str, n_key: str, condition: str) -> ValidationRow:
    """The whole chain per stored unit (or typed pair), with the calculator's own parameters."""
    o = observation(obs)
    model, model_range = _sibling_use({condition: 1.0})
    k, n = int(o[k_key]), int(o[n_key])
    return ValidationRow(
        rid, "share", k / n, model, wilson(k, n), model_range, o["source"],
        facts={"k": k, "n": n, "weight_kg": setting("sibling_weight_kg"), "years": setting("programme_years")},
        fitted_to=fitted_to(_all_parameters(), o["cohort"]),
    )


def _row_reed() -> ValidationRow:
    """The US programme, all diseases, per stored unit; its thalassaemia chance taken from the
    French sickle cell programme (the programme's own was fitted on its thalassaemia families)."""
    o = observation("reed_2003")
    k, families, pct = int(o["transplanted"]), int(o["families"]), float(o["share_reported"])
    units = round(k / pct)  # the stated 3.4 % implies about 500 units
    mix = {c: float(v) for c, v in o["mix"].items()}
    target, source = NEED["thalassaemia_major"], NEED["sickle_cell_disease"]
    value = load_region("us")[source].value
    model, model_range = _sibling_use(mix, overrides={target: value}, swap={target: source})
    return ValidationRow(
        "reed_2003_sibling_programme", "share", pct, model,
        (wilson(k, families)[0], wilson(k, units)[1]), model_range, o["source"],
        facts={"k": k, "n": families, "units": units, "per_family": k / families,
               "weight_kg": setting("sibling_weight_kg"), "years": setting("programme_years"),
               "mix_malignant": mix["leukaemia"], "mix_sickle": mix["sickle_cell_disease"],
               "mix_thal": mix["thalassaemia_major"], "mix_other": mix["other_hsct_treatable"]},
        fitted_to=fitted_to(_all_parameters(), o["cohort"], overridden=(target,)),
    )


def _row_release() -> ValidationRow:
    """Units released by private banks for a use not collected for an already-ill relative,
    per stored unit, beside a family without history."""
    o = observation("private_release")
    scen = scenario_from_mapping({"region": "us"})
    s = data()["settings"]["release_years"]
    years, y_lo, y_hi = float(s["value"]), float(s["low"]), float(s["high"])
    point = evaluate(scen, overrides=_per_stored_unit(years)).strategies["private"].p_family_use
    lo = _pct(_draws(scen, _per_stored_unit(y_lo)).p_family_use_private)[0]
    hi = _pct(_draws(scen, _per_stored_unit(y_hi)).p_family_use_private)[1]
    k, n = int(o["undirected"]), int(o["with_reason"])
    r_lo, r_hi = float(o["per_10000_low"]) * 1e-4, float(o["per_10000_high"]) * 1e-4
    share_lo, share_hi = wilson(k, n)
    published = 0.5 * (r_lo + r_hi) * k / n
    return ValidationRow(
        "private_bank_release_undirected", "per_10000", published, point,
        (r_lo * share_lo, r_hi * share_hi), (lo, hi), o["source"],
        facts={"years": years, "years_low": y_lo, "years_high": y_hi, "undirected_k": k, "undirected_n": n,
               "all_low": r_lo * 1e4, "all_high": r_hi * 1e4},
        fitted_to=fitted_to(_all_parameters(), o["cohort"]),
    )


def _kaimal_step(step: str, overrides: Mapping[str, float]) -> Step:
    res = evaluate(scenario_from_mapping({"region": "us"}), overrides=overrides)
    priv = res.strategies["private"]
    ly = priv.life_years_gained
    return Step(step, priv.pv_cost / ly if ly > 0 else math.inf, ly, dict(overrides))


def _row_kaimal() -> ValidationRow:
    """Kaimal's published inputs in the tool (the tool's own survival gains, life expectancy and
    quality of life: Kaimal's are not public), then one input at a time changed to the tool's own.

    No step is fitted: the first is the prediction. What the published life-years imply for the
    survival gain per use is reported beside it (how far the tool's gains would have to move),
    under both readings of the published sibling chance (multiplied by the 1 in 4 chance of an
    HLA match, or already including it)."""
    o = observation("kaimal_2009")
    inputs = {k: float(v) for k, v in o["inputs"].items()}
    cost_ly, ly_pub = float(o["cost_per_life_year"]), float(o["life_years_gained"])
    tool = load_region("us").values
    first = _kaimal_step("published_inputs", inputs)
    steps = [first]
    ov = dict(inputs)
    for step, names in (
        ("fee", ("fee_upfront", "fee_annual", "fee_package_price", "fee_escalation", "storage_years")),
        ("p_auto_use", ("p_auto_use",)),
        ("p_sibling_hsct", ("p_sibling_hsct",)),
        ("discount_rate", ("discount_rate",)),
    ):
        changed = {nm: float(tool[nm]) for nm in names if ov.get(nm) != float(tool[nm])}
        ov.update(changed)
        if changed:
            steps.append(_kaimal_step(step, ov))
    alt = _kaimal_step("hla_not_multiplied", {**inputs, "p_hla_identical_sibling": 1.0})

    out = _draws(scenario_from_mapping({"region": "us"}), inputs)
    ly = np.asarray(out.ly_private, dtype=float)
    cost = np.broadcast_to(np.asarray(out.pv_cost_private, dtype=float), ly.shape)
    with np.errstate(divide="ignore"):
        cpl = np.where(ly > 0, cost / np.where(ly > 0, ly, 1.0), np.inf)
    g_auto, g_sib = float(tool["survival_gain_autologous"]), float(tool["survival_gain_sibling_malignant"])
    factor, factor_alt = ly_pub / first.life_years_gained, ly_pub / alt.life_years_gained
    return ValidationRow(
        "kaimal_2009_decision_model", "money_per_life_year", cost_ly, first.cost_per_life_year,
        (cost_ly, cost_ly), _pct(cpl), o["source"],
        facts={"ly_published": ly_pub, "ly_model": first.life_years_gained,
               "cost_per_ly_hla_not_multiplied": alt.cost_per_life_year, "ly_hla_not_multiplied": alt.life_years_gained,
               "fee": inputs["fee_upfront"], "years": inputs["storage_years"], "p_auto": inputs["p_auto_use"],
               "p_sib": inputs["p_sibling_hsct"], "discount": inputs["discount_rate"],
               "gain_auto": g_auto, "gain_sib": g_sib, "factor": factor, "factor_alt": factor_alt,
               "gain_auto_implied": g_auto * factor, "gain_sib_implied": g_sib * factor,
               "gain_auto_implied_alt": g_auto * factor_alt, "gain_sib_implied_alt": g_sib * factor_alt},
        decomposition=(*steps, alt),
        fitted_to=fitted_to(_all_parameters(), o["cohort"]),
    )


def validate() -> ValidationResult:
    """Every published observation beside the tool's figure (language-free data)."""
    rows = (
        _row_matched_share("rafii_2017_matched_share", "rafii_2017", "matched", "stored", unaffected=True),
        _row_matched_share("walters_2005_matched_share", "walters_2005", "matched", "pairs", unaffected=False),
        _row_use_if_match("rafii_2017_use_if_match", "rafii_2017", "released", "matched",
                          "sickle_cell_disease", "thalassaemia_major", "walters_2005"),
        _row_use_if_match("walters_2005_use_if_match", "walters_2005", "transplanted", "matched",
                          "thalassaemia_major", "sickle_cell_disease", "rafii_2017"),
        _row_release(),
        _row_kaimal(),
        _row_sibling("rafii_2017_sickle_cell", "rafii_2017", "released", "stored", "sickle_cell_disease"),
        _row_sibling("walters_2005_thalassaemia", "walters_2005", "transplanted", "pairs", "thalassaemia_major"),
        _row_reed(),
    )
    return ValidationResult(MODEL_VERSION, rows)
