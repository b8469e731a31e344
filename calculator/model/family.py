"""The family's outcome: every route combined into chances of use, costs and health gains.

Routes by which a family uses a stored unit:

1. the child itself (autologous): ``p_auto_use`` x unit storable x bank still operating;
2. each relative (brothers and sisters, planned children, parents, other relatives):
   :func:`calculator.model.clinical.relative_routes` x unit storable x bank still operating
   at the time of use. Every relative's route is gated by the newborn being unaffected.

A unit can be used once: the family's chance of use is the union ``1 - prod(1 - p_route)``,
and the expected health gain is ``P(any use) x (sum_i p_i g_i / sum_i p_i)`` (the gain of a
use, averaged over the routes by their chances), so two matched sick brothers or sisters do
not count the unit twice.

Strategies: ``private`` (paid family storage, every route), ``public`` (anonymous donation:
every route, through the chance the unit is kept and still available), ``directed`` (directed
family donation for the known sick relatives only, stored by a public programme for
``fee_directed``), ``none``. Everything is vectorised: scalars or numpy arrays of parameter
draws in, the same shape out. Probabilities are over the horizon (``storage_years``); costs in
the region's currency; life-years and QALYs discounted to the birth, expected per newborn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from calculator.inputs.scenario_values import FEE_PARAMETERS, PLAN_FEES
from calculator.model.clinical import RelativeInput, mean_survival_uniform, param, relative_routes
from calculator.model.finance import (
    ArrayLike,
    discount_factor,
    discounted_life_years,
    fee_schedule_nominal,
    fee_schedule_pv,
    mean_discount_factor_uniform,
)

#: The newborn's inherited risk as the model sees it: ``none`` (no carrier pair),
#: ``pair`` (both parents carry: ``p_affected_if_both_carriers``), ``affected``, ``unaffected``.
NEWBORN_RISKS = ("none", "pair", "affected", "unaffected")


@dataclass(frozen=True)
class Outcome:
    """Every model output, each a scalar or an array with one value per parameter draw.

    Probabilities are over the horizon; costs are in the region's currency; life-years
    and QALYs are discounted to the birth and are *expected* gains per newborn.
    ``p_relative_use_each[i]``: relative i's chance of using a private unit; ``pv_cost_directed``
    is 0 when no known sick relative is listed (no directed donation).
    """

    p_child_use: ArrayLike
    p_sibling_use: ArrayLike
    p_relative_use: ArrayLike
    p_relative_use_each: tuple[ArrayLike, ...]
    p_family_use_private: ArrayLike
    p_family_use_public: ArrayLike
    p_family_use_directed: ArrayLike
    expected_patients_helped: ArrayLike
    pv_cost_private: ArrayLike
    nominal_cost_private: ArrayLike
    pv_cost_directed: ArrayLike
    ly_private: ArrayLike
    ly_public: ArrayLike
    ly_directed: ArrayLike
    qaly_private: ArrayLike
    qaly_public: ArrayLike
    qaly_directed: ArrayLike
    wtp_per_qaly: ArrayLike

    @property
    def p_sibling_use_each(self) -> tuple[ArrayLike, ...]:
        """Older name of :attr:`p_relative_use_each`."""
        return self.p_relative_use_each

    # comparisons (private minus the other; public and none cost the family nothing)
    @property
    def delta_qaly_vs_public(self) -> ArrayLike:
        return np.asanyarray(self.qaly_private) - np.asanyarray(self.qaly_public)

    @property
    def delta_qaly_vs_none(self) -> ArrayLike:
        return self.qaly_private

    @property
    def delta_qaly_vs_directed(self) -> ArrayLike:
        return np.asanyarray(self.qaly_private) - np.asanyarray(self.qaly_directed)

    @property
    def nmb_vs_public(self) -> ArrayLike:
        """Net monetary benefit of private over public: ``WTP x dQALY - dCost``."""
        return np.asanyarray(self.wtp_per_qaly) * self.delta_qaly_vs_public - np.asanyarray(self.pv_cost_private)

    @property
    def nmb_vs_none(self) -> ArrayLike:
        return np.asanyarray(self.wtp_per_qaly) * np.asanyarray(self.qaly_private) - np.asanyarray(self.pv_cost_private)

    @property
    def nmb_vs_directed(self) -> ArrayLike:
        return (np.asanyarray(self.wtp_per_qaly) * self.delta_qaly_vs_directed
                - (np.asanyarray(self.pv_cost_private) - np.asanyarray(self.pv_cost_directed)))

    @property
    def cost_per_family_use(self) -> ArrayLike:
        """PV cost of private storage divided by the family's chance of using it."""
        p = np.asanyarray(self.p_family_use_private, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(p > 0, np.asanyarray(self.pv_cost_private) / np.where(p > 0, p, 1.0), np.inf)


def _union(ps: Sequence[ArrayLike]) -> ArrayLike:
    """Chance that at least one of independent events happens: ``1 - prod(1 - p)``."""
    out = np.asarray(0.0)
    for p in ps:
        out = 1.0 - (1.0 - out) * (1.0 - np.asanyarray(p, dtype=float))
    return out


def _health(routes: Sequence[tuple[ArrayLike, ArrayLike]]) -> tuple[ArrayLike, ArrayLike]:
    """(P(any use), expected gain) of routes ``(p_i, g_i)``: a unit is used once, so the gain
    is ``P(any) x sum p_i g_i / sum p_i``."""
    p_any = _union([p for p, _ in routes])
    num = np.asarray(0.0)
    den = np.asarray(0.0)
    for p, g in routes:
        num = num + np.asanyarray(p, dtype=float) * g
        den = den + np.asanyarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        gain = np.where(den > 0, p_any * num / np.where(den > 0, den, 1.0), 0.0)
    return p_any, gain


def p_affected_newborn(params: Mapping[str, ArrayLike], newborn: str, risk_factor: float = 1.0) -> np.ndarray:
    """The newborn's chance of having the family's inherited disorder [/1]: for ``pair`` (the
    parents' statuses give a risk) ``risk_factor x p_affected_if_both_carriers`` (1: two
    carriers, 1/4; 2: a parent with the disorder and a carrier, or a carrier mother's son
    with an X-linked disorder, 1/2; 4: certain)."""
    if newborn not in NEWBORN_RISKS:
        raise ValueError(f"newborn must be one of {NEWBORN_RISKS}, not {newborn!r}")
    if newborn == "pair":
        return np.minimum(1.0, risk_factor * param(params, "p_affected_if_both_carriers"))
    return np.asarray(1.0 if newborn == "affected" else 0.0)


def compute(
    params: Mapping[str, ArrayLike],
    relatives: Sequence[RelativeInput],
    *,
    newborn: str = "none",
    fee_plan: str = "yearly",
    need_scale: ArrayLike = 1.0,
    risk_factor: float = 1.0,
) -> Outcome:
    """Run the model for one family on scalar or array parameter values.

    Parameters
    ----------
    params : mapping of str to numeric
        Every parameter of ``assumptions/`` (scalars or arrays of draws).
    relatives : sequence of RelativeInput
        The relatives modelled (healthy brothers and sisters already expanded from
        ``n_siblings`` when the scenario lists none; planned children included).
    newborn : {"none", "pair", "affected", "unaffected"}
        The newborn's inherited risk (:data:`NEWBORN_RISKS`).
    fee_plan : str
        How the private bank is paid (:data:`calculator.model.finance.FEE_PLANS`).
    need_scale : numeric
        Multiplies every chance of needing the unit (own use and each relative's
        transplant); 1 for the base case. Used to solve for the smallest chance of family
        use at which private storage is worth it.
    risk_factor : float
        For ``newborn="pair"``: the newborn's risk as a multiple of
        ``p_affected_if_both_carriers`` (:func:`p_affected_newborn`).
    """
    r = param(params, "discount_rate")
    horizon = param(params, "storage_years")
    k = np.asanyarray(need_scale, dtype=float)
    # The healthy-family chances are given over childhood (use_basis_years): a shorter
    # contract covers a proportional share of it, a longer one adds nothing. Such use
    # happens at a time uniform over the years both cover (``span``).
    basis = param(params, "use_basis_years")
    span = np.minimum(horizon, basis)
    share = span / basis
    p_unaffected = 1.0 - p_affected_newborn(params, newborn, risk_factor)

    storable = param(params, "p_private_unit_storable")
    f_priv = param(params, "bank_failure_per_year")
    f_pub = param(params, "public_bank_failure_per_year")
    public_access = param(params, "p_public_kept") * param(params, "p_public_available_to_family")
    dly = discounted_life_years(r, param(params, "remaining_life_years"))
    utility = param(params, "utility_post_transplant")
    df_uniform = mean_discount_factor_uniform(r, span)

    # an affected baby's own cells carry the disorder: no own use either (the unit helps nobody)
    p_auto = k * param(params, "p_auto_use") * share * p_unaffected
    ly_auto = param(params, "survival_gain_autologous") * dly * df_uniform
    p_child_priv = p_auto * storable * mean_survival_uniform(f_priv, span)
    priv = [(p_child_priv, ly_auto)]
    pub = [(p_auto * public_access * mean_survival_uniform(f_pub, span), ly_auto)]
    directed = []
    each, sibs = [], []
    for rel, route in zip(relatives, relative_routes(params, relatives, p_unaffected=p_unaffected, share=share,
                                                     need_scale=k)):
        p_clin = route["p_clinical"]
        t = route["t_use"]
        if route["timing"] == "known" and t is not None:  # a known route always has its time
            g_priv = storable * (1.0 - f_priv) ** t
            g_pub = public_access * (1.0 - f_pub) ** t
            g_dir = storable * (1.0 - f_pub) ** t
            ly_use = route["survival_gain"] * dly * discount_factor(r, t)
        else:
            g_priv = storable * mean_survival_uniform(f_priv, span)
            g_pub = public_access * mean_survival_uniform(f_pub, span)
            g_dir = None
            ly_use = route["survival_gain"] * dly * df_uniform
        p_priv = p_clin * g_priv
        each.append(p_priv)
        if rel.is_sibling:
            sibs.append(p_priv)
        priv.append((p_priv, ly_use))
        pub.append((p_clin * g_pub, ly_use))
        if rel.known_disease and not rel.planned and g_dir is not None:
            directed.append((p_clin * g_dir, ly_use))

    p_fam_priv, ly_priv = _health(priv)
    p_fam_pub, ly_pub = _health(pub)
    p_fam_dir, ly_dir = _health(directed)

    # only the fees the plan charges are read (PLAN_FEES); the others do not enter the cost
    fees = {name: param(params, name) for name in PLAN_FEES.get(fee_plan, FEE_PARAMETERS)}
    cost_kw: dict[str, Any] = dict(
        fee_upfront=fees.get("fee_upfront", 0.0),
        fee_annual=fees.get("fee_annual", 0.0),
        storage_years=horizon,
        fee_escalation=fees.get("fee_escalation", 0.0),
        fee_package_price=fees.get("fee_package_price", 0.0),
        fee_plan=fee_plan,
    )
    return Outcome(
        p_child_use=p_child_priv,
        p_sibling_use=_union(sibs),
        p_relative_use=_union(each),
        p_relative_use_each=tuple(each),
        p_family_use_private=p_fam_priv,
        p_family_use_public=p_fam_pub,
        p_family_use_directed=p_fam_dir,
        # a public bank screens out a unit with the family's inherited disorder: an affected
        # baby's donation helps nobody
        expected_patients_helped=param(params, "p_public_kept") * param(params, "p_public_released") * p_unaffected,
        pv_cost_private=fee_schedule_pv(discount_rate=r, **cost_kw),
        nominal_cost_private=fee_schedule_nominal(**cost_kw),
        # directed donation exists only for a known sick relative (no fee read otherwise)
        pv_cost_directed=(param(params, "fee_directed") if directed else np.asarray(0.0)) * np.ones(np.shape(r)),
        ly_private=ly_priv,
        ly_public=ly_pub,
        ly_directed=ly_dir,
        qaly_private=ly_priv * utility,
        qaly_public=ly_pub * utility,
        qaly_directed=ly_dir * utility,
        wtp_per_qaly=param(params, "wtp_per_qaly"),
    )


def need_scale_at_break_even(outcome: Outcome) -> ArrayLike:
    """First-order factor on every chance of need at which NMB (private vs public) is zero.

    QALYs are nearly linear in the chances of need when they are small (the union of
    routes bends them for large chances), costs do not depend on them, so
    ``k* ~ dCost / (WTP x dQALY)``; ``inf`` where private storage gains nothing. The exact
    root is solved in :func:`calculator.analysis.thresholds.thresholds_of`.
    """
    dq = np.asanyarray(outcome.delta_qaly_vs_public, dtype=float)
    denom = np.asanyarray(outcome.wtp_per_qaly) * dq
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # a tiny dQALY gives inf: fine
        return np.where(denom > 0, np.asanyarray(outcome.pv_cost_private) / np.where(denom > 0, denom, 1.0), np.inf)
