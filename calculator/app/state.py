"""The web app's inputs as plain data: URL query parameters and scenario files <-> state.

Everything a person enters in the app lives in one :class:`AppState`; the page URL holds
it (so a link reproduces the page) and a scenario file holds it (the command line's
YAML/JSON format, :mod:`calculator.inputs.scenario`). Reading either never raises: both are
checked by the scenario schema read leniently
(:func:`calculator.inputs.scenario.scenario_from_mapping_lenient`), so each bad field (text
where a number goes, out of range, unknown key, over-long value, markup) becomes a
:class:`calculator.app.notices.Notice` naming the field and what is allowed, and that field
keeps its default.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from typing import Any

from calculator.app.notices import Notice, bad_choice, notice_of, safe_field_name
from calculator.inputs.assumptions import REGIONS, Assumptions, load_region
from calculator.inputs.errors import InputError
from calculator.inputs.scenario import (
    MAX_SIBLINGS,
    PARAMETER_ALIASES,
    Scenario,
    parse_scenario_text,
    scenario_from_mapping,
    scenario_from_mapping_lenient,
)
from calculator.inputs.strict_yaml import LimitError
from calculator.present.i18n import LANGS

PAGES = ("parent", "counsellor")
#: A query value longer than this is not read (no parameter needs more than ~20 characters).
MAX_VALUE_LENGTH = 64
#: At most this many query keys are read; the rest are ignored with one notice.
MAX_KEYS = 400
#: Parameters never set by URL or editor: the sibling list replaces ``n_siblings``.
NOT_EDITABLE = frozenset({"n_siblings"})
#: The storage offer: shown with the family's inputs, not in the counsellor's editor.
OFFER_PARAMETERS = ("fee_upfront", "fee_annual", "fee_package_price", "storage_years")

_SIBLING_KEY = re.compile(r"^s(\d{1,2})_(condition|weight_kg|hla)$")


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

    def with_(self, **changes: Any) -> AppState:
        return replace(self, **changes)


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


def _one(raw: Any) -> Any:
    """The last value of a repeated query key (Streamlit gives lists for repeats)."""
    if isinstance(raw, (list, tuple)):
        return raw[-1] if raw else ""
    return raw


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
        if q[key] not in allowed:
            notices.append(bad_choice(key, key, allowed))
            return default
        return q[key]

    lang = choice("lang", LANGS, browser_lang if browser_lang in LANGS else "en")
    page = choice("page", PAGES, "parent")
    region = choice("region", REGIONS, "cn")
    a = load_region(region)

    count = default_sibling_count(region)
    if "sibling_count" in q:
        v = _parse_number(q["sibling_count"])
        if v is None or v != int(v) or not 0 <= v <= MAX_SIBLINGS:
            notices.append(Notice("bad_count", "sibling_count", {"lo": "0", "hi": str(MAX_SIBLINGS)}))
        else:
            count = int(v)
    # the URL's fields in the scenario format: numbers read from text, bad ones left as text
    sibs: list[dict[str, Any]] = [{} for _ in range(count)]
    data: dict[str, Any] = {"region": region, "siblings": sibs, "parameters": {}}
    if "carriers" in q:
        data["parents_carriers"] = q["carriers"]
    for key, raw in q.items():
        if key in ("lang", "page", "region", "carriers", "sibling_count"):
            continue
        m = _SIBLING_KEY.match(key)
        if m and not 1 <= int(m.group(1)) <= count:
            notices.append(Notice("sibling_out_of_range", key, {"count": count}))
        elif m:
            what = {"hla": "hla_match"}.get(m.group(2), m.group(2))
            sibs[int(m.group(1)) - 1][what] = _number_or_text(raw) if what == "weight_kg" else raw
        elif PARAMETER_ALIASES.get(key, key) in a and key not in NOT_EDITABLE:
            data["parameters"][PARAMETER_ALIASES.get(key, key)] = _number_or_text(raw)
        else:
            notices.append(Notice("unknown_key", safe_field_name(key)))
    scenario, dropped = scenario_from_mapping_lenient(data, source="URL")
    notices += [notice_of(d, a, carriers_field="carriers") for d in dropped]
    return _state_of(scenario, lang, page), notices


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


def _number_or_text(raw: Any) -> Any:
    """A number typed in the URL (``6,200``) as a float; anything else as it came (then refused)."""
    v = _parse_number(raw)
    return raw if v is None else v


def _state_of(scenario: Scenario, lang: str, page: str) -> AppState:
    """A checked scenario as the app's state (``n_siblings`` becomes that many healthy siblings)."""
    a = load_region(scenario.region)
    params = dict(scenario.parameters)
    count = params.pop("n_siblings", a["n_siblings"].value)
    family = scenario.family
    if family is None:
        sibs = tuple(SiblingState() for _ in range(int(count)))
    else:  # the app shows full brothers and sisters only (for now)
        sibs = tuple(SiblingState(s.condition, s.weight_kg, s.hla_match) for s in family if s.relation == "full_sibling")
    c = scenario.parent_carriers
    carriers = c.mother if c.mother == c.father and c.mother != "unknown" else "none"
    return AppState(lang=lang, page=page, region=scenario.region, carriers=carriers,
                    siblings=sibs, params=_clean_params(params, a))


def state_from_scenario_mapping(data: Any, *, lang: str = "en", page: str = "parent") -> tuple[AppState, list[Notice]]:
    """Read a parsed scenario file (CLI format) field by field; bad fields keep defaults."""
    scenario, dropped = scenario_from_mapping_lenient(data, source="file")
    a = load_region(scenario.region)
    return _state_of(scenario, lang, page), [notice_of(d, a, carriers_field="parents_carriers") for d in dropped]


def state_from_scenario_text(text: str, *, lang: str = "en", page: str = "parent",
                             fmt: str = "auto") -> tuple[AppState, list[Notice]]:
    """Read an uploaded scenario file (YAML or JSON text); never raises.

    A file that cannot be parsed at all, or is over a limit (size, nesting, keys, digits of a
    number: checked before parsing), gives the defaults and one notice naming the limit (or,
    for a syntax error, saying the file is not valid YAML or JSON; never echoing content).
    ``fmt`` is ``json`` for a ``.json`` file, ``yaml`` for ``.yaml``/``.yml``.
    """
    defaults = default_state(lang=lang).with_(page=page)
    try:
        data = parse_scenario_text(text, source="file", fmt=fmt)
    except LimitError as exc:
        code = {"bytes": "file_too_large", "depth": "file_too_deep", "items": "file_too_many_items",
                "number_chars": "file_number_too_long"}[exc.kind]
        value = exc.limit // 1024 if exc.kind == "bytes" else exc.limit
        return defaults, [Notice(code, "", {"kib" if exc.kind == "bytes" else "max": value})]
    except InputError:
        return defaults, [Notice("file_unreadable")]
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
