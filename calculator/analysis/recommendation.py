"""The verdict, framed by the source documents' advice (seed 001, MODEL.md section 1).

1. Prefer public donation (it helps others; in China a donor family gets priority matching).
2. Private storage has clear value when a family member has a blood disease treatable by
   transplant and the newborn is an HLA match.
3. Whichever is chosen, use a licensed bank.

The numbers (chance of use, cost per use, net monetary benefit) are given as reasons; they
inform the verdict but do not overrule the documents' advice for a family with no history.
The tool informs; it does not prescribe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from calculator.analysis.model_inputs import InheritedRisk
from calculator.analysis.results import Comparison, Reason, Recommendation, SiblingDetail, StrategyResult

PREFER_PUBLIC = "prefer_public_donation"
PRIVATE_CLEAR_VALUE = "private_storage_clear_value"

ADVICE = ("licensed_bank", "check_bank", "directed_donation", "informs_not_prescribes")
LIMITS = ("own_inherited", "cell_dose", "not_insurance", "cannot_cure_all")


def recommend(
    *,
    region: str,
    parameters: Mapping[str, float],
    strategies: Mapping[str, StrategyResult],
    comparisons: Mapping[str, Comparison],
    cost_per_family_use: float | None,
    siblings: Sequence[SiblingDetail],
    inherited_risk: InheritedRisk,
) -> Recommendation:
    """Build the verdict and its reasons from the parts of the results that it reads
    (reasons carry raw values; the horizon is ``parameters["storage_years"]``)."""
    p = parameters
    horizon = int(p["storage_years"])
    private = strategies["private"]
    public = strategies["public"]
    nmb = comparisons["private_vs_public"].nmb
    reasons: list[Reason] = []

    sick = [s for s in siblings if s.listed and s.condition != "none"]
    candidates = [s for s in sick if s.hla_match != "mismatch"]
    code = PRIVATE_CLEAR_VALUE if candidates else PREFER_PUBLIC

    for s in sick:
        vals = {"n": s.index, "condition": f"condition.{s.condition}"}
        if s.hla_match == "match":
            reasons.append(Reason("sibling_match", vals))
        elif s.hla_match == "unknown":
            reasons.append(Reason("sibling_match_unknown", vals))
        else:
            reasons.append(Reason("sibling_mismatch", vals))
        if s.hla_match != "mismatch":
            if s.p_unaffected < 1:
                reasons.append(Reason("newborn_may_share", {"condition": f"condition.{s.condition}",
                                                           "p": 1 - s.p_unaffected}))
            if s.p_dose_adequate < 0.8:
                reasons.append(Reason("sibling_weight" if s.weight_kg is not None else "sibling_weight_assumed",
                                      {"n": s.index, "weight": s.weight_used_kg, "p_dose": s.p_dose_adequate}))
    if candidates:
        reasons.append(Reason("sibling_use_chance", {"p": private.p_sibling_use or 0.0, "years": horizon}))
        reasons.append(Reason("directed_free", {}))
    else:
        reasons.append(Reason("low_own_use", {"p": p["p_auto_use"], "p_gated": private.p_child_use or 0.0,
                                              "years": horizon}))
        reasons.append(Reason("family_use_chance", {"p": private.p_family_use, "years": horizon}))
        reasons.append(Reason("public_helps", {"kept": p["p_public_kept"],
                                               "helped": public.expected_patients_helped or 0.0,
                                               "years": horizon}))
        if region == "cn":
            reasons.append(Reason("donor_priority_cn", {}))

    reasons.append(Reason("cost", {"pv": private.pv_cost, "nominal": private.nominal_cost,
                                   "cpu": cost_per_family_use, "years": horizon}))
    reasons.append(Reason("nmb_positive" if nmb >= 0 else "nmb_negative",
                          {"wtp": p["wtp_per_qaly"], "nmb": nmb}))
    if code == PREFER_PUBLIC and nmb >= 0:
        reasons.append(Reason("numbers_favour_private_no_history", {}))
    if inherited_risk.disorder != "none":
        reasons.append(Reason("own_unit_inherited", {
            "disorder": f"carrier.{inherited_risk.disorder}",
            "p": inherited_risk.probability,
            "basis": f"basis.{inherited_risk.basis}",
        }))
    if inherited_risk.disorder == "alpha_thalassaemia":
        reasons.append(Reason("alpha_thal_genotype", {}))
    if code == PREFER_PUBLIC:
        reasons.append(Reason("no_public_bank", {}))
    return Recommendation(code=code, reasons=tuple(reasons), advice=ADVICE, limits=LIMITS)
