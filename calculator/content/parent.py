"""The parents' document: one builder per section, and :data:`SECTIONS`, the ordered
registry of the sections every medium shows (adding a section is one line there).

The web page, the PDF and the command line draw these sections; the page folds some of them
(``Section.folded``) and builds a folded section only when it is opened."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from calculator.analysis.results import Results
from calculator.content import common, report
from calculator.content.blocks import Bullets, Chart, Document, Heading, Paragraph, Section, SideBySide
from calculator.content.chart_spec import cost_spec, value_spec
from calculator.content.icons import DENOMINATOR, frequency_rows, icon_caption
from calculator.content.numbers import (
    format_frequency,
    format_frequency_range,
    is_fixed_range,
)
from calculator.content.page_charts import age_spec, cpu_spec, icon_spec
from calculator.content.words import Words

#: The PSA's 95 % ranges of the chances, by output (``p2_5``, ``p97_5``).
Ranges = Mapping[str, tuple[float, float]]
#: The PSA output of each frequency row (its uncertainty range is shown beside it).
PSA_OUTPUT_OF_ROW = {
    "private_family_use": "p_family_use_private",
    "public_helps": "expected_patients_helped",
    "public_family_use": "p_family_use_public",
}


frequency = common.frequency
fee_text = common.fee_text
next_steps = common.next_steps  # one builder for the page, the PDF and both audiences


# --------------------------------------------------------------------------- first screen
def headline(res: Results, w: Words, ranges: Ranges) -> Section:
    """The one main number with its range, the cost, donating (under the verdict)."""
    years = res.horizon_years
    pr, pu = res.strategies["private"], res.strategies["public"]
    low, high = ranges[PSA_OUTPUT_OF_ROW["private_family_use"]]
    if is_fixed_range(low, high):
        main = w("app.parent.main_number_fixed", freq=frequency(pr.p_family_use, w), years=years)
    else:
        main = w("app.parent.main_number", freq=frequency(pr.p_family_use, w), years=years,
                 range=format_frequency_range(low, high, pr.p_family_use, w.lang, "family_like_yours"))
    lines = [main, w("app.parent.cost", nominal=pr.nominal_cost, years=years),
             w("app.parent.donate", helped=frequency(pu.expected_patients_helped, w, "donated_unit"), years=years)]
    if "directed" in res.strategies:
        lines.append(w("app.parent.directed", fee=fee_text(res.strategies["directed"].nominal_cost, w)))
    # the two terms the page uses without a definition, explained where they first appear
    return Section("headline", "", (Bullets(tuple(lines)), Paragraph(w("app.access.terms"), role="caption")))


# --------------------------------------------------------------------------- when it makes sense
def when_it_makes_sense(res: Results, w: Words, with_hla: bool = True) -> Section:
    """The source's three pieces of advice; both HLA cases side by side when the match is unknown
    (``with_hla``; the PDF prints them in their own section, before the numbers)."""
    licensed = "licensed" if res.region == "cn" else "licensed_us"  # the licence of the family's region
    blocks: list = [Paragraph(w("app.when.intro"), role="caption"),
                    Bullets(tuple(w("app.when." + k) for k in ("donate", "private", licensed)), ordered=True)]
    sick = [r for r in res.relatives if r.condition != "none" and not r.planned]
    if res.conditional is None:
        blocks.append(Paragraph(w("app.when.yours_some" if sick else "app.when.yours_none"), role="caption"))
        return Section("when", w("app.when.header"), tuple(blocks))
    if not with_hla:
        return Section("when", w("app.when.header"), tuple(blocks))
    hla = common.hla_answers(res, w, "parent")
    assert hla is not None
    blocks += [Heading(hla.title, level=0), *hla.blocks]
    return Section("when", w("app.when.header"), tuple(blocks))


# --------------------------------------------------------------------------- pictures
def frequencies(res: Results, w: Words, ranges: Ranges) -> Section:
    """One denominator, one horizon, every option: icon arrays with counts and ranges."""
    years = res.horizon_years
    panels = []
    for row in frequency_rows(res):
        noun = "donated_unit" if row.key == "public_helps" else "family"
        text = w("app.freq.count", freq=frequency(row.p, w, noun))
        low, high = ranges[PSA_OUTPUT_OF_ROW[row.key]]
        if not is_fixed_range(low, high):  # a number the analysis does not vary has no range
            text += w("app.freq.range", range=format_frequency_range(low, high, row.p, w.lang, noun))
        caption = icon_caption(row.p, years=years, lang=w.lang, denominator=DENOMINATOR)
        icons = Chart("icon_array", icon_spec(row, lang=w.lang, denominator=DENOMINATOR), caption, key=f"icons_{row.key}")
        panels.append((icons, Paragraph(caption, role="caption"), Paragraph(text)))
    counts = family_counts(res, w)
    return Section("frequencies", w("app.freq.header", years=years), (
        Paragraph(w("app.freq.intro", years=years), role="caption"),
        SideBySide(tuple(panels), boxed=False),
        Bullets((counts["child"], counts["relative"], w("app.freq.none"))),
    ))


def family_counts(res: Results, w: Words) -> dict[str, str]:
    """The counts of families beside every picture of frequencies, in words, for the page and
    the parents' PDF (the pictures differ by design: three arrays on the page, two grouped ones in
    the PDF): the baby uses its own unit, a relative uses it (the model's chance of that route,
    never a difference of two chances, whose rounding residue read 'about 1 in
    240,000,000,000,000,000 families'), the donated unit helps a patient, the family uses the
    unit it donated."""
    pr, pu = res.strategies["private"], res.strategies["public"]
    p_relative = pr.p_relative_use if pr.p_relative_use is not None else pr.p_sibling_use
    return {"child": w("app.freq.child", freq=format_frequency(pr.p_child_use, w.lang, "family")),
            "relative": w("app.freq.sibling", freq=format_frequency(p_relative, w.lang, "family")),
            "helped": w("report.legend_helped_plain",
                        freq=format_frequency(pu.expected_patients_helped or 0.0, w.lang, "family")),
            "family_back": w("report.legend_family_back_plain", freq=format_frequency(pu.p_family_use, w.lang, "family"))}


def money_and_time_words(res: Results, w: Words) -> Section:
    """Money and time in words: what each of its three charts says (the total paid and its value
    in today's money, how the chance of use builds up with age, the cost per family use), the
    charts' own captions (:func:`money_and_time`). The page shows these while the charts are
    folded: building the charts' specs (a worded point for every year) is left until they are
    opened."""
    pr = res.strategies["private"]
    cost_caption = w("app.charts.cost_caption", nominal=pr.nominal_cost, pv=pr.pv_cost, rate=res.parameters["discount_rate"])
    cpu_caption = (w("app.charts.cpu_caption", cpu=res.cost_per_family_use) if res.cost_per_family_use is not None
                   else w("app.charts.cpu_none"))
    return Section("money_and_time", w("app.charts.header"), (Bullets((cost_caption, w("app.charts.age_caption"), cpu_caption)),))


def money_and_time(res: Results, w: Words) -> Section:
    """Cost over the contract, chance of use by age, cost per family use (charts with captions:
    :func:`money_and_time_words`)."""
    cur, lang = w.currency, w.lang
    pr = res.strategies["private"]
    captions = money_and_time_words(res, w).blocks[0]
    assert isinstance(captions, Bullets)
    cost_caption, age_caption, cpu_caption = captions.items
    cost = Chart("chart", cost_spec(res.cost_schedule, currency=cur, lang=lang), cost_caption, key="chart_cost")
    age = Chart("chart", age_spec(res.use_by_age, lang=lang), age_caption, key="chart_age")
    cpu = Chart("chart", cpu_spec(pv_cost=pr.pv_cost, p_family_use=pr.p_family_use, currency=cur, lang=lang), cpu_caption,
                key="chart_cpu")
    return Section("money_and_time", w("app.charts.header"), (
        SideBySide(((cost, Paragraph(cost_caption, role="caption")), (age, Paragraph(age_caption, role="caption"))),
                   boxed=False),
        SideBySide(((cpu, Paragraph(cpu_caption, role="caption")), ()), boxed=False),
    ))


# --------------------------------------------------------------------------- limits
def limits_and_advice(res: Results, w: Words) -> Section:
    """What cord blood can and cannot do, and the advice on choosing a bank: the lists of
    :func:`calculator.content.common.limits` and :func:`~calculator.content.common.bank_advice`
    (the PDF's and the command line's), under the page's titles (that the tool informs and does
    not prescribe is said once, in the page's subtitle)."""
    return Section("limits", w("app.limits.header"), (
        *common.limits(res, w).blocks,
        Heading(w("app.limits.advice"), level=0),
        *common.bank_advice(res, w).blocks,
    ))


# --------------------------------------------------------------------------- for economists
def health_economics(res: Results, w: Words) -> Section:
    """The one section that holds QALYs, the ICER, net monetary benefit, willingness to pay and
    present value, on the page (folded) and in the PDF: its intro, the cost test's reasons, the
    key numbers that are health economics (:func:`calculator.content.report.key_numbers`, with
    their 95 % ranges when ``res.psa`` is set), and the expected-value chart with its caption
    (the caption of that chart in every copy)."""
    blocks: list = [Paragraph(w("app.parent.he_intro"))]
    technical = common.economics_reasons(res, w)
    if technical:
        blocks += [Heading(w("app.parent.he_reasons"), level=0), Bullets(technical)]
    blocks += report.key_numbers(res, w, econ=True).blocks
    caption = value_caption(res, w)
    blocks += [Chart("chart", value_spec(res, w.lang), caption, key="chart_ev"), Paragraph(caption, role="caption")]
    return Section("health_economics", w("app.parent.he_title"), tuple(blocks), folded=True)


def value_caption(res: Results, w: Words) -> str:
    """Under the expected-value chart: averages over families like this one, and net monetary
    benefit at the willingness to pay used."""
    return w("report.value_caption", wtp=res.parameters["wtp_per_qaly"])


def footer(res: Results, w: Words) -> Paragraph:
    """The page's last line: what the tool is, the model's version and review date."""
    return Paragraph(w("app.parent.footer") + "\n\n"
                     + w("text.model_version", version=res.model_version, reviewed=res.assumptions_reviewed.isoformat()),
                     role="caption")


def reasons(res: Results, w: Words) -> Section:
    """Why, in plain words (folded on the page)."""
    s = common.reasons(res, w, "parent")
    return Section(s.key, w("app.parent.reasons"), s.blocks, folded=True)


Builder = Callable[[Results, Words], Section]

#: The parents' sections built from the results alone, in the page's order (the page also
#: builds :func:`headline` and :func:`frequencies`, which need the PSA's ranges, and
#: :func:`money_and_time`). The PDF draws the verdict, the reasons, the limits and the red
#: flags from the same builders (:mod:`calculator.content.common`); the parity test checks
#: every medium carries them.
SECTIONS: tuple[tuple[str, Builder], ...] = (
    ("verdict", common.verdict),
    ("reasons", reasons),
    ("next_steps", next_steps),
    ("when", when_it_makes_sense),
    ("limits", limits_and_advice),
    ("red_flags", lambda res, w: common.red_flags(w)),
    ("health_economics", health_economics),
)


SECTIONS_BY_KEY: dict[str, Builder] = dict(SECTIONS)


def document(res: Results, lang: str) -> Document:
    """The parents' document of ``res`` in ``lang``."""
    w = Words(lang, res.currency)
    return Document("parent", lang, tuple(build(res, w) for _, build in SECTIONS))  # type: ignore[arg-type]
