"""Property tests: random valid inputs keep the model's promises."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator.inputs.assumptions import load_region
from calculator.inputs.scenario_values import CONDITIONS, HLA_MATCHES
from calculator.model.clinical import SiblingInput
from calculator.model.family import compute
from calculator.model.finance import fee_schedule_nominal, fee_schedule_pv

ASSUMPTIONS = load_region("cn")
NAMES = [n for n in ASSUMPTIONS.parameters if n not in ("storage_years", "n_siblings")]


@st.composite
def parameter_sets(draw):
    """Every parameter drawn anywhere within its allowed bounds (not just its range)."""
    p = {}
    for name in NAMES:
        lo, hi = ASSUMPTIONS[name].bounds
        if name in ("tnc_median_cells", "min_tnc_dose_per_kg"):
            lo, hi = ASSUMPTIONS[name].low / 10, ASSUMPTIONS[name].high * 10
        if name.startswith("fee_") and name != "fee_escalation":
            hi = 1e6
        if name == "wtp_per_qaly":
            hi = 1e7
        p[name] = draw(st.floats(lo, hi, allow_nan=False, allow_infinity=False))
    p["storage_years"] = draw(st.integers(1, 40))
    p["n_siblings"] = 0
    return p


siblings = st.lists(
    st.builds(
        SiblingInput,
        condition=st.sampled_from(CONDITIONS),
        weight_kg=st.one_of(st.none(), st.floats(2, 150)),
        hla_match=st.sampled_from(HLA_MATCHES),
        relation=st.sampled_from(("full_sibling", "half_sibling", "parent", "other_relative", "unrelated")),
        malignant=st.booleans(),
    ),
    max_size=4,
)


@settings(max_examples=150, deadline=None)
@given(parameter_sets(), siblings)
def test_probabilities_costs_and_nmb_are_consistent(p, sibs):
    out = compute(p, sibs, newborn="pair")
    for name in ("p_child_use", "p_sibling_use", "p_family_use_private", "p_family_use_public"):
        v = float(getattr(out, name))
        assert 0.0 <= v <= 1.0, name
    assert float(out.p_family_use_private) >= float(out.p_child_use) - 1e-15
    assert float(out.p_family_use_private) >= float(out.p_sibling_use) - 1e-15
    assert float(out.pv_cost_private) >= p["fee_upfront"] - 1e-9
    # equal when nothing is discounted: allow floating-point rounding (relative 1e-9)
    assert float(out.pv_cost_private) <= float(out.nominal_cost_private) * (1 + 1e-9) + 1e-6
    assert float(out.qaly_private) >= 0.0 and float(out.qaly_public) >= 0.0
    nmb = p["wtp_per_qaly"] * (float(out.qaly_private) - float(out.qaly_public)) - float(out.pv_cost_private)
    assert np.isclose(float(out.nmb_vs_public), nmb, rtol=1e-9, atol=1e-6)
    for s, ps in zip(sibs, out.p_sibling_use_each):
        if s.hla_match == "mismatch":
            assert float(ps) == 0.0


@settings(max_examples=100, deadline=None)
@given(parameter_sets(), siblings, st.floats(1.0, 5.0))
def test_more_need_more_use_and_less_cost_per_use(p, sibs, factor):
    # keep every scaled chance of need a probability (<= 1)
    needs = [p["p_auto_use"], p["p_sibling_hsct"]] + [p[f"p_hsct_{c}"] for c in CONDITIONS if c != "none"]
    k = min(factor, 1.0 / max(needs)) if max(needs) > 0 else factor
    a = compute(p, sibs)
    b = compute(p, sibs, need_scale=k)
    assert float(b.p_family_use_private) >= float(a.p_family_use_private) - 1e-15
    if float(a.p_family_use_private) > 0:
        assert float(b.cost_per_family_use) <= float(a.cost_per_family_use) * (1 + 1e-12)


@settings(max_examples=100, deadline=None)
@given(st.floats(0, 1e5), st.floats(0, 1e4), st.integers(1, 40), st.floats(0, 0.5), st.floats(0, 0.2),
       st.floats(0, 1e4))
def test_fee_monotone(upfront, annual, years, r, g, extra):
    kw = dict(storage_years=years, fee_escalation=g)
    pv = fee_schedule_pv(fee_upfront=upfront, fee_annual=annual, discount_rate=r, **kw)
    assert fee_schedule_pv(fee_upfront=upfront + extra, fee_annual=annual, discount_rate=r, **kw) >= pv
    assert fee_schedule_pv(fee_upfront=upfront, fee_annual=annual + extra, discount_rate=r, **kw) >= pv - 1e-9
    assert pv <= fee_schedule_nominal(fee_upfront=upfront, fee_annual=annual, **kw) * (1 + 1e-12) + 1e-9
