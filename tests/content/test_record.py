"""The counsellor's record section (issue 22): date, note as written, the sick relatives with
age, the carriers, the baby's test result and the family's answers, in both languages."""

from __future__ import annotations

import pytest

from calculator.content.blocks import Bullets, Heading, KeyNumber, Paragraph, Table
from calculator.content.i18n import t
from calculator.content.record import record_section
from calculator.inputs.scenario import scenario_from_mapping

FAMILY = {
    "region": "cn",
    "relatives": [{"relation": "full_sibling", "condition": "thalassaemia_major", "age_years": 6, "weight_kg": 19.5,
                   "hla_match": "match", "years_to_transplant": 1.5},
                  {"relation": "full_sibling"}],
    "planned_children": 1,
    "carriers": {"mother": "beta_thalassaemia", "father": "beta_thalassaemia"},
    "newborn_status": "unaffected",
    "values": {"relative": "very", "money": "not"},
    "consultation_date": "2026-12-03",
    "record_note": "Typing result from the lab on 1 Dec.\n第二行。",
}


def _texts(sec):
    out = []
    for b in sec.blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, Bullets):
            out += list(b.items)
        elif isinstance(b, KeyNumber):
            out += [b.label, b.value]
        elif isinstance(b, Table):
            out += [c for row in b.rows for c in row]
    return "\n".join(out)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_record_holds_the_date_the_note_the_relatives_and_the_answers(lang):
    sec = record_section(scenario_from_mapping(FAMILY), lang)
    text = _texts(sec)
    assert ("3 December 2026" if lang == "en" else "2026 年 12 月 3 日") in text
    assert FAMILY["record_note"] in text  # exactly as written
    table = next(b for b in sec.blocks if isinstance(b, Table))
    assert len(table.rows) == 1  # the healthy brother is counted, not listed
    row = table.rows[0]
    assert row[1] == t("condition.thalassaemia_major", lang) and "6" in row[2] and "19.5" in row[3]
    assert row[4] == t("hla.match", lang) and "1.5" in row[5]
    assert t("carrier.beta_thalassaemia", lang) in text
    assert t("app.side.newborn_opt.unaffected", lang) in text
    assert t("values.statement.relative", lang) in text and t("values.scale.not", lang) in text
    assert "2" in t("record.siblings", lang, n=2, planned="1") and t("record.siblings", lang, n=2, planned="1") in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_empty_record_says_what_is_not_entered(lang):
    text = _texts(record_section(scenario_from_mapping({"region": "us"}), lang))
    for key in ("record.no_date", "record.no_note", "record.no_relatives"):
        assert t(key, lang) in text
    assert t("record.values_h", lang) not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_carriers_inferred_from_a_sick_sibling_are_said_the_same_way_everywhere(lang):
    """A brother with thalassaemia major, the parents' carrier status not entered: the PDF's
    family summary said "mother a carrier ... (inferred from the family history)", while the
    page's "The family and the answer" and the record below it said "mother no known inherited
    blood disorder" under the same heading. The page's family section says what the model
    uses (inferred, said so); the record says its carriers are as entered."""
    from calculator.analysis.evaluate import evaluate
    from calculator.content import counsellor_tables
    from calculator.content.words import Words

    scenario = scenario_from_mapping({"region": "cn", "relatives": [
        {"relation": "full_sibling", "condition": "thalassaemia_major", "hla_match": "match"}]})
    res = evaluate(scenario)
    assert res.newborn_inherited_risk.basis == "inferred"
    page = "\n".join(counsellor_tables.family(res, Words(lang, res.currency)).blocks[0].items)
    assert t("carrier.carrier", lang) in page and t("carrier.none", lang) not in page
    assert t("text.carriers_inferred", lang, text="").strip(" ()（）") in page
    record = record_section(scenario, lang)
    assert t("record.family_h", lang) != t("app.counsellor.family", lang)
    heads = [b.text for b in record.blocks if isinstance(b, Heading)]
    assert t("record.family_h", lang) in heads
    carriers = next(x for x in _texts(record).split("\n") if t("carrier.none", lang) in x)
    assert carriers == t("record.carriers", lang, mother=t("carrier.none", lang), father=t("carrier.none", lang))
    assert ("as entered" if lang == "en" else "录入") in carriers
