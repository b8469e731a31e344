"""How each option fits what the family said (issue 22, values clarification): every option is
there, the table follows the answers, the numbers are the model's, and nothing advises."""

from __future__ import annotations

import re
from functools import cache

import pytest

from calculator.analysis.evaluate import evaluate
from calculator.content.blocks import Paragraph, Table
from calculator.content.decision_aid_values import OPTIONS, values_fit
from calculator.content.i18n import t
from calculator.content.numbers import format_money, format_one_in
from calculator.inputs.scenario import scenario_from_mapping
from calculator.inputs.scenario_schema import FamilyValues

FAMILIES = {
    "first_child": {"region": "cn"},
    "thal_sibling": {"region": "cn", "relatives": [{"relation": "full_sibling", "condition": "thalassaemia_major"}],
                     "carriers": {"mother": "beta_thalassaemia", "father": "beta_thalassaemia"}},
    "us_leukaemia_parent": {"region": "us", "relatives": [{"relation": "parent", "condition": "leukaemia"}]},
}
ALL_VERY = {s: "very" for s in FamilyValues.model_fields}
#: Words that would turn the section into advice (the tool informs; the source's advice is
#: elsewhere, framed as the source's).
ADVICE = {"en": re.compile(r"\b(should|recommend\w*|advis\w*|best option|we suggest|must)\b", re.I),
          "zh": re.compile(r"应该|应当|建议|推荐|最好|最佳")}


@cache
def _res(name):
    return evaluate(scenario_from_mapping(FAMILIES[name]))


def _table(section):
    return next(b for b in section.blocks if isinstance(b, Table))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("family", list(FAMILIES))
def test_every_option_the_family_has_is_a_row_and_nothing_advises(family, lang):
    res = _res(family)
    sec = values_fit(res, ALL_VERY, lang)
    table = _table(sec)
    assert [r[0] for r in table.rows] == [t(f"strategy.{o}", lang) for o in OPTIONS if o in res.strategies]
    assert len(table.columns) == 1 + len(FamilyValues.model_fields)
    text = " ".join([sec.title, *(b.text for b in sec.blocks if isinstance(b, Paragraph)),
                     *(c.title for c in table.columns), *(cell for row in table.rows for cell in row)])
    assert not ADVICE[lang].search(text), ADVICE[lang].search(text)
    assert re.search(r"score|总分", text)  # it says plainly that nothing is added up


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_table_follows_the_answers(lang):
    res = _res("thal_sibling")
    none = values_fit(res, {}, lang)
    assert not any(isinstance(b, Table) for b in none.blocks)
    assert t("values.fit.none_answered", lang) in [b.text for b in none.blocks if isinstance(b, Paragraph)]
    one = values_fit(res, {"money": "somewhat", "others": "very", "peace": "not"}, lang)
    cols = [c.title for c in _table(one).columns[1:]]
    # very important first, then somewhat; "not important" is listed under the table, not in it
    assert cols[0].startswith(t("values.statement.others", lang)) and t("values.scale.very", lang) in cols[0]
    assert cols[1].startswith(t("values.statement.money", lang))
    assert len(cols) == 2
    said = " ".join(b.text for b in one.blocks if isinstance(b, Paragraph))
    assert t("values.statement.peace", lang) in said
    # a FamilyValues gives the same section as the mapping the app holds
    assert values_fit(res, FamilyValues(money="somewhat", others="very", peace="not"), lang) == one


def test_the_cells_carry_the_models_numbers_and_the_fit_follows_the_option():
    res = _res("thal_sibling")
    rows = {r[0]: r[1:] for r in _table(values_fit(res, {"own_use": "very", "money": "very", "others": "very"},
                                                   "en")).rows}
    private, public = rows[t("strategy.private", "en")], rows[t("strategy.public", "en")]
    assert format_one_in(res.strategies["private"].p_family_use, "en") in private[0]
    # columns in the order asked: own use, helping others, money
    assert format_money(res.strategies["private"].nominal_cost, res.currency, "en") in private[2]
    assert format_one_in(res.strategies["public"].expected_patients_helped, "en") in public[1]
    assert private[2].startswith("Does not fit") and public[2].startswith("Fits")  # money: paid vs free
    assert private[1].startswith("Does not fit") and public[1].startswith("Fits")  # helping others


def test_a_family_without_a_sick_relative_is_told_the_statement_does_not_apply():
    rows = _table(values_fit(_res("first_child"), {"relative": "very"}, "en")).rows
    assert all(r[1] == t("values.fit.relative.no_relative", "en") for r in rows)
    assert "directed" not in _res("first_child").strategies and len(rows) == 3


def test_an_answer_the_schema_refuses_is_never_shown():
    with pytest.raises(ValueError):
        values_fit(_res("first_child"), {"money": "lots"}, "en")
