"""The verdict, framed by the source documents' advice and following the numbers.

1. Prefer public donation (it helps others; in China a donor family gets priority matching)
   when no relative can use the unit within the contract, or the baby has the family's
   disorder.
2. When a relative has a disease a transplant can treat and the baby may be an HLA match:
   collect the cord blood, have the baby typed (and tested), and keep the unit through
   directed donation until the answer is known, unless even a match would leave the
   family's chance of use below 1 in 100.
3. A known match with a family chance of use of at least 1 in 100: keeping the unit for the
   family has clear value (free directed donation where offered, else a licensed private
   bank up to the largest fee the numbers justify).

The tool informs; it does not prescribe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from calculator.analysis.model_inputs import InheritedRisk
from calculator.analysis.results import (
    Comparison,
    Conditional,
    ConditionalCase,
    Reason,
    Recommendation,
    RelativeDetail,
    StrategyResult,
    Thresholds,
)
from calculator.inputs.facts import fact_value

PREFER_PUBLIC = "prefer_public_donation"
COLLECT_AND_TYPE = "collect_and_hla_type"
PRIVATE_CLEAR_VALUE = "private_storage_clear_value"
CODES = (PREFER_PUBLIC, COLLECT_AND_TYPE, PRIVATE_CLEAR_VALUE)
#: Smallest chance of family use within the contract at which keeping the unit for the
#: family has clear value: its home, with its source, is ``assumptions/facts.yaml``
#: (``min_p_family_use_clear_value``: Kaimal 2009's about 1 in 110, rounded to 1 in 100).
MIN_P_FAMILY_USE = fact_value("min_p_family_use_clear_value")

ADVICE = ("licensed_bank", "check_bank", "directed_donation", "informs_not_prescribes")
LIMITS = ("own_inherited", "cell_dose", "not_insurance", "cannot_cure_all")


def sick_relatives(relatives: Sequence[RelativeDetail]) -> list[RelativeDetail]:
    """Relatives the family listed with a transplant-treatable condition (not planned)."""
    return [d for d in relatives if d.listed and not d.planned and d.condition != "none"]


def relevant(relatives: Sequence[RelativeDetail]) -> list[RelativeDetail]:
    """Sick relatives who could use the unit: a chance of a match, inside the contract."""
    return [d for d in sick_relatives(relatives) if d.p_match > 0 and d.p_within_contract > 0]


#: Typing the baby is advised while a relative's HLA match is unknown only when a match is a
#: real prospect: a full brother or sister (1 in 4). For a half-sibling or a parent (one shared
#: haplotype: about 1 in 200) or a more distant relative a full match is a rare coincidence,
#: so the verdict does not wait on it (the reasons still say what a match would mean).
MIN_P_MATCH_TO_TYPE = 0.05


def case_code(p_family_use: float, known_match: bool) -> str:
    """The verdict once the HLA answer is known: clear value for a match at >= 1 in 100."""
    return PRIVATE_CLEAR_VALUE if known_match and p_family_use >= MIN_P_FAMILY_USE else PREFER_PUBLIC


def recommend(
    *,
    region: str,
    parameters: Mapping[str, float],
    strategies: Mapping[str, StrategyResult],
    comparisons: Mapping[str, Comparison],
    cost_per_family_use: float | None,
    relatives: Sequence[RelativeDetail],
    inherited_risk: InheritedRisk,
    conditional: Conditional | None = None,
    if_match: ConditionalCase | None = None,
    thresholds: Thresholds | None = None,
) -> Recommendation:
    """Build the verdict and its reasons from the parts of the results that it reads
    (reasons carry raw values; the horizon is ``parameters["storage_years"]``).

    ``if_match``: the answer if the baby is a match for every relevant relative and
    unaffected (default: ``conditional.if_match``, else the family's own numbers).
    """
    p = parameters
    horizon = int(p["storage_years"])
    private = strategies["private"]
    public = strategies["public"]
    nmb = comparisons["private_vs_public"].nmb
    risk = inherited_risk
    reasons: list[Reason] = []

    sick = sick_relatives(relatives)
    rel = relevant(relatives)
    p_use = private.p_family_use
    if if_match is None:
        if_match = conditional.if_match if conditional is not None else ConditionalCase(p_use, nmb, case_code(p_use, True))
    unknown_hla = any(d.hla_match == "unknown" and d.p_match >= MIN_P_MATCH_TO_TYPE for d in rel)
    status_unknown = risk.pair and risk.status == "unknown"
    if not rel or risk.status == "affected":
        code = PREFER_PUBLIC
    elif unknown_hla or status_unknown:
        code = COLLECT_AND_TYPE if if_match.code == PRIVATE_CLEAR_VALUE else PREFER_PUBLIC
    else:
        code = case_code(p_use, any(d.hla_match == "match" for d in rel))

    for d in sick:
        vals = {"n": d.index, "relation": f"relation.{d.relation}", "condition": f"condition.{d.condition}"}
        if d.hla_match == "match":
            reasons.append(Reason("relative_match", vals))
        elif d.hla_match == "mismatch":
            reasons.append(Reason("relative_mismatch", vals))
        elif d.p_match <= 0:
            reasons.append(Reason("relative_unrelated", vals))
        else:
            reasons.append(Reason("relative_match_unknown", {**vals, "p": d.p_match}))
        if d.p_within_contract <= 0:
            reasons.append(Reason("relative_outside_contract", {**vals, "t": d.years_to_transplant or 0.0,
                                                                "years": horizon}))
        if d.p_match > 0 and d.p_dose_adequate < 0.8:
            reasons.append(Reason("sibling_weight" if d.weight_kg is not None else "sibling_weight_assumed",
                                  {"n": d.index, "weight": d.weight_used_kg, "p_dose": d.p_dose_adequate}))

    if risk.status == "affected":
        reasons.append(Reason("newborn_affected", {}))
    elif risk.pair and risk.status == "unaffected":
        reasons.append(Reason("newborn_unaffected", {"condition": f"condition.{risk.condition}"}))
    elif risk.pair:
        reasons.append(Reason("newborn_may_share", {"condition": f"condition.{risk.condition}", "p": risk.probability}))
    if risk.carrier_testing_advised:
        reasons.append(Reason("carrier_testing", {}))
    planned = [d for d in relatives if d.planned]
    if planned:
        key = "planned_children_pair" if risk.pair else "planned_children"
        reasons.append(Reason(key, {"n": len(planned), "p_need": planned[0].p_need, "condition": f"condition.{risk.condition}",
                                    "p": sum(d.p_use for d in planned)}))

    if code == PRIVATE_CLEAR_VALUE:
        reasons.append(Reason("family_use_clear", {"p": p_use, "years": horizon}))
        reasons.append(Reason("directed_free", {}))
        max_fee = thresholds.max_fee_pv if thresholds is not None else None
        above = max_fee is None or private.pv_cost > max_fee
        reasons.append(Reason("private_fee_above_value" if above else "private_worth_up_to",
                              {"max_fee": max_fee or 0.0, "pv": private.pv_cost}))
    elif code == COLLECT_AND_TYPE:
        reasons.append(Reason("collect_and_type", {"p": if_match.p_family_use, "years": horizon}))
        if conditional is not None:
            reasons.append(Reason("if_mismatch_answer", {"p": conditional.if_mismatch.p_family_use, "years": horizon}))
        reasons.append(Reason("directed_free", {}))
    else:
        if rel and risk.status != "affected" and (unknown_hla or status_unknown):
            reasons.append(Reason("if_match_not_enough", {"p": if_match.p_family_use, "years": horizon}))
        elif rel and risk.status != "affected":
            reasons.append(Reason("below_one_in_100", {"p": p_use, "years": horizon}))
        reasons.append(Reason("low_own_use", {"p": p["p_auto_use"], "p_gated": private.p_child_use or 0.0,
                                              "years": horizon}))
        reasons.append(Reason("family_use_chance", {"p": p_use, "years": horizon}))
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
        reasons.append(Reason("numbers_favour_private_no_history" if not sick else "numbers_favour_private_low_use",
                              {"p": p_use}))
    if risk.pair and risk.status == "unknown":
        reasons.append(Reason("own_unit_inherited", {
            "disorder": f"carrier.{risk.disorder}",
            "p": risk.probability,
            "basis": f"basis.{risk.basis}",
        }))
    if risk.disorder == "alpha_thalassaemia":
        reasons.append(Reason("alpha_thal_genotype", {}))
    if code == PREFER_PUBLIC:
        reasons.append(Reason("no_public_bank", {}))
    return Recommendation(code=code, reasons=tuple(reasons), advice=ADVICE, limits=LIMITS)
