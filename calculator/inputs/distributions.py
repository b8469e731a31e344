"""Probability distributions for parameters, each with a named parameterisation.

Every distribution in ``assumptions/`` says which parameterisation it uses
(``beta`` by ``mean_sd``, ``lognormal`` by ``median_gsd``, ...), so nobody guesses what
two numbers mean. Each class draws with a :class:`numpy.random.Generator` passed in
(never global randomness) and knows its own mean, for checks against the deterministic
model.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def mean(self) -> float:  # pragma: no cover
        raise NotImplementedError


class Fixed(_Dist):
    """A value that is not uncertain in the probabilistic analysis (e.g. the family's fee)."""

    type: Literal["fixed"]
    parameterisation: Literal["value"] = "value"
    value: float

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return np.full(n, float(self.value))

    def mean(self) -> float:
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


Distribution = Annotated[
    Fixed | Uniform | LogUniform | Beta | LogNormal, Field(discriminator="type")
]
