"""The words and numbers of a report, without the PDF (fpdf2 is not imported here): the
chart helper process (:mod:`calculator.present.pdf.chart_helper`) draws the charts from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calculator.content.i18n import t
from calculator.content.numbers import is_fixed_range
from calculator.content.tables import format_range, money_text

if TYPE_CHECKING:
    from calculator.analysis.results import Results

# Layout [mm] of the page (the colours are in :mod:`calculator.present.pdf.document`).
MARGIN = 15.0
PAGE_W = 210.0
BODY_W = PAGE_W - 2 * MARGIN
#: Separators of texts composed here: ASCII in English, full-width in Chinese.
_SEP = {"en": {"colon": ": ", "semi": "; ", "open": " (", "close": ")", "space": " "},
        "zh": {"colon": "\uff1a", "semi": "\uff1b", "open": "\uff08", "close": "\uff09", "space": ""}}
#: Shown in the range column for a number the analysis does not vary (e.g. the offer).
FIXED_RANGE = "\u2014"


class Texts:
    """The words and numbers of one report: the family's results in one language for one
    audience (no PDF: the charts are drawn from this, also in the chart helper process,
    :mod:`calculator.present.pdf.chart_helper`)."""

    def __init__(self, res: Results, lang: str, audience: str, compact: int = 0) -> None:
        self.res = res
        #: 0, 1 or 2: how tightly the sources and the largest pictures are set (see
        #: :func:`calculator.present.pdf.build.render`: a near-empty last page is avoided).
        self.compact = compact
        self.lang = lang
        self.audience = audience
        self.cur = res.currency

    def T(self, key: str, **values: Any) -> str:
        return t(key, self.lang, currency=self.cur, **values)

    def money(self, x: float | None) -> str:
        return money_text(x, self.cur, self.lang)

    def sep(self, kind: str) -> str:
        """A separator for text composed in code ("colon", "semi", "open", "close"):
        full-width in Chinese."""
        return _SEP[self.lang][kind]

    def psa_range(self, key: str) -> tuple[float, float] | None:
        """The 95 % range of PSA output ``key``; None without a PSA."""
        psa = self.res.psa
        if psa is None or key not in psa.summary:
            return None
        row = psa.summary[key]
        return float(row["p2_5"]), float(row["p97_5"])

    def range_text(self, key: str, kind: str) -> str:
        """The 95 % range of PSA output ``key`` formatted as ``kind``; a dash when the
        analysis keeps the number fixed (both ends equal); "" without a PSA."""
        r = self.psa_range(key)
        if r is None:
            return ""
        return FIXED_RANGE if is_fixed_range(*r) else format_range(kind, r[0], r[1], self.cur, self.lang)
