"""The table of fitted beta distributions (calculator/inputs/beta_fits.json) holds, for every
``beta_fit`` of the assumption files, what the fit computes (to a stated tolerance: the fit comes from an optimiser).

After changing a ``beta_fit`` in assumptions/, rewrite the table with
``UPDATE_BETA_FITS=1 python -m pytest -q tests/inputs/test_beta_fits.py``.
"""

from __future__ import annotations

import json
import os

import pytest

from calculator.inputs.assumptions import REGIONS, load_region
from calculator.inputs.distributions import BETA_FITS_FILE, BetaFit, _stored_fits, compute_fit_beta, fit_beta


def _targets() -> list[tuple[float, float, float]]:
    out: set[tuple[float, float, float]] = set()
    for region in REGIONS:
        for prm in load_region(region).parameters.values():
            d = prm.distribution
            if isinstance(d, BetaFit):
                out.add((d.median_, d.low, d.high))
    return sorted(out)


def _rewrite_table() -> None:
    rows = [[m, lo, hi, *compute_fit_beta(m, lo, hi)] for m, lo, hi in _targets()]
    lines = ",\n".join("  " + json.dumps(r) for r in rows)
    BETA_FITS_FILE.write_text('{"fits": [\n' + lines + "\n]}\n", encoding="utf-8")
    _stored_fits.cache_clear()
    fit_beta.cache_clear()


def test_every_beta_fit_is_in_the_table() -> None:
    if os.environ.get("UPDATE_BETA_FITS"):
        _rewrite_table()
    stored = _stored_fits()
    targets = _targets()
    assert targets, "no beta_fit in the assumption files"
    missing = [t for t in targets if t not in stored]
    assert not missing, f"not in {BETA_FITS_FILE.name} (rewrite it, see this file's docstring): {missing}"


#: How closely a stored fit must agree with a fresh one. The fit comes from an optimiser
#: (scipy's least_squares with xtol = ftol = 1e-12), whose last digits differ between machines
#: and library builds (1.0528376381286682 stored vs 1.0528376381305349 computed elsewhere:
#: 2e-12 relative); what matters is the distribution, so the shape parameters agree to 1e-6
#: relative and the percentiles people see (2.5 %, 50 %, 97.5 %) to 1e-6 relative.
RTOL = 1e-6


def _quantiles(a: float, b: float) -> list[float]:
    from scipy import stats

    return [float(stats.beta.ppf(q, a, b)) for q in (0.025, 0.5, 0.975)]


def test_table_is_what_the_fit_computes() -> None:
    for (m, lo, hi), ab in _stored_fits().items():
        fresh = compute_fit_beta(m, lo, hi)
        assert fresh == pytest.approx(ab, rel=RTOL), (m, lo, hi)
        assert _quantiles(*fresh) == pytest.approx(_quantiles(*ab), rel=RTOL, abs=1e-12), (m, lo, hi)
        # the table is what fit_beta reads (exactly: no fit is computed for a stored target)
        assert fit_beta(m, lo, hi) == ab


def test_fit_not_in_the_table_is_computed() -> None:
    a, b = fit_beta(0.4321, 0.2, 0.7)
    assert (0.4321, 0.2, 0.7) not in _stored_fits()
    assert (a, b) == pytest.approx(compute_fit_beta(0.4321, 0.2, 0.7), rel=RTOL) and a > 1 and b > 1
