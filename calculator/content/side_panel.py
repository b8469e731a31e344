"""The side panel's words and number formats: the label of a parameter's input (its name and
unit), the display format of each number input, the offer's fields and the line that states a
bank's price. The app's widgets (:mod:`calculator.app.sidebar`) only draw them.
"""

from __future__ import annotations

from calculator.content.i18n import t
from calculator.content.numbers import format_money
from calculator.content.units import unit_name
from calculator.inputs.assumptions import Parameter
from calculator.inputs.offers import Offer

#: The display format of a number a person may leave empty (a weight, an age, years).
OPTIONAL_NUMBER_FORMAT = "%.1f"
#: Parameters typed as whole numbers (the contract's years).
WHOLE_PARAMETERS = frozenset({"storage_years"})


def parameter_label(p: Parameter, lang: str, currency: str) -> str:
    """``Name [unit]`` in ``lang``: the label of a parameter's input."""
    return f"{p.label_in(lang)} [{unit_name(p.unit, lang, currency)}]"


def parameter_format(name: str, p: Parameter) -> str:
    """The input's display format: whole years, whole money, four significant digits else."""
    if name in WHOLE_PARAMETERS:
        return "%d"
    return "%.0f" if p.unit.split()[0].split("/")[0] in ("CNY", "USD") else "%.4g"


def offer_field_label(name: str, lang: str, currency: str) -> str:
    """The label of an offer's field: its name and unit (years, money, money a year)."""
    money = unit_name(currency, lang, currency)
    unit = t("app.offer.years_unit", lang) if name == "storage_years" else (
        money + t("app.offer.per_year", lang) if name == "fee_annual" else money)
    return t("app.offer.field_label", lang, label=t(f"app.offer.{name}", lang), unit=unit)


def offer_price(o: Offer, lang: str, currency: str) -> str:
    """A bank's price as the side panel states it under the choice (``about`` when approximate)."""
    if o.fee_plan == "yearly":
        text = t("app.offer.price_yearly", lang, first=format_money(o.fee_upfront, currency, lang),
                 yearly=format_money(o.fee_annual, currency, lang), years=o.storage_years)
    else:
        text = t("app.offer.price_package", lang, package=format_money(o.fee_package_price, currency, lang),
                 years=o.storage_years)
    return (t("app.offer.about", lang) if o.approximate else "") + text


def offer_source(o: Offer, lang: str, currency: str) -> str:
    """The caption under a chosen bank's offer: its price and where it comes from."""
    return t("app.offer.source", lang, price=offer_price(o, lang, currency), source=o.source_in(lang))
