"""Errors that reach a person: each names the field and what is allowed."""

from __future__ import annotations


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
        """The message as one line (newlines folded), for stderr or a notice."""
        return " ".join(str(self).split())
