"""The decision aid's information sections (issue 22), as content blocks.

Each builder takes the language (and the region where the text depends on it) and returns one
:class:`~calculator.content.blocks.Section`: its texts from ``locales/aid.{lang}.yaml``, its
figures from ``calculator/content/aid_sources.yaml`` (:func:`figure`) or from the model's parameters
(the HLA and inheritance chances: ``assumptions/common.yaml``, ``genetics.yaml``), and its
sources at the end. No section advises: they inform; the source's advice stays in the verdict.

The options side by side are in :mod:`calculator.content.decision_aid_options`.
"""

from __future__ import annotations

from typing import Any

from calculator.content.blocks import Block, Bullets, Callout, Chart, Column, Heading, Paragraph, Section, Source, Table
from calculator.content.decision_aid_sources import checked_date, figure, format_date, sources_block
from calculator.content.hla_picture import HlaPicture
from calculator.content.i18n import catalogue, t
from calculator.content.numbers import format_count, format_pct
from calculator.content.units import source_without_label
from calculator.content.words import colon
from calculator.inputs.assumptions import load_region
from calculator.inputs.facts import facts
from calculator.inputs.genetics import load_genetics

#: The English texts of these sections read at this school grade or below (tested).
MAX_GRADE = 8
#: Chinese numerals for a Mendelian "1 in n" ("四分之一").
_ZH_NUMERAL = {2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 8: "八", 10: "十"}


def _items(prefix: str, lang: str, **values: Any) -> tuple[str, ...]:
    """The numbered texts ``prefix.i1``, ``prefix.i2``, ... in file order."""
    keys = [k for k in catalogue(lang) if k.startswith(prefix + ".i")]
    return tuple(t(k, lang, **values) if values else t(k, lang) for k in keys)


def _one_in_whole(p: float, lang: str) -> dict[str, str]:
    """A Mendelian chance (1/4, 1/2) as "1 in 4 (25%)" / "四分之一（25%）": ``n`` and ``pct``."""
    n = round(1 / p)
    if abs(n * p - 1) > 1e-9:
        raise ValueError(f"{p} is not 1 in a whole number")
    return {"n": _ZH_NUMERAL[n] if lang == "zh" else str(n), "pct": format_pct(p, lang)}


def _large_count(x: float, lang: str) -> str:
    """A large count: "330,000" / "33 万" (Chinese counts from 10,000 in 万)."""
    if lang == "zh" and x >= 1e4:
        return f"{x / 1e4:g} 万"
    return format_count(x)


def _parameter_source(name: str, region: str, lang: str) -> Source:
    """A model parameter's citation as a source entry (an assumption says so in its label)."""
    p = load_region(region)[name]
    kind = "assumption" if p.is_assumption else ("derived" if p.source_type == "derived" else "published")
    return Source(label=t(f"aid.kind.{kind}", lang), citation=source_without_label(p.source_in(lang)), url=p.url or "")


def conditions(lang: str) -> Section:
    """What a cord blood transplant can treat (standard), what is research, and what the baby's
    own cells cannot treat; the warning against stem-cell hype."""
    k = "aid.conditions"
    blocks: tuple[Block, ...] = (
        Paragraph(t(f"{k}.intro", lang)),
        Heading(t(f"{k}.standard_h", lang), level=4),
        Bullets(_items(f"{k}.standard", lang)),
        Heading(t(f"{k}.research_h", lang), level=4),
        Bullets(_items(f"{k}.research", lang)),
        Heading(t(f"{k}.own_h", lang), level=4),
        Bullets(_items(f"{k}.own", lang, n=figure("autologous_private_uses_reported"))),
        Callout(t(f"{k}.warning", lang), tone="warning", title=t(f"{k}.warning_title", lang)),
        sources_block(("aap_2017", "acog_771", "nhc_2015_99", "cn_tang_2025", "thornley_2009"), lang),
    )
    return Section(key="aid_conditions", title=t(f"{k}.title", lang), blocks=blocks, folded=True)


def clamping(lang: str) -> Section:
    """Delayed cord clamping and its trade-off with the volume that can be collected."""
    k = "aid.clamping"
    blocks: tuple[Block, ...] = (
        Paragraph(t(f"{k}.what", lang, low=figure("dcc_seconds_low"), high=figure("dcc_seconds_high"))),
        Paragraph(t(f"{k}.trade", lang, to_baby=figure("dcc_share_to_baby_first_minute"),
                    less=figure("dcc_collectable_share_after_one_minute"))),
        Paragraph(t(f"{k}.directed", lang)),
        Callout(t(f"{k}.plan", lang), tone="info"),
        sources_block(("acog_814", "pg_clamping", "acog_771"), lang),
    )
    return Section(key="aid_clamping", title=t(f"{k}.title", lang), blocks=blocks, folded=True)


def where_to_donate(lang: str, region: str) -> Section:
    """Where to donate and the directed-donation programmes, China and the US (the family's
    region first), with the date the lists were checked."""
    k = "aid.donate"
    licensed = facts()["licensed_cord_blood_banks_cn"]
    cn = (Heading(t(f"{k}.cn_h", lang), level=4),
          Bullets(_items(f"{k}.cn", lang, n=(licensed.shown_zh if lang == "zh" else licensed.shown)[0])))
    us = (Heading(t(f"{k}.us_h", lang), level=4),
          Bullets(_items(f"{k}.us", lang, hospitals=figure("us_donation_hospitals_under"),
                         week=figure("us_register_by_week"))))
    blocks: tuple[Block, ...] = (
        *(cn + us if region == "cn" else us + cn),
        Paragraph(t(f"{k}.checked", lang, date=format_date(checked_date(), lang)), role="caption"),
        sources_block(("nhc_2015_99", "cn_beijing_donation", "cn_tang_2025", "cn_directed_assumption",
                       "pg_who_can_donate", "btm_how_to_donate", "btm_sibling", "pg_medical_need"), lang),
    )
    return Section(key="aid_donate", title=t(f"{k}.title", lang), blocks=blocks, folded=True)


def choosing_bank(lang: str) -> Section:
    """A checklist for choosing a bank: licence or accreditation and the contract's terms."""
    k = "aid.bank"
    blocks: tuple[Block, ...] = (
        Paragraph(t(f"{k}.intro", lang)),
        Bullets(_items(f"{k}.items", lang, samples=_large_count(figure("cryo_save_samples"), lang))),
        sources_block(("cn_tang_2025", "pg_accreditation", "fact_list", "cn_howto_store", "pg_cryo_save",
                       "cbs_biobanc", "pg_stability"), lang),
    )
    return Section(key="aid_bank", title=t(f"{k}.title", lang), blocks=blocks, folded=True)


def hla_explained(lang: str, region: str) -> Section:
    """HLA and inheritance: why a full brother or sister matches 1 time in 4 and a parent almost
    never; the chances are the model's own parameters and kinship table."""
    k = "aid.hla"
    params = load_region(region)
    kin = load_genetics().kinship
    c = params["p_hla_identical_one_haplotype"].value

    def by_kin(relation: str) -> float:
        return kin[relation].one_haplotype * c

    chances = (
        t(f"{k}.sibling", lang, **_one_in_whole(params["p_hla_identical_sibling"].value, lang)),
        t(f"{k}.parent", lang, p=by_kin("parent")),
        t(f"{k}.half_sibling", lang, p=by_kin("half_sibling")),
        t(f"{k}.grandparent", lang, p=by_kin("grandparent")),
        t(f"{k}.cousin", lang, p=by_kin("first_cousin")),
        t(f"{k}.unrelated", lang),
    )
    full, half, none = (t(f"{k}.{x}", lang) for x in ("full", "half", "none"))
    table = Table(
        columns=(Column(t(f"{k}.col_baby", lang)), Column(t(f"{k}.col_match", lang))),
        rows=(("a + c", full), ("a + d", half), ("b + c", half), ("b + d", none)),
        caption=t(f"{k}.table_caption", lang), colon=colon(lang),
    )
    picture = Chart(kind="hla_inheritance", key="hla_inheritance", alt=t(f"{k}.table_caption", lang), table=table,
                    spec=HlaPicture(mother=t(f"{k}.mother", lang), father=t(f"{k}.father", lang),
                                    children=(full, half, half, none), sick_child=t(f"{k}.sick_child", lang)))
    blocks: tuple[Block, ...] = (
        Paragraph(t(f"{k}.what", lang)),
        Paragraph(t(f"{k}.how", lang)),
        picture,
        Heading(t(f"{k}.chances_h", lang), level=4),
        Bullets(chances),
        Paragraph(t(f"{k}.disease", lang, **_one_in_whole(params["p_affected_if_both_carriers"].value, lang))),
        sources_block((), lang, extra=tuple(
            _parameter_source(n, region, lang)
            for n in ("p_hla_identical_sibling", "p_hla_identical_one_haplotype", "p_affected_if_both_carriers"))),
    )
    return Section(key="aid_hla", title=t(f"{k}.title", lang), blocks=blocks, folded=True)


def testing(lang: str) -> Section:
    """The tests: HLA typing and prenatal diagnosis, when, how long, what they cost."""
    k = "aid.testing"
    blocks: tuple[Block, ...] = (
        Bullets((
            t(f"{k}.hla", lang),
            t(f"{k}.prenatal", lang, cvs_low=figure("cvs_week_low"), cvs_high=figure("cvs_week_high"),
              amnio=figure("amnio_after_week")),
            t(f"{k}.risk", lang, risk=1 / figure("amnio_miscarriage_one_in")),
            t(f"{k}.time", lang, weeks=figure("prenatal_result_weeks")),
        )),
        Paragraph(t(f"{k}.cost", lang), role="assumption"),
        sources_block(("nmdp_cord_typing", "urmc_prenatal", "soft_prenatal", "test_cost_assumption"), lang),
    )
    return Section(key="aid_testing", title=t(f"{k}.title", lang), blocks=blocks, folded=True)


def timeline(lang: str) -> Section:
    """When to decide: the steps from early pregnancy to after the birth."""
    k = "aid.timeline"
    steps = _items(f"{k}.steps", lang, week_contact=figure("us_bethematch_from_week"),
                   week_register=figure("us_register_by_week"), days=figure("cn_result_working_days"))
    blocks: tuple[Block, ...] = (
        Paragraph(t(f"{k}.intro", lang)),
        Bullets(steps, ordered=True),
        sources_block(("btm_how_to_donate", "cn_howto_store", "pg_who_can_donate", "acog_814",
                       "cn_beijing_donation"), lang),
    )
    return Section(key="aid_timeline", title=t(f"{k}.title", lang), blocks=blocks, folded=True)


def about_tool(lang: str, region: str) -> Section:
    """About this tool: authors, funding and conflicts, evidence dates, update policy."""
    k = "aid.about"
    params = load_region(region).parameters.values()
    oldest = min(p.reviewed for p in params)
    newest = max(p.reviewed for p in params)
    blocks: tuple[Block, ...] = (
        Bullets((
            t(f"{k}.authors", lang),
            t(f"{k}.funding", lang),
            t(f"{k}.evidence", lang, oldest=format_date(oldest, lang), newest=format_date(newest, lang),
              checked=format_date(checked_date(), lang)),
            t(f"{k}.updates", lang),
            t(f"{k}.readability", lang, grade=MAX_GRADE),
        )),
        Paragraph(t(f"{k}.not_advice", lang)),
    )
    return Section(key="aid_about", title=t(f"{k}.title", lang), blocks=blocks, folded=True)


def information_sections(lang: str, region: str) -> tuple[Section, ...]:
    """All information sections in reading order."""
    return (conditions(lang), clamping(lang), where_to_donate(lang, region), choosing_bank(lang),
            hla_explained(lang, region), testing(lang), timeline(lang), about_tool(lang, region))
