"""The parameter distributions draw what their parameterisation says, checked against scipy.stats.

Each class of calculator/inputs/distributions.py is built the way assumptions/*.yaml build it
(``model_validate`` of the mapping, aliases included) and sampled with a seeded
:class:`numpy.random.Generator`; the sample's mean, median and 2.5 and 97.5 percentiles are
compared with the same distribution in scipy.stats, and the class's own ``mean()`` with scipy's.
(The parameters are scalars: the classes take floats and ``sample(n, rng)`` returns ``n`` draws,
so there is no array parameterisation to test.)

Tolerances: with N draws the sample mean has standard error sd / sqrt(N), and the sample
p-quantile sqrt(p (1 - p) / N) / f(q_p), f the density at the quantile (asymptotic normality of
sample quantiles). We allow Z = 5 standard errors: a correct sampler fails a check with
probability about 6e-7 for an arbitrary seed, while a wrong parameterisation (sd for variance,
log10 for ln, mean for median) is off by far more than 5 standard errors at N = 200,000.
A Kolmogorov-Smirnov test against the scipy CDF (p > 1e-4) checks the whole shape as well.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from calculator.inputs.distributions import Beta, Fixed, LogNormal, LogUniform, Uniform

N = 200_000
Z = 5.0
SEED = 20261130
QUANTILES = (0.025, 0.5, 0.975)


def beta_scipy(mean: float, sd: float):
    k = mean * (1 - mean) / sd**2 - 1
    return stats.beta(mean * k, (1 - mean) * k)


# (mapping as in assumptions/*.yaml, the class, the same distribution in scipy.stats)
CASES = [
    ({"type": "uniform", "low": 0.2, "high": 0.8}, Uniform, stats.uniform(loc=0.2, scale=0.6)),
    ({"type": "uniform", "low": -3000, "high": 12000}, Uniform, stats.uniform(loc=-3000, scale=15000)),
    ({"type": "log_uniform", "low": 0.5e-4, "high": 4e-4}, LogUniform, stats.loguniform(0.5e-4, 4e-4)),
    ({"type": "log_uniform", "low": 1, "high": 1000}, LogUniform, stats.loguniform(1, 1000)),
    ({"type": "beta", "mean": 0.5, "sd": 0.2}, Beta, beta_scipy(0.5, 0.2)),
    ({"type": "beta", "mean": 0.02, "sd": 0.015}, Beta, beta_scipy(0.02, 0.015)),  # skewed, small
    ({"type": "beta", "mean": 0.3, "sd": 0.25}, Beta, beta_scipy(0.3, 0.25)),  # alpha < 1: density unbounded at 0
    ({"type": "beta", "mean": 0.95, "sd": 0.03}, Beta, beta_scipy(0.95, 0.03)),
    ({"type": "lognormal", "median": 1.0, "gsd": 1.5}, LogNormal, stats.lognorm(s=math.log(1.5), scale=1.0)),
    ({"type": "lognormal", "median": 25000, "gsd": 2.5}, LogNormal, stats.lognorm(s=math.log(2.5), scale=25000)),
]
IDS = [f"{m['type']}-" + "-".join(f"{k}={v}" for k, v in m.items() if k != "type") for m, _, _ in CASES]


@pytest.mark.parametrize(("mapping", "cls", "ref"), CASES, ids=IDS)
def test_sample_matches_scipy(mapping, cls, ref):
    dist = cls.model_validate(mapping)
    x = dist.sample(N, np.random.default_rng(SEED))
    assert x.shape == (N,) and x.dtype == np.float64 and np.isfinite(x).all()

    # the class's own mean is the distribution's mean (exact formulas: no sampling error)
    assert dist.mean() == pytest.approx(ref.mean(), rel=1e-9)

    se_mean = ref.std() / math.sqrt(N)
    assert abs(x.mean() - ref.mean()) < Z * se_mean, (x.mean(), ref.mean(), se_mean)

    sample_q = np.quantile(x, QUANTILES)
    for p, got in zip(QUANTILES, sample_q, strict=True):
        want = ref.ppf(p)
        se_q = math.sqrt(p * (1 - p) / N) / ref.pdf(want)
        assert abs(got - want) < Z * se_q, f"{p:.1%} quantile: sample {got:.6g}, scipy {want:.6g} (se {se_q:.3g})"

    assert stats.kstest(x, ref.cdf).pvalue > 1e-4


def test_beta_parameterisation_is_mean_and_sd():
    """``mean_sd`` means the mean and the standard deviation (not the variance)."""
    dist = Beta.model_validate({"type": "beta", "mean": 0.2, "sd": 0.1})
    a, b = dist.alpha_beta
    ref = stats.beta(a, b)
    assert ref.mean() == pytest.approx(0.2, rel=1e-12)
    assert ref.std() == pytest.approx(0.1, rel=1e-12)


def test_lognormal_parameterisation_is_median_and_gsd():
    """``median_gsd``: the median, and the geometric SD (exp of the SD of the log, natural log)."""
    dist = LogNormal.model_validate({"type": "lognormal", "median": 3.0, "gsd": 2.0})
    x = dist.sample(N, np.random.default_rng(SEED))
    logs = np.log(x)
    # SE of the SD of N normal draws is sigma / sqrt(2N)
    assert abs(logs.std() - math.log(2.0)) < Z * math.log(2.0) / math.sqrt(2 * N)
    assert abs(np.median(x) - 3.0) < Z * math.sqrt(0.25 / N) / stats.lognorm(s=math.log(2.0), scale=3.0).pdf(3.0)


def test_fixed_draws_its_value():
    dist = Fixed.model_validate({"type": "fixed", "value": 1234.5})
    x = dist.sample(1000, np.random.default_rng(SEED))
    assert x.shape == (1000,) and (x == 1234.5).all()
    assert dist.mean() == 1234.5


@pytest.mark.parametrize(("mapping", "cls", "ref"), CASES[::2], ids=IDS[::2])
def test_same_seed_same_draws(mapping, cls, ref):
    """Draws come from the generator passed in (no global randomness): same seed, same draws."""
    dist = cls.model_validate(mapping)
    np.random.seed(0)  # the global state must not matter
    first = dist.sample(100, np.random.default_rng(7))
    np.random.seed(1)
    assert np.array_equal(first, dist.sample(100, np.random.default_rng(7)))
    assert not np.array_equal(first, dist.sample(100, np.random.default_rng(8)))


@pytest.mark.parametrize("mapping", [
    {"type": "uniform", "low": 1, "high": 1},
    {"type": "log_uniform", "low": 0, "high": 1},
    {"type": "log_uniform", "low": 2, "high": 1},
    {"type": "beta", "mean": 0.5, "sd": 0.5},  # needs sd^2 < mean (1 - mean)
    {"type": "beta", "mean": 1.0, "sd": 0.1},
    {"type": "lognormal", "median": 1, "gsd": 1},  # gsd > 1
    {"type": "lognormal", "median": 0, "gsd": 2},
], ids=lambda m: "-".join(str(v) for v in m.values()))
def test_impossible_parameters_are_refused(mapping):
    cls = {"uniform": Uniform, "log_uniform": LogUniform, "beta": Beta, "lognormal": LogNormal}[mapping["type"]]
    with pytest.raises(ValueError):
        cls.model_validate(mapping)
