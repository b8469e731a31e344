"""How each option fits what the family said matters to them (issue 22, IPDAS values
clarification).

The family answers a few statements (:class:`~calculator.inputs.scenario_schema.FamilyValues`:
not / somewhat / very important, or unanswered). :func:`values_fit` shows, for each option
(private storage, public donation, directed donation where the family has it, not collecting)
and each statement the family marked as important, what the option does for that statement and
the model's number behind it (formatted by :mod:`calculator.content.numbers`). Whether an option
fits a statement is a fact about the option (private storage keeps the cells, public donation
offers them to others, a free option keeps the money), never a weight: the cells are not added
up, nothing is ranked, and the section ends by saying the tool informs and does not choose.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from calculator.analysis.results import Results, StrategyResult
from calculator.content.blocks import Block, Column, Paragraph, Section, Table
from calculator.content.i18n import t
from calculator.content.words import colon
from calculator.inputs.scenario_schema import FamilyValues

#: The options in the order shown (the model's strategy names; ``directed`` only when the
#: family has it).
OPTIONS = ("private", "public", "directed", "none")
#: The statements in the order asked (declared once on the scenario's schema).
STATEMENTS: tuple[str, ...] = tuple(FamilyValues.model_fields)
#: The answers that put a statement in the table, most important first.
SHOWN = ("very", "somewhat")

Level = Literal["fits", "partly", "does_not"]
#: What each option does for each statement: a fact about the option, the same for every
#: family (money: whether the family pays, read from the results).
FIT: dict[str, dict[str, Level]] = {
    "own_use": {"private": "fits", "directed": "partly", "public": "partly", "none": "does_not"},
    "relative": {"private": "fits", "directed": "fits", "public": "partly", "none": "does_not"},
    "others": {"private": "does_not", "directed": "does_not", "public": "fits", "none": "does_not"},
    "peace": {"private": "fits", "directed": "fits", "public": "does_not", "none": "does_not"},
}


def _has_sick_relative(res: Results) -> bool:
    return any(d.listed and d.condition != "none" for d in res.relatives)


def _relative_use(s: StrategyResult) -> float:
    """The chance a listed relative (not the baby) uses the unit kept by private storage."""
    return s.p_relative_use if s.p_relative_use is not None else s.p_family_use


def _cell(statement: str, option: str, s: StrategyResult, res: Results, lang: str) -> str:
    """One cell: the fit and the fact with its number."""
    k = f"values.fit.{statement}"
    cur = {"currency": res.currency}
    level: Level
    if statement == "money":
        paid = s.nominal_cost > 0
        level = "does_not" if paid else "fits"
        if option == "private":
            fact = t(f"{k}.private", lang, nominal=s.nominal_cost, pv=s.pv_cost, **cur)
        elif option == "directed":
            fact = (t(f"{k}.directed_paid", lang, nominal=s.nominal_cost, pv=s.pv_cost, **cur) if paid
                    else t(f"{k}.directed_free", lang))
        else:
            fact = t(f"{k}.{option}", lang)
    elif statement == "relative" and not _has_sick_relative(res):
        return t(f"{k}.no_relative", lang)  # the statement does not apply: no fit to say
    else:
        level = FIT[statement][option]
        values: dict[str, Any] = {"p": s.p_family_use, "years": res.horizon_years}
        if statement == "relative" and option == "private":
            values["p"] = _relative_use(s)
        if statement == "others" and option == "public":
            values["p"] = s.expected_patients_helped or 0.0
        fact = t(f"{k}.{option}", lang, **values)
    return t("values.fit.cell", lang, level=t(f"values.fit.level.{level}", lang), fact=fact)


def _names(statements: list[str], lang: str) -> str:
    return ("\u3001" if lang == "zh" else "; ").join(t(f"values.statement.{s}", lang) for s in statements)


def values_fit(res: Results, values: FamilyValues | Mapping[str, str] | None, lang: str) -> Section:
    """How each option fits what the family said (see the module docstring).

    ``values``: the family's answers (a :class:`FamilyValues`, or a mapping statement ->
    ``not`` / ``somewhat`` / ``very`` as the app's state holds it; None: none given).
    """
    answers = dict(values.answered() if isinstance(values, FamilyValues) else (values or {}))
    answers = FamilyValues.model_validate(answers).answered()  # an answer the schema refuses never shows
    k = "values.fit"
    shown = [s for level in SHOWN for s in STATEMENTS if answers.get(s) == level]
    blocks: list[Block] = []
    if not shown:
        blocks.append(Paragraph(t(f"{k}.none_answered", lang)))
    else:
        blocks.append(Paragraph(t(f"{k}.intro", lang)))
        columns = (Column(t(f"{k}.col_option", lang)),) + tuple(
            Column(t(f"{k}.col_statement", lang, statement=t(f"values.statement.{s}", lang),
                     importance=t(f"values.scale.{answers[s]}", lang))) for s in shown)
        rows = tuple((t(f"strategy.{o}", lang),) + tuple(_cell(s, o, res.strategies[o], res, lang) for s in shown)
                     for o in OPTIONS if o in res.strategies)
        blocks.append(Table(columns=columns, rows=rows, colon=colon(lang)))
    unimportant = [s for s in STATEMENTS if answers.get(s) == "not"]
    if unimportant:
        blocks.append(Paragraph(t(f"{k}.not_important", lang, items=_names(unimportant, lang))))
    unanswered = [s for s in STATEMENTS if s not in answers]
    if shown and unanswered:
        blocks.append(Paragraph(t(f"{k}.unanswered", lang, items=_names(unanswered, lang)), role="caption"))
    blocks.append(Paragraph(t(f"{k}.caption", lang), role="caption"))
    return Section(key="aid_values_fit", title=t(f"{k}.title", lang), blocks=tuple(blocks))
