"""Two offers side by side for the same family (issue 22): each column is the model's result for
that offer, the bank's offer is named with its source, a plan's missing fees say so."""

from __future__ import annotations

import pytest

from calculator.analysis.evaluate import evaluate
from calculator.app.state import apply_offer, choose_second_offer, run_scenario, second_offer_state, set_parameter
from calculator.content.blocks import Sources, Table
from calculator.content.i18n import t
from calculator.content.numbers import format_money
from calculator.content.offers_compare import offer_of, offers_side_by_side
from calculator.inputs.offers import offers_for
from tests.app.states import family


def _pair(region, first, second):
    s = family(region=region, mother="beta_thalassaemia", father="beta_thalassaemia")
    s = apply_offer(s, first) if first else set_parameter(s, "fee_annual", 800.0)
    s = choose_second_offer(s, second)
    other = second_offer_state(s)
    assert other is not None and other.view.offer == second
    return evaluate(run_scenario(s)), evaluate(run_scenario(other))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("region", ["cn", "us"])
def test_each_column_is_its_offers_result(region, lang):
    ids = list(offers_for(region))
    a, b = _pair(region, ids[0], ids[-1])
    sec = offers_side_by_side(a, b, lang)
    table = next(x for x in sec.blocks if isinstance(x, Table))
    assert [c.title for c in table.columns[1:]] == [offers_for(region)[i].label_in(lang) for i in (ids[0], ids[-1])]
    rows = {r[0]: r[1:] for r in table.rows}
    for col, res in enumerate((a, b)):
        assert rows[t("offers2.row_total", lang)][col] == format_money(res.strategies["private"].nominal_cost,
                                                                       res.currency, lang)
        assert rows[t("offers2.row_pv", lang)][col] == format_money(res.strategies["private"].pv_cost, res.currency, lang)
        assert rows[t("offers2.row_ev", lang)][col] == format_money(res.comparisons["private_vs_public"].nmb,
                                                                    res.currency, lang)
        assert rows[t("offers2.row_years", lang)][col] == f"{res.parameters['storage_years']:g}"
    sources = next(x for x in sec.blocks if isinstance(x, Sources))
    assert {e.label for e in sources.entries} == {offers_for(region)[i].label_in(lang) for i in (ids[0], ids[-1])}


def test_typed_prices_are_named_so_and_a_package_plan_says_which_fees_it_has_not():
    a, b = _pair("us", None, "us_cbr_prepaid")  # a package with everything in it
    assert offer_of(a) is None and offer_of(b) == offers_for("us")["us_cbr_prepaid"]
    table = next(x for x in offers_side_by_side(a, b, "en").blocks if isinstance(x, Table))
    assert table.columns[1].title == t("offers2.offer_own", "en")
    rows = {r[0]: r[1:] for r in table.rows}
    assert rows[t("offers2.row_yearly", "en")] == (format_money(800.0, "USD", "en"), t("offers2.not_in_plan", "en"))
    assert rows[t("offers2.row_package", "en")][1] == format_money(offers_for("us")["us_cbr_prepaid"].fee_package_price,
                                                                  "USD", "en")


def test_no_second_offer_gives_no_state_and_regions_must_agree():
    assert second_offer_state(family()) is None
    a = evaluate(run_scenario(family(region="cn")))
    b = evaluate(run_scenario(family(region="us")))
    with pytest.raises(ValueError):
        offers_side_by_side(a, b, "en")
