"""Money and time in the model: fee schedules, their present value, and discounting.

Every function takes scalars or numpy arrays (broadcast against each other) and returns the
same shape. Money is in the region's currency; rates are per year; times are in years from
the birth. Words follow the glossary in ``shared/MODEL.md`` section 7.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

ArrayLike = float | np.ndarray

def discount_factor(rate: ArrayLike, years: ArrayLike) -> ArrayLike:
    """Present value of 1 paid ``years`` from now: ``(1 + rate) ** -years`` [/1]."""
    return np.power(1.0 + np.asanyarray(rate, dtype=float), -np.asanyarray(years, dtype=float))


def _geometric_sum(q: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``sum_{k=0}^{n-1} q**k`` for arrays, exact at ``q == 1`` (returns ``n``)."""
    q = np.asanyarray(q, dtype=float)
    n = np.asanyarray(n, dtype=float)
    near_one = np.abs(q - 1.0) < 1e-12
    safe_q = np.where(near_one, 0.5, q)
    return np.where(near_one, n, (1.0 - safe_q**n) / (1.0 - safe_q))


#: Fee plans (scenario ``fee_plan``): how the family pays the private bank.
FEE_PLANS = ("yearly", "package_all_in", "package_plus_first_payment")


def fee_schedule_pv(
    *,
    fee_upfront: ArrayLike,
    fee_annual: ArrayLike,
    storage_years: ArrayLike,
    discount_rate: ArrayLike,
    fee_escalation: ArrayLike = 0.0,
    fee_package_price: ArrayLike = 0.0,
    fee_plan: str = "yearly",
) -> ArrayLike:
    """Present value of a private bank's fee schedule [currency].

    Parameters
    ----------
    fee_upfront : numeric
        First payment at the birth (t = 0): collection and processing [currency].
    fee_annual : numeric
        Yearly storage fee, paid at the start of EVERY contract year t = 0 .. storage_years - 1
        (the banks' quoted totals count it so: Beijing 5,700 + 22 x 500 = 16,700 for 22 years)
        [currency per year].
    storage_years : numeric
        Contract length [years], at least 1.
    discount_rate : numeric
        Annual discount rate r [/year].
    fee_escalation : numeric
        Annual growth g of the yearly fee; the fee in year t is ``fee_annual * (1 + g) ** t`` [/year].
    fee_package_price : numeric
        Prepaid package price paid at t = 0 [currency] (plans ``package_*`` only).
    fee_plan : {"yearly", "package_all_in", "package_plus_first_payment"}
        ``yearly``: first payment + yearly fees; ``package_all_in``: the package price
        covers everything; ``package_plus_first_payment``: first payment + package price.

    Notes
    -----
    Yearly: ``PV = upfront + annual * sum_{k=0}^{n-1} q**k`` with ``q = (1+g)/(1+r)``,
    ``n = storage_years``. Example: 5,700 + 500 a year for 18 years at 5 % gives
    5,700 + 500 x 12.2741 = 11,837.05. Within a plan the PV is continuous in every input.
    """
    if fee_plan not in FEE_PLANS:
        raise ValueError(f"fee_plan must be one of {FEE_PLANS}, not {fee_plan!r}")
    package = np.asanyarray(fee_package_price, dtype=float)
    upfront = np.asanyarray(fee_upfront, dtype=float)
    if fee_plan == "package_all_in":
        return package * np.ones(np.shape(upfront))  # the first payment's shape only: not charged
    if fee_plan == "package_plus_first_payment":
        return upfront + package
    r = np.asanyarray(discount_rate, dtype=float)
    g = np.asanyarray(fee_escalation, dtype=float)
    n = np.maximum(np.asanyarray(storage_years, dtype=float), 0.0)
    stream = np.asanyarray(fee_annual, dtype=float) * _geometric_sum((1.0 + g) / (1.0 + r), n)
    return upfront + stream


def fee_schedule_nominal(
    *,
    fee_upfront: ArrayLike,
    fee_annual: ArrayLike,
    storage_years: ArrayLike,
    fee_escalation: ArrayLike = 0.0,
    fee_package_price: ArrayLike = 0.0,
    fee_plan: str = "yearly",
) -> ArrayLike:
    """Undiscounted total of the fee schedule [currency]: :func:`fee_schedule_pv` at r = 0."""
    return fee_schedule_pv(
        fee_upfront=fee_upfront, fee_annual=fee_annual, storage_years=storage_years, discount_rate=0.0,
        fee_escalation=fee_escalation, fee_package_price=fee_package_price, fee_plan=fee_plan,
    )


def fee_schedule_by_year(
    *,
    fee_upfront: float,
    fee_annual: float,
    storage_years: int,
    discount_rate: float,
    fee_escalation: float = 0.0,
    fee_package_price: float = 0.0,
    fee_plan: str = "yearly",
) -> dict[str, Sequence[float]]:
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
        if fee_plan == "yearly":
            pay.append((fee_upfront if t == 0 else 0.0) + fee_annual * (1 + fee_escalation) ** t)
        elif t == 0:
            pay.append(fee_package_price + (fee_upfront if fee_plan == "package_plus_first_payment" else 0.0))
        else:
            pay.append(0.0)
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
    r = np.asanyarray(rate, dtype=float)
    h = np.asanyarray(horizon, dtype=float)
    lr = np.log1p(r)
    small = lr * h < 1e-9
    safe = np.where(small, 1.0, lr * h)
    return np.where(small, 1.0, -np.expm1(-safe) / safe)



def discounted_life_years(rate: ArrayLike, years: ArrayLike) -> ArrayLike:
    """Discounted life-years of ``years`` years lived from now: ``sum_{t=1}^{L} (1+r)^-t``.

    Notes
    -----
    ``(1 - (1+r)**-L) / r``, and ``L`` when r = 0 (an annuity of one life-year a year).
    """
    r = np.asanyarray(rate, dtype=float)
    n = np.asanyarray(years, dtype=float)
    small = r < 1e-12
    safe = np.where(small, 1.0, r)
    return np.where(small, n, -np.expm1(-n * np.log1p(safe)) / safe)

