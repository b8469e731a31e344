"""The PDF summary for families and counsellors (A4, Chinese or English): :func:`build_pdf` (the
app's download button) and :func:`make_report` (``python -m calculator report``) build the same
document from one :class:`~calculator.analysis.results.Results`; :func:`layout` lists its
sections. Every text comes from the content layer (:mod:`calculator.content`), every number is
formatted there; the font is the vendored Noto Sans CJK SC (:mod:`calculator.present.pdf.cjk_font`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from calculator.analysis.psa import DEFAULT_DRAWS, DEFAULT_SEED
from calculator.analysis.results import Results
from calculator.content.i18n import LANGS
from calculator.inputs.errors import InputError
from calculator.inputs.scenario_schema import Scenario
from calculator.present.pdf.note import check_note

if TYPE_CHECKING:
    from calculator.present.pdf.document import Page

AUDIENCES = ("parent", "counsellor")
#: Pages of the report (tests/present/test_report.py checks it). Measured on 2026-12-03 over six
#: families: the parents' copy 7 pages in Chinese, 8 in English (the decision aid and the sources
#: appendix are about half of it), and the longest note the counsellor may write
#: (pdf/note.py's MAX_NOTE_CHARS) adds a page to the English copy; the counsellor's 5-6 pages.
PAGE_BUDGET = {"parent": (3, 9), "counsellor": (4, 8)}
#: Draws and seed of the PSA behind the report's 95 % ranges: the same defaults as the app
#: and ``evaluate --psa``, so every place prints the same ranges.
PSA_DRAWS = DEFAULT_DRAWS
PSA_SEED = DEFAULT_SEED

#: The last page must use at least this share of its height; otherwise the report is laid
#: out again more compactly (sources' leading, then the icon arrays and the tornado). Issue 24:
#: a last page under about 30 % reads as near-empty (tests/present/test_pdf_pages.py checks 25 %).
MIN_LAST_PAGE = 0.30


def render(p: Page) -> bytes:
    """The PDF bytes of :func:`layout`, without a near-empty last page: below :data:`MIN_LAST_PAGE`
    it is laid out again more compactly (``Page.compact`` 1, then 2), keeping the fewest pages
    and then the fullest last page; and again with the full font when the subset lacked a
    character it printed (:func:`lacks_glyphs`)."""
    from calculator.present.pdf.document import Page
    from calculator.present.pdf.page_style import FONT_PATH

    best: tuple[tuple[int, float], bytes] | None = None
    while True:
        layout(p)
        pdf = p.pdf
        if lacks_glyphs(p):
            p = Page(p.res, p.lang, p.audience, p.note, p.today, compact=p.compact, font_path=FONT_PATH,
                     charts=p.charts, family=p.family, offer2=p.offer2)
            continue
        used = pdf.get_y() / pdf.h
        if pdf.page_no() == 1 or used >= MIN_LAST_PAGE:
            return bytes(pdf.output())
        # a more compact layout is not always better (a remnant can move back and leave a
        # smaller one): keep the best so far, fewest pages first, then the fuller last page
        score = (-pdf.page_no(), used)
        if best is None or score > best[0]:
            best = (score, bytes(pdf.output()))
        if p.compact >= 2:
            return best[1]
        p = Page(p.res, p.lang, p.audience, p.note, p.today, compact=p.compact + 1, font_path=p.font_path,
                 charts=p.charts, family=p.family, offer2=p.offer2)


def lacks_glyphs(p: Page) -> bool:
    """True when ``p`` was laid out with the font subset and printed a character that the
    subset lacks and the full font has (a text gained a character after the subset was made:
    rebuild it with ``python -m calculator.present.pdf.cjk_font``)."""
    from calculator.present.pdf import cjk_font
    from calculator.present.pdf.fpdf_adapter import ttf
    from calculator.present.pdf.page_style import FONT, FONT_PATH

    if p.font_path == FONT_PATH:
        return False
    missing = ttf(p.pdf.fonts, FONT).missing_glyphs
    return bool(missing) and not cjk_font.cmap_of(FONT_PATH).isdisjoint(missing)


def layout(p: Page) -> None:
    """Lay out every section of the report in order (the parents' and the counsellor's)."""
    from calculator.content import decision_aid_document
    from calculator.present.pdf import figures, sections, tables

    sections.title_block(p)
    sections.inputs(p)
    if p.note:
        sections.note_box(p)
    sections.verdict(p)
    sections.conditional(p)
    if p.audience == "parent":
        tables.plain_numbers(p)
        sections.decision_aid(p, decision_aid_document.choices(p.res, p.lang, p.family))
        sections.when_it_makes_sense(p)
        sections.what_next(p)
        figures.frequencies(p)
        figures.value_and_cost(p)
        sections.limits_bank_flags(p)
        figures.economics(p)
        sections.decision_aid(p, decision_aid_document.before_deciding(p.res, p.lang))
    else:
        sections.decision_aid(p, decision_aid_document.counsellor_record(p.res, p.lang, p.family, p.offer2))
        tables.numbers(p)
        tables.comparison(p)
        tables.relatives(p)
        figures.value_and_cost(p)
        figures.uncertainty(p)
        tables.validation(p)
        sections.what_next(p)
        sections.limits_bank_flags(p)
    sections.disclaimer(p)
    sections.sources(p)


# --------------------------------------------------------------------------- checks


def _check(value: Any, allowed: tuple[str, ...], what: str, field: str) -> str:
    if value not in allowed:
        raise InputError(field, f"{str(value)[:20]!r} is not {'an' if what[0] in 'aeiou' else 'a'} {what}; "
                                f"allowed: {', '.join(allowed)}")
    return value


# --------------------------------------------------------------------------- public API


def build_pdf(
    results: Results,
    *,
    lang: str,
    audience: str = "parent",
    note: str | None = None,
    today: dt.date | None = None,
    family: Scenario | None = None,
    offer2: Results | None = None,
) -> bytes:
    """The PDF summary of ``results`` (with the 95 % ranges, the tornado and the acceptability
    curve when ``results.psa`` / ``results.sensitivity`` are set) for ``audience`` in ``lang``.

    ``note``: the counsellor's note, printed literally (:func:`check_note`); ``today``: the date
    printed (default today); ``family``: the scenario as saved, with the values step's answers and
    the counsellor's record (default: the one evaluated); ``offer2``: the family evaluated with a
    second offer (the counsellor's copy sets the two side by side). Raises :class:`InputError`
    for a bad ``lang``, ``audience`` or ``note``, naming it and what is allowed.
    """
    from calculator.present.pdf.document import Page

    _check(lang, LANGS, "language", "lang")
    _check(audience, AUDIENCES, "audience", "audience")
    text = check_note(note)
    return render(Page(results, lang, audience, text, today or dt.date.today(), family=family, offer2=offer2))


def make_report(
    scenario: Any = None,
    *,
    region: str | None = None,
    overrides: dict[str, float] | None = None,
    lang: str,
    audience: str = "parent",
    note: str | None = None,
    psa_draws: int = PSA_DRAWS,
    seed: int = PSA_SEED,
    today: dt.date | None = None,
) -> bytes:
    """Evaluate a family with its uncertainty analyses and build the PDF (the ``report``
    command): the PSA (``psa_draws`` draws, ``seed``) gives the 95 % ranges; the counsellor's
    version adds the one-way sensitivity (tornado). Inputs are checked before any work.

    The same document as :func:`build_pdf` of the evaluated family; the charts are drawn by a
    helper process while this one evaluates and lays out the text
    (:mod:`calculator.present.pdf.chart_helper`)."""
    from calculator.analysis.evaluate import evaluate_with_uncertainty
    from calculator.present.pdf.chart_helper import HelperCharts, chart_helper

    _check(lang, LANGS, "language", "--lang")
    _check(audience, AUDIENCES, "audience", "--audience")
    text = check_note(note, "--note")
    with chart_helper() as charts:  # draws the charts in a helper process, beside this one
        res = evaluate_with_uncertainty(scenario, region=region, overrides=overrides,
                                        sensitivity=audience == "counsellor", psa_draws=psa_draws, seed=seed)
        if isinstance(charts, HelperCharts):
            charts.send(res, lang, audience)
        from calculator.present.pdf.document import Page  # fpdf2: while the helper imports matplotlib

        return render(Page(res, lang, audience, text, today or dt.date.today(), charts=charts))
