"""The counsellor's note as the PDF prints it: checked where it is typed and before a report
is made (:func:`check_note`): at most :data:`MAX_NOTE_CHARS` characters and
:data:`MAX_NOTE_LINES` lines, no control or bidirectional override characters, every character
one of the report's fonts draws; a problem is a :class:`NoteError` naming the characters.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from calculator.inputs.errors import InputError

#: The counsellor's note: at most this many characters and lines (keeps the report within
#: its page budget, :data:`calculator.present.pdf.build.PAGE_BUDGET`).
MAX_NOTE_CHARS = 1000
MAX_NOTE_LINES = 15

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Bidirectional embedding, override and isolate controls: they would reorder the printed text.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class NoteError(InputError):
    """A note that cannot be printed as written. ``kind``: ``chars`` (too long), ``lines``
    (too many), ``control`` (control characters), ``missing`` (no font draws them) or
    ``rtl`` (right-to-left text this installation cannot lay out); ``values`` for a message."""

    def __init__(self, field: str, message: str, kind: str, **values: Any) -> None:
        super().__init__(field, message)
        self.kind = kind
        self.values = values


def _char_names(chars: Any, limit: int = 5) -> str:
    """``U+0007 (BELL), U+1F600 (GRINNING FACE)``: each character once, at most ``limit``."""
    seen = list(dict.fromkeys(chars))
    out = [f"U+{ord(c):04X} ({unicodedata.name(c, 'control character' if unicodedata.category(c) == 'Cc' else 'no name')})" for c in seen[:limit]]
    return ", ".join(out) + (f" and {len(seen) - limit} more" if len(seen) > limit else "")


@functools.lru_cache(maxsize=1)
def _drawable() -> frozenset[int]:
    """Code points the report's fonts have glyphs for."""
    from calculator.present.pdf.cjk_font import cmap_of
    from calculator.present.pdf.page_style import FONT_DIR, FONT_PATH, NOTE_FONTS

    return frozenset().union(*(cmap_of(p) for p in (FONT_PATH, *(FONT_DIR / f for f in NOTE_FONTS.values()))))


def note_problem_chars(text: str) -> tuple[str, list[str]] | None:
    """The first kind of character problem of a (normalised) note and the characters, or None."""
    bad = [c for c in text if _CONTROL.match(c) or unicodedata.category(c) == "Cs" or c in _BIDI_CONTROLS]
    if bad:
        return "control", bad
    drawable = _drawable()
    bad = [c for c in text if c not in "\n" and ord(c) not in drawable and unicodedata.category(c) not in ("Zs",)]
    if bad:
        return "missing", bad
    from calculator.present.pdf.page_style import can_shape

    if not can_shape():
        bad = [c for c in text if unicodedata.bidirectional(c) in ("R", "AL")]
        if bad:
            return "rtl", bad
    return None


def check_note(note: Any, field: str = "note") -> str | None:
    """The counsellor's note ready to print (printed exactly as written, never as markup: line
    ends normalised, tabs as four spaces), or None for no or a blank note; a :class:`NoteError`
    (module docstring) otherwise."""
    if note is None:
        return None
    if not isinstance(note, str):
        raise InputError(field, "must be text")
    text = note.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    if len(text) > MAX_NOTE_CHARS:
        raise NoteError(field, f"is {len(text):,} characters long; at most {MAX_NOTE_CHARS:,} characters are allowed",
                        "chars", n=len(text), max=MAX_NOTE_CHARS)
    lines = text.count("\n") + 1
    if lines > MAX_NOTE_LINES:
        raise NoteError(field, f"has {lines} lines; at most {MAX_NOTE_LINES} lines are allowed",
                        "lines", n=lines, max=MAX_NOTE_LINES)
    if not text.strip():
        return None
    problem = note_problem_chars(text)
    if problem is not None:
        kind, chars = problem
        names = _char_names(chars)
        why = {"control": "holds control characters, which have no printed form",
               "missing": "holds characters the report's fonts cannot draw (emoji and some scripts)",
               "rtl": "holds right-to-left text, which this installation cannot lay out"}[kind]
        raise NoteError(field, f"{why}: {names}; remove them", kind, chars=names)
    return text
