"""The report's text sections, one small function each, in the order they are printed
(the frequencies and charts are in :mod:`.figures`, the key numbers in :mod:`.tables`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from fpdf.enums import XPos, YPos

from calculator.content import common, parent, report
from calculator.content import sources as content_sources
from calculator.content.blocks import Bullets, Heading, KeyNumber, Paragraph, Section, SideBySide
from calculator.present.palette import OKABE_ITO, rgb
from calculator.present.pdf import draw
from calculator.present.pdf.document import BODY_W, MARGIN, PAGE_W, Page
from calculator.present.pdf.page_style import ACCENT, ASSUMPTION, BOX, INK, MUTED, NOTE_BOX, SOURCE_PT, style


def title_block(p: Page) -> None:
    """The title, the subtitle and what the report was made from in three columns
    (:func:`calculator.content.report.title`)."""
    pdf = p.pdf
    section = report.title(p.res, p.words, p.audience, p.today.isoformat())
    subtitle, *meta = section.blocks
    assert isinstance(subtitle, Paragraph)
    with style(pdf, size=17, colour=ACCENT, stroke=0.18):
        pdf.multi_cell(0, 8, section.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    with style(pdf, size=11.5, colour=INK):
        pdf.multi_cell(0, 6, subtitle.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    col_w = BODY_W / 3
    with style(pdf, size=8):
        for i, item in enumerate(meta):
            assert isinstance(item, KeyNumber)
            if i % 3 == 0 and i:
                pdf.ln(4.4)
            pdf.set_x(MARGIN + (i % 3) * col_w)
            label = item.label + p.sep("colon")
            with style(pdf, colour=MUTED):
                pdf.cell(pdf.get_string_width(label), 4.4, label)
            pdf.cell(col_w - pdf.get_string_width(label), 4.4, item.value)
    pdf.ln(6)
    with pdf.local_context(draw_color=ACCENT, line_width=0.5):
        pdf.line(MARGIN, pdf.get_y(), PAGE_W - MARGIN, pdf.get_y())
    pdf.ln(1)


def inputs(p: Page) -> None:
    """The family in one compact block: relatives, carriers, the baby, the offer and fee plan."""
    section = report.family(p.res, p.words)
    p.heading(section.title, keep=25)
    lines, *changed = section.blocks
    draw.draw(p, lines, size=8.5, gap=0.3)
    for block in changed:
        p.write(block.text, size=8, colour=MUTED)  # type: ignore[union-attr]


def note_box(p: Page) -> None:
    p.heading(p.T("report.h_note"), keep=20)
    with p.note_script():
        p.box(p.printable(p.note or ""), fill=NOTE_BOX, bar=rgb(OKABE_ITO["orange"]), size=8.5,
              label=p.T("report.note_literal"))


def verdict(p: Page) -> None:
    """The verdict in its box, then the reasons (the plain ones for parents)."""
    w = p.words
    draw.section(p, common.verdict(p.res, w), keep=40, size=11)
    draw.section(p, common.reasons(p.res, w, p.audience), heading=10.5, keep=20, size=8.5, gap=0.5)


def conditional(p: Page) -> None:
    """While a relative's HLA type is unknown: the answer if the baby is a match and if
    not, side by side in two tinted boxes (:func:`calculator.content.common.hla_answers`, the
    page's too)."""
    section = common.hla_answers(p.res, p.words, p.audience)
    if section is None:
        return
    *intro, pair = section.blocks
    assert isinstance(pair, SideBySide)
    pdf = p.pdf
    w = (BODY_W - 4) / 2
    lh = 4.3
    boxes: list[tuple[str, list[str]]] = []  # each answer: its title and its lines (a bullet or a paragraph's line)
    for head, *rest in pair.panels:
        assert isinstance(head, Heading)
        texts = [x for b in rest for x in (b.items if isinstance(b, Bullets) else getattr(b, "text", "").split("\n"))]
        boxes.append((head.text, [draw.plain(x) for x in texts]))
    h = max(len(p.lines(t, w - 6, 9)) * lh + sum(len(p.lines(x, w - 6, 8.5)) for x in body) * lh for t, body in boxes) + 6
    p.heading(section.title, keep=h + 18)
    for block in intro:
        p.write(block.text if isinstance(block, Paragraph) else "", size=8.5)
    pdf.ln(1)
    pdf.keep(h + 2)
    y0 = pdf.get_y()
    for i, ((title, body), tone) in enumerate(zip(boxes, pair.tones)):
        x = MARGIN + i * (w + 4)
        with pdf.local_context(fill_color=BOX):
            pdf.rect(x, y0, w, h, style="F")
        with pdf.local_context(fill_color=draw.tone_colour(tone)):
            pdf.rect(x, y0, 1.6, h, style="F")
        pdf.set_y(y0 + 2)
        p.write(title, x=x + 4, width=w - 6, size=9, lh=lh, colour=ACCENT)
        for line in body:
            p.write(line, x=x + 4, width=w - 6, size=8.5, lh=lh)
    pdf.set_y(y0 + h + 2)


def when_it_makes_sense(p: Page) -> None:
    """The source's three pieces of advice (parents; the page's section, without the answers by
    HLA result, which come first in the PDF)."""
    draw.section(p, parent.when_it_makes_sense(p.res, p.words, with_hla=False), keep=30, size=8.5, gap=0.4)


def what_next(p: Page) -> None:
    """What to do next for this verdict: donation, directed donation, checks before paying."""
    draw.section(p, common.next_steps(p.res, p.words), keep=30, size=8.5, gap=0.4)


def limits_bank_flags(p: Page) -> None:
    w = p.words
    for section, keep in ((common.limits(p.res, w), 30), (common.bank_advice(p.res, w), 25), (common.red_flags(w), 30)):
        draw.section(p, section, keep=keep, size=8.3, gap=0.3)


def disclaimer(p: Page) -> None:
    section = report.disclaimer(p.words)
    p.heading(section.title, keep=22)
    p.box(section.blocks[0].text, fill=BOX, bar=MUTED, size=8.5)  # type: ignore[union-attr]


def sources(p: Page) -> None:
    """Every number's source, at :data:`SOURCE_PT` (readable in print). The parents' copy is a
    compact appendix (:func:`appendix`); the counsellor's copy gives each row its full source,
    link and review date, as a compact list (a table would waste a column's height)."""
    if p.audience == "parent":
        appendix(p)
        return
    pdf = p.pdf
    p.heading(p.T("report.h_sources"), keep=30)
    p.write(p.T("report.sources_intro"), size=7.5, colour=MUTED)
    pdf.ln(1.2)
    lh = SOURCE_PT * (0.43 if p.compact == 0 else 0.40)
    sep = p.sep("colon")
    with style(pdf, size=SOURCE_PT):
        for e in content_sources.source_entries(p.res, p.words):
            pdf.keep(2 * lh)
            pdf.set_x(MARGIN)
            # each fragment after the first starts with its space, so that a line can break
            # there (fpdf2 breaks a fragment only at a space inside it)
            source = e.source + (" " + e.url if e.url else "") + f" ({e.reviewed})"
            for text, colour in ((e.label + sep, ACCENT), (e.value, INK),
                                 (f" [{e.kind}]", ASSUMPTION if e.assumption else MUTED), (" " + source, INK)):
                with style(pdf, colour=colour):
                    pdf.write_plain(lh, text)
            pdf.ln(lh + (0.5 if p.compact == 0 else 0.1))


def appendix(p: Page) -> None:
    """The parents' compact appendix, in two columns at :data:`SOURCE_PT`: every number the
    family's run read, with its range, its kind and the number of its source ("[3]"; an
    assumption without one gives the first part of its reason instead,
    :func:`calculator.content.sources.short_reason`); the review dates as one range; then every source
    cited in the report once, numbered, in its short form (author or organisation, year, short
    title) with its link (:func:`calculator.content.sources.reference`)."""
    pdf = p.pdf
    p.heading(p.T("report.appendix.h_sources"), keep=30)
    p.write(p.T("report.appendix.intro"), size=7.5, colour=MUTED)
    pdf.ln(1.0)
    lh = SOURCE_PT * (0.43, 0.41, 0.40)[p.compact]  # tighter when the last page would be near-empty
    gap = (0.5, 0.25, 0.0)[p.compact]
    sep, space = p.sep("colon"), " "
    entries = content_sources.source_entries(p.res, p.words)
    rows = []
    for e in entries:
        tail = f" [{p.cite(e.ref)}]" if e.ref is not None else space + content_sources.short_reason(e.source, p.lang)
        rows.append(((e.label + sep, ACCENT, ""), (e.value, INK, ""),
                     (f" [{e.kind}]", ASSUMPTION if e.assumption else MUTED, ""), (tail, INK, "")))
    p.columns(rows, size=SOURCE_PT, lh=lh, gap=gap)
    if entries:
        dates = sorted(e.reviewed for e in entries)
        p.write(p.T("report.appendix.reviewed", first=dates[0], last=dates[-1]), size=SOURCE_PT, colour=MUTED)
    if p.links:
        p.heading(p.T("report.appendix.links"), size=9.5, keep=14)
        refs = sorted(p.references.values(), key=lambda r: p.links[r.key])
        # a DOI link is shown as the DOI ("doi:10.1159/000335720"; the link itself stays clickable)
        p.columns([((f"[{p.links[r.key]}] ", ACCENT, ""), (r.short, INK, ""))
                   + (((space + re.sub(r"^https://doi\.org/", "doi:", r.url), MUTED, r.url),) if r.url else ()) for r in refs],
                  size=SOURCE_PT, lh=lh, gap=gap)


def decision_aid(p: Page, parts: Iterable[Section]) -> None:
    """The decision aid's sections (the options in balance and the values step; what to know
    before deciding; the counsellor's record and pedigree), each drawn from its blocks."""
    for s in parts:
        draw.section(p, s, heading=11.0, keep=24, size=8.2)
