"""Where the numbers come from, for every medium: which parameters feed each number of the
parents' page (:func:`parents_page_sources`), which enter a family's numbers at all
(:func:`family_parameters`, the PDF's list), and each parameter's row as people read it
(value, range, kind, source, link).

This is the one home of the source lists: the app's tables and the PDF's list are drawn from
it. Nothing is kept by hand: the lists are what the family's run read
(:attr:`calculator.analysis.results.Results.sources`, recorded by :mod:`calculator.model.trace`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from calculator.analysis.results import Results
from calculator.content.blocks import Source, Sources
from calculator.content.units import format_parameter_range, parameter_value, source_without_label
from calculator.content.words import Words
from calculator.inputs.assumptions import load_region
from calculator.inputs.errors import InputError
from calculator.inputs.strict_yaml import load_strict

#: The short form of every linked source (and of the few cited without a link): author or
#: organisation, year, short title, in both languages (the parents' PDF's compact appendix).
REFERENCES_FILE = Path(__file__).resolve().parent / "references.yaml"


def parents_page_sources(res: Results, *outputs: str) -> tuple[str, ...]:
    """The parameters behind ``outputs`` (keys of :data:`calculator.analysis.results.SOURCE_KEYS`),
    each once, in order: what this family's run read to compute them (:attr:`Results.sources`),
    so a parameter is listed exactly when it entered the number (the father's transplant chance
    when he is ill, no sick relative's parameter for a family without one)."""
    return tuple(dict.fromkeys(name for out in outputs for name in res.sources[out]))


def family_parameters(res: Results) -> tuple[str, ...]:
    """Every parameter that entered this family's numbers (what the run read), in the
    assumption files' order."""
    read = set(res.sources["all"])
    return tuple(name for name in load_region(res.region).parameters if name in read)


class Reference(NamedTuple):
    """A source in its short form: the parents' PDF lists each once, numbered by ``key``."""

    key: str  # the link, or "unlinked:<parameter>" for a source cited without one
    short: str  # author or organisation, year, short title (in the page's language)
    url: str  # "" for a source without a link


@lru_cache(maxsize=1)
def _references() -> dict[str, dict[str, dict[str, str]]]:
    data = load_strict(REFERENCES_FILE.read_text(encoding="utf-8"), source=REFERENCES_FILE.name, nesting_checked=True)
    for part in ("links", "unlinked"):
        for key, texts in data[part].items():
            if part == "unlinked" and set(texts) == {"same_as"}:
                if texts["same_as"] not in data["links"]:
                    raise InputError(f"{REFERENCES_FILE.name}: {part}.{key}.same_as", "must be one of the links above")
                continue
            if set(texts) != {"en", "zh"} or not all(isinstance(v, str) and len(v) >= 5 for v in texts.values()):
                raise InputError(f"{REFERENCES_FILE.name}: {part}.{key}", "needs its short form in en and zh")
    return data


def linked_references() -> frozenset[str]:
    """The links that have a short form (every link the sources cite, a test checks)."""
    return frozenset(_references()["links"])


def reference(url: str, lang: str, parameter: str = "") -> Reference | None:
    """The short form of the source at ``url`` (or, without a link, of the source that
    ``parameter`` cites unlinked); None when there is none (an assumption, explained where it is
    cited)."""
    refs = _references()
    if url:
        texts = refs["links"].get(url)
        return Reference(url, texts[lang] if texts else url, url)
    texts = refs["unlinked"].get(parameter) if parameter else None
    if texts and "same_as" in texts:  # the same source as a linked one: one entry in the list
        return reference(texts["same_as"], lang)
    return Reference(f"unlinked:{parameter}", texts[lang], "") if texts else None


#: Where the first part of a reason ends: a full stop or a semicolon (English, not after
#: "et al" or an initial), or their Chinese forms.
_REASON_END = {"en": re.compile(r"(?<!\bal)(?<!\b[A-Z])(?:\.|;)(?= )"), "zh": re.compile(r"[。；]")}
#: The first part of a reason is at least this many characters (else the next part is added).
_REASON_MIN = {"en": 15, "zh": 6}
#: The mark that the reason goes on (the Chinese ellipsis is two of them).
_MORE = {"en": "\u2026", "zh": "\u2026\u2026"}


def short_reason(text: str, lang: str) -> str:
    """The first part of an assumption's reason (to its first full stop or semicolon outside
    brackets, at least :data:`_REASON_MIN` characters), ending "…" ("……" in Chinese) when the
    reason goes on: the parents' appendix prints it; the counsellor's copy and the app print the
    reason in full."""
    for m in _REASON_END[lang].finditer(text):
        head = text[:m.start()]
        depth = head.count("(") + head.count("\uff08") - head.count(")") - head.count("\uff09")
        if len(head) >= _REASON_MIN[lang] and depth == 0:
            return head + (_MORE[lang] if text[m.end():].strip() else m.group())
    return text


class SourceEntry(NamedTuple):
    """One parameter as the PDF's source list prints it."""

    label: str
    value: str  # the value and, when it is varied, its range
    kind: str  # published, assumption, ...; "changed" when the family changed it
    source: str
    assumption: bool
    url: str
    reviewed: str
    #: the source in its short form (the parents' appendix), None for an assumption without one
    ref: Reference | None = None


def source_row(name: str, res: Results, w: Words) -> SourceEntry:
    """One parameter's row, the same on the page and in the PDF: its label, its value as people
    read it (a small chance also as its decimal) with its range when it is varied, its kind
    (published source, assumption, ...; changed when the family changed it) and its source."""
    prm = load_region(res.region).parameters[name]
    value = parameter_value(res.parameters.get(name, prm.value), prm.unit, w.lang, w.currency)
    if prm.low != prm.high:
        value += w.sep("open") + format_parameter_range(prm.low, prm.high, prm.unit, w.lang, w.currency) + w.sep("close")
    kind = w("source_type." + prm.source_type)
    if name in res.overridden:
        kind += w.sep("semi") + w("text.overridden")
    return SourceEntry(prm.label_in(w.lang), value, kind, source_without_label(prm.source_in(w.lang)), prm.is_assumption,
                       prm.url or "", prm.reviewed.isoformat(), reference(prm.url or "", w.lang, name))


def source_entries(res: Results, w: Words) -> list[SourceEntry]:
    """The PDF's source list: the row of every parameter of :func:`family_parameters`."""
    return [source_row(name, res, w) for name in family_parameters(res)]


def sources_block(names: Iterable[str], res: Results, w: Words) -> Sources:
    """The parents' page's table of sources: the rows of ``names`` (:func:`source_row`, the PDF's
    rows), as number, value and range, kind, source and link."""
    params = load_region(res.region).parameters
    rows = [source_row(name, res, w) for name in dict.fromkeys(names) if name in params]
    return Sources(tuple(Source(r.label, r.source, r.url, value=r.value, kind=r.kind) for r in rows),
                   title=w("app.parent.sources_title"),
                   columns=(w("app.parent.col_number"), w("app.parent.col_value"), w("app.parent.col_kind"),
                            w("app.parent.col_source")),
                   link=w("app.sources.link"), colon=w.sep("colon"))
