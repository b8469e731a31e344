"""The clinical side of the model: cell dose, bank survival and each sibling's route.

Every function takes scalars or numpy arrays of parameter values (broadcast against each
other) and returns the same shape. Probabilities are over the storage contract
(``storage_years``, "horizon"); weights in kg; cell counts in total nucleated cells (TNC).
A brother or sister uses the newborn's unit (MODEL.md section 3) with chance
P(transplant in horizon) x P(HLA-identical) x P(newborn not affected by the same recessive
disorder) x P(cell dose adequate for the sibling's weight), before the bank gates applied
in :func:`calculator.model.family.compute`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from calculator.model.finance import ArrayLike


def param(params: Mapping[str, ArrayLike], name: str) -> np.ndarray:
    """Parameter ``name`` as a float array; a clear ``KeyError`` when it is missing."""
    try:
        return np.asarray(params[name], dtype=float)
    except KeyError:
        raise KeyError(f"model parameter {name!r} missing") from None


def mean_survival_uniform(failure_per_year: ArrayLike, horizon: ArrayLike) -> ArrayLike:
    """Chance a bank still operates at a time of need uniform over ``[0, horizon]`` [/1].

    Notes
    -----
    Mean of ``(1-f)**t``: ``(1 - (1-f)**H) / (-H ln(1-f))``; 1 when f = 0.
    """
    f = np.asarray(failure_per_year, dtype=float)
    h = np.asarray(horizon, dtype=float)
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
            np.asarray(tnc_median_cells, dtype=float)
            * np.asarray(tnc_post_processing_recovery, dtype=float)
            / (np.asarray(min_tnc_dose_per_kg, dtype=float) * np.asarray(weight_kg, dtype=float))
        ) / np.asarray(tnc_log_sd, dtype=float)
    return _ndtr(z)


def _ndtr(z: np.ndarray) -> ArrayLike:
    """Standard normal CDF. One value (the deterministic model) through ``math.erfc``
    (within 2e-13 relative of ``scipy.special.ndtr``), so the command line starts without
    loading scipy; arrays (the uncertainty analyses) through ``scipy.special.ndtr``."""
    if z.ndim == 0:
        return np.float64(0.5 * math.erfc(-float(z) / math.sqrt(2.0)))
    from scipy.special import ndtr

    return ndtr(z)



@dataclass(frozen=True)
class SiblingInput:
    """One brother or sister as the model sees them (from the scenario)."""

    condition: str = "none"  # none | thalassaemia_major | ... (scenario.CONDITIONS)
    weight_kg: float | None = None
    hla_match: str = "unknown"  # unknown | match | mismatch
    newborn_may_share_disorder: bool = False  # parents both carry this sibling's recessive disorder
    malignant: bool = False



def sibling_routes(
    params: Mapping[str, ArrayLike], siblings: Sequence[SiblingInput]
) -> list[dict[str, ArrayLike]]:
    """Per sibling: the clinical chance of using the newborn's unit (before bank gates),
    its pieces, the timing of use and the QALY gain per use.

    Returns
    -------
    list of dict
        Keys ``p_need``, ``p_match``, ``p_unaffected``, ``p_dose``, ``p_clinical``,
        ``known_disease`` (bool), ``survival_gain``.
    """
    out = []
    for s in siblings:
        known = s.condition != "none"
        p_need = param(params, f"p_hsct_{s.condition}") if known else param(params, "p_sibling_hsct")
        if s.hla_match == "match":
            p_match = np.asarray(1.0)
        elif s.hla_match == "mismatch":
            p_match = np.asarray(0.0)
        else:
            p_match = param(params, "p_hla_identical_sibling")
        p_unaffected = (
            1.0 - param(params, "p_affected_if_both_carriers") if s.newborn_may_share_disorder else np.asarray(1.0)
        )
        weight = s.weight_kg if s.weight_kg is not None else param(params, "default_sibling_weight_kg")
        p_dose = p_dose_adequate(
            weight,
            tnc_median_cells=param(params, "tnc_median_cells"),
            tnc_log_sd=param(params, "tnc_log_sd"),
            tnc_post_processing_recovery=param(params, "tnc_post_processing_recovery"),
            min_tnc_dose_per_kg=param(params, "min_tnc_dose_per_kg"),
        )
        gain = param(params, "survival_gain_sibling_malignant" if (s.malignant or not known)
                    else "survival_gain_sibling_nonmalignant")
        out.append(
            {
                "p_need": p_need,
                "p_match": p_match,
                "p_unaffected": p_unaffected,
                "p_dose": p_dose,
                "p_clinical": p_need * p_match * p_unaffected * p_dose,
                "known_disease": known,
                "survival_gain": gain,
            }
        )
    return out
