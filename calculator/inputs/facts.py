"""On-screen figures that are not model parameters: ``assumptions/facts.yaml``, read and checked.

A decision threshold, what one unit covers, the number of licensed banks, an approval status:
each with its value, the words it is shown in (English and Chinese), its source in both
languages and a link or the reason for none. One home per fact: code that needs the number
reads it here, and ``tests/system/test_evidence.py`` checks the texts against it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from calculator.inputs.assumptions import ASSUMPTIONS_DIR
from calculator.inputs.errors import InputError
from calculator.inputs.strict_yaml import load_strict

FACTS_FILE = ASSUMPTIONS_DIR / "facts.yaml"


class Fact(BaseModel):
    """One on-screen figure with its provenance."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float
    unit: str = Field(min_length=1)
    shown: tuple[str, ...] = Field(min_length=1)
    shown_zh: tuple[str, ...] = Field(min_length=1)
    computed_from: tuple[str, ...] = ()
    source_type: Literal["published", "guideline", "derived", "assumption"]
    source: str = Field(min_length=20)
    source_zh: str = Field(min_length=10)
    url: str | None = None
    no_url_reason: str | None = None
    reviewed: dt.date

    @model_validator(mode="after")
    def _cited(self) -> Fact:
        if self.source_type in ("published", "guideline") and not (self.url or self.no_url_reason):
            raise ValueError("a cited fact needs a url or a no_url_reason")
        if self.source_type == "assumption" and not (self.source.startswith("Assumption")
                                                     and self.source_zh.startswith("假设")):
            raise ValueError("an assumption says so first, in both languages")
        if self.url is not None and not self.url.startswith("https://"):
            raise ValueError("url must start with https://")
        return self


class _FactsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    meta: dict[str, object]
    facts: dict[str, Fact]


@lru_cache(maxsize=1)
def facts() -> dict[str, Fact]:
    """Every fact by name (file order)."""
    try:
        data = load_strict(FACTS_FILE.read_text(encoding="utf-8"), source=FACTS_FILE.name, nesting_checked=True)
        return dict(_FactsFile.model_validate(data).facts)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(f"{FACTS_FILE.name}: {'.'.join(str(x) for x in err['loc'])}", err["msg"]) from None


def fact_value(name: str) -> float:
    """The value of fact ``name``."""
    return facts()[name].value
