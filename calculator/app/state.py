"""The web app's inputs as plain data: URL query parameters and scenario files <-> state.

Everything a person enters in the app lives in one :class:`AppState`; the page URL holds
it (so a link reproduces the page) and a scenario file holds it (the command line's
YAML/JSON format, :mod:`calculator.inputs.scenario`). Reading either never raises: each bad field
(text where a number goes, out of range, unknown key, over-long value, markup) becomes a
:class:`Notice` naming the field and what is allowed, and that field keeps its default.

Notices carry a text key and plain values; the values never contain what the person typed
(only field names that passed :func:`safe_field_name`, labels and ranges from the
assumption files), so a notice cannot echo markup back. :func:`notice_text` turns them into
a sentence in the page's language: allowed choices by their translated names (with the
identifier to type in brackets) and units by their translated names
(:mod:`calculator.present.units`).

URL parameters (all optional; only values that differ from the defaults are written):

========================  =================================================================
``lang``                  ``zh`` or ``en`` (default: the browser's language)
``page``                  ``parent`` or ``counsellor``
``region``                ``cn`` or ``us``
``carriers``              parents' carrier status: ``none``, ``beta_thalassaemia``,
                          ``alpha_thalassaemia``, ``sickle_cell``
``sibling_count``         brothers or sisters, 0 to 10
``s<i>_condition``        condition of brother or sister ``i`` (1-based), e.g. ``leukaemia``
``s<i>_weight_kg``        weight of brother or sister ``i`` [kg], 2 to 150
``s<i>_hla``              ``unknown``, ``match`` or ``mismatch``
``<parameter name>``      any assumption parameter except ``n_siblings`` (e.g. ``fee_upfront``)
========================  =================================================================
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field as dc_field, replace
from typing import Any, Iterable, Mapping

from calculator.inputs.assumptions import INTEGER_PARAMETERS, REGIONS, Assumptions, load_region
from calculator.inputs.errors import InputError
from calculator.present.i18n import LANGS
from calculator.inputs.scenario import (CARRIERS, CONDITIONS, HLA_MATCHES, MAX_SCENARIO_BYTES, MAX_SIBLINGS, WEIGHT_BOUNDS, Scenario,
                       scenario_from_mapping)
from calculator.inputs.strict_yaml import load_strict

PAGES = ("parent", "counsellor")
#: A query value longer than this is not read (no parameter needs more than ~20 characters).
MAX_VALUE_LENGTH = 64
#: At most this many query keys are read; the rest are ignored with one notice.
MAX_KEYS = 400
#: Parameters never set by URL or editor: the sibling list replaces ``n_siblings``.
NOT_EDITABLE = frozenset({"n_siblings"})
#: The storage offer: shown with the family's inputs, not in the counsellor's editor.
OFFER_PARAMETERS = ("fee_upfront", "fee_annual", "fee_lump_sum", "storage_years")

_SAFE_NAME = re.compile(r"^[A-Za-z0-9_]{1,40}$")
_SIBLING_KEY = re.compile(r"^s(\d{1,2})_(condition|weight_kg|hla)$")


@dataclass(frozen=True)
class Notice:
    """A message about one input field: text key ``notice.<code>`` and its values.

    ``field`` is a safe field name (letters, digits, underscore) or ``""``.
    """

    code: str
    field: str = ""
    values: dict[str, Any] = dc_field(default_factory=dict)


@dataclass(frozen=True)
class SiblingState:
    """A brother or sister as entered: condition, weight [kg] (None = not known), HLA."""

    condition: str = "none"
    weight_kg: float | None = None
    hla: str = "unknown"

    @property
    def is_default(self) -> bool:
        return self.condition == "none" and self.weight_kg is None and self.hla == "unknown"


@dataclass(frozen=True)
class AppState:
    """Every input of the app. ``params`` holds only values that differ from the defaults."""

    lang: str = "en"
    page: str = "parent"
    region: str = "cn"
    carriers: str = "none"
    siblings: tuple[SiblingState, ...] = (SiblingState(),)
    params: dict[str, float] = dc_field(default_factory=dict)

    def with_(self, **changes: Any) -> "AppState":
        return replace(self, **changes)


def safe_field_name(name: Any) -> str:
    """``name`` if it is a short plain identifier, else ``""`` (never echo anything else)."""
    return name if isinstance(name, str) and _SAFE_NAME.match(name) else ""


def default_sibling_count(region: str) -> int:
    return int(load_region(region)["n_siblings"].value)


def default_state(region: str = "cn", lang: str = "en") -> AppState:
    """The state before anything is typed: the region's defaults."""
    return AppState(lang=lang, region=region, siblings=tuple(SiblingState() for _ in range(default_sibling_count(region))))


def editable_parameters(region: str) -> list[str]:
    """Names of the parameters a counsellor may change, in file order."""
    return [n for n in load_region(region).parameters if n not in NOT_EDITABLE]


def language_from_browser(locale: str | None = None, accept_language: str | None = None) -> str:
    """``zh`` or ``en`` from the browser's locale (``zh-CN``) or Accept-Language header.

    The first language of the highest quality that is Chinese or English wins; ``en`` when
    the browser names neither.
    """
    if locale:
        primary = locale.strip().lower()[:2]
        if primary in LANGS:
            return primary
    if accept_language:
        ranked = []
        for i, part in enumerate(accept_language[:500].split(",")):
            tag, _, q = part.strip().partition(";q=")
            try:
                quality = float(q) if q else 1.0
            except ValueError:
                quality = 0.0
            ranked.append((-quality, i, tag.strip().lower()[:2]))
        for _, _, tag in sorted(ranked):
            if tag in LANGS:
                return tag
    return "en"


def _fmt(x: float) -> str:
    return f"{x:,.10g}"


def _range_values(name: str, a: Assumptions) -> dict[str, Any]:
    p = a[name]
    lo, hi = p.bounds
    return {"lo": _fmt(lo), "hi": _fmt(hi), "unit": p.unit, "param": name}


#: Text-key prefix of the names of each kind of choice (``condition.leukaemia``, ...).
CHOICE_NAMES = {"lang": "app.lang", "page": "app.pages", "region": "region", "carriers": "carrier",
                "condition": "condition", "hla": "hla"}


def _bad_choice(field: str, kind: str, allowed: Iterable[str]) -> Notice:
    """A ``bad_choice`` notice; the allowed identifiers are named in the page's language later."""
    return Notice("bad_choice", field, {"kind": kind, "choices": tuple(allowed)})


def choices_text(kind: str, choices: Iterable[str], lang: str) -> str:
    """The allowed choices as people read them, each with the identifier to type in brackets:
    ``重型地中海贫血（`thalassaemia_major`）、白血病（`leukaemia`）`` / ``leukaemia (`leukaemia`)``."""
    from calculator.present.i18n import has, t

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


def _parse_number(raw: Any) -> float | None:
    """A finite float from text or a number; None if it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        v = float(raw)
    elif isinstance(raw, str):
        s = raw.strip().replace(",", "").replace("_", "")
        if not s or len(s) > MAX_VALUE_LENGTH:
            return None
        try:
            v = float(s)
        except ValueError:
            return None
    else:
        return None
    return v if math.isfinite(v) else None


def check_parameter(name: str, raw: Any, a: Assumptions) -> tuple[float | None, Notice | None]:
    """Validate one parameter value (text or number) against its bounds."""
    v = _parse_number(raw)
    p = a[name]
    lo, hi = p.bounds
    if v is None or not lo <= v <= hi:
        return None, Notice("bad_parameter", name, _range_values(name, a))
    if name in INTEGER_PARAMETERS and v != int(v):
        return None, Notice("bad_parameter_whole", name, _range_values(name, a))
    return v, None


def _choice(raw: Any, allowed: Iterable[str]) -> str | None:
    allowed = tuple(allowed)
    return raw if isinstance(raw, str) and raw in allowed else None


def _one(raw: Any) -> Any:
    """The last value of a repeated query key (Streamlit gives lists for repeats)."""
    if isinstance(raw, (list, tuple)):
        return raw[-1] if raw else ""
    return raw


def _too_long(raw: Any) -> bool:
    return isinstance(raw, str) and len(raw) > MAX_VALUE_LENGTH


def _clean_params(params: Mapping[str, float], a: Assumptions) -> dict[str, float]:
    """Overrides minus those equal to the default."""
    return {k: float(v) for k, v in params.items() if not math.isclose(v, a[k].value, rel_tol=1e-12, abs_tol=0.0)}


def parse_query(
    query: Mapping[str, Any], *, browser_lang: str = "en"
) -> tuple[AppState, list[Notice]]:
    """Read the page URL's query parameters into a state; never raises.

    Parameters
    ----------
    query : mapping
        Key -> text (or a list of texts when a key repeats; the last one is used).
    browser_lang : {"zh", "en"}
        Language used when ``lang`` is absent or not allowed.
    """
    notices: list[Notice] = []
    items = list(query.items())
    if len(items) > MAX_KEYS:
        notices.append(Notice("too_many_keys", "", {"max": MAX_KEYS}))
        items = items[:MAX_KEYS]
    q = {k: _one(v) for k, v in items if isinstance(k, str)}

    def choice(key: str, allowed: Iterable[str], default: str) -> str:
        if key not in q:
            return default
        allowed = tuple(allowed)
        v = _choice(q[key], allowed)
        if v is None:
            notices.append(_bad_choice(key, key, allowed))
            return default
        return v

    lang = choice("lang", LANGS, browser_lang if browser_lang in LANGS else "en")
    page = choice("page", PAGES, "parent")
    region = choice("region", REGIONS, "cn")
    a = load_region(region)
    carriers = choice("carriers", CARRIERS, "none")

    count = default_sibling_count(region)
    if "sibling_count" in q:
        v = _parse_number(q["sibling_count"])
        if v is None or v != int(v) or not 0 <= v <= MAX_SIBLINGS:
            notices.append(Notice("bad_count", "sibling_count", {"lo": "0", "hi": str(MAX_SIBLINGS)}))
        else:
            count = int(v)
    sibs = [dict(condition="none", weight_kg=None, hla="unknown") for _ in range(count)]

    params: dict[str, float] = {}
    known_top = {"lang", "page", "region", "carriers", "sibling_count"}
    for key, raw in q.items():
        if key in known_top:
            continue
        m = _SIBLING_KEY.match(key)
        if m:
            i, what = int(m.group(1)), m.group(2)
            if not 1 <= i <= count:
                notices.append(Notice("sibling_out_of_range", key, {"count": count}))
                continue
            s = sibs[i - 1]
            if what in ("condition", "hla"):
                allowed = CONDITIONS if what == "condition" else HLA_MATCHES
                v = _choice(raw, allowed)
                if v is None:
                    notices.append(_bad_choice(key, what, allowed))
                else:
                    s[what] = v
            else:
                w = _parse_number(raw)
                if w is None or not WEIGHT_BOUNDS[0] <= w <= WEIGHT_BOUNDS[1]:
                    notices.append(Notice("bad_weight", key, {"lo": _fmt(WEIGHT_BOUNDS[0]), "hi": _fmt(WEIGHT_BOUNDS[1])}))
                else:
                    s["weight_kg"] = w
            continue
        if key in a and key not in NOT_EDITABLE:
            v, notice = check_parameter(key, raw, a)
            if notice:
                notices.append(notice)
            else:
                params[key] = v
            continue
        notices.append(Notice("unknown_key", safe_field_name(key)))

    state = AppState(
        lang=lang, page=page, region=region, carriers=carriers,
        siblings=tuple(SiblingState(**s) for s in sibs), params=_clean_params(params, a),
    )
    return state, notices


def to_query(state: AppState) -> dict[str, str]:
    """The state as URL query parameters: ``lang``, ``region`` always; the rest when not default."""
    out: dict[str, str] = {"lang": state.lang, "region": state.region}
    if state.page != "parent":
        out["page"] = state.page
    if state.carriers != "none":
        out["carriers"] = state.carriers
    if len(state.siblings) != default_sibling_count(state.region):
        out["sibling_count"] = str(len(state.siblings))
    for i, s in enumerate(state.siblings, start=1):
        if s.condition != "none":
            out[f"s{i}_condition"] = s.condition
        if s.weight_kg is not None:
            out[f"s{i}_weight_kg"] = f"{s.weight_kg:g}"
        if s.hla != "unknown":
            out[f"s{i}_hla"] = s.hla
    for name, value in state.params.items():
        out[name] = f"{value:.10g}"
    return out


def to_scenario(state: AppState) -> Scenario:
    """The state as a checked :class:`Scenario` (the CLI's file format).

    Brothers and sisters are listed only when one differs from a healthy default; otherwise
    their number goes in as ``n_siblings`` (so the default family saves as a short file).
    """
    data: dict[str, Any] = {"region": state.region, "parents_carriers": state.carriers}
    params = dict(state.params)
    if any(not s.is_default for s in state.siblings):
        data["siblings"] = [
            {"condition": s.condition, "hla_match": s.hla, **({"weight_kg": s.weight_kg} if s.weight_kg is not None else {})}
            for s in state.siblings
        ]
    elif len(state.siblings) != default_sibling_count(state.region):
        params["n_siblings"] = float(len(state.siblings))
    data["parameters"] = params
    return scenario_from_mapping(data, source="app")


def state_from_scenario_mapping(
    data: Any, *, lang: str = "en", page: str = "parent"
) -> tuple[AppState, list[Notice]]:
    """Read a parsed scenario file (CLI format) field by field; bad fields keep defaults."""
    notices: list[Notice] = []
    if not isinstance(data, dict):
        return default_state(lang=lang).with_(page=page), [Notice("file_not_mapping")]
    allowed_top = ("region", "siblings", "parents_carriers", "parameters")
    for k in data:
        if k not in allowed_top:
            notices.append(Notice("unknown_key", safe_field_name(k)))
    region = data.get("region", "cn")
    if region not in REGIONS:
        notices.append(_bad_choice("region", "region", REGIONS))
        region = "cn"
    a = load_region(region)
    carriers = data.get("parents_carriers", "none")
    if carriers not in CARRIERS:
        notices.append(_bad_choice("parents_carriers", "carriers", CARRIERS))
        carriers = "none"

    raw_params = data.get("parameters") or {}
    if not isinstance(raw_params, dict):
        notices.append(Notice("bad_mapping", "parameters"))
        raw_params = {}
    params: dict[str, float] = {}
    n_siblings: int | None = None
    for name, raw in raw_params.items():
        if not isinstance(name, str) or name not in a:
            notices.append(Notice("unknown_key", safe_field_name(name)))
            continue
        if _too_long(raw) or isinstance(raw, str):
            # files hold numbers, not text
            notices.append(Notice("bad_parameter", name, _range_values(name, a)))
            continue
        if name == "n_siblings":
            v = _parse_number(raw)
            if v is None or v != int(v) or not 0 <= v <= MAX_SIBLINGS:
                notices.append(Notice("bad_count", "n_siblings", {"lo": "0", "hi": str(MAX_SIBLINGS)}))
            else:
                n_siblings = int(v)
            continue
        v, notice = check_parameter(name, raw, a)
        if notice:
            notices.append(notice)
        else:
            params[name] = v

    sibs: list[SiblingState] = []
    raw_sibs = data.get("siblings")
    if raw_sibs is not None:
        if not isinstance(raw_sibs, list):
            notices.append(Notice("bad_mapping", "siblings"))
        else:
            if len(raw_sibs) > MAX_SIBLINGS:
                notices.append(Notice("bad_count", "siblings", {"lo": "0", "hi": str(MAX_SIBLINGS)}))
                raw_sibs = raw_sibs[:MAX_SIBLINGS]
            for i, s in enumerate(raw_sibs, start=1):
                if not isinstance(s, dict):
                    notices.append(Notice("bad_mapping", f"s{i}"))
                    sibs.append(SiblingState())
                    continue
                for k in s:
                    if k not in ("condition", "weight_kg", "hla_match"):
                        notices.append(Notice("unknown_key", safe_field_name(k)))
                cond = s.get("condition", "none")
                if cond not in CONDITIONS:
                    notices.append(_bad_choice(f"s{i}_condition", "condition", CONDITIONS))
                    cond = "none"
                hla = s.get("hla_match", "unknown")
                if hla not in HLA_MATCHES:
                    notices.append(_bad_choice(f"s{i}_hla", "hla", HLA_MATCHES))
                    hla = "unknown"
                w = s.get("weight_kg")
                if w is not None:
                    wv = None if isinstance(w, str) else _parse_number(w)
                    if wv is None or not WEIGHT_BOUNDS[0] <= wv <= WEIGHT_BOUNDS[1]:
                        notices.append(Notice("bad_weight", f"s{i}_weight_kg",
                                              {"lo": _fmt(WEIGHT_BOUNDS[0]), "hi": _fmt(WEIGHT_BOUNDS[1])}))
                        wv = None
                    w = wv
                sibs.append(SiblingState(cond, w, hla))
        if n_siblings is not None:
            notices.append(Notice("n_siblings_ignored", "n_siblings"))
    else:
        sibs = [SiblingState() for _ in range(n_siblings if n_siblings is not None else int(a["n_siblings"].value))]

    state = AppState(lang=lang, page=page, region=region, carriers=carriers,
                     siblings=tuple(sibs), params=_clean_params(params, a))
    return state, notices


def state_from_scenario_text(text: str, *, lang: str = "en", page: str = "parent") -> tuple[AppState, list[Notice]]:
    """Read an uploaded scenario file (YAML or JSON text); never raises.

    A file that cannot be parsed at all gives the defaults and one notice whose ``detail``
    is the parser's message about the line (it names the line, not the content).
    """
    if len(text.encode("utf-8", errors="replace")) > MAX_SCENARIO_BYTES:
        return default_state(lang=lang).with_(page=page), [Notice("file_too_large", "", {"kib": MAX_SCENARIO_BYTES // 1024})]
    try:
        data = load_strict(text, source="file")
    except InputError:
        return default_state(lang=lang).with_(page=page), [Notice("file_unreadable")]
    return state_from_scenario_mapping(data if data is not None else {}, lang=lang, page=page)


def region_changed(state: AppState, new_region: str) -> AppState:
    """Switch region: regional parameters (fees, discount rate, WTP) go back to the new
    region's defaults; shared clinical overrides are kept if still allowed."""
    a = load_region(new_region)
    keep = {k: v for k, v in state.params.items()
            if k in a and a[k].file == "common.yaml" and a[k].bounds[0] <= v <= a[k].bounds[1]}
    sibs = state.siblings
    return state.with_(region=new_region, params=_clean_params(keep, a), siblings=sibs)


def resize_siblings(state: AppState, count: int) -> AppState:
    """Keep the first ``count`` brothers or sisters, adding healthy ones as needed."""
    count = max(0, min(MAX_SIBLINGS, int(count)))
    sibs = list(state.siblings[:count]) + [SiblingState() for _ in range(count - len(state.siblings))]
    return state.with_(siblings=tuple(sibs))


def set_parameter(state: AppState, name: str, value: float) -> AppState:
    """Set one parameter (already within its bounds: a widget enforces them)."""
    a = load_region(state.region)
    params = dict(state.params)
    params[name] = float(value)
    return state.with_(params=_clean_params(params, a))


def notice_text(notice: Notice, lang: str, region: str = "cn") -> str:
    """The notice as one sentence in ``lang``: names the field and what is allowed.

    Field names were filtered by :func:`safe_field_name` and are shown in backticks (a code
    span in Markdown), so the sentence carries no markup from the person's input. Parameter
    ranges are the plain numbers to type, with the unit's name and the default as people
    read them (:func:`calculator.present.units.unit_name`, :func:`calculator.present.units.format_parameter`);
    choices are listed by their names in ``lang`` (:func:`choices_text`).
    """
    from calculator.present.i18n import t
    from calculator.present.units import format_parameter, unit_name

    values = dict(notice.values)
    code = notice.code
    if code == "unknown_key" and not notice.field:
        code = "unknown_key_unreadable"
    if code in ("bad_parameter", "bad_parameter_whole"):
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
    return t(f"app.notice.{code}", lang, field=notice.field, **values)
