"""How a scenario field is declared once and read back: the :class:`Spec` on each field
(URL key, text-key prefix, unit, notice, noun) and, from the field's own type and constraints,
its allowed values (:func:`allowed`), bounds (:func:`bounds`, :func:`max_entries`), the keys a
model allows (:func:`keys`) and the rule a message states (:func:`value_rule`).
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel

from calculator.inputs.scenario_values import (
    EARLIEST_CONSULTATION_DATE,
    MAX_RECORD_NOTE_LINES,
    latest_consultation_date,
)


@dataclass(frozen=True)
class Spec:
    """How a scenario field is named and explained, declared once on the field
    (``Annotated[type, Spec(...)]``); its allowed values (a ``Literal``) and bounds (``ge``,
    ``le``, ``max_length``) are the field's own type and constraints (:func:`allowed`,
    :func:`bounds`). From these the page URL is read and written
    (:mod:`calculator.app.url_state`), a file's errors are explained
    (:mod:`calculator.inputs.scenario`) and the app's notices are made
    (:mod:`calculator.content.notices`).

    ``url``: the field's key in the page URL (a relative's field: the part after ``r<i>_``; the
    app's state names the field so too); ``kind``: the text-key prefix of the names of its
    choices (:data:`calculator.content.notices.CHOICE_NAMES`); ``unit``: what a number counts, in
    messages (``kilograms``; ``whole`` for a count; ``characters`` for a text, ``date`` for a
    date); ``notice``: the app's notice for a value
    out of range; ``noun``: what a list holds, in "at most 10 relatives"; ``unknown``: the
    word of "unknown condition"; ``older``: the newer key this older one is a form of (read,
    never written, listed last; not allowed beside the newer one).
    """

    url: str = ""
    kind: str = ""
    unit: str = ""
    notice: str = ""
    noun: str = ""
    unknown: str = ""
    older: str = ""


def spec(model: type[BaseModel], name: str) -> Spec:
    """The :class:`Spec` declared on ``model.name`` (an empty one if none)."""
    return next((m for m in model.model_fields[name].metadata if isinstance(m, Spec)), Spec())


def _literal(annotation: Any) -> tuple[str, ...]:
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        return next((c for a in get_args(annotation) if (c := _literal(a))), ())
    return ()


def allowed(model: type[BaseModel], name: str) -> tuple[str, ...]:
    """The values ``model.name`` allows (its ``Literal``), or ``()`` for a field of another type."""
    return _literal(model.model_fields[name].annotation)


def bounds(model: type[BaseModel], name: str) -> tuple[float, float] | None:
    """``(ge, le)`` of a number field (``(0, max_length)`` of a list), or None."""
    meta = model.model_fields[name].metadata
    lo = next((m.ge for m in meta if isinstance(m, annotated_types.Ge)), None)
    hi = next((m.le for m in meta if isinstance(m, annotated_types.Le)), None)
    if lo is not None and hi is not None:
        return lo, hi  # type: ignore[return-value]  # the Ge/Le of a number field hold numbers (int or float, as declared)
    most = next((m.max_length for m in meta if isinstance(m, annotated_types.MaxLen)), None)
    return None if most is None else (0, most)


def max_entries(model: type[BaseModel], name: str) -> int:
    """The most entries the list field ``model.name`` allows (its ``max_length``)."""
    most = next((m.max_length for m in model.model_fields[name].metadata if isinstance(m, annotated_types.MaxLen)), None)
    if most is None:
        raise LookupError(f"{model.__name__}.{name} has no max_length")
    return int(most)


def keys(model: type[BaseModel]) -> tuple[str, ...]:
    """The keys ``model`` allows in a file: current ones in order, then the older ones."""
    names = tuple(model.model_fields)
    return (tuple(n for n in names if not spec(model, n).older)
            + tuple(n for n in names if spec(model, n).older))


def value_rule(model: type[BaseModel], name: str) -> str:
    """What ``model.name`` allows, as the reader's messages say it: ``allowed: a | b`` (with
    ``unknown condition; `` before it when declared), ``must be a number of kilograms from 2
    to 150``, ``must be a whole number from 0 to 10``, ``must be a mapping with keys mother
    and father``; ``""`` for a list or a mapping of parameters."""
    sp, choices, limits = spec(model, name), allowed(model, name), bounds(model, name)
    if choices:
        return (f"unknown {sp.unknown}; " if sp.unknown else "") + f"allowed: {' | '.join(choices)}"
    if sp.unit == "date":
        return (f"must be a date written YYYY-MM-DD from {EARLIEST_CONSULTATION_DATE.isoformat()} "
                f"to {latest_consultation_date().isoformat()}")
    if sp.unit == "offer":  # the ids depend on the region: the field's validator names them
        return ""
    if sp.unit == "characters" and limits is not None:
        return f"must be text of at most {limits[1]:g} characters and {MAX_RECORD_NOTE_LINES} lines"
    if limits is not None and sp.unit:
        lo, hi = limits
        what = "whole number" if sp.unit == "whole" else f"number of {sp.unit}"
        return f"must be a {what} from {lo:g} to {hi:g}"
    inner = model.model_fields[name].annotation
    inner = next((a for a in get_args(inner) if isinstance(a, type)), inner)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return f"must be a mapping with keys {' and '.join(keys(inner))}"
    return ""
