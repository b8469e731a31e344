"""Plain-text rendering of :class:`Results` for a counsellor's terminal (``--format text``)."""

from __future__ import annotations

from calculator.analysis.results import Results
from calculator.content import common
from calculator.content.blocks import Block, Bullets, Callout, Paragraph, Section, Table
from calculator.content.words import Words
from calculator.inputs.assumptions import load_region
from calculator.present.i18n import t
from calculator.present.tables import planned_not_entered, weight_text, years_text


def block_lines(block: Block) -> list[str]:
    """A block as text lines: bullets "  - ", a table's label and value in aligned columns
    (the text report leaves the range column to the uncertainty part), a callout as its text."""
    if isinstance(block, Bullets):
        return [f"  - {x}" for x in block.items]
    if isinstance(block, Table):
        width = max((len(row[0]) for row in block.rows), default=0)
        return [f"  {row[0]:<{width}}  {row[1]}" for row in block.rows]
    if isinstance(block, (Callout, Paragraph)):
        return [block.text]
    raise TypeError(f"the text report does not draw a {type(block).__name__}")


def section_lines(section: Section, colon: str) -> list[str]:
    """A section as text: "Title: text" for a one-line section, else "Title:" and its lines."""
    if len(section.blocks) == 1 and isinstance(section.blocks[0], Callout):
        return [section.title + colon + section.blocks[0].text]
    return [section.title + colon.strip()] + [line for b in section.blocks for line in block_lines(b)]


def render_text(res: Results, lang: str = "en") -> str:
    """The verdict, reasons, key numbers, thresholds, advice and limits as text."""
    cur = res.currency

    def T(key: str, **v) -> str:
        return t(key, lang, currency=cur, **v)

    colon = "\uff1a" if lang == "zh" else ": "
    lines = [T("text.title"), "=" * 60, f"{T('region.' + res.region)}"]
    if res.relatives and res.relatives[0].listed:
        lines.append(T("text.relatives") + colon.strip())
        for d in res.relatives:
            if d.planned:
                lines.append("  " + T("text.relative_line_planned", n=d.index, p=d.p_use))
            else:
                lines.append("  " + T("text.relative_line", n=d.index, relation=f"relation.{d.relation}",
                                      condition=f"condition.{d.condition}", weight=weight_text(d, lang),
                                      hla=f"hla.{d.hla_match}", years=years_text(d, lang), p=d.p_use))
    else:
        at_risk = bool(res.relatives) and res.relatives[0].planned
        lines.append((T("text.family_no_history") + colon if not at_risk else "")
                     + (T("text.default_siblings_at_risk", n=len(res.relatives),
                          condition=f"condition.{res.newborn_inherited_risk.condition}") if at_risk
                        else T("text.default_siblings", n=len(res.relatives))))
    c, risk = res.scenario.parent_carriers, res.newborn_inherited_risk
    mother, father = (risk.mother, risk.father) if risk.basis == "inferred" else (c.mother, c.father)
    each = T("text.carriers_each", mother=f"carrier.{mother}", father=f"carrier.{father}")
    lines.append(T("text.carriers") + colon + (T("text.carriers_inferred", text=each) if risk.basis == "inferred" else each))
    lines.append(T("text.newborn_status") + colon + T("newborn_status." + res.newborn_inherited_risk.status))
    if res.newborn_inherited_risk.inheritance == "x_linked":
        lines.append(T("text.newborn_sex") + colon + T("sex." + res.newborn_inherited_risk.sex))
    if planned_not_entered(res):
        lines.append(T("text.planned_not_entered"))
    if res.scenario.fee_plan is not None or res.parameters.get("fee_package_price", 0) > 0:
        plan = res.scenario.fee_plan or "package_plus_first_payment"
        lines.append(T("text.fee_plan") + colon + T("fee_plan." + plan))
    if res.overridden:
        lines.append(T("text.overridden") + colon + ", ".join(f"{n} = {res.parameters[n]:g}" for n in res.overridden))
    w = Words(lang, cur)
    lines += ["", *section_lines(common.verdict(res, w), colon), "", *section_lines(common.reasons(res, w, "counsellor"), colon)]
    if res.conditional is not None:
        lines += ["", T("text.conditional") + colon.strip(),
                  "  - " + T("text.if_match", p=res.conditional.if_match.p_family_use,
                             nmb=res.conditional.if_match.nmb_vs_public),
                  "  - " + T("text.if_mismatch", p=res.conditional.if_mismatch.p_family_use,
                             nmb=res.conditional.if_mismatch.nmb_vs_public)]
    if "directed" in res.strategies:
        d, cmp_ = res.strategies["directed"], res.comparisons["private_vs_directed"]
        lines += ["", T("strategy.directed") + colon.strip(),
                  "  " + T("text.directed", cost=d.pv_cost, p=d.p_family_use, nmb=cmp_.nmb)]

    for section in (common.key_numbers(res, w), common.advice(res, w), common.limits(res, w), common.red_flags(w)):
        lines += ["", *section_lines(section, colon)]
    lines += ["", T("text.assumption_note"), T("disclaimer"),
              T("text.model_version", version=res.model_version, reviewed=res.assumptions_reviewed.isoformat())]
    return "\n".join(lines)


def render_params_text(region: str, lang: str = "en") -> str:
    """Every parameter with value, unit, range, distribution and source (the Chinese
    citation with ``lang="zh"``)."""
    a = load_region(region)
    out = []
    for p in a.parameters.values():
        d = p.distribution
        dist = ", ".join(f"{k}={v}" for k, v in d.model_dump(by_alias=True).items())
        tag = f" ({t('source_type.assumption', lang)})" if p.is_assumption else ""
        out.append(f"{p.name} = {p.value:g} {p.unit}{tag}\n    {p.label_in(lang)}\n"
                   f"    range {p.low:g} to {p.high:g}; {dist}\n    source: {p.source_in(lang)}"
                   + (f" {p.url}" if p.url else "") + f"\n    reviewed {p.reviewed.isoformat()}")
    return "\n".join(out)
