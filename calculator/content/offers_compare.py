"""Two storage offers side by side for the same family (issue 22, the counsellor's comparison).

Each :class:`~calculator.analysis.results.Results` is the same family evaluated with a
different offer (:func:`calculator.app.state.second_offer_state` gives the state of the second
one; the app evaluates it as it evaluates the first). The table lists, per offer: its name (a
bank's offer from ``assumptions/offers.yaml`` recognised by its fees, or "prices typed in"), the
payment plan, the fees of that plan, the contract's years, the total paid, its present value,
the total storage cost per family use and the expected value of private storage against public
donation (net monetary benefit). Every number is the model's, formatted by
:mod:`calculator.content.numbers`; each bank's offer names its source.
"""

from __future__ import annotations

import math

from calculator.analysis.results import Results
from calculator.content.blocks import Column, Paragraph, Section, Source, Sources, Table
from calculator.content.i18n import t
from calculator.content.numbers import format_money
from calculator.content.words import colon
from calculator.inputs.offers import Offer, offers_for
from calculator.inputs.scenario_values import PLAN_FEES, fee_plan_of

#: The fees shown (when the plan charges them), in order, with their row's text key.
FEE_ROWS = (("fee_upfront", "row_first"), ("fee_annual", "row_yearly"), ("fee_package_price", "row_package"))


def plan_of(res: Results) -> str:
    """The payment plan the results were computed with."""
    return fee_plan_of(res.scenario.fee_plan, res.parameters.get("fee_package_price", 0.0))


def offer_of(res: Results) -> Offer | None:
    """The bank's offer whose plan and fees the results were computed with, or None (prices typed in)."""
    plan = plan_of(res)
    for offer in offers_for(res.region).values():
        if offer.fee_plan == plan and all(
                math.isclose(res.parameters.get(name, math.nan), value, rel_tol=1e-9, abs_tol=1e-9)
                for name, value in offer.parameters.items() if name == "storage_years" or name in PLAN_FEES[plan]):
            return offer
    return None


def _column(res: Results, lang: str) -> tuple[str, ...]:
    k = "offers2"
    cur = res.currency
    plan = plan_of(res)
    private = res.strategies["private"]
    fees = tuple(format_money(res.parameters[name], cur, lang) if name in PLAN_FEES[plan]
                 else t(f"{k}.not_in_plan", lang) for name, _ in FEE_ROWS)
    cpu = res.cost_per_family_use
    return (
        t(f"app.offer.plan_opt.{plan}", lang),
        *fees,
        f"{res.parameters['storage_years']:g}",
        format_money(private.nominal_cost, cur, lang),
        format_money(private.pv_cost, cur, lang),
        format_money(cpu, cur, lang) if cpu is not None and math.isfinite(cpu) else t(f"{k}.none", lang),
        format_money(res.comparisons["private_vs_public"].nmb, cur, lang),
    )


def offers_side_by_side(results_a: Results, results_b: Results, lang: str) -> Section:
    """The two offers as a table (rows: the items; one column per offer), with their sources."""
    k = "offers2"
    if results_a.region != results_b.region:
        raise ValueError("two offers are compared for the same family in the same region")
    names: list[str] = []
    entries: list[Source] = []
    for res in (results_a, results_b):
        offer = offer_of(res)
        names.append(offer.label_in(lang) if offer is not None else t(f"{k}.offer_own", lang))
        if offer is not None and offer.label_in(lang) not in (e.label for e in entries):
            entries.append(Source(label=offer.label_in(lang), citation=offer.source_in(lang), url=offer.url or ""))
    labels = (t(f"{k}.row_plan", lang), *(t(f"{k}.{row}", lang) for _, row in FEE_ROWS),
              t(f"{k}.row_years", lang), t(f"{k}.row_total", lang), t(f"{k}.row_pv", lang),
              t(f"{k}.row_cpu", lang), t(f"{k}.row_ev", lang))
    a, b = _column(results_a, lang), _column(results_b, lang)
    table = Table(columns=(Column(t(f"{k}.col_item", lang)), Column(names[0]), Column(names[1])),
                  rows=tuple(zip(labels, a, b, strict=True)), colon=colon(lang))
    blocks = (Paragraph(t(f"{k}.intro", lang)), table, Paragraph(t(f"{k}.caption", lang), role="caption"),
              Sources(entries=tuple(entries), colon=colon(lang)))
    return Section(key="counsellor_offers_compare", title=t(f"{k}.title", lang), blocks=blocks)
