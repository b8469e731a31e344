"""Which decision-aid sections each audience reads, in order, for every medium (the page,
the PDF and the text report draw these lists; the builders are in :mod:`.decision_aid`,
:mod:`.decision_aid_options`, :mod:`.decision_aid_values`, :mod:`.record`,
:mod:`.offers_compare` and :mod:`.pedigree`).

``family`` is the scenario as the family or counsellor saved it (with the values step's answers
and the record fields, which the model never reads); by default the one the results were
evaluated from."""

from __future__ import annotations

from calculator.analysis.results import Results
from calculator.content.blocks import Section
from calculator.content.decision_aid import information_sections
from calculator.content.decision_aid_options import options_in_balance
from calculator.content.decision_aid_values import values_fit
from calculator.content.offers_compare import offers_side_by_side
from calculator.content.pedigree import pedigree_section
from calculator.content.record import record_section
from calculator.inputs.scenario_schema import Scenario


def options(res: Results, lang: str) -> Section:
    """The four options in balance (benefits, harms, costs, chance of use, what each does for others)."""
    return options_in_balance(res, lang)


def fit(res: Results, lang: str, family: Scenario | None = None) -> Section:
    """How each option fits what the family said in the values step."""
    return values_fit(res, (family or res.scenario).values, lang)


def choices(res: Results, lang: str, family: Scenario | None = None) -> tuple[Section, ...]:
    """The options in balance, then how each fits what the family said (values step)."""
    return options(res, lang), fit(res, lang, family)


def before_deciding(res: Results, lang: str) -> tuple[Section, ...]:
    """What a family needs to know besides the numbers: what cord blood can treat, delayed
    clamping, where to donate, choosing a bank, HLA, tests, the timeline, about this tool."""
    return information_sections(lang, res.region)


def counsellor_record(res: Results, lang: str, family: Scenario | None = None,
                      offer2: Results | None = None) -> tuple[Section, ...]:
    """The consultation record, the pedigree and (when a second offer is chosen) the two
    offers side by side."""
    family = family or res.scenario
    out = [record_section(family, lang), pedigree_section(family, lang)]
    if offer2 is not None:
        out.append(offers_side_by_side(res, offer2, lang))
    return tuple(out)
