"""Validation: the tool's figures beside published observations of the same kind of family.

For each observation: the published figure, the tool's figure for the matching family, their
ratio (tool / published) and a band of ratios that are consistent with both uncertainties:

* the observation's own: the Wilson 95 % interval of its count (``wilson``), or the range
  of the sources that report it;
* the tool's own: the 2.5th and 97.5th percentiles of the same output over the tool's
  probabilistic analysis (every uncertain parameter drawn that the observation does not fix),
  or, for the release rate of private banks, the range of storage times of the units counted.

The two agree when the intervals overlap. With the model's interval ``[m x a, m x b]`` and the
observation's ``[o x c, o x d]`` around the point values ``m`` and ``o``, they overlap exactly
when the ratio ``m / o`` lies in ``[c / b, d / a]``: that is the band. It is computed from the
model's own spread, not set to today's numbers.

Everything here is data (no language): :mod:`calculator.present.validation_text` renders it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from calculator import MODEL_VERSION
from calculator.analysis.evaluate import evaluate
from calculator.analysis.model_inputs import model_inputs
from calculator.analysis.psa import draw_parameters, parameter_streams
from calculator.inputs.scenario import scenario_from_mapping

#: Draws of the probabilistic analysis behind each model interval, and their seed.
DRAWS = 4_000
SEED = 20251126
#: z of a two-sided 95 % interval.
Z95 = 1.959963984540054
#: Weight of a 6-year-old (median recipient age in Rafii 2017), about the 50th centile [kg]
#: (WHO/CDC growth charts: about 20-21 kg): an assumption used for every sibling row.
SIBLING_WEIGHT_KG = 20.0
#: The sibling programmes ran for up to about 20 years (Rafii 2017: 20 years).
PROGRAMME_YEARS = 20.0
#: The Sibling Donor Cord Blood Program's mix of diseases among its collections (Walters et al.
#: 2005, PMID 16339667, the same programme as Reed 2003: 1,617 collections from families with
#: thalassaemia 6 %, sickle cell disease 28 %, malignant disorders 49 %, other rare haematological
#: disorders 17 %), mapped to the tool's conditions (malignant -> leukaemia).
PROGRAMME_MIX = {
    "thalassaemia_major": 0.06, "sickle_cell_disease": 0.28, "leukaemia": 0.49, "other_hsct_treatable": 0.17,
}
CARRIERS = {"thalassaemia_major": "beta_thalassaemia", "sickle_cell_disease": "sickle_cell"}

#: Kaimal et al. 2009 inputs (what is public) and results.
KAIMAL_INPUTS: dict[str, float] = {
    "fee_upfront": 3620.0, "fee_annual": 0.0, "fee_package_price": 0.0, "fee_escalation": 0.0, "storage_years": 20.0,
    "p_auto_use": 0.0004, "p_sibling_hsct": 0.0007, "discount_rate": 0.03,
}
KAIMAL_COST_PER_LY = 1_374_246.0
KAIMAL_LY_GAINED = 0.0026

#: Storage times of the privately stored units counted by Ballen 2015 and Kaimal 2009: private
#: banking began in the early 1990s and most units were stored in the decade before each count,
#: so a unit had been stored about 10 years (point) and 5 to 20 years (range): an assumption.
RELEASE_YEARS = (5.0, 10.0, 20.0)
#: Thornley 2009: of 49 uses of privately banked units with a known reason, 13 (9 autologous,
#: 4 of 40 allogeneic) were not collected for a family member already known to be ill.
THORNLEY_UNDIRECTED = (13, 49)


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


@dataclass(frozen=True)
class Step:
    """One step of the Kaimal decomposition: an input changed from Kaimal's to the tool's."""

    step: str  # id: kaimal_survival_gain | tool_survival_gain | fee | p_auto_use | p_sibling_hsct | discount_rate
    cost_per_life_year: float
    life_years_gained: float
    values: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ValidationRow:
    """One published observation beside the tool's figure.

    ``kind``: ``share`` (a probability), ``per_10000`` (a probability shown per 10,000) or
    ``money_per_life_year`` (USD per life-year); ``published_range``/``model_range``: the
    intervals the band is built from; ``facts``: numbers the note cites (counts, horizon).
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


# --- the tool's side ---------------------------------------------------------------------

def _sibling_scenario(condition: str, region: str = "us") -> Any:
    return scenario_from_mapping({
        "region": region,
        "siblings": [{"condition": condition, "weight_kg": SIBLING_WEIGHT_KG, "hla_match": "unknown"}],
        "parents_carriers": CARRIERS.get(condition, "none"),
    })


def _draws(scenario: Any, overrides: Mapping[str, float], seed: int = SEED, n: int = DRAWS):
    """The model's outcome over ``n`` draws of the parameters the scenario does not fix."""
    inputs = model_inputs(scenario, overrides=overrides)
    return inputs.run(draw_parameters(inputs, n, parameter_streams(inputs, seed)))


def _pct(x: np.ndarray) -> tuple[float, float]:
    lo, hi = np.percentile(np.asarray(x, dtype=float), [2.5, 97.5])
    return float(lo), float(hi)


def _sibling_use(mix: Mapping[str, float]) -> tuple[float, tuple[float, float]]:
    """Chance the unit is used for the sibling (averaged over the conditions of ``mix`` with
    its weights), and its 95 % range."""
    ov = {"storage_years": PROGRAMME_YEARS}
    w = np.asarray(list(mix.values()), dtype=float)
    w = w / w.sum()
    point = float(np.dot(w, [evaluate(_sibling_scenario(c), overrides=ov).strategies["private"].p_sibling_use
                             for c in mix]))
    draws = np.tensordot(w, np.asarray([np.asarray(_draws(_sibling_scenario(c), ov).p_sibling_use, dtype=float)
                                        for c in mix]), axes=1)
    return point, _pct(draws)


def _kaimal_step(step: str, overrides: Mapping[str, float]) -> Step:
    res = evaluate(scenario_from_mapping({"region": "us"}), overrides=overrides)
    priv = res.strategies["private"]
    ly = priv.life_years_gained
    return Step(step, priv.pv_cost / ly if ly > 0 else math.inf, ly, dict(overrides))


# --- the rows ------------------------------------------------------------------------------

def _row_sibling(rid: str, k: int, n: int, condition: str, source: str, what: str) -> ValidationRow:
    model, model_range = _sibling_use({condition: 1.0})
    return ValidationRow(
        rid, "share", k / n, model, wilson(k, n), model_range, source,
        facts={"k": k, "n": n, "what": what, "weight_kg": SIBLING_WEIGHT_KG, "years": PROGRAMME_YEARS},
    )


def _row_reed() -> ValidationRow:
    k, families, pct = 17, 540, 0.034
    units = round(k / pct)  # the stated 3.4 % implies about 500 units
    model, model_range = _sibling_use(PROGRAMME_MIX)
    return ValidationRow(
        "reed_2003_sibling_programme", "share", pct, model,
        (wilson(k, families)[0], wilson(k, units)[1]), model_range,
        "Reed et al., Blood 2003;101(1):351, https://ashpublications.org/blood/article/101/1/351/88973",
        facts={"k": k, "n": families, "units": units, "per_family": k / families, "weight_kg": SIBLING_WEIGHT_KG,
               "years": PROGRAMME_YEARS, "mix_malignant": PROGRAMME_MIX["leukaemia"],
               "mix_sickle": PROGRAMME_MIX["sickle_cell_disease"], "mix_thal": PROGRAMME_MIX["thalassaemia_major"],
               "mix_other": PROGRAMME_MIX["other_hsct_treatable"]},
    )


def _row_release() -> ValidationRow:
    scen = scenario_from_mapping({"region": "us"})
    by_years = [evaluate(scen, overrides={"storage_years": y}).strategies["private"].p_family_use for y in RELEASE_YEARS]
    lo_share = wilson(*THORNLEY_UNDIRECTED)[0]
    published = 0.5 * (2.2e-4 + 2.5e-4)
    return ValidationRow(
        "private_bank_release_rate", "per_10000", published, by_years[1],
        (lo_share * 2.2e-4, 2.5e-4), (min(by_years), max(by_years)),
        "Ballen, Verter, Kurtzberg, Bone Marrow Transplant 2015;50:1271, doi 10.1038/bmt.2015.124; "
        "Kaimal et al., Obstet Gynecol 2009;114(4):848, doi 10.1097/AOG.0b013e3181b8fc0d; "
        "Thornley et al., Pediatrics 2009;123(3):1011, doi 10.1542/peds.2008-0436",
        facts={"years": RELEASE_YEARS[1], "years_low": RELEASE_YEARS[0], "years_high": RELEASE_YEARS[2],
               "undirected_k": THORNLEY_UNDIRECTED[0], "undirected_n": THORNLEY_UNDIRECTED[1],
               "undirected_low": lo_share},
    )


def _row_kaimal() -> ValidationRow:
    """Kaimal's public inputs in the tool, then one input at a time changed to the tool's own.

    The first step sets the tool's survival gain per use so that the tool's life-years equal
    Kaimal's 0.0026 (their survival inputs are not public): if the rest of the arithmetic
    (discounting, cost, chances of need) agrees, the cost per life-year then matches theirs.
    """
    tool = evaluate(scenario_from_mapping({"region": "us"})).parameters
    gains = {k: float(v) for k, v in tool.items() if k.startswith("survival_gain_")}
    at_kaimal = _kaimal_step("tool_survival_gain", KAIMAL_INPUTS)
    factor = KAIMAL_LY_GAINED / at_kaimal.life_years_gained
    implied = {k: min(1.0, v * factor) for k, v in gains.items()}
    steps = [_kaimal_step("kaimal_survival_gain", {**KAIMAL_INPUTS, **implied}), at_kaimal]
    ov = dict(KAIMAL_INPUTS)
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
    # the sibling chance read as already including the HLA match (not multiplied by 1 in 4)
    alt = _kaimal_step("hla_not_multiplied", {**KAIMAL_INPUTS, "p_hla_identical_sibling": 1.0})

    out = _draws(scenario_from_mapping({"region": "us"}), KAIMAL_INPUTS)
    ly = np.asarray(out.ly_private, dtype=float)
    cost = np.broadcast_to(np.asarray(out.pv_cost_private, dtype=float), ly.shape)
    with np.errstate(divide="ignore"):
        cpl = np.where(ly > 0, cost / np.where(ly > 0, ly, 1.0), np.inf)
    return ValidationRow(
        "kaimal_2009_decision_model", "money_per_life_year", KAIMAL_COST_PER_LY, at_kaimal.cost_per_life_year,
        (KAIMAL_COST_PER_LY, KAIMAL_COST_PER_LY), _pct(cpl),
        "Kaimal et al., Obstet Gynecol 2009;114(4):848-855, doi 10.1097/AOG.0b013e3181b8fc0d",
        facts={"ly_published": KAIMAL_LY_GAINED, "ly_model": at_kaimal.life_years_gained, "gain_factor": factor,
               "gain_tool": max(gains.values()), "gain_implied": max(implied.values()),
               "cost_per_ly_hla_not_multiplied": alt.cost_per_life_year, "ly_hla_not_multiplied": alt.life_years_gained,
               "hla_multiplied": True},
        decomposition=tuple(steps),
    )


def validate() -> ValidationResult:
    """Every published observation beside the tool's figure (language-free data)."""
    rows = (
        _row_sibling("rafii_2017_sickle_cell", 28, 338, "sickle_cell_disease",
                     "Rafii et al., Haematologica 2017;102(6):976, doi 10.3324/haematol.2016.163055", "units"),
        _row_sibling("walters_2005_thalassaemia", 14, 96, "thalassaemia_major",
                     "Walters et al., Ann N Y Acad Sci 2005;1054:206, PMID 16339667", "sibling_pairs"),
        _row_reed(),
        _row_release(),
        _row_kaimal(),
    )
    return ValidationResult(MODEL_VERSION, rows)
