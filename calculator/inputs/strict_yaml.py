"""Strict YAML reading: no duplicate keys, no anchors/aliases, safe types only.

PyYAML's ``safe_load`` silently keeps the last of two equal keys and expands aliases;
both hide mistakes (and aliases allow "billion laughs" documents), so files that reach
the model are read with :func:`load_strict`.

Numbers are resolved as YAML 1.2 (and JSON) do: ``5e-05`` is a float, not text as in
PyYAML's YAML 1.1 rules (which want a dot: ``5.0e-05``). So whatever Python's ``json`` or
``repr`` writes reads back as the same number.

Files from people (scenario files, uploads) are read with :func:`load_data` and
:class:`Limits`: size, nesting depth, number of keys and items, and characters of a
number are checked on the event stream *before* any object is built, so a hostile file
(deep nesting, a 5,000-digit integer) gives one :class:`InputError` naming the limit, never
a ``RecursionError``, ``OverflowError`` or the interpreter's int-string limit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from calculator.inputs.errors import InputError, printable

_FLOAT_TAG = "tag:yaml.org,2002:float"
_INT_TAG = "tag:yaml.org,2002:int"
#: YAML 1.2 core schema floats (also every JSON number with a fraction or exponent).
_FLOAT_12 = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")


class _StrictConstructor:
    """Mapping construction that rejects duplicate keys (mixed into both loaders below)."""

    def construct_mapping(self, node, deep=False):
        seen = set()  # the keys so far (this mixin is not type-checked: its methods are the loaders')
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


class _StrictLoader(_StrictConstructor, yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys and aliases; floats as in YAML 1.2."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


# YAML 1.1's float rule (needs a dot; reads ``5e-05`` as text) replaced by YAML 1.2's. The
# int rule stays first, so ``5`` is still an int.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _FLOAT_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(_FLOAT_TAG, _FLOAT_12, list("-+0123456789."))

#: the strict loader on libyaml, or None when PyYAML was built without it
_FastStrictLoader: type[yaml.CSafeLoader] | None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(_StrictConstructor, yaml.CSafeLoader):
        """The same reading with libyaml's C scanner, parser and composer (about ten times
        faster than PyYAML's pure-Python ones); the resolver and constructor are the
        strict loader's, so the same text gives the same objects. An alias is found after
        composing, as a node reached twice (:func:`_shares_nodes`)."""

    _FastLoader.yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers
    _FastStrictLoader = _FastLoader
else:  # pragma: no cover - PyYAML built without libyaml
    _FastStrictLoader = None


def _shares_nodes(root: yaml.Node) -> bool:
    """Whether a node is reached twice from ``root``: what an alias composes to (libyaml
    composes ``*name`` as the anchored node itself, never copying it)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


class _NotFast(Exception):
    """The fast reading found something to refuse: read again slowly for the exact message."""


def _load_fast(text: str) -> Any:
    if _FastStrictLoader is None:  # pragma: no cover - PyYAML built without libyaml
        raise _NotFast
    loader = _FastStrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _shares_nodes(node):
            raise _NotFast
        return None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Limits:
    """What a document from a person may hold; checked before it is built."""

    max_bytes: int
    #: nesting of lists and mappings (a scenario needs 3)
    max_depth: int = 8
    #: keys and list items in all (a scenario with every parameter needs a few hundred)
    max_items: int = 2000
    #: characters of one number, sign and exponent included
    max_number_chars: int = 40


class LimitError(InputError):
    """A document over one of its :class:`Limits`; ``kind`` is ``bytes``, ``depth``,
    ``items`` or ``number_chars`` and ``limit`` the value exceeded."""

    def __init__(self, field: str, message: str, kind: str, limit: int) -> None:
        super().__init__(field, message)
        self.kind = kind
        self.limit = limit


_NUMBERISH = re.compile(r"^[-+]?[0-9.]")


def _line(mark: Any) -> int | None:
    """The 1-based line of an event's mark (PyYAML's or libyaml's ``Mark``; the stubs allow
    an event without one)."""
    return None if mark is None else mark.line + 1


def _at(source: str, line: int | None) -> str:
    return f"{source}, line {line}" if line else source


def _too_deep(source: str, limits: Limits, line: int | None = None) -> InputError:
    where = _at(source, line)
    return LimitError(where, f"nested more than {limits.max_depth} levels deep; not read", "depth", limits.max_depth)


def _check_events(text: str, source: str, limits: Limits) -> None:
    """Walk the YAML event stream (PyYAML's parser keeps a stack, it does not recurse)."""
    depth = items = 0
    for ev in yaml.parse(text, Loader=_StrictLoader):  # noqa: S506 - events only, nothing is constructed
        if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > limits.max_depth:
                raise _too_deep(source, limits, _line(ev.start_mark))
        elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        if isinstance(ev, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            items += 1
            if items > limits.max_items:
                raise LimitError(source, f"has more than {limits.max_items:,} keys and values; not read", "items", limits.max_items)
        if isinstance(ev, yaml.ScalarEvent) and ev.implicit[0] and ev.style is None:
            v = ev.value
            # resolve() reads only the class's resolver tables: no loader is built per scalar
            if len(v) > limits.max_number_chars and _NUMBERISH.match(v) and _StrictLoader.resolve(
                    _StrictLoader, yaml.ScalarNode, v, (True, False)) in (_INT_TAG, _FLOAT_TAG):  # type: ignore[arg-type]
                raise LimitError(_at(source, _line(ev.start_mark)),
                                 f"a number of {len(v):,} characters; at most {limits.max_number_chars} are allowed",
                                 "number_chars", limits.max_number_chars)


def _check_json_depth(text: str, source: str, limits: Limits) -> None:
    """Nesting of ``[`` and ``{`` and number of items (commas) outside strings, without recursion."""
    depth = items = 0
    in_str = esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > limits.max_depth:
                raise _too_deep(source, limits)
        elif ch in "]}":
            depth -= 1
        elif ch == ",":
            items += 1
            if items > limits.max_items:
                raise LimitError(source, f"has more than {limits.max_items:,} keys and values; not read", "items", limits.max_items)


class _JSONSyntaxError(InputError):
    """Not JSON (maybe YAML that starts with ``{``)."""


def _load_json(text: str, source: str, limits: Limits) -> Any:
    _check_json_depth(text, source, limits)
    items = 0

    def count(n: int) -> None:
        nonlocal items
        items += n
        if items > limits.max_items:
            raise LimitError(source, f"has more than {limits.max_items:,} keys and values; not read", "items", limits.max_items)

    def number(kind):
        def read(raw: str):
            if len(raw) > limits.max_number_chars:
                raise LimitError(source, f"a number of {len(raw):,} characters; at most {limits.max_number_chars} are allowed",
                                 "number_chars", limits.max_number_chars)
            return kind(raw)
        return read

    def pairs(kv: list[tuple[str, Any]]) -> dict[str, Any]:
        count(len(kv))
        out: dict[str, Any] = {}
        for k, v in kv:
            if k in out:
                raise InputError(source, f"duplicate key '{printable(k, 60)}'")
            out[k] = v
        return out

    def constant(name: str):
        raise InputError(source, f"{name} is not a number; give a finite number")

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_int=number(int), parse_float=number(float),
                          parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise _JSONSyntaxError(f"{source}, line {exc.lineno}, column {exc.colno}",
                               f"not valid JSON: {exc.msg}") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise _too_deep(source, limits) from None


def load_data(text: str, *, source: str, limits: Limits, fmt: str = "auto") -> Any:
    """A document from a person: JSON read as JSON, YAML read strictly, both within ``limits``.

    Parameters
    ----------
    fmt : {"auto", "json", "yaml"}
        ``auto``: JSON when the text starts with ``{`` or ``[`` and reads as JSON, else YAML.

    Raises
    ------
    InputError
        One line naming ``source`` and the limit or the line of the syntax error.
    """
    size = len(text.encode("utf-8", errors="replace"))
    if size > limits.max_bytes:
        raise LimitError(source, f"is larger than {limits.max_bytes // 1024} KiB ({size:,} bytes); not read",
                         "bytes", limits.max_bytes)
    first = text.lstrip()[:1]
    if fmt == "json" or (fmt == "auto" and first in ("{", "[")):
        try:
            return _load_json(text, source, limits)
        except _JSONSyntaxError:
            if fmt == "json":
                raise
        # a YAML flow mapping that is not JSON: read it as YAML below
    try:
        _check_events(text, source, limits)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source) from None
    return load_strict(text, source=source, nesting_checked=True)


#: Problems of our own loaders (no content of the file in them but a key, made printable).
_OWN_PROBLEMS = ("duplicate key ", "anchors and aliases", "a mapping key must be a plain value")


def _yaml_error(exc: yaml.YAMLError, source: str) -> InputError:
    """A YAML syntax error as one line naming the source, the line and the column.

    PyYAML's own wording can quote the file (a tag, a character, a token); a file given by
    mistake (``--scenario /etc/passwd``) must not be echoed, so only the place is named,
    with the problem itself when it is one of this module's own (a duplicate key, an alias).
    """
    mark = (exc.problem_mark or exc.context_mark) if isinstance(exc, yaml.MarkedYAMLError) else None
    where = f"{source}, line {mark.line + 1}, column {mark.column + 1}" if mark is not None else source
    problem = getattr(exc, "problem", None) or ""
    if problem.startswith(_OWN_PROBLEMS):
        return InputError(where, f"not valid YAML/JSON: {printable(problem, 100)}")
    return InputError(where, "not valid YAML or JSON (a syntax error); not read")


def load_strict(text: str, *, source: str, nesting_checked: bool = False) -> Any:
    """Parse YAML (or JSON, which is YAML) text strictly.

    Parameters
    ----------
    text : str
        The document.
    source : str
        Name used in error messages (a file name).
    nesting_checked : bool
        The text is known not to nest deeply (a file of the calculator itself, or a document
        that passed :func:`load_data`'s limits): then it is read with libyaml's C parser when
        PyYAML has it. libyaml composes nested nodes by recursion in C, without Python's
        recursion limit, so text from a person is read that way only after its depth is
        checked. Anything the fast reading refuses (a syntax error, a duplicate key, an
        alias) is read again by the pure-Python loader, so errors and their messages are
        the same either way.

    Raises
    ------
    InputError
        On a syntax error, a duplicate key or an alias, naming ``source`` and the line.
    """
    if nesting_checked and _FastStrictLoader is not None:
        try:
            return _load_fast(text)
        except (yaml.YAMLError, _NotFast, RecursionError):
            pass  # the pure-Python reading below gives the message
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - strict SafeLoader subclass
    except RecursionError:
        raise InputError(source, "nested too deeply; not read") from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source) from None
