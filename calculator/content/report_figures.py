"""The printed report's picture sections as blocks: the natural frequencies (two icon arrays
with their legends), the value and cost charts and the counsellor's uncertainty charts (the
parents' health economics is the page's section, :func:`calculator.content.parent.health_economics`).
Every title, legend and caption is built here; the PDF (:mod:`calculator.present.pdf.figures`)
draws the icons and places the chart images.

A chart block's ``kind`` names the report's chart (:data:`calculator.present.pdf.charts.CHARTS`);
an ``icon_groups`` chart's spec is its coloured groups (:class:`calculator.content.icons.IconGroup`),
and the legend under it names each group in order, then the families left uncoloured."""

from __future__ import annotations

from calculator.analysis.results import Results
from calculator.content import counsellor_analyses, parent
from calculator.content.blocks import Block, Bullets, Chart, Heading, Paragraph, Section, SideBySide
from calculator.content.chart_spec import uncertainty_pair
from calculator.content.icons import DENOMINATOR, IconGroup, icon_groups
from calculator.content.numbers import format_frequency, format_one_in_range, is_fixed_range
from calculator.content.report import psa_range
from calculator.content.words import Words


def _count_range(res: Results, w: Words, key: str) -> str:
    """"; 95% range about 1 in a to 1 in b" from the PSA (both ends in one style, as the
    chance beside it), or "" without a PSA or when the analysis keeps it fixed."""
    r = psa_range(res, key)
    if r is None or is_fixed_range(*r):
        return ""
    return w.sep("semi") + w("report.col_range") + " " + format_one_in_range(r[0], r[1], w.lang)


def frequencies(res: Results, w: Words, audience: str) -> Section:
    """Private and public storage as two icon arrays of 10,000 families, each with its legend
    (parents: whole families, as in the table and on the page; counsellors: the chance with its
    95 % range)."""
    pr, pu = res.strategies["private"], res.strategies["public"]
    years = res.horizon_years
    p_child = pr.p_child_use or 0.0
    # private: child and sibling routes share the family-use total (routes can overlap)
    private = icon_groups([("child", p_child), ("sibling", max(0.0, pr.p_family_use - p_child))])
    public = icon_groups([("helped", pu.expected_patients_helped or 0.0), ("family_back", pu.p_family_use)])

    def unused(groups: list[IconGroup]) -> str:  # the families left uncoloured, rounded as every family count
        return format_frequency(1.0 - sum(g.count for g in groups) / DENOMINATOR, w.lang, "family")

    if audience == "parent":  # the page's counts and words (the squares are whole families)
        counts = parent.family_counts(res, w)
        legend_private = (counts["child"], counts["relative"])
        legend_public = (counts["helped"], counts["family_back"])
    else:
        legend_private = (w("report.legend_child", p=p_child, range=_count_range(res, w, "p_child_use")),
                          w("report.legend_sibling", p=pr.p_sibling_use or 0.0, range=_count_range(res, w, "p_sibling_use")))
        legend_public = (w("report.legend_helped", p=pu.expected_patients_helped or 0.0,
                           range=_count_range(res, w, "expected_patients_helped")),
                         w("report.legend_family_back", p=pu.p_family_use, range=_count_range(res, w, "p_family_use_public")))
    panels = []
    for title, groups, legend, rest in (
            ("report.icon_private", private, legend_private, "report.legend_private_unused"),
            ("report.icon_public", public, legend_public, "report.legend_public_unused")):
        items = (*legend, w(rest, freq=unused(groups)))
        panels.append((Heading(w(title), level=0), Chart("icon_groups", tuple(groups), " ".join(items)), Bullets(items)))
    return Section("frequencies", w("report.h_frequencies", years=years), (
        Paragraph(w("report.freq_intro", years=years)), SideBySide(tuple(panels), boxed=False)))


def value_and_cost(res: Results, w: Words, audience: str) -> Section:
    """Counsellor: the expected-value chart beside the cost chart, one caption under both.
    Parents: the cost chart beside the words on cost (the expected value is in the
    health-economics section)."""
    pr = res.strategies["private"]
    key = "reason.cost" if audience == "counsellor" else "report.cost_plain"
    cost_words = w(key, pv=pr.pv_cost, nominal=pr.nominal_cost, cpu=res.cost_per_family_use, years=res.horizon_years)
    if audience == "counsellor":
        value_caption = parent.value_caption(res, w)
        panels = ((Heading(w("report.h_value"), level=0), Chart("value", None, value_caption)),
                  (Heading(w("report.h_cost"), level=0), Chart("cost", None, cost_words)))
        return Section("value_cost", w("report.h_value_cost"), (
            SideBySide(panels, boxed=False), Paragraph(value_caption + w.sep("space") + cost_words, role="caption")))
    return Section("value_cost", w("report.h_cost"), (Chart("cost", None, cost_words), Paragraph(cost_words)))


def uncertainty(res: Results, w: Words, has_tornado: bool) -> Section:
    """The tornado with its caption (when the sensitivity analysis ran), the acceptability
    curve with its caption (when the PSA ran), or a line saying neither ran."""
    has_ceac = res.psa is not None and bool(res.psa.ceac)
    title = w("report.h_uncertainty")
    if not has_tornado and not has_ceac:
        return Section("uncertainty", title, (Paragraph(w("report.uncertainty_missing"), role="caption"),))
    blocks: list[Block] = []
    if has_tornado:
        caption = counsellor_analyses.tornado_text(w)
        blocks += [Chart("tornado", None, caption), Paragraph(caption, role="caption")]
    if has_ceac:
        caption = counsellor_analyses.ceac_text(uncertainty_pair(res).versus, w)
        blocks += [Chart("ceac", None, caption), Paragraph(caption)]
    return Section("uncertainty", title, tuple(blocks))
