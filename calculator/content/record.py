"""The counsellor's record of the consultation (issue 22), as a content section.

Built from the scenario as it is saved (:func:`calculator.app.state.to_saved_scenario`: the
family with the counsellor's date and note and the family's answers to the values step): the
date, the note exactly as written, the relatives with a disease a transplant can treat (age,
weight, HLA typing, years to transplant), the parents' carrier status, the baby's test result
and what the family said matters to them. Every text from ``locales/values.<lang>.yaml`` and the
model's own names of conditions, relations and carrier traits; nothing here is computed.
"""

from __future__ import annotations

from calculator.content.blocks import Block, Bullets, Column, Heading, KeyNumber, Paragraph, Section, Table
from calculator.content.decision_aid_sources import format_date
from calculator.content.i18n import t
from calculator.content.words import colon
from calculator.inputs.scenario_schema import FamilyValues, Relative, Scenario


def _entered(x: float) -> str:
    """A value as it was entered (a record repeats it, it does not round it): 19.5, 6, 1.5."""
    return f"{x:g}"


def _relatives_table(relatives: tuple[Relative, ...], lang: str) -> Table:
    k = "record"
    columns = (Column(t(f"{k}.col_who", lang)), Column(t(f"{k}.col_condition", lang)),
               Column(t(f"{k}.col_age", lang), kind="number"), Column(t(f"{k}.col_weight", lang), kind="number"),
               Column(t(f"{k}.col_hla", lang)), Column(t(f"{k}.col_years", lang), kind="number"))
    missing = t(f"{k}.not_entered", lang)
    rows = []
    for i, r in enumerate(relatives, start=1):
        rows.append((
            f"{i}. {t(f'relation.{r.relation}', lang)}",
            t(f"condition.{r.condition}", lang),
            t(f"{k}.age", lang, n=_entered(r.age_years)) if r.age_years is not None else missing,
            t(f"{k}.weight", lang, n=_entered(r.weight_kg)) if r.weight_kg is not None else missing,
            t(f"hla.{r.hla_match}", lang),
            t(f"{k}.years", lang, n=_entered(r.years_to_transplant)) if r.years_to_transplant is not None
            else missing,
        ))
    return Table(columns=columns, rows=tuple(rows), colon=colon(lang))


def record_section(scenario: Scenario, lang: str) -> Section:
    """The consultation record for the counsellor's document (see the module docstring)."""
    k = "record"
    date = (format_date(scenario.consultation_date, lang) if scenario.consultation_date is not None
            else t(f"{k}.no_date", lang))
    blocks: list[Block] = [
        KeyNumber(t(f"{k}.date", lang), date),
        Heading(t(f"{k}.note", lang), level=4),
        Paragraph(scenario.record_note if scenario.record_note else t(f"{k}.no_note", lang)),
        Heading(t(f"{k}.family_h", lang), level=4),
    ]
    fam = scenario.family or ()
    sick = tuple(r for r in fam if r.condition != "none" or r.hla_match != "unknown")
    facts = [
        t(f"{k}.carriers", lang, mother=t(f"carrier.{scenario.parent_carriers.mother}", lang),
          father=t(f"carrier.{scenario.parent_carriers.father}", lang)),
        t(f"{k}.newborn", lang, status=t(f"app.side.newborn_opt.{scenario.newborn_status}", lang)),
    ]
    if scenario.family_listed:
        born = sum(r.relation == "full_sibling" for r in fam)
        planned = (str(scenario.planned_children) if scenario.planned_children is not None
                   else t(f"{k}.not_entered", lang))
        facts.append(t(f"{k}.siblings", lang, n=born, planned=planned))
    blocks.append(Bullets(tuple(facts)))
    blocks.append(Heading(t(f"{k}.relatives_h", lang), level=4))
    blocks.append(_relatives_table(sick, lang) if sick else Paragraph(t(f"{k}.no_relatives", lang)))
    answers = scenario.values.answered() if scenario.values is not None else {}
    if answers:
        blocks.append(Heading(t(f"{k}.values_h", lang), level=4))
        blocks.append(Bullets(tuple(
            f"{t(f'values.statement.{s}', lang)}{'：' if lang == 'zh' else ': '}{t(f'values.scale.{answers[s]}', lang)}"
            for s in FamilyValues.model_fields if s in answers)))
    return Section(key="counsellor_record", title=t(f"{k}.title", lang), blocks=tuple(blocks))
