"""The family's genetics as tables: ``assumptions/genetics.yaml``, read and checked.

How a relative can be an HLA match for the baby (haplotypes shared identical by descent, by
relation), how each transplant-treatable condition is inherited (autosomal recessive,
X-linked, not inherited, unknown) and a child's weight by age. Every entry names its source.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from calculator.inputs.assumptions import ASSUMPTIONS_DIR
from calculator.inputs.errors import InputError
from calculator.inputs.strict_yaml import load_strict

GENETICS_FILE = ASSUMPTIONS_DIR / "genetics.yaml"
Inheritance = Literal["autosomal_recessive", "x_linked", "not_inherited", "unknown"]
#: Age from which a relative's weight is an adult's (``default_adult_weight_kg``).
ADULT_AGE = 18


class _Cited(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    source: str = Field(min_length=10)
    source_zh: str = Field(min_length=5)
    url: str | None = Field(default=None, pattern=r"^https://")


class Kinship(_Cited):
    """One relation: the chance the baby carries one haplotype identical by descent with the
    relative, and the parameter that gives the full-match chance directly (if any)."""

    one_haplotype: float = Field(ge=0.0, le=1.0)
    parameter: str | None = None


class ConditionGenetics(_Cited):
    """How a condition is inherited, and the carrier traits (carrier tests) that give it."""

    inheritance: Inheritance
    traits: tuple[str, ...] = ()


class WeightForAge(_Cited):
    kg_by_age: tuple[float, ...] = Field(min_length=ADULT_AGE)


class _Meta(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    reviewed: str | object


class Genetics(BaseModel):
    """Everything in ``genetics.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    meta: _Meta
    kinship: dict[str, Kinship]
    conditions: dict[str, ConditionGenetics]
    weight_for_age: WeightForAge

    def inheritance(self, condition: str) -> str:
        """``autosomal_recessive | x_linked | not_inherited | unknown`` (``none``: not inherited)."""
        c = self.conditions.get(condition)
        return "not_inherited" if c is None else c.inheritance

    def child_weight_kg(self, age_years: float) -> float | None:
        """A child's median weight at ``age_years`` (linear between whole years); None from
        :data:`ADULT_AGE` on (then the adult default applies)."""
        if age_years >= ADULT_AGE:
            return None
        kg = self.weight_for_age.kg_by_age
        lo = int(age_years)
        hi = min(lo + 1, len(kg) - 1)
        frac = age_years - lo
        upper = kg[hi] if lo + 1 < len(kg) else kg[lo]
        return kg[lo] + (upper - kg[lo]) * frac if hi > lo else kg[lo]


@lru_cache(maxsize=1)
def load_genetics() -> Genetics:
    """Read and check ``assumptions/genetics.yaml`` (cached).

    Raises
    ------
    InputError
        Naming the file and the key of the first problem.
    """
    try:
        text = GENETICS_FILE.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(GENETICS_FILE), f"cannot read ({exc.strerror})") from None
    data = load_strict(text, source=GENETICS_FILE.name)
    try:
        return Genetics.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(f"{GENETICS_FILE.name}: {'.'.join(str(x) for x in err['loc'])}", err["msg"]) from None
