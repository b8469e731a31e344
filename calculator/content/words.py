"""Texts in one language with money in one currency: the one translator the content
builders use (:func:`calculator.content.i18n.t`), and the separators of texts composed in
code (ASCII in English, full-width in Chinese)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from calculator.content.blocks import Cell
from calculator.content.i18n import t

#: Separators of texts composed in code: ASCII in English, full-width in Chinese.
#: ``range`` joins the two ends of a range of plain numbers ("0.76–1.31" / "0.76～1.31").
SEPARATORS = {"en": {"colon": ": ", "semi": "; ", "open": " (", "close": ")", "space": " ", "range": "\u2013"},
              "zh": {"colon": "\uff1a", "semi": "\uff1b", "open": "\uff08", "close": "\uff09", "space": "",
                     "range": "\uff5e"}}


@dataclass(frozen=True)
class Words:
    """``Words("en", "CNY")("verdict.x", **values)``: the text of a key, its numbers formatted."""

    lang: str
    currency: str

    def __call__(self, key: str, **values: Any) -> str:
        return t(key, self.lang, currency=self.currency, **values)

    def sep(self, kind: str) -> str:
        return SEPARATORS[self.lang][kind]


def colon(lang: str) -> str:
    """The colon after a label in ``lang`` (": " / "："): what a block carries for its renderer."""
    return SEPARATORS[lang]["colon"]


def cell_text(c: str | Cell, lang: str) -> str:
    """A table cell as one text: a chance's second part (its percentage) in the language's
    brackets, full-width in Chinese (as the printed report and the text report show it)."""
    return c.text + SEPARATORS[lang]["open"] + c.note + SEPARATORS[lang]["close"] if isinstance(c, Cell) and c.note \
        else str(c)
