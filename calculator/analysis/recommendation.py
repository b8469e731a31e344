"""The verdict, framed by the source documents' advice and following the numbers.

1. Prefer public donation (it helps others; in China a donor family gets priority matching)
   when no relative can use the unit within the contract.
2. The baby has the family's disorder (a test says so): the unit can help nobody in the
   family, a public bank screens it out, and no storage fee buys anything
   (``newborn_affected_no_use``).
3. When a relative has a disease a transplant can treat and a question is open whose answer
   can make keeping the unit worth it: collect the cord blood, keep it through directed
   donation until the answer is known, and name exactly the open questions: HLA typing
   (``collect_and_hla_type``) while a relevant relative's match is unknown and a real prospect
   (at least :data:`MIN_P_MATCH_TO_TYPE`); the disease test (``collect_and_test_newborn``) when
   the baby is a known match but may have the family's disorder and is untested; both
   (``collect_type_and_test``).
4. A known match, not affected, with a family chance of use of at least 1 in 100: keeping the
   unit for the family has clear value (free directed donation where offered). A licensed
   private bank is named as worth its price only when the net monetary benefit at the offered
   price is not negative (``private_storage_clear_value``); otherwise the headline says the price
   is above what the health gain is worth and names the largest fee that would be
   (``keep_for_family_price_above_value``).

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
from calculator.inputs.genetics import load_genetics

PREFER_PUBLIC = "prefer_public_donation"
COLLECT_AND_TYPE = "collect_and_hla_type"
COLLECT_TYPE_AND_TEST = "collect_type_and_test"
COLLECT_AND_TEST = "collect_and_test_newborn"
PRIVATE_CLEAR_VALUE = "private_storage_clear_value"
KEEP_PRICE_ABOVE_VALUE = "keep_for_family_price_above_value"
NEWBORN_AFFECTED = "newborn_affected_no_use"
CODES = (PREFER_PUBLIC, COLLECT_AND_TYPE, COLLECT_TYPE_AND_TEST, COLLECT_AND_TEST, PRIVATE_CLEAR_VALUE,
         KEEP_PRICE_ABOVE_VALUE, NEWBORN_AFFECTED)
#: Verdicts that keep the unit for the family (the answer is known).
KEEP_CODES = frozenset({PRIVATE_CLEAR_VALUE, KEEP_PRICE_ABOVE_VALUE})
#: Verdicts that wait for an answer (collect, keep through directed donation until it is known).
COLLECT_CODES = frozenset({COLLECT_AND_TYPE, COLLECT_TYPE_AND_TEST, COLLECT_AND_TEST})
#: Verdicts that advise HLA typing of the baby, and those that advise the disease test.
TYPING_CODES = frozenset({COLLECT_AND_TYPE, COLLECT_TYPE_AND_TEST})
TESTING_CODES = frozenset({COLLECT_TYPE_AND_TEST, COLLECT_AND_TEST})
#: Smallest chance of family use within the contract at which keeping the unit for the
#: family has clear value: its home, with its source, is ``assumptions/facts.yaml``
#: (``min_p_family_use_clear_value``: Kaimal 2009's about 1 in 110, rounded to 1 in 100).
MIN_P_FAMILY_USE = fact_value("min_p_family_use_clear_value")

#: The advice shown with every verdict: the licensed-bank advice of the family's region.
ADVICE_OF_REGION = {
    "cn": ("licensed_bank_cn", "check_bank", "directed_donation", "informs_not_prescribes"),
    "us": ("licensed_bank_us", "check_bank", "directed_donation", "informs_not_prescribes"),
}
ADVICE = ADVICE_OF_REGION["cn"]
LIMITS = ("own_inherited", "cell_dose", "not_insurance", "cannot_cure_all")


def sick_relatives(relatives: Sequence[RelativeDetail]) -> list[RelativeDetail]:
    """Relatives the family listed with a transplant-treatable condition (not planned)."""
    return [d for d in relatives if d.listed and not d.planned and d.condition != "none"]


def relevant(relatives: Sequence[RelativeDetail]) -> list[RelativeDetail]:
    """Sick relatives who could use the unit: a chance of a match, inside the contract."""
    return [d for d in sick_relatives(relatives) if d.p_match > 0 and d.p_within_contract > 0]


#: Typing the baby is advised while a relative's HLA match is unknown only when a match is a
#: real prospect: a full brother or sister (1 in 4). For a half-sibling, a parent, a grandparent,
#: an aunt, an uncle or a cousin (one haplotype shared at most: about 1 in 200 or rarer) a full
#: match is a rare coincidence (typing such a family is worth about CNY 70-290), so the verdict
#: does not wait on it (the reasons still say what a match would mean).
MIN_P_MATCH_TO_TYPE = 0.05


def typing_open(relatives: Sequence[RelativeDetail]) -> list[RelativeDetail]:
    """Relevant relatives whose HLA match is unknown and a real prospect."""
    return [d for d in relevant(relatives) if d.hla_match == "unknown" and d.p_match >= MIN_P_MATCH_TO_TYPE]


def case_code(p_family_use: float, known_match: bool, nmb: float = 0.0) -> str:
    """The verdict once the answers are known: keep for the family for a match at >= 1 in 100
    (a private bank worth its price only when ``nmb`` >= 0)."""
    if known_match and p_family_use >= MIN_P_FAMILY_USE:
        return PRIVATE_CLEAR_VALUE if nmb >= 0 else KEEP_PRICE_ABOVE_VALUE
    return PREFER_PUBLIC


def _why(risk: InheritedRisk) -> str:
    """The text key saying why the baby may have the family's disorder."""
    if risk.inheritance == "x_linked":
        return "why.x_linked_" + (risk.sex if risk.sex != "unknown" else "sex_unknown")
    first, second = sorted((risk.mother, risk.father))
    return {("carrier", "carrier"): "why.ar_carriers", ("affected", "carrier"): "why.ar_affected_carrier",
            ("affected", "affected"): "why.ar_both_affected"}.get((first, second), "why.ar_carriers")


def _other_inherited(sick: Sequence[RelativeDetail], risk: InheritedRisk) -> list[str]:
    """Inherited disorders of sick relatives other than the one the model counts for the baby
    (``model_inputs`` counts the family's first): the baby's own chance of them is not counted."""
    if risk.condition == "none":
        return []
    g = load_genetics()
    return sorted({d.condition for d in sick
                   if d.condition != risk.condition and g.inheritance(d.condition) in ("autosomal_recessive", "x_linked")})


def _relative_vals(d: RelativeDetail) -> dict[str, object]:
    return {"n": d.index, "relation": f"relation.{d.relation}", "condition": f"condition.{d.condition}"}


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
        if_match = conditional.if_match if conditional is not None else ConditionalCase(
            p_use, nmb, case_code(p_use, True, nmb))
    # HLA typing is an open question only while its answer can change the verdict: not when the
    # family keeps the unit even if the baby matches none of them (another relative is a known match)
    typing = typing_open(relatives)
    if conditional is not None and conditional.if_mismatch.code in KEEP_CODES:
        typing = []
    known_match = any(d.hla_match == "match" for d in rel)
    affected = risk.status == "affected"
    testing = risk.may_be_affected and (known_match or bool(typing))
    if affected:
        code = NEWBORN_AFFECTED
    elif not rel:
        code = PREFER_PUBLIC
    elif (typing or testing) and if_match.code not in KEEP_CODES:
        code = PREFER_PUBLIC  # even the answer hoped for would not make keeping the unit worth it
    elif typing:
        code = COLLECT_TYPE_AND_TEST if testing else COLLECT_AND_TYPE
    elif testing:
        code = COLLECT_AND_TEST
    else:
        code = case_code(p_use, known_match and not risk.may_be_affected, nmb)
    max_fee = thresholds.max_fee_pv if thresholds is not None else None
    values: dict[str, object] = {}
    if code == KEEP_PRICE_ABOVE_VALUE:
        values = {"max_fee": max_fee or 0.0, "pv": private.pv_cost}

    if affected:
        reasons.append(Reason("newborn_affected", {"condition": f"condition.{risk.condition}"}))
        for d in sick:
            reasons.append(Reason("relative_affected_baby", _relative_vals(d)))
        reasons.append(Reason("affected_no_fee", {"pv": private.pv_cost, "nominal": private.nominal_cost,
                                                  "years": horizon}))
        reasons.append(Reason("no_public_bank", {}))
        return Recommendation(code=code, reasons=tuple(reasons), advice=ADVICE_OF_REGION.get(region, ADVICE),
                              limits=LIMITS, values=values)

    for d in sick:
        vals = _relative_vals(d)
        if d.hla_match == "match":
            reasons.append(Reason("relative_match" if not risk.may_be_affected else "relative_match_if_unaffected",
                                  {**vals, "disorder": f"condition.{risk.condition}"}))
        elif d.hla_match == "mismatch":
            reasons.append(Reason("relative_mismatch", vals))
        elif d.p_match <= 0:
            reasons.append(Reason("relative_unrelated", vals))
        elif d.p_match < MIN_P_MATCH_TO_TYPE:
            reasons.append(Reason("relative_match_rare", {**vals, "p": d.p_match}))
        elif code in TYPING_CODES:
            reasons.append(Reason("relative_match_unknown", {**vals, "p": d.p_match}))
        elif conditional is not None and conditional.if_mismatch.code in KEEP_CODES:
            reasons.append(Reason("relative_match_unknown_moot", {**vals, "p": d.p_match}))
        else:
            reasons.append(Reason("relative_match_unknown_not_enough", {**vals, "p": d.p_match}))
        if d.p_within_contract <= 0:
            reasons.append(Reason("relative_outside_contract", {**vals, "t": d.years_to_transplant or 0.0,
                                                                "years": horizon}))
        if d.p_match > 0 and d.p_dose_adequate < 0.8:
            key = {"entered": "relative_weight", "age": "relative_weight_age"}.get(d.weight_basis,
                                                                                   "relative_weight_assumed")
            reasons.append(Reason(key, {**vals, "weight": d.weight_used_kg, "p_dose": d.p_dose_adequate}))
            if d.weight_used_kg > p["max_weight_marrow_topup_kg"]:
                reasons.append(Reason("relative_no_topup", {**vals, "max_kg": p["max_weight_marrow_topup_kg"]}))
        if d.hla_match == "match" and d.condition != "leukaemia":
            reasons.append(Reason("comparator_own_marrow", {**vals, "gain": p["survival_gain_vs_own_marrow"],
                                                            "gain_other": p["survival_gain_sibling_nonmalignant"]}))
    if len(typing) > 1 and conditional is not None:
        reasons.append(Reason("several_relatives", {"n": len(typing), "p": if_match.p_family_use, "years": horizon}))

    if risk.pair and risk.status == "unaffected":
        reasons.append(Reason("newborn_unaffected", {"condition": f"condition.{risk.condition}"}))
    elif risk.may_be_affected:
        reasons.append(Reason("newborn_may_share", {"condition": f"condition.{risk.condition}", "p": risk.probability,
                                                    "why": _why(risk)}))
    elif risk.inheritance == "x_linked" and risk.sex == "female" and risk.mother in ("carrier", "affected"):
        reasons.append(Reason("x_linked_girl", {}))
    if risk.carrier_testing_advised:
        reasons.append(Reason("carrier_testing", {"condition": f"condition.{risk.condition}"}))
    planned = [d for d in relatives if d.planned]
    if planned:
        key = "planned_children_pair" if planned[0].p_need > p["p_sibling_hsct"] else "planned_children"
        reasons.append(Reason(key, {"n": len(planned), "p_need": planned[0].p_need, "condition": f"condition.{risk.condition}",
                                    "p": sum(d.p_use for d in planned)}))

    fee_reason = Reason("private_fee_above_value" if nmb < 0 else "private_worth_up_to",
                        {"max_fee": max_fee or 0.0, "pv": private.pv_cost})
    if code in KEEP_CODES:
        reasons.append(Reason("family_use_clear", {"p": p_use, "years": horizon}))
        reasons.append(Reason("directed_free", {}))
        reasons.append(fee_reason)
    elif code in COLLECT_CODES:
        key = {COLLECT_AND_TYPE: "collect_and_type", COLLECT_TYPE_AND_TEST: "collect_type_and_test"}.get(
            code, "collect_and_test")
        reasons.append(Reason(key, {"p": if_match.p_family_use, "years": horizon,
                                    "condition": f"condition.{risk.condition}"}))
        if if_match.nmb_vs_public < 0:
            reasons.append(Reason("if_match_price_above_value", {}))
        if conditional is not None and code in TYPING_CODES:
            reasons.append(Reason("if_mismatch_answer", {"p": conditional.if_mismatch.p_family_use, "years": horizon}))
        reasons.append(Reason("directed_free", {}))
    else:
        if rel and (typing or testing):
            reasons.append(Reason("if_match_not_enough", {"p": if_match.p_family_use, "years": horizon}))
        elif rel:
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
    if risk.may_be_affected:
        reasons.append(Reason("own_unit_inherited", {"condition": f"condition.{risk.condition}",
                                                     "basis": f"basis.{risk.basis}"}))
    for other in _other_inherited(sick, risk):
        reasons.append(Reason("other_inherited_disorder", {"condition": f"condition.{risk.condition}",
                                                           "other": f"condition.{other}"}))
    if risk.disorder == "alpha_thalassaemia":
        reasons.append(Reason("alpha_thal_genotype", {}))
    if code == PREFER_PUBLIC:
        reasons.append(Reason("no_public_bank", {}))
    return Recommendation(code=code, reasons=tuple(reasons), advice=ADVICE_OF_REGION.get(region, ADVICE),
                          limits=LIMITS, values=values)
