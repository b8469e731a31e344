"""Texts in Simplified Chinese and English.

All texts live in ``calculator/locales/<part>.<lang>.yaml`` (``core`` for the model's
words, ``app`` for the web app, ``report`` for the PDF); a key may be defined in only one
part, and every key must exist in both languages (a test checks). Templates use typed
placeholders so that numbers read the same everywhere::

    "Your family's chance: {p:one_in} over {years:int} years"

Kinds: ``one_in`` (a chance in the language's one style), ``one_in_range`` (a (low, high)
pair of chances in that style), ``money`` (region currency), ``pct``, ``count``,
``int``, ``num`` (3 significant figures), ``key`` (the value is another text key), and none
(inserted as text). Inserted values are plain text; callers that render HTML escape it.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any

from calculator.content.numbers import format_count, format_money, format_one_in, format_one_in_range, format_pct
from calculator.inputs.strict_yaml import load_strict
from calculator.present.cjk import tidy_zh_spaces

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGS = ("zh", "en")


@lru_cache(maxsize=4)
def catalogue(lang: str) -> dict[str, str]:
    """Every text of ``lang``, flattened to dotted keys, from all parts."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}")
    out: dict[str, str] = {}
    for path in sorted(LOCALES_DIR.glob(f"*.{lang}.yaml")):
        data = load_strict(path.read_text(encoding="utf-8"), source=path.name, nesting_checked=True) or {}
        for key, text in _flatten(data):
            if key in out:
                raise ValueError(f"{path.name}: text key {key!r} is defined twice")
            out[key] = text
    return out


def _flatten(data: Any, prefix: str = "") -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            items.extend(_flatten(v, key + "."))
        else:
            items.append((key, str(v)))
    return items


class _Formatter(string.Formatter):
    def __init__(self, lang: str, currency: str) -> None:
        self.lang = lang
        self.currency = currency

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "one_in":
            return format_one_in(value, self.lang)
        if format_spec == "one_in_range":
            low, high = value
            return format_one_in_range(low, high, self.lang)
        if format_spec == "money":
            return format_money(value, self.currency, self.lang)
        if format_spec == "pct":
            return format_pct(value, self.lang)
        if format_spec == "count":
            return format_count(value)
        if format_spec == "int":
            return f"{int(round(value)):,}"
        if format_spec == "num":
            return f"{value:.3g}"
        if format_spec == "key":
            return t(str(value), self.lang)
        return super().format_field(value, format_spec)


def t(key: str, lang: str, *, currency: str = "CNY", **values: Any) -> str:
    """The text ``key`` in ``lang``, with ``values`` formatted into its placeholders.

    A missing key raises ``KeyError`` (tests check every key exists in both languages).
    A text with values is made once for the same key, language, currency and values (each
    value with its type, so ``1`` and ``1.0`` stay apart, and a float with its ``repr``, so
    ``-0.0`` and ``0.0`` do too): a web page run asks for about 200
    texts, most of them the same as in the run before (:func:`_formatted`).
    """
    template = catalogue(lang)[key]
    if not values:
        return template
    try:
        kept = tuple((name, type(v), repr(v) if isinstance(v, float) else None, v) for name, v in sorted(values.items()))
        return _formatted(key, lang, currency, kept)
    except TypeError:  # a value that cannot be a key (a list): formatted each time
        return _format(template, lang, currency, values)


def _format(template: str, lang: str, currency: str, values: dict[str, Any]) -> str:
    text = _Formatter(lang, currency).format(template, **values)
    return _tidy_zh(text) if lang == "zh" else text


@lru_cache(maxsize=8192)
def _formatted(key: str, lang: str, currency: str, values: tuple[tuple[str, type, str | None, Any], ...]) -> str:
    """:func:`t` of ``values`` (name, type, a float's ``repr``, value; bounded: the least
    recently used texts go first)."""
    return _format(catalogue(lang)[key], lang, currency, {name: v for name, _, _, v in values})


def _tidy_zh(text: str) -> str:
    """No space between two Chinese characters or full-width punctuation (see
    :func:`calculator.present.cjk.tidy_zh_spaces`)."""
    return tidy_zh_spaces(text)


def has(key: str, lang: str) -> bool:
    return key in catalogue(lang)
