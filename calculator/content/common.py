"""Sections both audiences read, one builder each: the verdict, the reasons, the answers by
HLA result, the limits, the advice on choosing a bank, the red flags and the key numbers."""

from __future__ import annotations

from calculator.analysis.recommendation import PRIVATE_CLEAR_VALUE
from calculator.analysis.results import Reason, Results
from calculator.content.blocks import Bullets, Callout, Column, Heading, Paragraph, Section, SideBySide, Table, Tone
from calculator.content.lists import BANK_ADVICE, ECONOMICS_REASONS, RED_FLAGS
from calculator.content.numbers import format_frequency, format_money, is_fixed_range
from calculator.content.tables import format_range
from calculator.content.tables import key_numbers as key_number_list
from calculator.content.words import Words


def verdict(res: Results, w: Words) -> Section:
    """The verdict in one sentence (green when keeping the unit has clear value)."""
    rec = res.recommendation
    tone: Tone = "success" if rec.code == PRIVATE_CLEAR_VALUE else "info"
    return Section("verdict", w("text.verdict"), (Callout(w("verdict." + rec.code, **rec.values), tone=tone),))


def frequency(p: float | None, w: Words, noun: str = "family_like_yours") -> str:
    """A chance as whole families, its first letter capitalised for the start of a sentence."""
    text = format_frequency(p, w.lang, noun)
    return text[:1].upper() + text[1:]


def fee_text(fee: float, w: Words) -> str:
    """A fee as money, or "free" when it is zero."""
    return w("app.when.free") if fee <= 0 else format_money(fee, w.currency, w.lang)


def hla_answers(res: Results, w: Words, audience: str) -> Section | None:
    """While a relative's HLA type is unknown: the answer if the baby is a match and if not,
    side by side (the page and the PDF; green beside an answer where keeping the unit has
    clear value). Parents: how many families like theirs would use the unit, the answer, the
    money. Counsellors: the answer, the chance of use and the net monetary benefit."""
    cond = res.conditional
    if cond is None:
        return None
    cases = (("if_match", cond.if_match), ("if_mismatch", cond.if_mismatch))
    tones: tuple[Tone, ...] = tuple("success" if c.code == PRIVATE_CLEAR_VALUE else "info" for _, c in cases)
    if audience == "counsellor":
        panels = tuple((Heading(w(f"app.counsellor.{key}"), level=0), Paragraph(w(f"app.counsellor.short_{case.code}")),
                        Paragraph(w("app.counsellor.cond_p", p=case.p_family_use, years=res.horizon_years) + "\n"
                                  + w("app.counsellor.cond_nmb", nmb=case.nmb_vs_public)))
                       for key, case in cases)
        return Section("conditional", w("app.counsellor.conditional"),
                       (Paragraph(w("app.counsellor.conditional_intro"), role="caption"), SideBySide(panels, tones=tones)))
    years, pr = res.horizon_years, res.strategies["private"]
    fee = fee_text(res.strategies["directed"].nominal_cost if "directed" in res.strategies else 0.0, w)
    plain_panels = tuple((Heading(w("app.when." + key), level=0), Bullets((
        w("app.when.case_chance", freq=frequency(case.p_family_use, w), years=years),
        w("app.when.case_" + case.code),
        w("app.when.case_money", nominal=pr.nominal_cost, years=years, fee=fee),
    ))) for key, case in cases)
    return Section("conditional", w("app.when.depends"), (SideBySide(plain_panels, tones=tones),))


def reason_text(r: Reason, w: Words, audience: str) -> str:
    """A reason's text; for parents the cost in plain words (no "present value")."""
    if r.id == "cost" and audience == "parent":
        return w("report.cost_plain", **r.values)
    return w("reason." + r.id, **r.values)


def reasons(res: Results, w: Words, audience: str) -> Section:
    """Why: every reason for the counsellor; for parents the plain ones (the health-economics
    ones are in :func:`economics_reasons`)."""
    items = tuple(reason_text(r, w, audience) for r in res.recommendation.reasons
                  if audience == "counsellor" or r.id not in ECONOMICS_REASONS)
    return Section("reasons", w("text.reasons"), (Bullets(items),))


def economics_reasons(res: Results, w: Words) -> tuple[str, ...]:
    """The reasons that are health economics (the cost test), for the parents' health-economics section."""
    return tuple(w("reason." + r.id, **r.values) for r in res.recommendation.reasons if r.id in ECONOMICS_REASONS)


def limits(res: Results, w: Words) -> Section:
    """What cord blood can and cannot do."""
    return Section("limits", w("text.limits"), (Bullets(tuple(w("limit." + k) for k in res.recommendation.limits)),))


def bank_advice(res: Results, w: Words) -> Section:
    """How to choose a licensed bank (the advice of the family's region)."""
    items = tuple(w("advice." + k) for k in res.recommendation.advice if k in BANK_ADVICE)
    return Section("bank_advice", w("report.h_bank"), (Bullets(items),))


def advice(res: Results, w: Words) -> Section:
    """All the advice of the verdict (the command line's list: the bank advice and that the
    tool informs and does not prescribe)."""
    return Section("advice", w("text.advice"), (Bullets(tuple(w("advice." + k) for k in res.recommendation.advice)),))


def red_flags(w: Words) -> Section:
    """Warning signs in a sales pitch: one list, one wording, in every medium."""
    return Section("red_flags", w("red_flag.title"), (Bullets(tuple(w("red_flag." + k) for k in RED_FLAGS)),))


#: Shown in the range column for a number the analysis does not vary (e.g. the offer).
FIXED_RANGE = "\u2014"


def range_text(res: Results, key: str | None, kind: str | None, w: Words) -> str:
    """The 95 % range of PSA output ``key`` formatted as ``kind``; a dash when the analysis
    keeps the number fixed (both ends equal); "" without a PSA or a range."""
    psa = res.psa
    if psa is None or key is None or kind is None or key not in psa.summary:
        return ""
    low, high = float(psa.summary[key]["p2_5"]), float(psa.summary[key]["p97_5"])
    return FIXED_RANGE if is_fixed_range(low, high) else format_range(kind, low, high, w.currency, w.lang)


def key_numbers(res: Results, w: Words) -> Section:
    """The key numbers of the verdict (label, value, and the 95 % range when a PSA was run)."""
    rows = key_number_list(res, w.lang)
    psa = res.psa
    columns = [Column(w("report.col_measure")), Column(w("report.col_value"), "number")]
    body = []
    for k in rows:
        cells = [k.label, k.value]
        if psa is not None:
            cells.append(range_text(res, k.psa_key, k.kind, w))
        body.append(tuple(cells))
    if psa is not None:
        columns.append(Column(w("report.col_range"), "number"))
    return Section("key_numbers", w("text.numbers", years=res.horizon_years),
                   (Table(tuple(columns), tuple(body), colon=w.sep("colon")),))


#: The page's groups of next steps: a title and its lines (``app.next.<key>``).
_NEXT = {
    "donate": ("donate_title", ("donate_ask", "donate_birth")),
    "directed": ("directed_title", ("directed_ask", "directed_hla")),
    "treats": ("treats_title", ("treats_standard", "treats_own", "treats_research")),
    "store": ("store_title", ("store_check",)),
}
#: Group lines a verdict's own three lines already say (and the line has no source of its own):
#: public donation's "ask your hospital, and if none collects, not collecting is fine" (lines 1-2);
#: the typing verdicts' "HLA-type the baby (and test it), the unit is used only if a healthy match"
#: (lines 2-3).
_REPEATS = {
    "prefer_public_donation": {"donate_ask"},
    "collect_and_hla_type": {"directed_hla"},
    "collect_type_and_test": {"directed_hla"},
}


def next_steps(res: Results, w: Words) -> Section:
    """What to do next, for the page, the PDF and both audiences: first the verdict's own three
    steps (``report.next_<code>_1..3``, in order), then the background groups (how to donate,
    directed donation, what cord blood treats, storing privately) ordered for the verdict, without
    a line that repeats one of the three steps."""
    code = res.recommendation.code
    sick = any(r.condition != "none" for r in res.relatives)
    if code == "newborn_affected_no_use":
        order: tuple[str, ...] = ("treats",)  # the unit helps nobody: neither donating nor storing it
    elif code == "prefer_public_donation":
        order = ("donate", "directed", "treats", "store") if sick else ("donate", "treats", "directed", "store")
    else:
        order = ("directed", "store", "donate", "treats")
    blocks: list = [Bullets(tuple(w(f"report.next_{code}_{i}") for i in (1, 2, 3)), ordered=True)]
    skip = _REPEATS.get(code, set())
    for name in order:
        title, keys = _NEXT[name]
        lines = tuple(w("app.next." + k) for k in keys if k not in skip)
        blocks += [Heading(w("app.next." + title), level=0), Bullets(lines)]
    return Section("next_steps", w("app.next.header"), tuple(blocks))
