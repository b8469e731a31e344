"""The clinical side of the model: cell dose, bank survival and each relative's route.

Every function takes scalars or numpy arrays of parameter values (broadcast against each
other) and returns the same shape. Probabilities are over the storage contract
(``storage_years``, "horizon"); weights in kg; cell counts in total nucleated cells (TNC).
A relative uses the newborn's unit with chance

    p_need x p_within_contract x p_match x p_unaffected x p_dose_adequate

before the bank gates applied in :func:`calculator.model.family.compute`: the chance of a
transplant, that it falls inside the contract, that the newborn is HLA-identical to them
(by relation), that the newborn does not have the family's recessive disorder (an affected
newborn's cells cannot be given to anyone), and that the unit holds enough cells under the
related-use dose rule (with the chance of a top-up from the same donor's bone marrow).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypedDict

import numpy as np

from calculator.inputs.genetics import load_genetics
from calculator.model.finance import ArrayLike
from calculator.model.trace import keep_sources


def param(params: Mapping[str, ArrayLike], name: str) -> np.ndarray:
    """Parameter ``name`` as a float array (a :class:`calculator.model.trace.Traced` one stays
    traced); a clear ``KeyError`` when it is missing."""
    try:
        return np.asanyarray(params[name], dtype=float)
    except KeyError:
        raise KeyError(f"model parameter {name!r} missing") from None


def mean_survival_uniform(failure_per_year: ArrayLike, horizon: ArrayLike) -> ArrayLike:
    """Chance a bank still operates at a time of need uniform over ``[0, horizon]`` [/1].

    Notes
    -----
    Mean of ``(1-f)**t``: ``(1 - (1-f)**H) / (-H ln(1-f))``; 1 when f = 0.
    """
    f = np.asanyarray(failure_per_year, dtype=float)
    h = np.asanyarray(horizon, dtype=float)
    lf = -np.log1p(-f) * h  # hazard x horizon, >= 0
    small = lf < 1e-9
    safe = np.where(small, 1.0, lf)
    return np.where(small, 1.0, -np.expm1(-safe) / safe)



def p_dose_adequate(
    weight_kg: ArrayLike,
    *,
    tnc_median_cells: ArrayLike,
    tnc_log_sd: ArrayLike,
    tnc_post_processing_recovery: ArrayLike,
    min_tnc_dose_per_kg: ArrayLike,
) -> ArrayLike:
    """Chance a unit holds enough cells for a recipient of ``weight_kg`` [/1].

    Notes
    -----
    TNC in a unit is lognormal with median ``tnc_median_cells`` and log-sd ``tnc_log_sd``
    (Mazzocchetti, Transfusion 2014 via MODEL.md); a fraction
    ``tnc_post_processing_recovery`` survives processing. The unit is adequate when
    ``TNC x recovery / weight >= min_tnc_dose_per_kg`` (Eapen 2007; Barker 2005), so
    ``P = Phi(ln(median x recovery / (dose x weight)) / sigma)``. With the defaults a unit
    covers a recipient of 22 kg with probability 0.5.
    """
    with np.errstate(divide="ignore"):  # no recovery -> log(0) = -inf -> P = 0, as it should
        z = np.log(
            np.asanyarray(tnc_median_cells, dtype=float)
            * np.asanyarray(tnc_post_processing_recovery, dtype=float)
            / (np.asanyarray(min_tnc_dose_per_kg, dtype=float) * np.asanyarray(weight_kg, dtype=float))
        ) / np.asanyarray(tnc_log_sd, dtype=float)
    return _ndtr(z)


def _ndtr(z: np.ndarray) -> ArrayLike:
    """Standard normal CDF, ``Phi(z) = erfc(-z / sqrt(2)) / 2``, through ``math.erfc`` for one
    value and for each value of an array alike: an array gives, value for value, the same
    float as one value (within 2e-13 relative of ``scipy.special.ndtr`` down to
    ``Phi(-37)``; tests/model/test_ndtr.py). Importing ``scipy.special`` for this one function
    took 0.3-0.46 s, longer than a 100,000-draw PSA; ``math.erfc`` over 100,000 values takes
    about 10 ms, and the PSA calls this once or twice per run."""
    if z.ndim == 0:
        return keep_sources(np.float64(0.5 * math.erfc(-float(z) / math.sqrt(2.0))), z)
    x = (-z / math.sqrt(2.0)).ravel().tolist()  # numpy's division rounds as Python's does
    return keep_sources(0.5 * np.fromiter(map(math.erfc, x), dtype=float, count=len(x)).reshape(z.shape), z)


def p_dose_adequate_related(weight_kg: ArrayLike, params: Mapping[str, ArrayLike]) -> ArrayLike:
    """Chance an HLA-identical related unit is used for a recipient of ``weight_kg`` [/1].

    Notes
    -----
    ``q = P(TNC x recovery / weight >= min_tnc_dose_per_kg_related)`` (Reed 2003 used
    1.5 x 10^7/kg; Locatelli 2013 found no dose effect); a unit below that dose is still used
    with the same donor's bone marrow later with chance ``p_marrow_topup`` (Rafii 2017 5 of
    28; Walters 2005 4 of 14): ``P = q + (1 - q) x p_marrow_topup``, only for a recipient of at
    most ``max_weight_marrow_topup_kg`` (that evidence is in children; above it ``P = q``).
    """
    q = p_dose_adequate(
        weight_kg,
        tnc_median_cells=param(params, "tnc_median_cells"),
        tnc_log_sd=param(params, "tnc_log_sd"),
        tnc_post_processing_recovery=param(params, "tnc_post_processing_recovery"),
        min_tnc_dose_per_kg=param(params, "min_tnc_dose_per_kg_related"),
    )
    topup = np.where(np.asanyarray(weight_kg, dtype=float) <= param(params, "max_weight_marrow_topup_kg"),
                     param(params, "p_marrow_topup"), 0.0)
    return q + (1.0 - q) * topup


#: Relations whose weight, when not entered, is an adult's (``default_adult_weight_kg``).
ADULT_RELATIONS = frozenset({"parent", "grandparent", "aunt_uncle"})
#: Relations that count as brothers and sisters (``p_sibling_use``).
SIBLING_RELATIONS = frozenset({"full_sibling", "half_sibling"})


@dataclass(frozen=True)
class RelativeInput:
    """One relative as the model sees them (from the scenario).

    ``planned``: a future full brother or sister; ``planned_disease``: the recessive
    condition such a child may inherit when the parents form a carrier pair (else None).
    """

    relation: str = "full_sibling"  # scenario.RELATIONS
    condition: str = "none"  # none | thalassaemia_major | ... (scenario.CONDITIONS)
    weight_kg: float | None = None
    age_years: float | None = None
    hla_match: str = "unknown"  # unknown | match | mismatch
    years_to_transplant: float | None = None
    planned: bool = False
    planned_disease: str | None = None
    malignant: bool = False
    #: a planned child's chance of the family's disorder as a multiple of
    #: ``p_affected_if_both_carriers`` (1: two carriers; 2: a parent with the disorder and a
    #: carrier; 1 for an X-linked disorder of a carrier mother, sex unknown)
    planned_risk_factor: float = 1.0

    @property
    def known_disease(self) -> bool:
        return self.condition != "none"

    @property
    def is_sibling(self) -> bool:
        return self.relation in SIBLING_RELATIONS or self.planned


#: Older name: a healthy full brother or sister is ``SiblingInput()``.
SiblingInput = RelativeInput


def p_match_of(params: Mapping[str, ArrayLike], r: RelativeInput) -> np.ndarray:
    """Chance the newborn is HLA-identical to relative ``r`` [/1]: 1 or 0 once typed; else by
    kinship (``assumptions/genetics.yaml``): a full brother or sister ``p_hla_identical_sibling``
    (1/4), another relation the chance of sharing one haplotype by descent x the chance the
    other one coincides (``p_hla_identical_one_haplotype``): a parent 1 x, a half-sibling,
    grandparent, aunt or uncle 1/2 x, a first cousin 1/4 x; a child not related by blood 0."""
    if r.hla_match == "match":
        return np.asarray(1.0)
    if r.hla_match == "mismatch":
        return np.asarray(0.0)
    k = load_genetics().kinship[r.relation]
    if k.parameter is not None and k.parameter != "p_hla_identical_one_haplotype":
        return param(params, k.parameter)
    return k.one_haplotype * param(params, "p_hla_identical_one_haplotype")


def weight_used_kg(params: Mapping[str, ArrayLike], r: RelativeInput) -> ArrayLike:
    """A relative's weight at transplant [kg]: as entered; else by age (a child's median weight
    for its age, ``assumptions/genetics.yaml``), else by relation (an adult relative
    ``default_adult_weight_kg``, a brother, sister, cousin or planned child
    ``default_sibling_weight_kg``)."""
    if r.weight_kg is not None:
        return r.weight_kg
    if r.age_years is not None:
        kg = load_genetics().child_weight_kg(r.age_years)
        return param(params, "default_adult_weight_kg") if kg is None else kg
    if r.relation in ADULT_RELATIONS and not r.planned:
        return param(params, "default_adult_weight_kg")
    return param(params, "default_sibling_weight_kg")


def weight_basis(r: RelativeInput) -> str:
    """How the weight was found: ``entered``, ``age``, ``adult`` or ``child`` (assumed)."""
    if r.weight_kg is not None:
        return "entered"
    if r.age_years is not None:
        return "age"
    return "adult" if r.relation in ADULT_RELATIONS and not r.planned else "child"


class Route(TypedDict):
    """One relative's route to the newborn's unit (each value broadcasts like the parameters)."""

    p_need: np.ndarray
    p_within: np.ndarray
    p_match: np.ndarray
    p_unaffected: np.ndarray
    p_dose: ArrayLike
    p_clinical: ArrayLike
    #: ``known``: used at ``t_use`` years; ``uniform``: at any time over the contract (``t_use`` None)
    timing: Literal["known", "uniform"]
    t_use: np.ndarray | None
    survival_gain: np.ndarray


def relative_routes(
    params: Mapping[str, ArrayLike],
    relatives: Sequence[RelativeInput],
    *,
    p_unaffected: ArrayLike,
    share: ArrayLike,
    need_scale: ArrayLike = 1.0,
) -> list[Route]:
    """Per relative: the clinical chance of using the newborn's unit (before bank gates),
    its pieces, the timing of use and the life-years gained per use (undiscounted).

    ``share``: the contract's share of the childhood over which the healthy-family chances
    are given. Returns dicts with keys ``p_need``, ``p_within``, ``p_match``,
    ``p_unaffected``, ``p_dose``, ``p_clinical``, ``timing`` (``known``: at ``t_use``
    years; ``uniform``: over the contract), ``t_use``, ``survival_gain``.
    """
    k = np.asanyarray(need_scale, dtype=float)
    # each parameter is read where a relative needs it (a run's reads are its sources:
    # calculator.model.trace), never up front
    out: list[Route] = []
    for r in relatives:
        timing: Literal["known", "uniform"] = "uniform"
        t_use: np.ndarray | None = None
        if r.planned and r.planned_disease is not None:
            g_mal = param(params, "survival_gain_sibling_malignant")
            g_non = param(params, "survival_gain_sibling_nonmalignant")
            pa = np.minimum(1.0, r.planned_risk_factor * param(params, "p_affected_if_both_carriers"))
            sick = pa * param(params, f"p_hsct_{r.planned_disease}")
            healthy = (1.0 - pa) * param(params, "p_sibling_hsct") * share
            p_need = sick + healthy
            p_within = np.asarray(1.0)  # counted inside the contract: a transplant at a few years of age
            with np.errstate(divide="ignore", invalid="ignore"):
                gain = np.where(p_need > 0, (sick * g_non + healthy * g_mal) / np.where(p_need > 0, p_need, 1.0), g_non)
        elif r.known_disease:
            p_need = param(params, f"p_hsct_{r.condition}")
            t_use = (np.asarray(float(r.years_to_transplant)) if r.years_to_transplant is not None
                     else param(params, "years_to_sibling_hsct"))
            p_within = np.where(t_use <= param(params, "storage_years"), 1.0, 0.0)
            timing = "known"
            if r.hla_match == "match" and not r.malignant:
                # a known match can give bone marrow later: that is the alternative (Locatelli 2013)
                gain = param(params, "survival_gain_vs_own_marrow")
            else:
                gain = param(params, "survival_gain_sibling_malignant" if r.malignant
                             else "survival_gain_sibling_nonmalignant")
        else:
            p_need = param(params, "p_sibling_hsct")
            p_within = np.asanyarray(share, dtype=float)
            gain = param(params, "survival_gain_sibling_malignant")
        p_need = k * p_need
        p_match = p_match_of(params, r)
        p_dose = p_dose_adequate_related(weight_used_kg(params, r), params)
        pu = np.asanyarray(p_unaffected, dtype=float)
        out.append({
            "p_need": p_need, "p_within": p_within, "p_match": p_match, "p_unaffected": pu, "p_dose": p_dose,
            "p_clinical": p_need * p_within * p_match * pu * p_dose,
            "timing": timing, "t_use": t_use, "survival_gain": gain,
        })
    return out
