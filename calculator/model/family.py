"""The family's outcome: every route combined into chances of use, costs and health gains.

Routes by which a family uses a privately stored unit (MODEL.md section 3):

1. the child itself (autologous): ``p_auto_use`` x unit storable x bank still operating;
2. each brother or sister: P(transplant in horizon) x P(HLA-identical) x P(newborn not
   affected by the same recessive disorder) x P(cell dose adequate for the sibling's
   weight) x unit storable x bank still operating (:func:`calculator.model.clinical.sibling_routes`).

A unit can be used once: the family's chance of use is the union ``1 - prod(1 - p_route)``;
expected health gain adds route by route (the overlap is of order p^2, below 10^-7 for a
healthy family). Everything is vectorised: scalars or numpy arrays of parameter draws in,
the same shape out, so the probabilistic analysis runs 100,000 draws in one call. Nothing
here reads files or knows about languages. Probabilities are over the horizon (the storage
contract, ``storage_years``); costs in the region's currency; life-years and QALYs
discounted to the birth, expected per newborn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from calculator.model.clinical import SiblingInput, mean_survival_uniform, param, sibling_routes
from calculator.model.finance import (
    ArrayLike,
    discount_factor,
    discounted_life_years,
    fee_schedule_nominal,
    fee_schedule_pv,
    mean_discount_factor_uniform,
)


@dataclass(frozen=True)
class Outcome:
    """Every model output, each a scalar or an array with one value per parameter draw.

    Probabilities are over the horizon; costs are in the region's currency; life-years
    and QALYs are discounted to the birth and are *expected* gains per newborn.
    """

    p_child_use: ArrayLike
    p_sibling_use: ArrayLike
    p_sibling_use_each: tuple[ArrayLike, ...]
    p_family_use_private: ArrayLike
    p_family_use_public: ArrayLike
    expected_patients_helped: ArrayLike
    pv_cost_private: ArrayLike
    nominal_cost_private: ArrayLike
    ly_private: ArrayLike
    ly_public: ArrayLike
    qaly_private: ArrayLike
    qaly_public: ArrayLike
    wtp_per_qaly: ArrayLike

    # comparisons (private minus the other; public and none cost the family nothing, so the
    # difference in cost is ``pv_cost_private``)
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



def _union(ps: Sequence[ArrayLike]) -> ArrayLike:
    """Chance that at least one of independent events happens: ``1 - prod(1 - p)``."""
    out = np.asarray(0.0)
    for p in ps:
        out = 1.0 - (1.0 - out) * (1.0 - np.asarray(p, dtype=float))
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
    r = param(params, "discount_rate")
    horizon = param(params, "storage_years")
    k = np.asarray(need_scale, dtype=float)
    # The chances of use are given over childhood (use_basis_years): a shorter contract covers
    # a proportional share of it, a longer one adds nothing (adult use is not covered). Use
    # happens at a time uniform over the years both cover (``span``).
    basis = param(params, "use_basis_years")
    span = np.minimum(horizon, basis)
    share = span / basis

    # gates: the unit is stored and the bank still operates when the unit is needed
    storable = param(params, "p_private_unit_storable")
    f_priv = param(params, "bank_failure_per_year")
    f_pub = param(params, "public_bank_failure_per_year")
    t_known = param(params, "years_to_sibling_hsct")
    gate_priv_uniform = storable * mean_survival_uniform(f_priv, span)
    gate_priv_known = storable * (1.0 - f_priv) ** t_known
    public_access = param(params, "p_public_kept") * param(params, "p_public_available_to_family")
    gate_pub_uniform = public_access * mean_survival_uniform(f_pub, span)
    gate_pub_known = public_access * (1.0 - f_pub) ** t_known

    # health gain per use, discounted to the time of use, then to the birth
    dly = discounted_life_years(r, param(params, "remaining_life_years"))
    utility = param(params, "utility_post_transplant")
    df_uniform = mean_discount_factor_uniform(r, span)
    df_known = discount_factor(r, t_known)

    p_auto = k * param(params, "p_auto_use") * share
    ly_auto = param(params, "survival_gain_autologous") * dly * df_uniform

    p_child_priv = p_auto * gate_priv_uniform
    p_child_pub = p_auto * gate_pub_uniform
    ly_priv = p_child_priv * ly_auto
    ly_pub = p_child_pub * ly_auto

    sib_priv, sib_pub = [], []
    for route in sibling_routes(params, siblings):
        known = route["known_disease"]
        p_clin = k * route["p_clinical"] * (1.0 if known else share)
        gp = gate_priv_known if known else gate_priv_uniform
        gq = gate_pub_known if known else gate_pub_uniform
        ly_use = route["survival_gain"] * dly * (df_known if known else df_uniform)
        sib_priv.append(p_clin * gp)
        sib_pub.append(p_clin * gq)
        ly_priv = ly_priv + p_clin * gp * ly_use
        ly_pub = ly_pub + p_clin * gq * ly_use

    p_sib_priv = _union(sib_priv)
    p_fam_priv = _union([p_child_priv, p_sib_priv])
    p_fam_pub = _union([p_child_pub, *sib_pub])

    qaly_priv = ly_priv * utility
    qaly_pub = ly_pub * utility

    cost_kw = dict(
        fee_upfront=param(params, "fee_upfront"),
        fee_annual=param(params, "fee_annual"),
        storage_years=horizon,
        fee_escalation=param(params, "fee_escalation"),
        fee_lump_sum=param(params, "fee_lump_sum"),
    )
    return Outcome(
        p_child_use=p_child_priv,
        p_sibling_use=p_sib_priv,
        p_sibling_use_each=tuple(sib_priv),
        p_family_use_private=p_fam_priv,
        p_family_use_public=p_fam_pub,
        expected_patients_helped=param(params, "p_public_kept") * param(params, "p_public_released"),
        pv_cost_private=fee_schedule_pv(discount_rate=r, **cost_kw),
        nominal_cost_private=fee_schedule_nominal(**cost_kw),
        ly_private=ly_priv,
        ly_public=ly_pub,
        qaly_private=qaly_priv,
        qaly_public=qaly_pub,
        wtp_per_qaly=param(params, "wtp_per_qaly"),
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
