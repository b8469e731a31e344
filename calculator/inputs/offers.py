"""Storage offers a family can pick: ``assumptions/offers.yaml``, read and checked.

Each offer is a bank's price in one region: first payment, yearly fee, contract length, the
payment plan (``yearly``, ``package_all_in``, ``package_plus_first_payment``) and, for a
package, its price; with a citation in English and Chinese. Every number must lie within the
allowed range of its assumption parameter (:mod:`calculator.inputs.assumptions`), so choosing
an offer can never give the model a value a person could not type.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from calculator.inputs.assumptions import ASSUMPTIONS_DIR, load_region, one_line
from calculator.inputs.errors import InputError
from calculator.inputs.strict_yaml import load_strict

OFFERS_FILE = ASSUMPTIONS_DIR / "offers.yaml"
#: The parameters an offer sets (besides the fee plan), in the order of the assumption files (group ``offer``).
OFFER_FIELDS = ("fee_upfront", "fee_annual", "fee_package_price", "storage_years")


class Offer(BaseModel):
    """One bank's price (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: Literal["cn", "us"]
    label: str = Field(min_length=1, max_length=60)
    label_zh: str = Field(min_length=1, max_length=40)
    approximate: bool = False
    fee_upfront: float = Field(ge=0, allow_inf_nan=False)
    fee_annual: float = Field(ge=0, allow_inf_nan=False)
    storage_years: int = Field(ge=1, le=50)
    fee_plan: Literal["yearly", "package_all_in", "package_plus_first_payment"] = "yearly"
    fee_package_price: float = Field(default=0.0, ge=0, allow_inf_nan=False)
    source: str = Field(min_length=20)
    source_zh: str = Field(min_length=10)
    url: str | None = None
    #: The total the source states for this offer (first payment plus every yearly fee over the
    #: contract, or the package), recomputed by a test; ``quoted_total_note`` says why an offer
    #: does not reproduce it.
    quoted_total: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    quoted_total_note: str | None = None

    @model_validator(mode="after")
    def _package_has_a_price(self) -> Offer:
        if self.fee_plan != "yearly" and self.fee_package_price <= 0:
            raise ValueError("a package plan needs fee_package_price above 0")
        if self.fee_plan == "yearly" and self.fee_package_price != 0:
            raise ValueError("a yearly plan has no fee_package_price")
        if self.url is not None and not self.url.startswith("https://"):
            raise ValueError("url must start with https://")
        return self

    @property
    def nominal_total(self) -> float:
        """What the offer costs in all over its contract, undiscounted, as a price list adds it
        up: the first payment plus one yearly fee per contract year, or the package (with the
        first payment when the package comes on top of it)."""
        if self.fee_plan == "yearly":
            return self.fee_upfront + self.storage_years * self.fee_annual
        if self.fee_plan == "package_all_in":
            return self.fee_package_price
        return self.fee_upfront + self.fee_package_price

    def label_in(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label

    def source_in(self, lang: str) -> str:
        return one_line(self.source_zh if lang == "zh" else self.source, lang)

    @property
    def parameters(self) -> dict[str, float]:
        """The parameter values this offer sets."""
        return {name: float(getattr(self, name)) for name in OFFER_FIELDS}


class _OffersFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    offers: dict[str, Offer]


def read_offers(path: Path | str = OFFERS_FILE) -> dict[str, Offer]:
    """All offers in file order, by id; checked against the region's parameter bounds.

    Raises
    ------
    InputError
        Naming the file, the offer and the field that is wrong.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read the offers file ({exc.strerror})") from None
    data = load_strict(text, source=path.name)
    try:
        offers = _OffersFile.model_validate(data).offers
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise InputError(f"{path.name}: {loc}", err["msg"]) from None
    for oid, offer in offers.items():
        if not oid.replace("_", "").isalnum() or not oid.startswith(offer.region + "_"):
            raise InputError(f"{path.name}: offers.{oid}", f"an offer's id starts with its region ({offer.region}_) "
                                                          "and holds only letters, digits and _")
        a = load_region(offer.region)
        for name, value in offer.parameters.items():
            a[name].check_value(value, f"{path.name}: offers.{oid}.{name}")
    return offers


@lru_cache(maxsize=1)
def _all() -> dict[str, Offer]:
    return read_offers()


def offers_for(region: str) -> dict[str, Offer]:
    """The offers of one region, by id, in file order."""
    return {k: o for k, o in _all().items() if o.region == region}


def offer(offer_id: str) -> Offer | None:
    """One offer by id, or None."""
    return _all().get(offer_id)
