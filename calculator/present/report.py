"""The PDF report's public names, where the CLI and the app import them from.

The report itself is the package :mod:`calculator.present.pdf`.
"""

from calculator.present.cjk import wrap_text
from calculator.present.icons import DENOMINATOR, IconGroup, icon_cells, icon_groups
from calculator.present.pdf import (
    AUDIENCES,
    FIXED_RANGE,
    MAX_NOTE_CHARS,
    MAX_NOTE_LINES,
    PSA_DRAWS,
    PSA_SEED,
    build_pdf,
    check_audience,
    check_lang,
    check_note,
    check_output_path,
    make_report,
    write_atomic,
)

__all__ = [
    "AUDIENCES", "DENOMINATOR", "FIXED_RANGE", "IconGroup", "MAX_NOTE_CHARS", "MAX_NOTE_LINES", "PSA_DRAWS",
    "PSA_SEED", "build_pdf", "check_audience", "check_lang", "check_note", "check_output_path", "icon_cells",
    "icon_groups", "make_report", "wrap_text", "write_atomic",
]
