"""The words and numbers of a report without the PDF (:class:`Texts`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calculator.content.words import Words

if TYPE_CHECKING:
    from calculator.analysis.results import Results

# Layout [mm] of the page (the colours are in :mod:`calculator.present.pdf.page_style`).
MARGIN = 15.0
PAGE_W = 210.0
BODY_W = PAGE_W - 2 * MARGIN


class Texts:
    """One report's results, language and audience, without fpdf2: the chart helper process
    (:mod:`calculator.present.pdf.chart_helper`) draws the charts from this."""

    def __init__(self, res: Results, lang: str, audience: str, compact: int = 0) -> None:
        self.res = res
        #: 0, 1 or 2: how tightly the sources and the largest pictures are set (see
        #: :func:`calculator.present.pdf.build.render`: a near-empty last page is avoided).
        self.compact = compact
        self.lang = lang
        self.audience = audience
        #: the report's texts: its language, money in the family's currency
        self.words = Words(lang, res.currency)

    def T(self, key: str, **values: Any) -> str:
        return self.words(key, **values)

    def sep(self, kind: str) -> str:
        """A separator for text composed in code ("colon", "semi", "open", "close"): full-width in Chinese."""
        return self.words.sep(kind)
