"""The counsellor's document: the verdict, every reason (health economics included), the key
numbers with their 95 % ranges, the advice, the limits and the red flags; :data:`SECTIONS` is
the ordered registry (adding a section is one line there).

The command line's text report and the counsellor's PDF draw these sections; the app's
counsellor page draws the verdict and the reasons."""

from __future__ import annotations

from collections.abc import Callable

from calculator.analysis.results import Results
from calculator.content import common
from calculator.content.blocks import Document, Section
from calculator.content.words import Words

Builder = Callable[[Results, Words], Section]


def reasons(res: Results, w: Words) -> Section:
    """Every reason behind the verdict."""
    return common.reasons(res, w, "counsellor")


#: The counsellor's sections, in order.
SECTIONS: tuple[tuple[str, Builder], ...] = (
    ("verdict", common.verdict),
    ("reasons", reasons),
    ("key_numbers", common.key_numbers),
    ("bank_advice", common.bank_advice),
    ("limits", common.limits),
    ("red_flags", lambda res, w: common.red_flags(w)),
)
SECTIONS_BY_KEY: dict[str, Builder] = dict(SECTIONS)


def document(res: Results, lang: str) -> Document:
    """The counsellor's document of ``res`` in ``lang``."""
    w = Words(lang, res.currency)
    return Document("counsellor", lang, tuple(build(res, w) for _, build in SECTIONS))  # type: ignore[arg-type]
