"""Lists the CLI text, the app and the PDF all show: the key numbers (which, in which
order, formatted how, with which PSA output gives their 95 % range), the red flags of
a private bank's sales pitch, and the advice on choosing a bank."""

from __future__ import annotations

from dataclasses import dataclass

from calculator.analysis.results import RelativeDetail, Results
from calculator.content.i18n import t
from calculator.content.numbers import format_money, format_one_in, format_one_in_range, format_qaly

#: Warning signs in a private bank's sales pitch (``red_flag.<key>``), in the order shown.
RED_FLAGS = ("anti_ageing", "online_testimonials", "no_risk", "unregistered_trial", "no_consent", "unlicensed")
#: How to choose a licensed bank (``advice.<key>``); directed donation only when advised.
BANK_ADVICE = ("licensed_bank_cn", "licensed_bank_us", "check_bank", "directed_donation")


@dataclass(frozen=True)
class KeyNumber:
    """One key number: ``label`` and ``value`` as shown; ``psa_key`` is the PSA summary
    output giving its 95 % range (None: not varied); ``kind`` says how to format that
    range (``one_in``, ``money`` or ``qaly``)."""

    label: str
    value: str
    psa_key: str | None
    kind: str | None


def money_text(x: float | None, currency: str, lang: str) -> str:
    """An amount, or "not reachable" for None."""
    return t("text.not_reachable", lang) if x is None else format_money(x, currency, lang)


def key_numbers(res: Results, lang: str) -> list[KeyNumber]:
    """The key numbers of the verdict, in order (CLI text, PDF)."""
    cur = res.currency
    pr, pu = res.strategies["private"], res.strategies["public"]
    cmp_ = res.comparisons["private_vs_public"]
    th = res.thresholds

    def T(key: str) -> str:
        return t(key, lang, currency=cur)

    def money(x: float | None) -> str:
        return money_text(x, cur, lang)

    def one_in(p: float | None) -> str:
        return format_one_in(p, lang)

    return [
        KeyNumber(T("text.p_child_use"), one_in(pr.p_child_use), "p_child_use", "one_in"),
        KeyNumber(T("text.p_sibling_use"), one_in(pr.p_sibling_use), "p_sibling_use", "one_in"),
        *([KeyNumber(T("text.p_relative_use"), one_in(pr.p_relative_use), None, None)]
          if pr.p_relative_use is not None and pr.p_relative_use != pr.p_sibling_use else []),
        KeyNumber(T("text.p_family_use"), one_in(pr.p_family_use), "p_family_use_private", "one_in"),
        KeyNumber(T("text.p_family_use_public"), one_in(pu.p_family_use), "p_family_use_public", "one_in"),
        KeyNumber(T("text.patients_helped"), one_in(pu.expected_patients_helped), "expected_patients_helped", "one_in"),
        KeyNumber(T("text.nominal_cost"), money(pr.nominal_cost), "nominal_cost_private", "money"),
        KeyNumber(T("text.pv_cost"), money(pr.pv_cost), "pv_cost_private", "money"),
        KeyNumber(T("text.cost_per_use"), money(res.cost_per_family_use), "cost_per_family_use", "money"),
        KeyNumber(T("text.qaly_gain"), format_qaly(cmp_.delta_qaly, lang), "delta_qaly_vs_public", "qaly"),
        KeyNumber(T("text.icer"), money(cmp_.icer) if cmp_.icer is not None else T("text.dominated"), None, None),
        KeyNumber(T("text.nmb"), money(cmp_.nmb), "nmb_vs_public", "money"),
        KeyNumber(T("text.max_fee"), money(th.max_fee_pv), None, None),
        KeyNumber(T("text.min_p"), one_in(th.min_p_family_use) if th.min_p_family_use is not None
                  else T("text.not_reachable"), None, None),
    ]


def format_range(kind: str, low: float, high: float, currency: str, lang: str) -> str:
    """A 95 % range "low to high" formatted as the number beside it (``KeyNumber.kind``)."""
    if kind == "one_in":
        return format_one_in_range(low, high, lang)
    fmt = {"money": lambda x: money_text(x, currency, lang), "qaly": lambda x: format_qaly(x, lang)}[kind]
    return t("report.range_text", lang, currency=currency, low=fmt(low), high=fmt(high))


def weight_text(d: RelativeDetail, lang: str) -> str:
    """A relative's weight as modelled, marked as assumed when it was not entered."""
    key = {"entered": "text.weight_entered", "age": "text.weight_assumed_age",
           "adult": "text.weight_assumed_adult"}.get(d.weight_basis, "text.weight_assumed_child")
    return t(key, lang, kg=d.weight_used_kg)


def years_text(d: RelativeDetail, lang: str) -> str:
    """When a known sick relative's transplant is expected, marked as assumed when not entered
    (empty for a relative without a known disease)."""
    if d.years_to_transplant is None:
        return ""
    return t("text.years_assumed" if d.years_assumed else "text.years_entered", lang, t=d.years_to_transplant)


def planned_not_entered(res: Results) -> bool:
    """The family was listed but the number of planned children was not entered (counted as 0)."""
    return res.scenario.family_listed and res.scenario.planned_children is None
