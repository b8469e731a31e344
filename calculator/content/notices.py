"""Notices: what the app tells a person about an input it could not use, in their language.

A :class:`Notice` carries a text key and plain values; the values never contain what the
person typed (only field names that passed :func:`safe_field_name`, labels and ranges from
the assumption files), so a notice cannot echo markup back. :func:`notice_of` turns a field
the scenario check left out (:class:`calculator.inputs.scenario.Dropped`) into a notice
naming the app's field; :func:`notice_text` turns a notice into a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from calculator.inputs.assumptions import SMALLEST_NONZERO, Assumptions, load_region
from calculator.inputs.field_spec import allowed, bounds, max_entries, spec
from calculator.inputs.offers import offers_for
from calculator.inputs.scenario import Dropped
from calculator.inputs.scenario_schema import ParentCarriers, field_at
from calculator.inputs.scenario_values import MAX_SIBLINGS

_SAFE_NAME = re.compile(r"^[A-Za-z0-9_]{1,40}$")


@dataclass(frozen=True)
class Notice:
    """A message about one input field: text key ``notice.<code>`` and its values.

    ``field`` is a safe field name (letters, digits, underscore) or ``""``.
    """

    code: str
    field: str = ""
    values: dict[str, Any] = dc_field(default_factory=dict)


def safe_field_name(name: Any) -> str:
    """``name`` if it is a short plain identifier, else ``""`` (never echo anything else)."""
    return name if isinstance(name, str) and _SAFE_NAME.match(name) else ""


def _fmt(x: float) -> str:
    return f"{x:,.10g}"


def _range_values(name: str, a: Assumptions) -> dict[str, Any]:
    p = a[name]
    lo, hi = p.bounds
    return {"lo": _fmt(lo), "hi": _fmt(hi), "unit": p.unit, "param": name}


#: Text-key prefix of the names of each kind of choice (``condition.leukaemia``, ...).
CHOICE_NAMES = {"lang": "app.lang", "page": "app.pages", "region": "region", "carriers": "carrier",
                "condition": "condition", "hla": "hla", "relation": "app.side.who", "newborn": "app.side.newborn_opt",
                "sex": "sex",
                "fee_plan": "app.offer.plan_opt", "importance": "values.scale"}


def bad_choice(field: str, kind: str, allowed: Iterable[str]) -> Notice:
    """A ``bad_choice`` notice; the allowed identifiers are named in the page's language later."""
    return Notice("bad_choice", field, {"kind": kind, "choices": tuple(allowed)})


def choices_text(kind: str, choices: Iterable[str], lang: str) -> str:
    """The allowed choices as people read them, each with the identifier to type in brackets:
    ``重型地中海贫血（`thalassaemia_major`）、白血病（`leukaemia`）`` / ``leukaemia (`leukaemia`)``."""
    from calculator.content.i18n import has, t

    prefix = CHOICE_NAMES.get(kind, "")
    names = []
    for c in choices:
        key = f"{prefix}.{c}"
        name = t(key, lang) if prefix and has(key, lang) else ""
        if not name:
            names.append(f"`{c}`")
        elif lang == "zh":
            names.append(f"{name}\uff08`{c}`\uff09")
        else:
            names.append(f"{name} (`{c}`)")
    return ("\u3001" if lang == "zh" else ", ").join(names)


def field_notice(model: type, name: str, field: str, choices: tuple[str, ...] | None = None) -> Notice:
    """The notice for a bad value of a declared scenario field, named ``field``: its choices
    (``bad_choice``) or its range (the field's own notice), from the schema."""
    sp, limits = spec(model, name), bounds(model, name)
    if sp.kind:
        return bad_choice(field, sp.kind, choices if choices is not None else allowed(model, name))
    lo, hi = limits if limits is not None else (0, 0)
    return Notice(sp.notice or "bad_mapping", field, {"lo": _fmt(lo), "hi": _fmt(hi)} if sp.notice else {})


def _entry_notice(d: Dropped, prefixes: list[str] | None) -> Notice:
    """A field of a listed relative (``relatives`` or the older ``siblings``), named as the
    URL names it: ``r2_weight_kg``, ``s1_hla``."""
    loc = d.loc
    i = loc[1]
    assert isinstance(i, int)
    name = f"s{i + 1}" if loc[0] == "siblings" else prefixes[i] if prefixes is not None and i < len(prefixes) else f"r{i + 1}"
    what = str(loc[2]) if len(loc) == 3 else ""
    if not what or what == "relation":  # the entry could not stand for anybody: left out whole
        field = f"{name}_relation" if what else f"{name}_condition" if "condition" in d.error.field else name
        return Notice("relative_left_out", field, {"n": int(name[1:]) if name[1:].isdigit() else i + 1})
    at = field_at(loc)
    if at is None:
        return Notice("bad_mapping", name)
    model, field = at
    # a listed relative is someone with a disease: "none" is offered only for the older brothers and sisters
    choices = allowed(model, field)[1:] if field == "condition" and not name.startswith("s") else None
    return field_notice(model, field, f"{name}_{spec(model, field).url}", choices)


def notice_of(d: Dropped, a: Assumptions, *, carriers_field: str, prefixes: list[str] | None = None) -> Notice:
    """A field the scenario check left out, as a notice naming the app's field (its URL key,
    declared on the scenario's field: :class:`calculator.inputs.field_spec.Spec`).

    ``prefixes`` names each listed relative as the URL does (``r1``, ``s2``; default ``r<i>``);
    ``carriers_field`` names the older ``parents_carriers``.
    """
    loc, problem = d.loc, d.problem
    if not loc:
        return Notice("file_not_mapping")
    if problem == "key_not_text":
        return Notice("key_not_text", safe_field_name(loc[0]) if len(loc) > 1 else "")
    if problem == "unknown" or (loc[0] == "parameters" and len(loc) == 2 and loc[1] not in a):
        return Notice("unknown_key", safe_field_name(loc[-1]))
    if loc[0] == "parameters" and len(loc) == 2:
        return _parameter_notice(str(loc[1]), problem, a)
    if loc[0] in ("siblings", "relatives") and len(loc) >= 2 and isinstance(loc[1], int):
        return _entry_notice(d, prefixes)
    if loc[0] == "carriers":
        who = str(loc[1]) if len(loc) > 1 else "mother"
        return field_notice(ParentCarriers, who if who in ParentCarriers.model_fields else "mother", who)
    at = field_at(loc)
    if at is not None and len(loc) == 2 and spec(*at).url:  # a field of a nested mapping (the values step)
        return field_notice(*at, spec(*at).url)
    if at is None or len(loc) != 1:
        return Notice("bad_mapping", safe_field_name(loc[0]))
    model, name = at
    if problem == "too_many":
        return Notice("bad_count", name, {"lo": "0", "hi": str(max_entries(model, name))})
    field = carriers_field if name == "parents_carriers" else name if spec(model, name).notice else spec(model, name).url
    if spec(model, name).unit == "offer":  # the region's offers (data, not a Literal)
        return bad_choice(field or name, "offer", tuple(offers_for(a.region)))
    return field_notice(model, name, field or name)


def _parameter_notice(name: str, problem: str, a: Assumptions) -> Notice:
    if problem == "combined":
        return Notice("n_siblings_ignored", "n_siblings")
    if name == "n_siblings":
        return Notice("bad_count", "n_siblings", {"lo": "0", "hi": str(MAX_SIBLINGS)})
    code = {"not_whole": "bad_parameter_whole", "too_small": "bad_parameter_tiny"}.get(problem, "bad_parameter")
    return Notice(code, name, _range_values(name, a))


def notice_text(notice: Notice, lang: str, region: str = "cn") -> str:
    """The notice as one sentence in ``lang``: names the field and what is allowed.

    Field names were filtered by :func:`safe_field_name` and are shown in backticks (a code
    span in Markdown), so the sentence carries no markup from the person's input. Parameter
    ranges are the plain numbers to type, with the unit's name and the default as people
    read them (:func:`calculator.content.units.unit_name`, :func:`calculator.content.units.format_parameter`);
    choices are listed by their names in ``lang`` (:func:`choices_text`).
    """
    from calculator.content.i18n import t
    from calculator.content.units import format_parameter, unit_name

    values = dict(notice.values)
    code = notice.code
    if code == "unknown_key" and not notice.field:
        code = "unknown_key_unreadable"
    if code in ("bad_parameter", "bad_parameter_whole", "bad_parameter_tiny"):
        a = load_region(region)
        name = values.pop("param", notice.field)
        unit = values.get("unit", "")
        if name in a:
            p = a[name]
            values["label"] = p.label_in(lang)
            values["default"] = format_parameter(p.value, p.unit, lang, a.currency)
            values["unit"] = unit_name(p.unit, lang, a.currency)
        else:
            values.update(label=name, default="", unit=unit)
    if code == "bad_choice":
        values = {"allowed": choices_text(values.get("kind", ""), values.get("choices", ()), lang)}
    if code == "bad_parameter_tiny":
        values["tiny"] = f"{SMALLEST_NONZERO:g}"
        values.setdefault("hi", _fmt(load_region(region)[notice.field].bounds[1]) if notice.field in load_region(region) else "")
    return t(f"app.notice.{code}", lang, field=notice.field, **values)
