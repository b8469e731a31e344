"""The counsellor's document: the family, the relatives as the model counts them, the verdict,
every reason (health economics included), the key numbers with their 95 % ranges, the advice,
the limits and the red flags; :data:`SECTIONS` is the ordered registry (adding a section is one
line there).

The command line's text report and the counsellor's PDF draw these sections; the app's
counsellor page draws the verdict, the reasons and the relatives."""

from __future__ import annotations

from collections.abc import Callable

from calculator.analysis.results import Results
from calculator.content import common, counsellor_tables
from calculator.content.blocks import Bullets, Document, Heading, Paragraph, Section
from calculator.content.tables import planned_not_entered
from calculator.content.words import Words
from calculator.inputs.scenario_values import fee_plan_of

Builder = Callable[[Results, Words], Section | None]


def household(res: Results, w: Words) -> Section:
    """The report's title, the region and the family as modelled: who is assumed when no
    relative is listed (the relatives themselves are the next section, the page's and the PDF's
    table: :func:`calculator.content.counsellor_tables.relatives`), the parents' carrier status,
    the baby's status, the fee plan and the numbers the family changed."""
    colon = w.sep("colon")
    blocks: list = [Heading(w("text.title"), level=1), Paragraph(w("region." + res.region))]
    if not (res.relatives and res.relatives[0].listed):
        at_risk = bool(res.relatives) and res.relatives[0].planned
        blocks.append(Paragraph((w("text.family_no_history") + colon if not at_risk else "")
                                + (w("text.default_siblings_at_risk", n=len(res.relatives),
                                     condition=f"condition.{res.newborn_inherited_risk.condition}") if at_risk
                                   else w("text.default_siblings", n=len(res.relatives)))))
    c, risk = res.scenario.parent_carriers, res.newborn_inherited_risk
    mother, father = (risk.mother, risk.father) if risk.basis == "inferred" else (c.mother, c.father)
    each = w("text.carriers_each", mother=f"carrier.{mother}", father=f"carrier.{father}")
    lines = [w("text.carriers") + colon + (w("text.carriers_inferred", text=each) if risk.basis == "inferred" else each),
             w("text.newborn_status") + colon + w("newborn_status." + risk.status)]
    if risk.inheritance == "x_linked":
        lines.append(w("text.newborn_sex") + colon + w("sex." + risk.sex))
    if planned_not_entered(res):
        lines.append(w("text.planned_not_entered"))
    if res.scenario.fee_plan is not None or res.parameters.get("fee_package_price", 0) > 0:
        plan = fee_plan_of(res.scenario.fee_plan, res.parameters.get("fee_package_price", 0))
        lines.append(w("text.fee_plan") + colon + w("fee_plan." + plan))
    if res.overridden:
        lines.append(w("text.overridden") + colon + ", ".join(f"{n} = {res.parameters[n]:g}" for n in res.overridden))
    return Section("household", "", tuple(blocks) + tuple(Paragraph(x) for x in lines))


def conditional(res: Results, w: Words) -> Section | None:
    """While a relative's HLA type is unknown: the chance of use and the net monetary benefit
    if the baby is a match and if not."""
    cond = res.conditional
    if cond is None:
        return None
    return Section("conditional", w("text.conditional"), (Bullets((
        w("text.if_match", p=cond.if_match.p_family_use, nmb=cond.if_match.nmb_vs_public),
        w("text.if_mismatch", p=cond.if_mismatch.p_family_use, nmb=cond.if_mismatch.nmb_vs_public))),))


def directed(res: Results, w: Words) -> Section | None:
    """Directed donation, when it is an option: its cost, chance of use and net monetary benefit."""
    if "directed" not in res.strategies:
        return None
    d, cmp_ = res.strategies["directed"], res.comparisons["private_vs_directed"]
    return Section("directed", w("strategy.directed"),
                   (Bullets((w("text.directed", cost=d.pv_cost, p=d.p_family_use, nmb=cmp_.nmb),), plain=True),))


def closing(res: Results, w: Words) -> Section:
    """Which numbers are assumptions, the disclaimer, the model's version."""
    return Section("closing", "", (Paragraph(w("text.assumption_note")), Paragraph(w("disclaimer")),
                                   Paragraph(w("text.model_version", version=res.model_version,
                                               reviewed=res.assumptions_reviewed.isoformat()))))


def reasons(res: Results, w: Words) -> Section:
    """Every reason behind the verdict."""
    return common.reasons(res, w, "counsellor")


#: The counsellor's sections, in the text report's order (a builder that returns None has
#: nothing to say for this family). The PDF and the page draw the verdict, the reasons, the key
#: numbers, the bank advice, the limits and the red flags from the same builders.
SECTIONS: tuple[tuple[str, Builder], ...] = (
    ("household", household),
    ("relatives", counsellor_tables.relatives),
    ("verdict", common.verdict),
    ("reasons", reasons),
    ("conditional", conditional),
    ("directed", directed),
    ("key_numbers", common.key_numbers),
    ("advice", common.advice),
    ("bank_advice", common.bank_advice),
    ("limits", common.limits),
    ("red_flags", lambda res, w: common.red_flags(w)),
    ("closing", closing),
)
SECTIONS_BY_KEY: dict[str, Builder] = dict(SECTIONS)


def document(res: Results, lang: str) -> Document:
    """The counsellor's document of ``res`` in ``lang``."""
    w = Words(lang, res.currency)
    sections = (build(res, w) for _, build in SECTIONS)
    return Document("counsellor", lang, tuple(s for s in sections if s is not None))  # type: ignore[arg-type]
