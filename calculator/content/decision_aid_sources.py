"""The decision aid's sources and figures: ``calculator/content/aid_sources.yaml``, read and checked.

Each information section cites its sources from this file and shows its figures only through
:func:`figure` (one home per fact). A source is a guideline, a published paper, an official list
or programme page (``registry``), a press or consumer page (``report``), or a stated assumption;
every kind but an assumption has an address, and an assumption says so first in both languages.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from calculator.content.blocks import Source, Sources
from calculator.content.i18n import t
from calculator.content.units import source_without_label
from calculator.content.words import colon
from calculator.inputs.errors import InputError
from calculator.inputs.strict_yaml import load_strict

#: Beside this module (not in assumptions/: these are citations and dates of pages, not model
#: parameters, and the model never reads them).
AID_SOURCES_FILE = Path(__file__).resolve().parent / "aid_sources.yaml"
#: A search page ("/search", "search.html", "?term=") is not a citation.
_SEARCH = re.compile(r"(^|[/.])search([/.?]|$)", re.IGNORECASE)


class AidSource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["guideline", "published", "registry", "report", "assumption"]
    citation: str = Field(min_length=20)
    citation_zh: str = Field(min_length=10)
    url: str | None = None

    @model_validator(mode="after")
    def _cited(self) -> AidSource:
        if self.kind == "assumption":
            if self.url or not (self.citation.startswith("Assumption") and self.citation_zh.startswith("假设")):
                raise ValueError("an assumption has no url and says so first, in both languages")
        elif not self.url:
            raise ValueError(f"a {self.kind} source needs its address (url)")
        if self.url and ("?" in self.url or _SEARCH.search(self.url) or not self.url.startswith(("https://", "http://"))):
            raise ValueError("url must be the page itself (http(s), no query, not a search page)")
        return self

    def citation_in(self, lang: str) -> str:
        return " ".join((self.citation_zh if lang == "zh" else self.citation).split())


class AidFigure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float
    unit: str = Field(min_length=1)
    source: str


class _Meta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    checked: dt.date


class AidSourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    meta: _Meta
    figures: dict[str, AidFigure]
    sources: dict[str, AidSource]

    @model_validator(mode="after")
    def _figures_cited(self) -> AidSourcesFile:
        for name, f in self.figures.items():
            if f.source not in self.sources:
                raise ValueError(f"figure {name}: unknown source {f.source!r}")
        return self


@lru_cache(maxsize=1)
def aid_sources() -> AidSourcesFile:
    """The file, checked (an :class:`InputError` names the key of the first problem)."""
    try:
        data = load_strict(AID_SOURCES_FILE.read_text(encoding="utf-8"), source=AID_SOURCES_FILE.name,
                           nesting_checked=True)
        return AidSourcesFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(f"{AID_SOURCES_FILE.name}: {'.'.join(str(x) for x in err['loc'])}", err["msg"]) from None


def figure(name: str) -> float:
    """The value of figure ``name``."""
    return aid_sources().figures[name].value


def checked_date() -> dt.date:
    """The date the pages and lists were checked."""
    return aid_sources().meta.checked


def source_entry(source_id: str, lang: str) -> Source:
    """One cited source as a block entry: its kind as the label, its citation and address."""
    s = aid_sources().sources[source_id]
    return Source(label=t(f"aid.kind.{s.kind}", lang), citation=source_without_label(s.citation_in(lang)),
                  url=s.url or "")


def sources_block(source_ids: tuple[str, ...], lang: str, extra: tuple[Source, ...] = ()) -> Sources:
    """The sources of one section, in the order cited, with the date they were checked."""
    entries = tuple(source_entry(i, lang) for i in dict.fromkeys(source_ids)) + extra
    return Sources(entries=entries, title=t("aid.sources_title", lang, date=format_date(checked_date(), lang)),
                   colon=colon(lang))


def format_date(d: dt.date, lang: str) -> str:
    """A date in running text: "3 December 2026" / "2026 年 12 月 3 日"."""
    if lang == "zh":
        return f"{d.year} 年 {d.month} 月 {d.day} 日"
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
