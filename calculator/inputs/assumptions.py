"""Starting numbers: load ``assumptions/*.yaml`` strictly, with provenance.

``common.yaml`` holds the clinical and bank parameters shared by both regions (``family.yaml``
those about the family's genetics and the recipient's size); ``cn.yaml``
and ``us.yaml`` hold each region's fees, discount rate and willingness to pay. A name may
appear in only one file. The loader rejects unknown keys, duplicate keys, values outside a
parameter's allowed bounds, a base value outside its own low/high range, a source that
is neither a citation with a link (or a stated reason for having none) nor a stated
assumption, a link to a search page, and a missing Chinese citation (``source_zh``),
naming the file and the key.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from calculator.inputs.distributions import Distribution
from calculator.inputs.errors import InputError
from calculator.inputs.strict_yaml import load_strict

ASSUMPTIONS_DIR = Path(__file__).resolve().parents[2] / "assumptions"
REGIONS = ("cn", "us")
#: The family's genetics and the recipient's size (shared by both regions, read after common.yaml).
FAMILY_FILE = "family.yaml"

#: Hard bounds by unit: what a value can be at all (not its plausible range).
UNIT_BOUNDS: dict[str, tuple[float, float]] = {
    "probability": (0.0, 1.0),
    "probability per year": (0.0, 0.5),
    "fraction": (0.0, 1.0),
    "utility": (0.0, 1.0),
    "per year": (0.0, 0.5),
    "CNY": (0.0, 1e8),
    "USD": (0.0, 1e8),
    "CNY per year": (0.0, 1e7),
    "USD per year": (0.0, 1e7),
    "CNY/QALY": (0.0, 1e9),
    "USD/QALY": (0.0, 1e9),
    "years": (0.0, 100.0),
    "kg": (2.0, 150.0),  # the same range as a sibling's weight (scenario.WEIGHT_BOUNDS)
    "cells": (1e6, 1e11),
    "cells/kg": (1e5, 1e9),
    "log-sd": (0.01, 3.0),
    "count": (0.0, 10.0),
}

#: Parameters that must be whole numbers, and tighter bounds for a few.
INTEGER_PARAMETERS = frozenset({"storage_years", "n_siblings"})
SPECIAL_BOUNDS: dict[str, tuple[float, float]] = {
    "storage_years": (1.0, 50.0),
    "use_basis_years": (1.0, 50.0),
    "remaining_life_years": (1.0, 100.0),
    "years_to_sibling_hsct": (0.0, 20.0),
}

#: The smallest non-zero magnitude a person may give any parameter. Below it a number is 0
#: for every purpose of the model but not for its arithmetic: 5e-324 (the smallest float) as
#: a probability made "1 in N" infinite and crashed the page and the command line. 0 itself
#: stays allowed where the range starts at 0.
SMALLEST_NONZERO = 1e-12

SourceType = Literal["published", "guideline", "price_survey", "derived", "assumption"]
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u303f\uff00-\uffef])\s+|\s+(?=[\u3000-\u303f\uff00-\uffef])"
                        r"|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
def one_line(text: str, lang: str) -> str:
    """A folded YAML text on one line: in Chinese, the space a line break leaves next to
    full-width punctuation or between two Chinese characters is dropped ("（yxbabe.com 网站），北京")."""
    text = " ".join(text.split())
    return _CJK_SPACE.sub("", text) if lang == "zh" else text


#: Source types that cite a document: each needs a url or a stated reason for having none.
CITED_TYPES = frozenset({"published", "guideline", "price_survey"})
#: Groups of parameters: the counsellor's editor shows one tab per group of
#: :data:`EDITOR_GROUPS` (titles: text keys ``app.counsellor.group_<group>``); the storage
#: offer is entered with the family's inputs and ``family`` (the number of brothers and
#: sisters) by the sibling list.
EDITOR_GROUPS = ("use", "sibling", "unit", "public", "health", "money")
Group = Literal["use", "sibling", "unit", "public", "health", "money", "offer", "family"]
#: When a parameter enters a family's numbers: always, or only when a brother or sister
#: with a disease is listed (a relative who is sick).
AppliesWhen = Literal["always", "sick_relative"]


class Parameter(BaseModel):
    """One model parameter with its provenance, as written in an assumptions file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    label: str = Field(min_length=3)
    label_zh: str = Field(min_length=2)
    group: Group
    applies_when: AppliesWhen
    source_type: SourceType
    value: float
    unit: str
    low: float
    high: float
    distribution: Distribution
    source: str = Field(min_length=10)
    #: The citation in Chinese (authors, journal, year and DOI as published; the explanation in Chinese).
    source_zh: str = Field(min_length=5)
    url: str | None = None
    #: Why a published, guideline or price-survey source has no link (e.g. a consumer page
    #: without a stable address).
    no_url_reason: str | None = None
    #: Why ``value`` is not the median of ``distribution`` or ``low``/``high`` not its 2.5th and
    #: 97.5th percentiles (e.g. the family's own fee, fixed in the probabilistic analysis).
    uncentred_reason: str | None = None
    reviewed: dt.date
    note: str | None = None
    file: str = ""

    @model_validator(mode="after")
    def _check(self) -> Parameter:
        if self.unit not in UNIT_BOUNDS:
            raise ValueError(f"unit must be one of {sorted(UNIT_BOUNDS)}")
        lo, hi = self.bounds
        for what, v in (("value", self.value), ("low", self.low), ("high", self.high)):
            if not (math.isfinite(v) and lo <= v <= hi):
                raise ValueError(f"{what} {v} is outside the allowed bounds {lo:g} to {hi:g} ({self.unit})")
        if not self.low <= self.value <= self.high:
            raise ValueError(f"value {self.value} must lie within low {self.low} and high {self.high}")
        if self.source_type in CITED_TYPES and not (self.url or self.no_url_reason):
            raise ValueError(f"a {self.source_type} source needs a url (a DOI link or web address) or a no_url_reason")
        if self.source_type == "assumption" and not self.source.lower().startswith("assumption"):
            raise ValueError("an assumption's source must start with the word 'assumption' and say why")
        if self.source_type == "assumption" and not self.source_zh.startswith("假设"):
            raise ValueError("an assumption's source_zh must start with 假设 and say why")
        if self.url is not None and not self.url.startswith("https://"):
            raise ValueError("url must start with https://")
        if self.url is not None and ("?term=" in self.url or "/search" in self.url):
            raise ValueError("url must be a citation (a DOI link, a PubMed/PMC page or the publisher's page), not a search page")
        if self.name in INTEGER_PARAMETERS and (self.value != int(self.value)):
            raise ValueError("must be a whole number")
        return self

    @property
    def bounds(self) -> tuple[float, float]:
        """Allowed values at all (for validation of any input), as (min, max)."""
        return SPECIAL_BOUNDS.get(self.name, UNIT_BOUNDS[self.unit])

    def label_in(self, lang: str) -> str:
        """The parameter's label in ``lang`` (``zh`` or ``en``)."""
        return self.label_zh if lang == "zh" else self.label

    def source_in(self, lang: str) -> str:
        """The citation in ``lang`` (``zh`` or ``en``), on one line."""
        return one_line(self.source_zh if lang == "zh" else self.source, lang)

    @property
    def is_assumption(self) -> bool:
        return self.source_type == "assumption"

    def problem(self, value: object) -> str | None:
        """What is wrong with a person's value: ``invalid`` (not a finite number),
        ``out_of_range``, ``too_small`` (not 0 but below :data:`SMALLEST_NONZERO`),
        ``not_whole`` (for a whole-number parameter), or None."""
        lo, hi = self.bounds
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            return "invalid"
        if not lo <= value <= hi:
            return "out_of_range"
        if 0 < abs(value) < SMALLEST_NONZERO:
            return "too_small"
        if self.name in INTEGER_PARAMETERS and value != int(value):
            return "not_whole"
        return None

    def error(self, value: object, field: str) -> InputError:
        """The message for a value with a :meth:`problem`, naming ``field`` and the allowed range."""
        lo, hi = self.bounds
        problem = self.problem(value)
        if problem == "out_of_range":
            return InputError(field, f"{value:g} is outside the allowed range {lo:g} to {hi:g} ({self.unit})")
        if problem == "too_small":
            return InputError(field, f"{value:g} is too small to compute with; give 0 or a number from "
                                     f"{SMALLEST_NONZERO:g} to {hi:g} ({self.unit})")
        if problem == "not_whole":
            return InputError(field, f"must be a whole number from {lo:g} to {hi:g} ({self.unit})")
        return InputError(field, f"must be a number from {lo:g} to {hi:g} ({self.unit})")

    def check_value(self, value: float, field: str) -> float:
        """Validate a person's value for this parameter; return it as float.

        Raises
        ------
        InputError
            Naming ``field`` and the allowed range.
        """
        if self.problem(value):
            raise self.error(value, field)
        return float(value)


class _Meta(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    region: Literal["cn", "us"] | None = None
    currency: Literal["CNY", "USD"] | None = None
    reviewed: dt.date


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    meta: _Meta
    parameters: dict[str, dict]


@dataclass(frozen=True)
class Assumptions:
    """All parameters of one region, in file order, with the region's currency."""

    region: str
    currency: str
    parameters: dict[str, Parameter]

    @property
    def values(self) -> dict[str, float]:
        return {name: p.value for name, p in self.parameters.items()}

    @property
    def oldest_review(self) -> dt.date:
        """The oldest review date of any parameter: how fresh the numbers are."""
        return min(p.reviewed for p in self.parameters.values())

    def __getitem__(self, name: str) -> Parameter:
        return self.parameters[name]

    def __contains__(self, name: object) -> bool:
        return name in self.parameters


def _read_file(path: Path) -> _File:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read assumptions file ({exc.strerror})") from None
    data = load_strict(text, source=path.name, nesting_checked=True)
    try:
        return _File.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise InputError(f"{path.name}: {loc}", err["msg"]) from None


def load_region(region: str, directory: Path | None = None) -> Assumptions:
    """Load and check the parameters of ``region`` (``"cn"`` or ``"us"``).

    Raises
    ------
    InputError
        Naming the file and the key of the first problem found.
    """
    if region not in REGIONS:
        raise InputError("region", f"{region!r} is not a region; allowed: {', '.join(REGIONS)}")
    return _load_region_cached(region, str(directory or ASSUMPTIONS_DIR))


@lru_cache(maxsize=8)
def _load_region_cached(region: str, directory: str) -> Assumptions:
    folder = Path(directory)
    common = _read_file(folder / "common.yaml")
    family = _read_file(folder / FAMILY_FILE)
    regional = _read_file(folder / f"{region}.yaml")
    if regional.meta.region != region or regional.meta.currency is None:
        raise InputError(f"{region}.yaml: meta", f"must name region {region!r} and its currency")
    params: dict[str, Parameter] = {}
    for f, fname in ((common, "common.yaml"), (family, FAMILY_FILE), (regional, f"{region}.yaml")):
        for name, raw in f.parameters.items():
            if name in params:
                raise InputError(f"{fname}: {name}", f"defined again (already in {params[name].file})")
            if not isinstance(raw, dict):
                raise InputError(f"{fname}: {name}", "must be a mapping of value, unit, low, high, ...")
            try:
                params[name] = Parameter.model_validate({**raw, "name": name, "file": fname})
            except ValidationError as exc:
                err = exc.errors()[0]
                loc = ".".join(str(x) for x in err["loc"])
                where = f"{fname}: {name}" + (f".{loc}" if loc else "")
                raise InputError(where, err["msg"].removeprefix("Value error, ")) from None
    return Assumptions(region=region, currency=regional.meta.currency, parameters=params)
