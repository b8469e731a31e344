"""Parameter values with their units, as people read them, in both languages.

One formatter for the app, the command line and the PDF: chances below 1 % as natural
frequencies ("about 1 in 7,100"), other shares as percentages, money in the region's
currency, cell counts in scientific notation, the rest with their unit word.
"""

from __future__ import annotations

import math
import re

from calculator.content.i18n import t
from calculator.content.numbers import RANGE_MARK, format_money, format_one_in, format_one_in_range, format_pct, plain_number

#: Units whose values are shares of 1.
SHARE_UNITS = ("probability", "fraction", "per year", "probability per year")


def format_sci(x: float) -> str:
    """``7e8`` -> ``"7 × 10^8"`` (two significant figures)."""
    if x == 0:
        return "0"
    e = int(math.floor(math.log10(abs(x))))
    return f"{x / 10 ** e:.2g} × 10^{e}"


def format_parameter(value: float | None, unit: str, lang: str, currency: str) -> str:
    """A parameter value with its unit (``unit`` as written in ``assumptions/``)."""
    if value is None or not math.isfinite(value):
        return t("text.not_reachable", lang)
    if unit in SHARE_UNITS:
        if unit == "probability" and 0 < value < 0.01:  # the style of its range too
            return format_one_in(value, lang)
        text = format_pct(value, lang)
        return t("unit.value.per_year", lang, x=text) if unit in ("per year", "probability per year") else text
    if unit == "utility":
        return f"{value:.2f}"
    if unit in ("CNY", "USD"):
        return format_money(value, unit, lang)
    if unit.endswith(" per year"):
        return t("unit.value.per_year", lang, x=format_money(value, unit.split()[0], lang))
    if unit.endswith("/QALY"):
        return t("unit.value.per_qaly", lang, x=format_money(value, unit.split("/")[0], lang))
    if unit == "years":
        return t("unit.value.years", lang, n=value)
    if unit == "kg":
        return t("unit.value.kg", lang, n=value)
    if unit == "cells":
        return format_sci(value)
    if unit == "cells/kg":
        return t("unit.value.per_kg", lang, x=format_sci(value))
    if unit == "count":
        return t("unit.value.count", lang, n=value)
    return f"{value:.3g}"


def parameter_value(value: float, unit: str, lang: str, currency: str) -> str:
    """A parameter value as people read it, small chances also as the decimal a counsellor
    types, never in exponent form ("0.00005 (about 1 in 20,000)"): the parameter editor, the
    thresholds and the parents' page's sources."""
    text = format_parameter(value, unit, lang, currency)
    if unit == "probability" and 0 < value < 0.01:
        return f"{plain_number(value)}\uff08{text}\uff09" if lang == "zh" else f"{plain_number(value)} ({text})"
    return text


def unit_name(unit: str, lang: str, currency: str | None = None) -> str:
    """The unit itself as a word for labels ("probability" / "概率", "CNY per year" / "元/年")."""
    key = "unit.name." + unit.replace(" ", "_").replace("/", "_per_")
    for cur in ("CNY", "USD"):
        key = key.replace(cur, "currency")
    return t(key, lang, currency=currency or "CNY", cur=t(f"unit.currency.{currency or _currency_of(unit)}", lang))


def _currency_of(unit: str) -> str:
    return "USD" if unit.startswith("USD") else "CNY"


#: How a source note that is an assumption may begin (the sources' own words, both languages).
_ASSUMPTION_LEAD = re.compile(r"^\s*(?:Assumption|假设)\s*[:：]\s*", re.IGNORECASE)


def source_without_label(source: str) -> str:
    """A source note without its leading "Assumption:" / "假设：": the page and the PDF put
    their own label before it, so it is never said twice ("假设: 假设：")."""
    return _ASSUMPTION_LEAD.sub("", source, count=1)


def format_parameter_range(low: float | None, high: float | None, unit: str, lang: str, currency: str) -> str:
    """A parameter's plausible range in one style with one range mark: chances below 1 % as
    :func:`calculator.content.numbers.format_one_in_range` ("约万分之 0.5～4"), other shares
    both as percentages ("0.37%～4.8%" / "0.37% to 4.8%"), the rest "low～high" / "low to high"."""
    if unit == "probability" and low is not None and high is not None and math.isfinite(low) \
            and math.isfinite(high) and max(low, high) < 0.01:
        return format_one_in_range(low, high, lang)
    if unit in SHARE_UNITS and unit not in ("per year", "probability per year"):
        a, b = format_pct(low, lang), format_pct(high, lang)
    else:
        a, b = (format_parameter(x, unit, lang, currency) for x in (low, high))
    return f"{a}{RANGE_MARK[lang]}{b}"


def parameter_entries(region: str, lang: str) -> list[list[str]]:
    """Every parameter of ``region`` for the command line's list (``params --format text``):
    per parameter its lines (name, value and unit; label; range and distribution; source;
    date reviewed), in ``lang``. Values as the model reads them, never in exponent form."""
    from calculator.inputs.assumptions import load_region

    a = load_region(region)
    out = []
    for p in a.parameters.values():
        dist = ", ".join(f"{k}={plain_number(v, 6) if isinstance(v, float) else v}"
                         for k, v in p.distribution.model_dump(by_alias=True).items())
        word = t("source_type.assumption", lang)
        tag = "" if not p.is_assumption else f"\uff08{word}\uff09" if lang == "zh" else f" ({word})"
        out.append([
            t("params.value", lang, name=p.name, value=plain_number(p.value, 6), unit=unit_name(p.unit, lang, a.currency), tag=tag),
            p.label_in(lang),
            t("params.range", lang, low=plain_number(p.low, 6), high=plain_number(p.high, 6), dist=dist),
            t("params.source", lang, source=p.source_in(lang) + (f" {p.url}" if p.url else "")),
            t("params.reviewed", lang, date=p.reviewed.isoformat()),
        ])
    return out
