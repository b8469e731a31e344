"""The PDF report, built as small section functions on fpdf2's flow.

- :mod:`.document`: the A4 page and text blocks with the CJK line breaking; :mod:`.page_style`:
  its fonts, colours and sizes;
- :mod:`.cjk_font`: the font file (a subset of the CJK font, or the full font for a rare
  character of a note); :mod:`.make_cjk_subset` makes the subset;
- :mod:`.sections`: title, inputs, note, verdict, limits and flags, disclaimer, sources;
- :mod:`.figures`: icon arrays, charts; :mod:`.charts`: the chart images, drawn from
  :mod:`.texts` (a report's words and numbers) without the PDF, also by the ``report``
  command's helper process (:mod:`.chart_helper`);
- :mod:`.tables`: key numbers, comparison, relatives, check against observations;
- :mod:`.build`: :func:`build_pdf` and :func:`make_report`; :mod:`.note`: the counsellor's
  note checked; :mod:`.output_file`: writing the file.
"""

from calculator.content.common import FIXED_RANGE
from calculator.present.pdf.build import (
    AUDIENCES,
    PSA_DRAWS,
    PSA_SEED,
    build_pdf,
    check_audience,
    check_lang,
    make_report,
    render,
)
from calculator.present.pdf.note import MAX_NOTE_CHARS, MAX_NOTE_LINES, check_note
from calculator.present.pdf.output_file import check_output_path, write_atomic

__all__ = [
    "AUDIENCES", "FIXED_RANGE", "FONT", "FONT_PATH", "MAX_NOTE_CHARS", "MAX_NOTE_LINES", "PSA_DRAWS", "PSA_SEED",
    "build_pdf", "check_audience", "check_lang", "check_note", "check_output_path", "make_report", "render",
    "write_atomic",
]


def __getattr__(name: str):
    """``FONT`` and ``FONT_PATH`` from :mod:`.document`, imported when asked for: importing this
    package does not import fpdf2 or matplotlib (the ``report`` command forks its chart helper
    first, :mod:`.chart_helper`)."""
    if name in ("FONT", "FONT_PATH"):
        from calculator.present.pdf import document

        return getattr(document, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
