"""Strict YAML reading: no duplicate keys, no anchors/aliases, safe types only.

PyYAML's ``safe_load`` silently keeps the last of two equal keys and expands aliases;
both hide mistakes (and aliases allow "billion laughs" documents), so files that reach
the model are read with :func:`load_strict`.
"""

from __future__ import annotations

from typing import Any

import yaml

from calculator.inputs.errors import InputError


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys and aliases."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hashable = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if hashable:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_strict(text: str, *, source: str) -> Any:
    """Parse YAML (or JSON, which is YAML) text strictly.

    Parameters
    ----------
    text : str
        The document.
    source : str
        Name used in error messages (a file name).

    Raises
    ------
    InputError
        On a syntax error, a duplicate key or an alias, naming ``source`` and the line.
    """
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - strict SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}, line {mark.line + 1}" if mark is not None else source
        raise InputError(where, f"not valid YAML/JSON: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise InputError(source, f"not valid YAML/JSON: {exc}") from None
