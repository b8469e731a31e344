"""The decision aid in the PDFs: the parents' copy prints the options side by side, how each
option fits what the family said (from the saved scenario) and the 'before you decide' sections;
the counsellor's copy prints the record, the pedigree and the two offers side by side."""

from __future__ import annotations

import datetime as dt

import pytest

from calculator.analysis.evaluate import evaluate
from calculator.content.i18n import t
from calculator.inputs.scenario import scenario_from_mapping
from calculator.present.pdf import build_pdf
from tests.present.test_report import pdf_text as _text

FAMILY = {"relatives": [{"relation": "full_sibling", "condition": "thalassaemia_major", "weight_kg": 18}],
          "carriers": {"mother": "beta_thalassaemia", "father": "beta_thalassaemia"},
          "values": {"relative": "very"}, "consultation_date": "2026-12-01", "record_note": "Seen with both parents"}


def _flat(s: str) -> str:
    return "".join(s.split())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_parents_pdf_prints_the_options_the_values_fit_and_the_sections(lang):
    family = scenario_from_mapping(FAMILY)
    text = _flat(_text(build_pdf(evaluate(family), lang=lang, audience="parent", today=dt.date(2026, 12, 3))))
    for key in ("aid.options.title", "values.fit.title", "values.statement.relative", "aid.conditions.title",
                "aid.donate.title", "aid.about.title"):
        assert _flat(t(key, lang)) in text, key


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_counsellors_pdf_prints_the_record_the_pedigree_and_two_offers(lang):
    family = scenario_from_mapping(FAMILY)
    res = evaluate(family)
    second = evaluate(scenario_from_mapping({**FAMILY, "parameters": {"fee_annual": 1200}}))
    text = _flat(_text(build_pdf(res, lang=lang, audience="counsellor", today=dt.date(2026, 12, 3), offer2=second)))
    for key in ("record.title", "aid.pedigree.title", "offers2.title"):
        assert _flat(t(key, lang)) in text, key
    assert _flat("Seen with both parents") in text
