"""The four options in balance (issue 22): private storage, public donation, directed donation
and not collecting, side by side, before any advice.

One table, one row per option: benefits, harms and limits, the chance the family uses the unit,
what it does for others, and the cost to the family. Every number is read from the family's
:class:`~calculator.analysis.results.Results` (the model's strategies and the parameters it ran
with) and formatted by :mod:`calculator.content.numbers`; the table gives no advice (the
source's advice follows in the verdict).
"""

from __future__ import annotations

from calculator.analysis.results import Results, StrategyResult
from calculator.content.blocks import Column, Paragraph, Section, Source, Sources, Table
from calculator.content.decision_aid_sources import checked_date, format_date
from calculator.content.i18n import t
from calculator.content.numbers import format_money, format_one_in
from calculator.content.units import source_without_label
from calculator.content.words import colon
from calculator.inputs.assumptions import load_region

#: The options in the order shown (the model's strategy names).
OPTIONS = ("private", "public", "directed", "none")
#: The parameters the table's cells show beside the model's outputs.
SHOWN_PARAMETERS = ("p_private_unit_storable", "p_public_kept", "fee_directed")


def _cost(s: StrategyResult, res: Results, lang: str) -> str:
    return t("aid.options.free", lang) if s.nominal_cost <= 0 else format_money(s.nominal_cost, res.currency, lang)


def _row(name: str, res: Results, lang: str) -> tuple[str, ...]:
    k = "aid.options"
    label = t(f"strategy.{name}", lang)
    s = res.strategies.get(name)
    if name == "private" and s is not None:
        return (label, t(f"{k}.private_benefit", lang),
                t(f"{k}.private_harms", lang, stored=res.parameters["p_private_unit_storable"]),
                format_one_in(s.p_family_use, lang), t(f"{k}.private_others", lang), _cost(s, res, lang))
    if name == "public" and s is not None:
        helped = s.expected_patients_helped or 0.0
        return (label, t(f"{k}.public_benefit", lang),
                t(f"{k}.public_harms", lang, kept=res.parameters["p_public_kept"]),
                t(f"{k}.public_family", lang, p=s.p_family_use),
                t(f"{k}.public_others", lang, p=helped), _cost(s, res, lang))
    if name == "directed":
        if s is None:
            absent = t(f"{k}.directed_absent", lang)
            return (label, t(f"{k}.directed_benefit", lang), t(f"{k}.directed_harms", lang), absent,
                    t(f"{k}.directed_others", lang), absent)
        cost = t(f"{k}.free_directed", lang) if s.nominal_cost <= 0 else _cost(s, res, lang)
        return (label, t(f"{k}.directed_benefit", lang), t(f"{k}.directed_harms", lang),
                format_one_in(s.p_family_use, lang), t(f"{k}.directed_others", lang), cost)
    if name == "none":
        return (label, t(f"{k}.none_benefit", lang), t(f"{k}.none_harms", lang), t(f"{k}.none_family", lang, p=0.0),
                t(f"{k}.none_others", lang), t(f"{k}.free", lang))
    raise KeyError(f"the results have no strategy {name!r}")


def options_in_balance(res: Results, lang: str) -> Section:
    """The four options side by side for this family, with the sources of the numbers shown."""
    k = "aid.options"
    columns = (
        Column(t(f"{k}.col_option", lang)),
        Column(t(f"{k}.col_benefit", lang)),
        Column(t(f"{k}.col_harms", lang)),
        Column(t(f"{k}.col_family", lang), kind="chance"),
        Column(t(f"{k}.col_others", lang)),
        Column(t(f"{k}.col_cost", lang), kind="money"),
    )
    table = Table(columns=columns, rows=tuple(_row(name, res, lang) for name in OPTIONS),
                  caption=t(f"{k}.caption", lang, years=res.horizon_years), colon=colon(lang))
    params = load_region(res.region)
    entries = []
    for name in SHOWN_PARAMETERS:
        if name == "fee_directed" and "directed" not in res.strategies:
            continue
        p = params[name]
        kind = "assumption" if p.is_assumption else "published"
        # Chinese: the kind first ("假设：…"), since a Chinese label can end in its own brackets
        entries.append(Source(label=f"{p.label_in(lang)} ({t(f'aid.kind.{kind}', lang)})"
                              if lang == "en" else f"{t(f'aid.kind.{kind}', lang)}：{p.label_in(lang)}",
                              citation=source_without_label(p.source_in(lang)), url=p.url or ""))
    sources = Sources(entries=tuple(entries),
                      title=t("aid.sources_title", lang, date=format_date(checked_date(), lang)), colon=colon(lang))
    return Section(key="aid_options", title=t(f"{k}.title", lang),
                   blocks=(Paragraph(t(f"{k}.intro", lang, years=res.horizon_years)), table, sources))
