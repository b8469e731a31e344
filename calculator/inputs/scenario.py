"""A family's scenario: region, relatives, carrier status, the newborn's status, fee plan,
parameter overrides.

The same format is read from a YAML/JSON file (command line, app upload), built from the
app's form or URL, and written back when a scenario is saved::

    region: cn
    relatives:
      - relation: full_sibling
        condition: thalassaemia_major
        weight_kg: 18
        hla_match: unknown
        years_to_transplant: 2
    planned_children: 1
    carriers: {mother: beta_thalassaemia, father: beta_thalassaemia}
    newborn_status: unknown
    fee_plan: yearly
    parameters:
      fee_upfront: 5700
    values: {own_use: very, money: somewhat}    # the values step (optional)
    consultation_date: 2026-12-03               # the counsellor's record (optional)
    record_note: "Typing ordered."

The values step and the counsellor's record are never model inputs
(:meth:`calculator.inputs.scenario_schema.Scenario.model_part`).

Older files keep working: ``siblings: [...]`` is ``relatives`` with relation
``full_sibling``; ``parents_carriers: X`` is ``carriers: {mother: X, father: X}``;
``parameters.fee_lump_sum`` is ``fee_package_price`` (and, without a ``fee_plan``, selects
the plan ``package_plus_first_payment``).

The data model (pydantic models, allowed values, limits) is in
:mod:`calculator.inputs.scenario_schema`; this module holds the strict and lenient readers
(a mapping -> a checked :class:`Scenario`, each bad field explained); the files themselves are
read and written in :mod:`calculator.inputs.scenario_files`, numbers typed as text in
:mod:`calculator.inputs.number_text`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from calculator.inputs.assumptions import Assumptions, load_region
from calculator.inputs.errors import InputError, printable
from calculator.inputs.field_spec import allowed, keys, max_entries, spec, value_rule
from calculator.inputs.number_text import not_a_number
from calculator.inputs.scenario_schema import NON_SIBLING_MESSAGE, Relative, Scenario, field_at, model_at
from calculator.inputs.scenario_values import PARAMETER_ALIASES


def _place(loc: tuple | list) -> str:
    """A place in the scenario as a person reads it: ``relatives, entry 2, condition``
    (list entries counted from 1, as in the file; key names made printable and short)."""
    parts: list[str] = []
    for x in loc:
        parts.append(f"entry {x + 1}" if isinstance(x, int) and not isinstance(x, bool) else printable(x, 60))
    return ", ".join(parts)


def _explain(err: Mapping[str, Any], source: str) -> InputError:
    """A validation error as one message naming the field and what it allows, from the
    schema's declarations (:func:`calculator.inputs.field_spec.value_rule`)."""
    field = f"{source}: " + _place(err["loc"]) if err["loc"] else source
    loc, kind = tuple(err["loc"]), err["type"]
    if kind == "extra_forbidden":
        return InputError(field, f"unknown key; allowed: {', '.join(keys(model_at(loc[:-1]) or Scenario))}")
    if kind == "value_error" and NON_SIBLING_MESSAGE in err["msg"]:
        return InputError(field + ", condition", NON_SIBLING_MESSAGE)
    if kind == "value_error" and not loc:
        return InputError(source, err["msg"].removeprefix("Value error, "))
    if (at := field_at(loc)) is not None:
        model, name = at
        if kind == "too_long":
            return InputError(field, f"at most {max_entries(model, name)} {spec(model, name).noun}")
        if rule := value_rule(model, name):
            return InputError(field, rule)
    if loc == ("parameters",):
        return InputError(field, "must be a mapping of parameter name to number")
    if loc and loc[0] == "parameters" and len(loc) >= 2:
        return InputError(f"{source}: parameters, {printable(loc[1], 60)}", not_a_number(err.get("input")))
    return InputError(field, err["msg"].removeprefix("Value error, "))


def check_parameters(
    overrides: dict[str, Any], assumptions: Assumptions, *, source: str
) -> dict[str, float]:
    """Check parameter overrides by name and range; return them as floats.

    Raises
    ------
    InputError
        For an unknown name (``source: parameters.NAME``) or a value outside the bounds.
    """
    out: dict[str, float] = {}
    for name, value in overrides.items():
        field = f"{source}: parameters, {printable(name, 60)}" if source != "--set" else f"--set {printable(name, 60)}"
        target = PARAMETER_ALIASES.get(name, name)
        if target not in assumptions:
            raise InputError(field, "unknown parameter; 'python -m calculator params' lists them")
        if target != name and target in overrides:
            raise InputError(field, f"is the older name of {target}; give only one of them")
        out[target] = assumptions[target].check_value(value, field)
    return out


@dataclass(frozen=True)
class Dropped:
    """A field the lenient reader left out (or cut short), where it was and why.

    ``loc`` is the path in the scenario mapping, e.g. ``("siblings", 0, "weight_kg")`` or
    ``("parameters", "fee_upfront")`` (``()`` when the data is not a mapping at all).
    ``problem`` is one of ``unknown`` (no such key), ``invalid`` (not an allowed choice, not a
    number or not a mapping), ``out_of_range``, ``not_whole``, ``too_many`` (a list cut to its
    maximum), ``key_not_text`` (a key such as ``1.5``, ``null`` or a date), ``combined`` (``n_siblings`` beside a relatives list, ``siblings`` beside
    ``relatives``, ``parents_carriers`` beside ``carriers``, an old parameter name beside
    its new one) or ``not_mapping``;
    ``error`` is the strict reader's message: the field and what is allowed.
    """

    loc: tuple[str | int, ...]
    problem: str
    error: InputError


def _problem(err: Mapping[str, Any]) -> str:
    loc = err["loc"]
    if err["type"] == "extra_forbidden" or (loc and loc[-1] == "[key]"):
        return "unknown"
    if err["type"] == "too_long" and tuple(loc) in (("siblings",), ("relatives",)):
        return "too_many"
    if err["type"] in ("greater_than_equal", "less_than_equal"):
        return "out_of_range"
    return "invalid"


def _key_kind(key: Any) -> str:
    if key is None:
        return "empty (null)"
    if isinstance(key, bool):
        return "true/false"
    if isinstance(key, (int, float)):
        return "a number"
    if isinstance(key, (dt.date, dt.datetime)):
        return "a date"
    return "not text"


def _key_name(key: Any) -> str:
    """A key as it was written in the file: ``null``, ``true``, ``1.5``, ``2020-01-01``."""
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return printable(key, 40)


def _text_keys(node: Any, loc: tuple, source: str, dropped: list[Dropped]) -> Any:
    """A copy of ``node`` without the mapping keys that are not text, each one reported.

    YAML allows keys such as ``1.5``, ``null``, ``true`` or a date; a scenario's keys are
    names, so such a key is refused (strict) or left out with its value (lenient), wherever
    it is.
    """
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if isinstance(key, str):
                out[key] = _text_keys(value, (*loc, key), source, dropped)
                continue
            where = f"{source}: {_place(loc)}, key {_key_name(key)}" if loc else f"{source}: key {_key_name(key)}"
            error = InputError(where, f"is {_key_kind(key)}; keys must be text (names such as region, relatives "
                                      "or parameters)")
            dropped.append(Dropped((*loc, _key_name(key)), "key_not_text", error))
        return out
    if isinstance(node, (list, tuple)):
        return [_text_keys(v, (*loc, i), source, dropped) for i, v in enumerate(node)]
    return node


#: Passes of the field-by-field check before the reader gives up on a mapping and uses the
#: defaults (each pass removes at least one field; a scenario has far fewer).
_MAX_PASSES = 100


def _drop(data: dict, err: Mapping[str, Any]) -> bool:
    """Remove the field of a validation error from ``data``; whether anything was removed."""
    loc = [x for x in err["loc"] if x != "[key]"]
    if not loc:
        return False
    parent: Any = data
    for step in loc[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return data.pop(loc[0], _MISSING) is not _MISSING
    if isinstance(parent, dict) and loc[-1] in parent:
        del parent[loc[-1]]
        return True
    return data.pop(loc[0], _MISSING) is not _MISSING


_MISSING = object()


def _validate_fields(model: type[BaseModel], data: dict, loc: tuple, source: str, dropped: list[Dropped],
                     whole: tuple[str, ...] = ()) -> tuple[Any, bool]:
    """``model`` from ``data`` with each bad field left out: (the model or None, whether the
    mapping as a whole was refused: a parent listed without a disease, or a bad field of
    ``whole``, one no default can stand for)."""
    for _ in range(_MAX_PASSES):
        try:
            return model.model_validate(data), False
        except ValidationError as exc:
            changed = False
            errors = exc.errors()
            for err in errors:
                full: dict[str, Any] = {**err, "loc": (*loc, *err["loc"])}
                if not err["loc"] or err["type"] == "model_type" or err["loc"][0] in whole:
                    dropped.append(Dropped(tuple(x for x in full["loc"] if x != "[key]"), "invalid",
                                           _explain(full, source)))
                    return None, True
                dropped.append(Dropped(tuple(x for x in full["loc"] if x != "[key]"), _problem(full),
                                       _explain(full, source)))
                changed = _drop(data, err) or changed
            if not changed:
                break
    return None, True


def _read_list(data: dict, key: str, source: str, dropped: list[Dropped]) -> None:
    """Read the list ``data[key]`` (relatives or siblings) entry by entry, in place.

    Each entry is checked on its own: a bad field of an entry is left out (its default is
    used); an entry that cannot be used at all (not a mapping, a relation that is not
    allowed, or a parent or other relative without a disease) is left out whole. Either way the good entries keep their order and
    every problem is reported by the entry's own position in the file (``entry 2``), so
    leaving one out never shifts or drops another. A list longer than its maximum is cut to
    its first entries first.
    """
    items = data.get(key)
    if not isinstance(items, (list, tuple)):
        return
    items = list(items)
    most = max_entries(Scenario, key)
    if len(items) > most:
        what = spec(Scenario, key).noun
        dropped.append(Dropped((key,), "too_many", InputError(f"{source}: {key}", f"at most {most} {what}")))
        items = items[:most]
    model = model_at((key, 0)) or Relative
    kept: list[dict] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            allowed_keys = ", ".join(keys(model))
            error = InputError(f"{source}: {_place((key, i))}", f"must be a mapping with keys {allowed_keys}; left out")
            dropped.append(Dropped((key, i), "invalid", error))
            continue
        # who the person is has no default: a relative whose relation is not allowed is left out
        entry, refused = _validate_fields(model, dict(item), (key, i), source, dropped, whole=("relation",))
        if not refused and entry is not None:
            kept.append(entry.model_dump(exclude_none=True))
    data[key] = kept


def _drop_older_beside_newer(data: dict, source: str, dropped: list[Dropped]) -> None:
    """An older key given beside its newer form (``siblings`` with ``relatives``) is left out."""
    for old_key in keys(Scenario):
        new_key = spec(Scenario, old_key).older
        if new_key and new_key in data and old_key in data:
            error = InputError(f"{source}: {old_key}", f"cannot be combined with {new_key}; use {new_key} only")
            dropped.append(Dropped((old_key,), "combined", error))
            del data[old_key]


def _validated(data: dict, source: str, dropped: list[Dropped]) -> Scenario:
    """:class:`Scenario` from ``data``, each field that fails left out and reported."""
    for _ in range(_MAX_PASSES):
        try:
            return Scenario.model_validate(data)
        except ValidationError as exc:
            changed = False
            for err in exc.errors():
                loc = tuple(x for x in err["loc"] if x != "[key]")
                dropped.append(Dropped(loc, _problem(err), _explain(err, source)))
                changed = _drop(data, err) or changed
            if not changed:  # nothing left to remove: never loop on a problem that stays
                break
    return Scenario(region=data["region"]) if data.get("region") in allowed(Scenario, "region") else Scenario()


def _parameter_error(name: str, value: float, scenario: Scenario, assumptions: Assumptions,
                     source: str) -> Dropped | None:
    """What is wrong with the parameter override ``name: value``, or None."""
    field = f"{source}: parameters, {printable(name, 60)}"
    target = PARAMETER_ALIASES.get(name, name)
    if target not in assumptions:
        error = InputError(field, "unknown parameter; 'python -m calculator params' lists them")
        return Dropped(("parameters", name), "unknown", error)
    if problem := assumptions[target].problem(value):
        return Dropped(("parameters", name), problem, assumptions[target].error(value, field))
    if target != name and target in scenario.parameters:
        error = InputError(field, f"is the older name of {target}; give only one of them")
        return Dropped(("parameters", name), "combined", error)
    if name == "n_siblings" and scenario.family_listed:
        error = InputError(field, "cannot be combined with a relatives (siblings) list or planned_children; "
                                  "list every brother or sister instead")
        return Dropped(("parameters", name), "combined", error)
    return None


def _read(data: Any, source: str, region: str | None) -> tuple[Scenario, list[Dropped]]:
    """Validate against :class:`Scenario` and the assumptions, dropping each bad field."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        error = InputError(source, f"not a valid scenario file: it must be a mapping with keys {', '.join(keys(Scenario))}")
        return Scenario(), [Dropped((), "not_mapping", error)]
    dropped: list[Dropped] = []
    data = _text_keys(data, (), source, dropped)  # also the copy: the caller's data is not changed
    if region is not None:
        data["region"] = region
    if not data.get("parameters", True):
        data["parameters"] = {}
    _drop_older_beside_newer(data, source, dropped)
    for key in ("relatives", "siblings"):
        _read_list(data, key, source, dropped)
    scenario = _validated(data, source, dropped)
    assumptions = load_region(scenario.region)
    kept: dict[str, float] = {}
    for name, value in scenario.parameters.items():
        if (problem := _parameter_error(name, value, scenario, assumptions, source)) is not None:
            dropped.append(problem)
        else:
            kept[PARAMETER_ALIASES.get(name, name)] = float(value)
    return scenario.model_copy(update={"parameters": kept}), dropped


def scenario_from_mapping(data: Any, *, source: str = "scenario", region: str | None = None) -> Scenario:
    """Build and check a :class:`Scenario` from plain data (a parsed file or form), strictly.

    ``region``, when given, overrides the scenario's own region (the ``--region`` flag).

    Raises
    ------
    InputError
        For the first bad field, naming it and what is allowed.
    """
    scenario, dropped = _read(data, source, region)
    if dropped:
        raise dropped[0].error
    return scenario


def scenario_from_mapping_lenient(data: Any, *, source: str = "scenario") -> tuple[Scenario, list[Dropped]]:
    """The same checks as :func:`scenario_from_mapping`, but never raises: each bad field is
    left out (its default is used; more than ``MAX_SIBLINGS`` brothers or sisters are cut to
    the first ones) and reported as a :class:`Dropped`; the rest is kept."""
    return _read(data, source, None)
