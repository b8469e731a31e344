"""A number typed as text (the page URL, ``--set``), read the same way everywhere: a dot is
the decimal mark, commas only group thousands (``6,200``), a decimal comma (``2,5``) is refused
naming the field, never read as 25 or 2.5.
"""

from __future__ import annotations

import math
import re
from typing import Any

from calculator.inputs.errors import InputError, printable

#: Digits grouped by thousands with commas (``6,200``, ``1,000,000.5``): the commas are dropped.
THOUSANDS = re.compile(r"^[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?$")
#: Any other comma in a number (``2,5``, ``0,00005``, ``1,5e3``) is a decimal comma: refused, never read as 25.
DECIMAL_COMMA = re.compile(r"^[-+]?[0-9]*,[0-9]*(?:[eE][-+]?[0-9]+)?$")
#: Longest text read as a number (no parameter needs more than about 20 characters).
MAX_NUMBER_TEXT = 64


def has_decimal_comma(text: str) -> bool:
    """Whether ``text`` is a number written with a decimal comma (``2,5``; not ``6,200``)."""
    t = text.strip()
    return bool(DECIMAL_COMMA.match(t)) and not THOUSANDS.match(t)


def number_from_text(raw: str, field: str) -> float:
    """A number typed as text (the page URL, ``--set``), read the same way everywhere.

    A dot is the decimal mark; commas are read only as thousands separators in groups of
    three (``6,200``); any other comma (``2,5``) is refused naming the field, never read as
    25 or 2.5; ``_`` between digits is allowed (``1_000``); infinity and NaN are refused.

    Raises
    ------
    InputError
        Naming ``field``: a decimal comma, not a number, or not finite.
    """
    text = raw.strip()
    if len(text) > MAX_NUMBER_TEXT:
        raise InputError(field, f"is not a number (longer than {MAX_NUMBER_TEXT} characters)")
    if THOUSANDS.match(text):
        text = text.replace(",", "")
    elif DECIMAL_COMMA.match(text):
        raise InputError(field, f"'{printable(text, 40)}' has a decimal comma; write decimals with a dot (2.5, not 2,5)")
    try:
        value = float(text)
    except ValueError:
        raise InputError(field, f"'{printable(raw, 40)}' is not a number") from None
    if not math.isfinite(value):
        raise InputError(field, "must be a finite number")
    return value


def number_or_none(raw: Any) -> float | None:
    """A finite number from text (read by :func:`number_from_text`) or a number; None if it is
    not one (a decimal comma, a bool, infinity, anything else)."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        return None
    try:
        v = number_from_text(raw, "") if isinstance(raw, str) else float(raw)
    except (InputError, OverflowError):
        return None
    return v if math.isfinite(v) else None


def not_a_number(value: Any) -> str:
    """What is wrong with a parameter that is not a number; a decimal comma is named."""
    if isinstance(value, str) and has_decimal_comma(value):
        return "must be a number; write decimals with a dot (2.5, not 2,5)"
    if isinstance(value, str) and THOUSANDS.match(value.strip()):
        return "must be a number, written without commas in a file (6200, not 6,200)"
    return "must be a number"


def number_to_text(value: float, digits: int = 10) -> str:
    """A number as a link or a form writes it, read back by :func:`number_from_text`: at most
    ``digits`` significant digits, no thousands separators, no trailing zeros (``6200``,
    ``0.0003``, ``18.5``)."""
    return f"{value:.{digits}g}"
