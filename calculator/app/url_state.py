"""The app's state in the page URL: reading query parameters into an
:class:`calculator.app.state.AppState` (the family's scenario and the view)
(:func:`parse_query`, never raises: each bad value becomes a notice naming the key and what
is allowed, and that field keeps its default) and writing it back (:func:`to_query`: only
values that differ from the defaults), so a link reproduces the page.

Each scenario field is read and written by the URL key declared on it
(:class:`calculator.inputs.field_spec.Spec`; its allowed values and bounds are the field's own):
``region``, ``planned``, ``mother``, ``father``, ``newborn``, ``sex``, ``fee_plan``, the values
step's ``v_own_use`` ..., the counsellor's record ``date`` and ``note``, the second offer
``offer2``, and relative ``i``'s fields as ``r<i>_<key>`` (``r1_relation``, ``r1_weight_kg``, ...;
at most 10 relatives). The page's own keys: ``lang`` (default: the browser's language),
``page``, ``siblings`` (brothers and sisters already born, 0 to 10), ``offer`` (a bank's price
list, :mod:`calculator.inputs.offers`, or ``own``), ``psa_draws`` and ``psa_seed`` (the
counsellor's probabilistic analysis: 100 to 100,000 draws, seed 0 to 2**32 - 1), and any
assumption parameter by name except ``n_siblings`` (e.g. ``fee_upfront``).

Older links keep working: ``carriers`` (both parents), ``sibling_count`` (brothers and
sisters, no planned children) and ``s<i>_condition``, ``s<i>_weight_kg``, ``s<i>_hla``,
``s<i>_years`` (a full brother or sister ``i``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from calculator.app.family_form import PLAIN_SIBLING, adopt, family_answers
from calculator.app.state import APP_PSA_DRAWS, NOT_EDITABLE, OWN_OFFER, PAGES, AppState, View, default_state
from calculator.content.i18n import LANGS
from calculator.content.notices import Notice, bad_choice, field_notice, notice_of, safe_field_name
from calculator.inputs.assumptions import load_region
from calculator.inputs.field_spec import allowed, bounds, spec
from calculator.inputs.number_text import has_decimal_comma, number_or_none, number_to_text
from calculator.inputs.offers import OFFER_FIELDS, offers_for
from calculator.inputs.scenario import Dropped, scenario_from_mapping_lenient
from calculator.inputs.scenario_schema import Relative, Scenario, Sibling, field_at, model_at
from calculator.inputs.scenario_values import MAX_RELATIVES, MAX_SEED, MAX_SIBLINGS, PARAMETER_ALIASES, for_plan

#: At most this many query keys are read; the rest are ignored with one notice.
MAX_KEYS = 400
#: A relative's fields by their URL key (after ``r<i>_``), declared on the schema
#: (:class:`calculator.inputs.field_spec.Spec`).
_REL_FIELDS = {spec(Relative, n).url: n for n in Relative.model_fields}
#: The older links' brother or sister fields (``s<i>_...``).
_SIBLING_FIELDS = {spec(Sibling, n).url: n for n in Sibling.model_fields}
#: Fields read as numbers (those with bounds).
_NUMBERS = frozenset(n for n in Relative.model_fields if bounds(Relative, n) is not None)
_REL_KEY = re.compile(rf"^r(\d{{1,2}})_({'|'.join(_REL_FIELDS)})$")
_SIBLING_KEY = re.compile(rf"^s(\d{{1,2}})_({'|'.join(_SIBLING_FIELDS)})$")
_REGION, _PLANNED = spec(Scenario, "region").url, spec(Scenario, "planned_children").url
#: The older key of both parents' carrier status.
_BOTH_CARRIERS = spec(Scenario, "parents_carriers").url


def _declared(model: type[BaseModel] = Scenario, at: tuple[str, ...] = ()) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(URL key, place in the scenario's data) of each field declared with a URL key, nested
    mappings (the carriers, the values step) walked in order; older keys left out."""
    for name in model.model_fields:
        sp, path = spec(model, name), (*at, name)
        if sp.url and not sp.older:
            yield sp.url, path
        elif not sp.url and bounds(model, name) is None and (inner := model_at(path)) is not None:
            yield from _declared(inner, path)


#: The scenario's fields a link sets, by URL key -> their place in the scenario's data (the
#: region, read first, and the planned children, read with the family's answers, apart).
_FIELDS = {key: path for key, path in _declared() if key not in (_REGION, _PLANNED)}
_KEY_AT = {path: key for key, path in _FIELDS.items()}
#: The view's whole numbers a link sets, with their bounds: the counsellor's probabilistic
#: analysis (its draws bounded: one link cannot ask for unbounded work).
_VIEW_NUMBERS = {"psa_draws": APP_PSA_DRAWS, "psa_seed": (0, MAX_SEED)}
#: Keys of the page itself (not of the scenario), then the scenario's own.
_TOP_KEYS = frozenset(("lang", "page", "siblings", "offer", "sibling_count", *_VIEW_NUMBERS,
                       *_FIELDS, _BOTH_CARRIERS, _REGION, _PLANNED))


def _number_or_text(raw: Any) -> Any:
    """A number typed in the URL (``6,200``) as a float; anything else as it came (then refused)."""
    v = number_or_none(raw)
    return raw if v is None else v


def _whole(q: Mapping[str, Any], key: str, lo: int, hi: int, notices: list[Notice], code: str = "bad_whole") -> int | None:
    """A whole number from ``lo`` to ``hi`` in ``q[key]``, or None (with a notice if present and bad)."""
    if key not in q:
        return None
    v = number_or_none(q[key])
    if v is None or v != int(v) or not lo <= v <= hi:
        notices.append(Notice(code, key, {"lo": str(lo), "hi": str(hi)}))
        return None
    return int(v)


def _read_keys(query: Mapping[str, Any], notices: list[Notice]) -> dict[str, Any]:
    """The first :data:`MAX_KEYS` keys, each with its last value when it repeats (Streamlit
    gives lists for repeats)."""
    if len(query) > MAX_KEYS:
        notices.append(Notice("too_many_keys", "", {"max": MAX_KEYS}))
    return {k: (v[-1] if v else "") if isinstance(v, (list, tuple)) else v
            for k, v in list(query.items())[:MAX_KEYS] if isinstance(k, str)}


def _choice(q: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str, notices: list[Notice]) -> str:
    if key not in q:
        return default
    if q[key] not in allowed:
        notices.append(bad_choice(key, key, allowed))
        return default
    return q[key]


def _family_keys(q: Mapping[str, Any], a: Any, siblings: int, notices: list[Notice]
                 ) -> tuple[list[str], list[dict[str, Any]], dict[str, Any]]:
    """The listed relatives (``r<i>_...``, then the older ``s<i>_...``) as (URL prefixes, rows
    checked) and the parameters; any other key gets a notice."""
    rel_rows: dict[int, dict[str, Any]] = {}
    sib_rows: dict[int, dict[str, Any]] = {}
    params: dict[str, Any] = {}
    for key, raw in q.items():
        if key in _TOP_KEYS:
            continue
        m = _REL_KEY.match(key) or _SIBLING_KEY.match(key)
        if isinstance(raw, str) and has_decimal_comma(raw) and (m or PARAMETER_ALIASES.get(key, key) in a):
            notices.append(Notice("decimal_comma", safe_field_name(key)))  # 2,5 is neither 25 nor guessed
        elif m:
            i, older = int(m.group(1)), key.startswith("s")
            most = siblings if older else MAX_RELATIVES
            if not 1 <= i <= most:
                code = "sibling_out_of_range" if older else "relative_out_of_range"
                notices.append(Notice(code, key, {"count": most}))
                continue
            what = (_SIBLING_FIELDS if older else _REL_FIELDS)[m.group(2)]
            row = (sib_rows.setdefault(i, {"relation": "full_sibling"}) if older else rel_rows.setdefault(i, {}))
            row[what] = _number_or_text(raw) if what in _NUMBERS else raw
        elif PARAMETER_ALIASES.get(key, key) in a and key not in NOT_EDITABLE:
            params[PARAMETER_ALIASES.get(key, key)] = _number_or_text(raw)
        else:
            notices.append(Notice("unknown_key", safe_field_name(key)))
    listed = [(f"r{i}", rel_rows[i]) for i in sorted(rel_rows)] + [(f"s{i}", sib_rows[i]) for i in sorted(sib_rows)]
    if len(listed) > MAX_RELATIVES:
        notices.append(Notice("bad_count", "relatives", {"lo": "0", "hi": str(MAX_RELATIVES)}))
        listed = listed[:MAX_RELATIVES]
    rows: list[dict[str, Any]] = []
    for prefix, row in listed:  # each relative checked on its own (a bad field of one never shifts or drops another)
        one, bad = scenario_from_mapping_lenient({"region": a.region, "relatives": [row]}, source="URL")
        notices += [notice_of(d, a, carriers_field=_BOTH_CARRIERS, prefixes=[prefix]) for d in bad]
        rows += [r.model_dump(exclude_none=True) for r in one.relatives or ()]
    return [prefix for prefix, _ in listed], rows, params


def _fields_data(q: Mapping[str, Any]) -> dict[str, Any]:
    """The scenario's fields as the link gives them, in the scenario's data (checked by the
    scenario's reader); the older ``carriers`` stands for each parent not given alone."""
    data: dict[str, Any] = {}
    for key, path in _FIELDS.items():
        raw = q.get(key, q.get(_BOTH_CARRIERS) if path[0] == "carriers" else None)
        if raw is not None:
            functools.reduce(lambda place, name: place.setdefault(name, {}), path[:-1], data)[path[-1]] = raw
    return data


def _field_notice(d: Dropped, q: Mapping[str, Any], a: Any, prefixes: list[str]) -> Notice:
    """A field the scenario's reader left out, named by its URL key and what it allows."""
    key = _KEY_AT.get(tuple(str(x) for x in d.loc))
    at = field_at(d.loc)
    if key is None or at is None:
        return notice_of(d, a, carriers_field=_BOTH_CARRIERS, prefixes=prefixes)
    if d.loc[0] == "carriers" and key not in q:
        key = _BOTH_CARRIERS
    if spec(*at).unit == "offer":  # the region's offers (data, not a Literal)
        return bad_choice(key, "offer", tuple(offers_for(a.region)))
    return field_notice(*at, key)


def parse_query(
    query: Mapping[str, Any], *, browser_lang: str = "en"
) -> tuple[AppState, list[Notice]]:
    """Read the page URL's query parameters (key -> text, or a list of texts when a key repeats:
    the last one counts) into a state; never raises. ``browser_lang`` is the language when
    ``lang`` is absent or not allowed."""
    notices: list[Notice] = []
    q = _read_keys(query, notices)
    lang = _choice(q, "lang", LANGS, browser_lang if browser_lang in LANGS else "en", notices)
    page = _choice(q, "page", PAGES, "parent", notices)
    region = _choice(q, _REGION, allowed(Scenario, "region"), "cn", notices)
    a = load_region(region)

    # the family: new keys first, older ones (sibling_count, s<i>_...) when the new ones are absent
    old_count = _whole(q, "sibling_count", 0, MAX_SIBLINGS, notices, code="bad_count")
    siblings = _whole(q, "siblings", 0, MAX_SIBLINGS, notices, code="bad_count")
    old_link = old_count is not None or any(_SIBLING_KEY.match(k) for k in q)
    if siblings is None:
        siblings = old_count if old_count is not None else (1 if old_link else 0)
    lo, hi = bounds(Scenario, "planned_children") or (0, 0)
    planned = _whole(q, _PLANNED, int(lo), int(hi), notices, code=spec(Scenario, "planned_children").notice)
    if planned is None and old_link:
        planned = 0  # not asked (None): counted as none and shown as not entered
    view_numbers: dict[str, Any] = {key: _whole(q, key, *limits, notices) for key, limits in _VIEW_NUMBERS.items()}
    prefixes, rows, params = _family_keys(q, a, siblings, notices)

    offer_id = _choice(q, "offer", (OWN_OFFER, *offers_for(region)), OWN_OFFER, notices)
    preset = offers_for(region).get(offer_id)
    data: dict[str, Any] = {"region": region, "relatives": rows, "planned_children": planned, **_fields_data(q)}
    if preset is not None:
        data.setdefault("fee_plan", preset.fee_plan)
    data["parameters"] = {**(preset.parameters if preset else {}), **params}
    scenario, dropped = scenario_from_mapping_lenient(data, source="URL")
    notices += [_field_notice(d, q, a, prefixes) for d in dropped]
    view = View(lang=lang, page=page, offer=offer_id, **view_numbers)
    return adopt(scenario, view, siblings=siblings, planned=planned), notices


def _relative_keys(relatives: tuple[Relative, ...]) -> dict[str, str]:
    """``r<i>_<key>`` for each listed relative: who always, each other field when not its default."""
    out = {}
    who = spec(Relative, "relation").url
    for i, r in enumerate(relatives, start=1):
        for key in sorted(_REL_FIELDS, key=lambda k: k != who):  # who first
            value = getattr(r, _REL_FIELDS[key])
            if key == who or value != getattr(PLAIN_SIBLING, _REL_FIELDS[key]):
                out[f"r{i}_{key}"] = value if isinstance(value, str) else number_to_text(value, 6)
    return out


def _parameter_keys(state: AppState) -> dict[str, str]:
    """The parameters that differ from the defaults (the family's ``n_siblings`` is written as
    its answers); with a bank's offer, every fee of its plan as it is (the offer's fees are read
    first)."""
    params = state.overrides
    if state.view.offer in offers_for(state.region):
        a = load_region(state.region)
        params = for_plan({**{n: params.get(n, a[n].value) for n in OFFER_FIELDS}, **params},
                          state.scenario.fee_plan or "yearly")
    return {name: number_to_text(value) for name, value in params.items()}


def _fields(scenario: Scenario) -> dict[str, Any]:
    """The scenario's fields a link writes, by URL key, as a file writes them (None: not given)."""
    data: Any = scenario.to_dict()
    return {key: functools.reduce(lambda value, name: value.get(name) if isinstance(value, dict) else None, path, data)
            for key, path in _FIELDS.items()}


@functools.cache
def _default_fields(region: str) -> dict[str, Any]:
    return _fields(default_state(region).scenario)


def to_query(state: AppState) -> dict[str, str]:
    """The state as URL query parameters: ``lang``, ``region`` always; the rest when not default."""
    s, v = state.scenario, state.view
    siblings, planned, sick = family_answers(state)
    out: dict[str, str] = {"lang": v.lang, _REGION: s.region}
    if v.page != View.page:
        out["page"] = v.page
    if siblings:
        out["siblings"] = str(siblings)
    if planned is not None:
        out[_PLANNED] = str(planned)
    out |= _relative_keys(sick)
    default = _default_fields(s.region)
    out |= {key: value for key, value in _fields(s).items() if value is not None and value != default[key]}
    if v.offer != View.offer:
        out["offer"] = v.offer
    out |= {key: str(getattr(v, key)) for key in _VIEW_NUMBERS if getattr(v, key) is not None}
    return out | _parameter_keys(state)
