"""Errors that reach a person: each names the field and what is allowed."""

from __future__ import annotations


def printable(text: object, limit: int = 200) -> str:
    """``text`` safe to echo on a terminal or a page: every character that does not print
    (control characters, terminal escape sequences, bidirectional overrides, lone
    surrogates) is written as its Python escape (``\\x1b``, ``\\u202e``); cut to ``limit``
    characters with an ellipsis."""
    s = str(text)
    cut = len(s) > limit
    s = s[:limit]
    out = "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape", "backslashreplace").decode("ascii")
                  for c in s)
    return out + ("..." if cut else "")


class InputError(ValueError):
    """Bad input from a person or a file.

    Parameters
    ----------
    field : str
        Where the problem is, as the person wrote it (``--set p_auto_use``,
        ``scenario.yaml: siblings[0].weight_kg``).
    message : str
        What is wrong and what is allowed, in one sentence.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")

    def one_line(self) -> str:
        """The message as one line (newlines folded, control characters and escape
        sequences written as escapes), for stderr or a notice."""
        return printable(" ".join(str(self).split()), limit=2000)
