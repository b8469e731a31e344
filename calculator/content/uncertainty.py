"""The sensitivity and probabilistic analyses as blocks (a counsellor's terminal draws them:
``sensitivity --format text`` and ``evaluate --psa N --format text``,
:func:`calculator.present.text.blocks_text`): every text and number final here."""

from __future__ import annotations

import math

from calculator.analysis.psa import PROBABILITY_OUTPUTS, PSAResult
from calculator.analysis.sensitivity import (
    FAMILY_USE,
    FEE_PV,
    WORTH_IT_ABOVE,
    SensitivityResult,
    Tornado,
    worth_it,
)
from calculator.content.blocks import Block, Bullets, Column, Heading, Paragraph, Section, Table
from calculator.content.i18n import t
from calculator.content.numbers import format_money, format_one_in
from calculator.content.units import format_parameter
from calculator.content.words import colon
from calculator.inputs.assumptions import Assumptions

#: Rows of each tornado shown in text (the JSON has them all).
TOP_ROWS = 10
#: Probability outputs and the core text key of their label.
_PROB_LABELS = {
    "p_child_use": "text.p_child_use",
    "p_sibling_use": "text.p_sibling_use",
    "p_family_use_private": "text.p_family_use",
    "p_family_use_public": "text.p_family_use_public",
    "expected_patients_helped": "text.patients_helped",
}


def format_value(assumptions: Assumptions, name: str, value: float | None, currency: str, lang: str) -> str:
    """A parameter value with its unit (:func:`calculator.content.units.format_parameter`); analysis
    outputs that are not parameters (``pv_cost_private``, ...) are money."""
    if value is None or not math.isfinite(value):
        return t("uncertainty.none_found", lang)
    unit = assumptions[name].unit if name in assumptions else currency
    return format_parameter(value, unit, lang, currency)


def _label(assumptions: Assumptions, name: str, lang: str) -> str:
    return assumptions[name].label_in(lang) if name in assumptions else name


def tornado_blocks(tornado: Tornado, assumptions: Assumptions, currency: str, lang: str,
                   top: int = TOP_ROWS) -> list[Block]:
    """The rows of one tornado with a non-zero swing, largest first: each parameter, and under
    it its low and high values with the result at each (and where the verdict flips)."""
    key = "uncertainty.tornado_nmb" if tornado.output == "nmb_vs_public" else "uncertainty.tornado_cpu"
    blocks: list[Block] = [Heading(t(key, lang, currency=currency, base=tornado.base) + ("\uff1a" if lang == "zh" else ":"))]
    moving = [r for r in tornado.rows if r.swing > 0]
    for r in moving[:top]:
        def v(x: float, name: str = r.name) -> str:
            return format_value(assumptions, name, x, currency, lang)

        values = t("uncertainty.row_values", lang, low=v(r.low_value), high=v(r.high_value),
                   out_low=format_money(r.output_low, currency, lang),
                   out_high=format_money(r.output_high, currency, lang))
        if r.flip_value is not None:
            values += ("\uff1b" if lang == "zh" else "; ") + t("uncertainty.flips_at", lang, value=v(r.flip_value))
        blocks += [Bullets((_label(assumptions, r.name, lang),)), Bullets((values,), plain=True, level=2)]
    rest = []
    if len(moving) > top:
        rest.append(t("uncertainty.more", lang, n=len(moving) - top))
    still = len(tornado.rows) - len(moving)
    if still:
        rest.append(t("uncertainty.unchanged", lang, n=still))
    return blocks + ([Bullets(tuple(rest), plain=True)] if rest else [])


def sensitivity_section(sens: SensitivityResult, assumptions: Assumptions, currency: str,
                        lang: str = "en", every: int = 4) -> Section:
    """The tornado (NMB and cost per family use), the two-way break-even line (every
    ``every``-th point) and the thresholds."""
    base = sens.tornado_nmb.base
    verdict = "uncertainty.worth_it" if bool(worth_it(base)) else "uncertainty.not_worth_it"
    title = t("uncertainty.title", lang)
    blocks: list[Block] = [Heading(title, level=1),
                           Paragraph(t("uncertainty.base", lang, currency=currency, nmb=base, verdict=verdict)),
                           Paragraph(t("uncertainty.tornado_intro", lang))]
    blocks += tornado_blocks(sens.tornado_nmb, assumptions, currency, lang)
    blocks += tornado_blocks(sens.tornado_cost_per_use, assumptions, currency, lang)

    # the language's colon; a break-even point reads "chance → fee" in Chinese (two colons in one line read badly)
    colon, sep = ("\uff1a", " → ") if lang == "zh" else (":", ": ")
    tw = sens.two_way
    default_axes = tw.x_name == FAMILY_USE and tw.y_name == FEE_PV
    if default_axes:
        blocks.append(Heading(t("uncertainty.two_way_title", lang) + colon))
    else:
        blocks.append(Heading(t("uncertainty.two_way_line_param", lang, x=_label(assumptions, tw.x_name, lang),
                                y=_label(assumptions, tw.y_name, lang))))
    if not tw.break_even:
        blocks.append(Bullets((t("uncertainty.two_way_none", lang),), plain=True))
    else:
        if default_axes:
            side = "uncertainty.side_above" if tw.direction == WORTH_IT_ABOVE else "uncertainty.side_below"
            blocks.append(Bullets((t("uncertainty.two_way_line", lang, side=side),), plain=True))
        pts = tw.break_even[::every]
        if tw.break_even[-1] not in pts:
            pts.append(tw.break_even[-1])
        if default_axes:
            points = [f"{t('uncertainty.at_chance', lang, p=x)}{sep}{format_money(y, currency, lang)}" for x, y in pts]
        else:
            points = [f"{format_value(assumptions, tw.x_name, x, currency, lang)}{sep}"
                      f"{format_value(assumptions, tw.y_name, y, currency, lang)}" for x, y in pts]
        blocks.append(Bullets(tuple(points), plain=True, level=1))

    blocks.append(Heading(t("uncertainty.thresholds_title", lang) + colon))
    rows = []
    for th in sens.thresholds:
        side = "uncertainty.side_above" if th.direction == WORTH_IT_ABOVE else "uncertainty.side_below"
        within = "uncertainty.within" if th.within_range else "uncertainty.outside"
        if th.name == "max_fee_pv":
            label = t("uncertainty.th_max_fee", lang)
            value, b = (format_money(x, currency, lang) if x is not None else None for x in (th.value, th.base_value))
        elif th.name == "min_p_family_use":
            label = t("uncertainty.th_min_p", lang)
            value = format_one_in(th.value, lang) if th.value is not None else None
            b = format_one_in(th.base_value, lang)
        else:
            label = _label(assumptions, th.name, lang)
            value = format_value(assumptions, th.name, th.value, currency, lang)
            b = format_value(assumptions, th.name, th.base_value, currency, lang)
        if value is None:
            rows.append(f"{label}{sep}{t('text.not_reachable', lang)}")
        else:
            rows.append(t("uncertainty.th_row", lang, label=label, side=side, value=value, base=b, within=within))
    blocks.append(Bullets(tuple(rows)))
    return Section("sensitivity", title, tuple(blocks))


def psa_section(psa: PSAResult, currency: str, lang: str = "en") -> Section:
    """The PSA for parents and counsellors: each chance as a natural-frequency interval,
    NMB and cost per use with their 95 % intervals, the chance private storage is worth it
    and the EVPI."""
    title = t("uncertainty.psa_title", lang, n=psa.n, seed=psa.seed)
    rows: list[tuple[str, str]] = []
    for name in PROBABILITY_OUTPUTS:
        s = psa.summary[name]
        rows.append((t(_PROB_LABELS[name], lang), t("uncertainty.psa_interval", lang, r=(s["p2_5"], s["p97_5"]))))
    for name, key in (("nmb_vs_public", "text.nmb"), ("cost_per_family_use", "text.cost_per_use")):
        s = psa.summary[name]
        rows.append((t(key, lang), t("uncertainty.psa_money", lang, currency=currency, mean=s["mean"],
                                     low=s["p2_5"], high=s["p97_5"])))
    rows.append((t("uncertainty.psa_prob", lang, currency=currency, wtp=psa.wtp),
                 f"{100 * psa.prob_private_cost_effective:.1f}%"))
    rows.append((t("uncertainty.psa_evpi", lang), format_money(psa.evpi, currency, lang)))
    table = Table((Column(""), Column("", "text")), tuple(rows), colon=colon(lang))
    return Section("psa", title, (Heading(title), table, Paragraph(t("uncertainty.psa_note", lang), role="caption")))
