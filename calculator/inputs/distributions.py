"""Probability distributions for parameters, each with a named parameterisation.

Every distribution in ``assumptions/`` says which parameterisation it uses
(``beta`` by ``mean_sd``, ``lognormal`` by ``median_gsd``, ...), so nobody guesses what
two numbers mean. Each class draws with a :class:`numpy.random.Generator` passed in
(never global randomness) and knows its own mean, for checks against the deterministic
model, its median and its quantiles (``ppf``), for checks that a parameter's base value
is the median of its distribution and its low/high range the 2.5th/97.5th percentiles.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

# scipy (about 0.4 s to import) is imported where a quantile or a fit is needed, not here:
# drawing and the deterministic model do not need it, so ``evaluate`` starts without it.


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def mean(self) -> float:  # pragma: no cover
        raise NotImplementedError

    def ppf(self, q: float) -> float:  # pragma: no cover
        """The ``q`` quantile (0 < q < 1) of the distribution."""
        raise NotImplementedError

    def median_value(self) -> float:
        """The median (50th percentile)."""
        return self.ppf(0.5)


class Fixed(_Dist):
    """A value that is not uncertain in the probabilistic analysis (e.g. the family's fee)."""

    type: Literal["fixed"]
    parameterisation: Literal["value"] = "value"
    value: float

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return np.full(n, float(self.value))

    def mean(self) -> float:
        return float(self.value)

    def ppf(self, q: float) -> float:
        return float(self.value)


class Uniform(_Dist):
    """Uniform between ``low`` and ``high``."""

    type: Literal["uniform"]
    parameterisation: Literal["low_high"] = "low_high"
    low: float
    high: float

    @model_validator(mode="after")
    def _check(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"uniform needs low < high (got {self.low}, {self.high})")
        return self

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return rng.uniform(self.low, self.high, n)

    def mean(self) -> float:
        return (self.low + self.high) / 2

    def ppf(self, q: float) -> float:
        return self.low + q * (self.high - self.low)


class LogUniform(_Dist):
    """Log-uniform between ``low`` and ``high`` (> 0): used where only a range is known
    and it spans a factor of several (0.5 to 4 in 10,000)."""

    type: Literal["log_uniform"]
    parameterisation: Literal["low_high"] = "low_high"
    low: float = Field(gt=0)
    high: float = Field(gt=0)

    @model_validator(mode="after")
    def _check(self) -> LogUniform:
        if not self.low < self.high:
            raise ValueError(f"log_uniform needs 0 < low < high (got {self.low}, {self.high})")
        return self

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return np.exp(rng.uniform(math.log(self.low), math.log(self.high), n))

    def mean(self) -> float:
        return (self.high - self.low) / math.log(self.high / self.low)

    def ppf(self, q: float) -> float:
        return math.exp(math.log(self.low) + q * math.log(self.high / self.low))


class Beta(_Dist):
    """Beta distribution given by its ``mean`` and standard deviation ``sd``.

    Notes
    -----
    Method of moments: ``k = mean (1 - mean) / sd^2 - 1``, ``alpha = mean k``,
    ``beta = (1 - mean) k``; needs ``sd^2 < mean (1 - mean)``.
    """

    type: Literal["beta"]
    parameterisation: Literal["mean_sd"] = "mean_sd"
    mean_: float = Field(alias="mean", gt=0, lt=1)
    sd: float = Field(gt=0)

    @model_validator(mode="after")
    def _check(self) -> Beta:
        if not self.sd**2 < self.mean_ * (1 - self.mean_):
            raise ValueError(
                f"beta with mean {self.mean_} needs sd < {math.sqrt(self.mean_ * (1 - self.mean_)):.4g}"
            )
        return self

    @property
    def alpha_beta(self) -> tuple[float, float]:
        k = self.mean_ * (1 - self.mean_) / self.sd**2 - 1
        return self.mean_ * k, (1 - self.mean_) * k

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        a, b = self.alpha_beta
        return rng.beta(a, b, n)

    def mean(self) -> float:
        return self.mean_

    def ppf(self, q: float) -> float:
        from scipy import stats

        return float(stats.beta.ppf(q, *self.alpha_beta))


class LogNormal(_Dist):
    """Lognormal given by its ``median`` and geometric standard deviation ``gsd`` (> 1)."""

    type: Literal["lognormal"]
    parameterisation: Literal["median_gsd"] = "median_gsd"
    median: float = Field(gt=0)
    gsd: float = Field(gt=1)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return rng.lognormal(math.log(self.median), math.log(self.gsd), n)

    def mean(self) -> float:
        return self.median * math.exp(math.log(self.gsd) ** 2 / 2)

    def ppf(self, q: float) -> float:
        from scipy import stats

        return float(self.median * math.exp(stats.norm.ppf(q) * math.log(self.gsd)))


#: Fitted shape parameters of every ``beta_fit`` in ``assumptions/``, as :func:`fit_beta`
#: computes them (fitting needs scipy, which takes longer to import than a whole evaluation):
#: ``[median, low, high, alpha, beta]`` rows. tests/inputs/test_beta_fits.py checks that each row is
#: what the fit gives (to a relative 1e-6: an optimiser's last digits differ between machines), and that every ``beta_fit`` has a row; a fit not in
#: the table (a value changed, a counsellor's own) is computed.
BETA_FITS_FILE = Path(__file__).with_name("beta_fits.json")


@lru_cache(maxsize=1)
def _stored_fits() -> dict[tuple[float, float, float], tuple[float, float]]:
    try:
        rows = json.loads(BETA_FITS_FILE.read_text(encoding="utf-8"))["fits"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {(float(m), float(lo), float(hi)): (float(a), float(b)) for m, lo, hi, a, b in rows}


@lru_cache(maxsize=256)
def fit_beta(median: float, low: float, high: float) -> tuple[float, float]:
    """Shape parameters (alpha, beta) of the beta distribution whose median is ``median`` and
    whose 2.5th and 97.5th percentiles are ``low`` and ``high``, as nearly as two shape
    parameters allow (least squares on the logit scale, the median weighted four times; a
    ``low`` of 0 is not a target: then the median and ``high`` are met exactly).

    Computed once per process; the fits of the assumption files are read from
    :data:`BETA_FITS_FILE` instead of being computed again."""
    stored = _stored_fits().get((median, low, high))
    return stored if stored is not None else compute_fit_beta(median, low, high)


def compute_fit_beta(median: float, low: float, high: float) -> tuple[float, float]:
    """:func:`fit_beta` computed (with scipy), never read from the table."""
    from scipy import optimize, stats

    def logit(x: float) -> float:
        return math.log(x / (1 - x))

    targets = [(0.5, median, 2.0), (0.975, high, 1.0)] + ([(0.025, low, 1.0)] if low > 0 else [])

    def resid(log_ab: np.ndarray) -> list[float]:
        a, b = np.exp(log_ab)
        out = []
        for q, x, w in targets:
            v = float(np.clip(stats.beta.ppf(q, a, b), 1e-12, 1 - 1e-12))
            out.append(w * (logit(v) - logit(x)))
        return out

    k0 = 10.0
    sol = optimize.least_squares(resid, x0=np.log([median * k0 + 0.5, (1 - median) * k0 + 0.5]), xtol=1e-12, ftol=1e-12)
    a, b = np.exp(sol.x)
    return float(a), float(b)


class BetaFit(_Dist):
    """Beta distribution given by its ``median`` and the 95 % range ``low``-``high`` (its
    2.5th and 97.5th percentiles); the shape parameters are fitted by :func:`fit_beta`."""

    type: Literal["beta_fit"]
    parameterisation: Literal["median_range"] = "median_range"
    median_: float = Field(alias="median", gt=0, lt=1)
    low: float = Field(ge=0, lt=1)
    high: float = Field(gt=0, lt=1)

    @model_validator(mode="after")
    def _check(self) -> BetaFit:
        if not self.low < self.median_ < self.high:
            raise ValueError(f"beta_fit needs low < median < high (got {self.low}, {self.median_}, {self.high})")
        return self

    @property
    def alpha_beta(self) -> tuple[float, float]:
        return fit_beta(self.median_, self.low, self.high)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        a, b = self.alpha_beta
        return rng.beta(a, b, n)

    def mean(self) -> float:
        a, b = self.alpha_beta
        return a / (a + b)

    def ppf(self, q: float) -> float:
        from scipy import stats

        return float(stats.beta.ppf(q, *self.alpha_beta))


Distribution = Annotated[
    Fixed | Uniform | LogUniform | Beta | BetaFit | LogNormal, Field(discriminator="type")
]
