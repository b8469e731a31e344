"""The probability and cost model of the cord blood decision (pure, vectorised).

Every function takes scalars or numpy arrays of parameter values (broadcast against each
other) and returns the same shape, so the probabilistic analysis runs 100,000 draws in one
call. Nothing here reads files or knows about languages. Words and units follow the
glossary in ``shared/MODEL.md`` section 7; "horizon" is the storage contract
(``storage_years``).

Routes by which a family uses a privately stored unit (MODEL.md section 3):

1. the child itself (autologous): ``p_auto_use`` x unit storable x bank still operating;
2. each brother or sister: P(transplant in horizon) x P(HLA-identical) x P(newborn not
   affected by the same recessive disorder) x P(cell dose adequate for the sibling's
   weight) x unit storable x bank still operating.

A unit can be used once: the family's chance of use is the union ``1 - prod(1 - p_route)``;
expected health gain adds route by route (the overlap is of order p^2, below 10^-7 for a
healthy family).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Mapping, Sequence

import numpy as np
from scipy.special import ndtr

ArrayLike = float | np.ndarray


# --- money and time -------------------------------------------------------------------

def discount_factor(rate: ArrayLike, years: ArrayLike) -> ArrayLike:
    """Present value of 1 paid ``years`` from now: ``(1 + rate) ** -years`` [/1]."""
    return np.power(1.0 + np.asarray(rate, dtype=float), -np.asarray(years, dtype=float))


def _geometric_sum(q: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``sum_{k=0}^{n-1} q**k`` for arrays, exact at ``q == 1`` (returns ``n``)."""
    q = np.asarray(q, dtype=float)
    n = np.asarray(n, dtype=float)
    near_one = np.abs(q - 1.0) < 1e-12
    safe_q = np.where(near_one, 0.5, q)
    return np.where(near_one, n, (1.0 - safe_q**n) / (1.0 - safe_q))


def fee_schedule_pv(
    *,
    fee_upfront: ArrayLike,
    fee_annual: ArrayLike,
    storage_years: ArrayLike,
    discount_rate: ArrayLike,
    fee_escalation: ArrayLike = 0.0,
    fee_lump_sum: ArrayLike = 0.0,
) -> ArrayLike:
    """Present value of a private bank's fee schedule [currency].

    Parameters
    ----------
    fee_upfront : numeric
        First payment at the birth (t = 0): collection, processing, first year [currency].
    fee_annual : numeric
        Yearly fee paid at the start of each later year, t = 1 .. storage_years - 1
        [currency per year].
    storage_years : numeric
        Contract length [years], at least 1.
    discount_rate : numeric
        Annual discount rate r [/year].
    fee_escalation : numeric
        Annual growth g of the yearly fee; the fee in year t is
        ``fee_annual * (1 + g) ** (t - 1)`` [/year].
    fee_lump_sum : numeric
        Prepaid package price paid at t = 0 that replaces the yearly fees when > 0
        [currency].

    Notes
    -----
    ``PV = upfront + annual / (1 + r) * sum_{k=0}^{n-2} q**k`` with ``q = (1+g)/(1+r)``
    and ``n = storage_years``; with a lump sum, ``PV = upfront + lump``.
    Example: 5,700 + 500 a year for 18 years at 5 % gives 5,700 + 500 x 11.2741 = 11,337.05.
    """
    r = np.asarray(discount_rate, dtype=float)
    g = np.asarray(fee_escalation, dtype=float)
    n_annual = np.maximum(np.asarray(storage_years, dtype=float) - 1.0, 0.0)
    stream = np.asarray(fee_annual, dtype=float) / (1.0 + r) * _geometric_sum((1.0 + g) / (1.0 + r), n_annual)
    lump = np.asarray(fee_lump_sum, dtype=float)
    return np.asarray(fee_upfront, dtype=float) + np.where(lump > 0, lump, stream)


def fee_schedule_nominal(
    *,
    fee_upfront: ArrayLike,
    fee_annual: ArrayLike,
    storage_years: ArrayLike,
    fee_escalation: ArrayLike = 0.0,
    fee_lump_sum: ArrayLike = 0.0,
) -> ArrayLike:
    """Undiscounted total of the fee schedule [currency]: :func:`fee_schedule_pv` at r = 0."""
    return fee_schedule_pv(
        fee_upfront=fee_upfront, fee_annual=fee_annual, storage_years=storage_years, discount_rate=0.0,
        fee_escalation=fee_escalation, fee_lump_sum=fee_lump_sum,
    )


def fee_schedule_by_year(
    *,
    fee_upfront: float,
    fee_annual: float,
    storage_years: int,
    discount_rate: float,
    fee_escalation: float = 0.0,
    fee_lump_sum: float = 0.0,
) -> dict[str, list[float]]:
    """Year-by-year payments for the cost-over-time chart (scalar inputs).

    Returns
    -------
    dict
        ``year`` (0 .. storage_years - 1), ``payment``, ``cumulative_nominal`` and
        ``cumulative_pv`` [currency]; the last cumulative values equal
        :func:`fee_schedule_nominal` and :func:`fee_schedule_pv`.
    """
    years = list(range(int(storage_years)))
    pay = []
    for t in years:
        if t == 0:
            pay.append(fee_upfront + (fee_lump_sum if fee_lump_sum > 0 else 0.0))
        else:
            pay.append(0.0 if fee_lump_sum > 0 else fee_annual * (1 + fee_escalation) ** (t - 1))
    cum_nom, cum_pv, a, b = [], [], 0.0, 0.0
    for t, p in zip(years, pay):
        a += p
        b += p / (1 + discount_rate) ** t
        cum_nom.append(a)
        cum_pv.append(b)
    return {"year": years, "payment": pay, "cumulative_nominal": cum_nom, "cumulative_pv": cum_pv}


def mean_discount_factor_uniform(rate: ArrayLike, horizon: ArrayLike) -> ArrayLike:
    """Mean of ``(1+r)**-t`` for a time of use t uniform over ``[0, horizon]`` [/1].

    Notes
    -----
    ``(1 - (1+r)**-H) / (H ln(1+r))``; 1 when r = 0.
    """
    r = np.asarray(rate, dtype=float)
    h = np.asarray(horizon, dtype=float)
    lr = np.log1p(r)
    small = lr * h < 1e-9
    safe = np.where(small, 1.0, lr * h)
    return np.where(small, 1.0, -np.expm1(-safe) / safe)


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


def discounted_life_years(rate: ArrayLike, years: ArrayLike) -> ArrayLike:
    """Discounted life-years of ``years`` years lived from now: ``sum_{t=1}^{L} (1+r)^-t``.

    Notes
    -----
    ``(1 - (1+r)**-L) / r``, and ``L`` when r = 0 (an annuity of one life-year a year).
    """
    r = np.asarray(rate, dtype=float)
    n = np.asarray(years, dtype=float)
    small = r < 1e-12
    safe = np.where(small, 1.0, r)
    return np.where(small, n, -np.expm1(-n * np.log1p(safe)) / safe)


# --- cell dose ------------------------------------------------------------------------

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
    return ndtr(z)


# --- the family ------------------------------------------------------------------------

@dataclass(frozen=True)
class SiblingInput:
    """One brother or sister as the model sees them (from the scenario)."""

    condition: str = "none"  # none | thalassaemia_major | ... (scenario.CONDITIONS)
    weight_kg: float | None = None
    hla_match: str = "unknown"  # unknown | match | mismatch
    newborn_may_share_disorder: bool = False  # parents both carry this sibling's recessive disorder
    malignant: bool = False


@dataclass(frozen=True)
class Outcome:
    """Every model output, each a scalar or an array with one value per parameter draw.

    Probabilities are over the horizon; costs are in the region's currency; life-years
    and QALYs are discounted to the birth and are *expected* gains per newborn.
    """

    p_child_use: ArrayLike
    p_sibling_use: ArrayLike
    p_sibling_use_each: tuple[ArrayLike, ...]
    p_dose_adequate_each: tuple[ArrayLike, ...]
    p_family_use_private: ArrayLike
    p_family_use_public: ArrayLike
    expected_patients_helped: ArrayLike
    pv_cost_private: ArrayLike
    nominal_cost_private: ArrayLike
    ly_private: ArrayLike
    ly_public: ArrayLike
    qaly_private: ArrayLike
    qaly_public: ArrayLike
    qaly_per_family_use: ArrayLike
    wtp_per_qaly: ArrayLike

    # comparisons (private minus the other; public and none cost the family nothing)
    @property
    def delta_cost_vs_public(self) -> ArrayLike:
        return self.pv_cost_private

    @property
    def delta_qaly_vs_public(self) -> ArrayLike:
        return np.asarray(self.qaly_private) - np.asarray(self.qaly_public)

    @property
    def delta_qaly_vs_none(self) -> ArrayLike:
        return self.qaly_private

    @property
    def nmb_vs_public(self) -> ArrayLike:
        """Net monetary benefit of private over public: ``WTP x dQALY - dCost``."""
        return np.asarray(self.wtp_per_qaly) * self.delta_qaly_vs_public - np.asarray(self.pv_cost_private)

    @property
    def nmb_vs_none(self) -> ArrayLike:
        return np.asarray(self.wtp_per_qaly) * np.asarray(self.qaly_private) - np.asarray(self.pv_cost_private)

    @property
    def cost_per_family_use(self) -> ArrayLike:
        """PV cost of private storage divided by the family's chance of using it."""
        p = np.asarray(self.p_family_use_private, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(p > 0, np.asarray(self.pv_cost_private) / np.where(p > 0, p, 1.0), np.inf)

    def as_dict(self) -> dict[str, ArrayLike]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _get(params: Mapping[str, ArrayLike], name: str) -> np.ndarray:
    try:
        return np.asarray(params[name], dtype=float)
    except KeyError:
        raise KeyError(f"model parameter {name!r} missing") from None


def _union(ps: Sequence[ArrayLike]) -> ArrayLike:
    """Chance that at least one of independent events happens: ``1 - prod(1 - p)``."""
    out = np.asarray(0.0)
    for p in ps:
        out = 1.0 - (1.0 - out) * (1.0 - np.asarray(p, dtype=float))
    return out


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
        p_need = _get(params, f"p_hsct_{s.condition}") if known else _get(params, "p_sibling_hsct")
        if s.hla_match == "match":
            p_match = np.asarray(1.0)
        elif s.hla_match == "mismatch":
            p_match = np.asarray(0.0)
        else:
            p_match = _get(params, "p_hla_identical_sibling")
        p_unaffected = (
            1.0 - _get(params, "p_affected_if_both_carriers") if s.newborn_may_share_disorder else np.asarray(1.0)
        )
        weight = s.weight_kg if s.weight_kg is not None else _get(params, "default_sibling_weight_kg")
        p_dose = p_dose_adequate(
            weight,
            tnc_median_cells=_get(params, "tnc_median_cells"),
            tnc_log_sd=_get(params, "tnc_log_sd"),
            tnc_post_processing_recovery=_get(params, "tnc_post_processing_recovery"),
            min_tnc_dose_per_kg=_get(params, "min_tnc_dose_per_kg"),
        )
        gain = _get(params, "survival_gain_sibling_malignant" if (s.malignant or not known)
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


def compute(
    params: Mapping[str, ArrayLike],
    siblings: Sequence[SiblingInput],
    *,
    need_scale: ArrayLike = 1.0,
) -> Outcome:
    """Run the model for one family on scalar or array parameter values.

    Parameters
    ----------
    params : mapping of str to numeric
        Every parameter of ``assumptions/`` (scalars or arrays of draws).
    siblings : sequence of SiblingInput
        The brothers and sisters modelled (already expanded from ``n_siblings`` when the
        scenario lists none).
    need_scale : numeric
        Multiplies every chance of needing the unit (own use and each sibling's
        transplant); 1 for the base case. Used to solve for the smallest chance of family
        use at which private storage is worth it.

    Returns
    -------
    Outcome
    """
    r = _get(params, "discount_rate")
    horizon = _get(params, "storage_years")
    k = np.asarray(need_scale, dtype=float)
    # The chances of use are given over childhood (use_basis_years): a shorter contract covers
    # a proportional share of it, a longer one adds nothing (adult use is not covered). Use
    # happens at a time uniform over the years both cover (``span``).
    basis = _get(params, "use_basis_years")
    span = np.minimum(horizon, basis)
    share = span / basis

    # gates: the unit is stored and the bank still operates when the unit is needed
    storable = _get(params, "p_private_unit_storable")
    f_priv = _get(params, "bank_failure_per_year")
    f_pub = _get(params, "public_bank_failure_per_year")
    t_known = _get(params, "years_to_sibling_hsct")
    gate_priv_uniform = storable * mean_survival_uniform(f_priv, span)
    gate_priv_known = storable * (1.0 - f_priv) ** t_known
    public_access = _get(params, "p_public_kept") * _get(params, "p_public_available_to_family")
    gate_pub_uniform = public_access * mean_survival_uniform(f_pub, span)
    gate_pub_known = public_access * (1.0 - f_pub) ** t_known

    # health gain per use, discounted to the time of use, then to the birth
    dly = discounted_life_years(r, _get(params, "remaining_life_years"))
    utility = _get(params, "utility_post_transplant")
    df_uniform = mean_discount_factor_uniform(r, span)
    df_known = discount_factor(r, t_known)

    p_auto = k * _get(params, "p_auto_use") * share
    ly_auto = _get(params, "survival_gain_autologous") * dly * df_uniform

    p_child_priv = p_auto * gate_priv_uniform
    p_child_pub = p_auto * gate_pub_uniform
    ly_priv = p_child_priv * ly_auto
    ly_pub = p_child_pub * ly_auto

    sib_priv, sib_pub, dose_each = [], [], []
    for route in sibling_routes(params, siblings):
        known = route["known_disease"]
        p_clin = k * route["p_clinical"] * (1.0 if known else share)
        gp = gate_priv_known if known else gate_priv_uniform
        gq = gate_pub_known if known else gate_pub_uniform
        ly_use = route["survival_gain"] * dly * (df_known if known else df_uniform)
        sib_priv.append(p_clin * gp)
        sib_pub.append(p_clin * gq)
        dose_each.append(route["p_dose"])
        ly_priv = ly_priv + p_clin * gp * ly_use
        ly_pub = ly_pub + p_clin * gq * ly_use

    p_sib_priv = _union(sib_priv)
    p_fam_priv = _union([p_child_priv, p_sib_priv])
    p_fam_pub = _union([p_child_pub, *sib_pub])

    qaly_priv = ly_priv * utility
    qaly_pub = ly_pub * utility
    with np.errstate(divide="ignore", invalid="ignore"):
        per_use = np.where(p_fam_priv > 0, qaly_priv / np.where(p_fam_priv > 0, p_fam_priv, 1.0), 0.0)

    cost_kw = dict(
        fee_upfront=_get(params, "fee_upfront"),
        fee_annual=_get(params, "fee_annual"),
        storage_years=horizon,
        fee_escalation=_get(params, "fee_escalation"),
        fee_lump_sum=_get(params, "fee_lump_sum"),
    )
    return Outcome(
        p_child_use=p_child_priv,
        p_sibling_use=p_sib_priv,
        p_sibling_use_each=tuple(sib_priv),
        p_dose_adequate_each=tuple(dose_each),
        p_family_use_private=p_fam_priv,
        p_family_use_public=p_fam_pub,
        expected_patients_helped=_get(params, "p_public_kept") * _get(params, "p_public_released"),
        pv_cost_private=fee_schedule_pv(discount_rate=r, **cost_kw),
        nominal_cost_private=fee_schedule_nominal(**cost_kw),
        ly_private=ly_priv,
        ly_public=ly_pub,
        qaly_private=qaly_priv,
        qaly_public=qaly_pub,
        qaly_per_family_use=per_use,
        wtp_per_qaly=_get(params, "wtp_per_qaly"),
    )


def need_scale_at_break_even(outcome: Outcome) -> ArrayLike:
    """Factor on every chance of need at which NMB (private vs public) is zero.

    QALYs are linear in the chances of need, costs do not depend on them, so
    ``k* = dCost / (WTP x dQALY)``; ``inf`` where private storage gains nothing.
    """
    dq = np.asarray(outcome.delta_qaly_vs_public, dtype=float)
    denom = np.asarray(outcome.wtp_per_qaly) * dq
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denom > 0, np.asarray(outcome.pv_cost_private) / np.where(denom > 0, denom, 1.0), np.inf)
