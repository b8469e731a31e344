"""The PDF report, built as small section functions on fpdf2's flow: :mod:`.build` (the public
API and the order of the sections), :mod:`.document` (the page and its text blocks),
:mod:`.sections`, :mod:`.tables`, :mod:`.figures` and :mod:`.draw` (the content's blocks drawn),
:mod:`.charts` (the chart images, also drawn by the ``report`` command's helper process,
:mod:`.chart_helper`), :mod:`.cjk_font` (the font subset), :mod:`.note` and :mod:`.output_file`.
Importing this package does not import fpdf2 or matplotlib (the helper is forked first).
"""

from calculator.present.pdf.build import AUDIENCES, PSA_DRAWS, PSA_SEED, build_pdf, make_report
from calculator.present.pdf.note import MAX_NOTE_CHARS, MAX_NOTE_LINES, check_note
from calculator.present.pdf.output_file import check_output_path, write_atomic

__all__ = [
    "AUDIENCES", "MAX_NOTE_CHARS", "MAX_NOTE_LINES", "PSA_DRAWS", "PSA_SEED", "build_pdf", "check_note",
    "check_output_path", "make_report", "write_atomic",
]
