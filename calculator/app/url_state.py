"""The app's state in the page URL: reading query parameters into an :class:`AppState`
(:func:`parse_query`, never raises: each bad value becomes a notice naming the key and what
is allowed, and that field keeps its default) and writing it back (:func:`to_query`), so a
link reproduces the page.

URL parameters (all optional; only values that differ from the defaults are written):

========================  =================================================================
``lang``                  ``zh`` or ``en`` (default: the browser's language)
``page``                  ``parent`` or ``counsellor``
``region``                ``cn`` or ``us``
``siblings``              the baby's existing brothers and sisters, 0 to 10 (0: first child)
``planned``               more children the parents plan, 0 to 10 (the scenario's limit)
``r<i>_relation``         relative ``i`` (1-based) with a transplant-treatable disease:
                          ``full_sibling``, ``half_sibling``, ``parent``, ``other_relative``,
                          ``unrelated`` (a child not related by blood, e.g. adopted)
``r<i>_condition``        their disease, e.g. ``leukaemia``
``r<i>_weight_kg``        their weight [kg], 2 to 150 (left out: assumed)
``r<i>_hla``              ``unknown`` (not typed yet), ``match`` or ``mismatch``
``r<i>_years``            expected years until the transplant, 0 to 30 (left out: not known)
``r<i>_age``              their age in years, 0 to 100 (for the weight when it is left out)
``mother``, ``father``    carrier status from a test: ``unknown``, ``none``,
                          ``beta_thalassaemia``, ``alpha_thalassaemia``, ``sickle_cell``
``newborn``               the baby's prenatal test: ``unknown``, ``affected``, ``unaffected``
``sex``                   the baby's sex (for an X-linked disorder): ``unknown``, ``male``, ``female``
``offer``                 a bank's price list (:mod:`calculator.inputs.offers`) or ``own``
``fee_plan``              ``yearly``, ``package_all_in``, ``package_plus_first_payment``
``psa_draws``, ``psa_seed``  the counsellor's probabilistic analysis: 100 to 100,000 draws, seed
                          0 to 2**32 - 1 (outside: refused with a notice, the default used)
``<parameter name>``      any assumption parameter except ``n_siblings`` (e.g. ``fee_upfront``)
========================  =================================================================

Older links keep working: ``carriers`` (both parents), ``sibling_count`` (brothers and
sisters, no planned children) and ``s<i>_condition``, ``s<i>_weight_kg``, ``s<i>_hla`` (a
full brother or sister ``i``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from calculator.app.notices import Notice, bad_choice, notice_of, safe_field_name
from calculator.app.state import (
    APP_PSA_DRAWS,
    NOT_EDITABLE,
    OFFER_PARAMETERS,
    OWN_OFFER,
    PAGES,
    AppState,
    _number_or_text,
    _parse_number,
    _state_of,
    default_state,
    for_plan,
    normalized,
)
from calculator.inputs.assumptions import REGIONS, load_region
from calculator.inputs.offers import offers_for
from calculator.inputs.scenario import (
    has_decimal_comma,
    scenario_from_mapping_lenient,
)
from calculator.inputs.scenario_schema import (
    MAX_PLANNED_CHILDREN,
    MAX_RELATIVES,
    MAX_SEED,
    MAX_SIBLINGS,
    PARAMETER_ALIASES,
)
from calculator.present.i18n import LANGS

#: At most this many query keys are read; the rest are ignored with one notice.
MAX_KEYS = 400
#: URL key suffix of each relative's field, and back.
_REL_SUFFIX = {"relation": "relation", "condition": "condition", "weight_kg": "weight_kg", "hla_match": "hla",
               "years_to_transplant": "years", "age_years": "age"}
_REL_KEY = re.compile(r"^r(\d{1,2})_(relation|condition|weight_kg|hla|years|age)$")
_SIBLING_KEY = re.compile(r"^s(\d{1,2})_(condition|weight_kg|hla)$")
_TOP_KEYS = ("lang", "page", "region", "siblings", "planned", "mother", "father", "newborn", "sex", "offer", "fee_plan",
             "carriers", "sibling_count", "psa_draws", "psa_seed")



def _one(raw: Any) -> Any:
    """The last value of a repeated query key (Streamlit gives lists for repeats)."""
    if isinstance(raw, (list, tuple)):
        return raw[-1] if raw else ""
    return raw


def _whole(q: Mapping[str, Any], key: str, lo: int, hi: int, notices: list[Notice], code: str = "bad_whole") -> int | None:
    """A whole number from ``lo`` to ``hi`` in ``q[key]``, or None (with a notice if present and bad)."""
    if key not in q:
        return None
    v = _parse_number(q[key])
    if v is None or v != int(v) or not lo <= v <= hi:
        notices.append(Notice(code, key, {"lo": str(lo), "hi": str(hi)}))
        return None
    return int(v)


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

    def choice(key: str, allowed: Iterable[str], default: str, kind: str | None = None) -> str:
        if key not in q:
            return default
        allowed = tuple(allowed)
        if q[key] not in allowed:
            notices.append(bad_choice(key, kind or key, allowed))
            return default
        return q[key]

    lang = choice("lang", LANGS, browser_lang if browser_lang in LANGS else "en")
    page = choice("page", PAGES, "parent")
    region = choice("region", REGIONS, "cn")
    a = load_region(region)

    # the family: new keys first, older ones (sibling_count, s<i>_...) when the new ones are absent
    old_count = _whole(q, "sibling_count", 0, MAX_SIBLINGS, notices, code="bad_count")
    siblings = _whole(q, "siblings", 0, MAX_SIBLINGS, notices, code="bad_count")
    old_link = old_count is not None or any(_SIBLING_KEY.match(k) for k in q)
    if siblings is None:
        siblings = old_count if old_count is not None else (1 if old_link else 0)
    planned = _whole(q, "planned", 0, MAX_PLANNED_CHILDREN, notices)
    if planned is None and old_link:
        planned = 0  # not asked (None): counted as none and shown as not entered
    psa_draws = _whole(q, "psa_draws", *APP_PSA_DRAWS, notices)  # bounded work per page run
    psa_seed = _whole(q, "psa_seed", 0, MAX_SEED, notices)
    rel_rows: dict[int, dict[str, Any]] = {}
    sib_rows: dict[int, dict[str, Any]] = {}
    params: dict[str, Any] = {}
    for key, raw in q.items():
        if key in _TOP_KEYS:
            continue
        if isinstance(raw, str) and has_decimal_comma(raw) and (_REL_KEY.match(key) or _SIBLING_KEY.match(key)
                                                                         or PARAMETER_ALIASES.get(key, key) in a):
            notices.append(Notice("decimal_comma", safe_field_name(key)))  # 2,5 is neither 25 nor guessed
            continue
        if m := _REL_KEY.match(key):
            i = int(m.group(1))
            if not 1 <= i <= MAX_RELATIVES:
                notices.append(Notice("relative_out_of_range", key, {"count": MAX_RELATIVES}))
                continue
            what = {v: k for k, v in _REL_SUFFIX.items()}[m.group(2)]
            numeric = what in ("weight_kg", "years_to_transplant", "age_years")
            rel_rows.setdefault(i, {})[what] = _number_or_text(raw) if numeric else raw
        elif m := _SIBLING_KEY.match(key):
            i = int(m.group(1))
            if not 1 <= i <= siblings:
                notices.append(Notice("sibling_out_of_range", key, {"count": siblings}))
                continue
            what = {"hla": "hla_match"}.get(m.group(2), m.group(2))
            sib_rows.setdefault(i, {"relation": "full_sibling"})[what] = _number_or_text(raw) if what == "weight_kg" else raw
        elif PARAMETER_ALIASES.get(key, key) in a and key not in NOT_EDITABLE:
            params[PARAMETER_ALIASES.get(key, key)] = _number_or_text(raw)
        else:
            notices.append(Notice("unknown_key", safe_field_name(key)))
    prefixes = [f"r{i}" for i in sorted(rel_rows)] + [f"s{i}" for i in sorted(sib_rows)]
    rows = [rel_rows[i] for i in sorted(rel_rows)] + [sib_rows[i] for i in sorted(sib_rows)]
    if len(rows) > MAX_RELATIVES:
        notices.append(Notice("bad_count", "relatives", {"lo": "0", "hi": str(MAX_RELATIVES)}))
        rows, prefixes = rows[:MAX_RELATIVES], prefixes[:MAX_RELATIVES]

    # each relative checked on its own (a bad field of one never shifts or drops another)
    clean: list[dict[str, Any]] = []
    for prefix, row in zip(prefixes, rows, strict=True):
        one, bad = scenario_from_mapping_lenient({"region": region, "relatives": [row]}, source="URL")
        notices += [notice_of(d, a, carriers_field="carriers", prefixes=[prefix]) for d in bad]
        clean += [r.model_dump(exclude_none=True) for r in one.relatives or ()]
    rows = clean

    offer_id = choice("offer", (OWN_OFFER, *offers_for(region)), OWN_OFFER)
    preset = offers_for(region).get(offer_id)
    data: dict[str, Any] = {"region": region, "relatives": rows, "planned_children": planned}
    carriers = {"mother": q.get("carriers", "none"), "father": q.get("carriers", "none")}
    carriers.update({k: q[k] for k in ("mother", "father") if k in q})
    data["carriers"] = carriers
    if "newborn" in q:
        data["newborn_status"] = q["newborn"]
    if "sex" in q:
        data["newborn_sex"] = q["sex"]
    if "fee_plan" in q:
        data["fee_plan"] = q["fee_plan"]
    elif preset is not None:
        data["fee_plan"] = preset.fee_plan
    data["parameters"] = {**(preset.parameters if preset else {}), **params}
    scenario, dropped = scenario_from_mapping_lenient(data, source="URL")
    names = {k: k if k in q else "carriers" for k in ("mother", "father")}
    notices += [notice_of(d, a, carriers_field="carriers", prefixes=prefixes, carrier_names=names) for d in dropped]
    state = _state_of(scenario, lang, page)
    state = state.with_(siblings=max(siblings, state.listed_full_siblings), planned=planned, offer=offer_id,
                        psa_draws=psa_draws, psa_seed=psa_seed)
    return state, notices


def to_query(state: AppState) -> dict[str, str]:
    """The state as URL query parameters: ``lang``, ``region`` always; the rest when not default."""
    state = normalized(state)
    d = default_state(state.region)
    out: dict[str, str] = {"lang": state.lang, "region": state.region}
    if state.page != "parent":
        out["page"] = state.page
    if state.siblings != d.siblings:
        out["siblings"] = str(state.siblings)
    if state.planned != d.planned:
        out["planned"] = str(state.planned)
    for i, r in enumerate(state.relatives, start=1):
        out[f"r{i}_relation"] = r.relation
        if r.condition != "none":
            out[f"r{i}_condition"] = r.condition
        if r.weight_kg is not None:
            out[f"r{i}_weight_kg"] = f"{r.weight_kg:g}"
        if r.hla != "unknown":
            out[f"r{i}_hla"] = r.hla
        if r.years is not None:
            out[f"r{i}_years"] = f"{r.years:g}"
        if r.age is not None:
            out[f"r{i}_age"] = f"{r.age:g}"
    for key, value, default in (("mother", state.mother, d.mother), ("father", state.father, d.father),
                                ("newborn", state.newborn, d.newborn), ("sex", state.sex, d.sex),
                                ("offer", state.offer, d.offer),
                                ("fee_plan", state.fee_plan, d.fee_plan)):
        if value != default:
            out[key] = value
    for key, value in (("psa_draws", state.psa_draws), ("psa_seed", state.psa_seed)):
        if value is not None:
            out[key] = str(value)
    params = dict(state.params)
    if state.offer in offers_for(state.region):  # the bank's fees are read first: write every fee as it is
        a = load_region(state.region)
        params = for_plan({**{n: state.params.get(n, a[n].value) for n in OFFER_PARAMETERS}, **params},
                          state.fee_plan)
    for name, value in params.items():
        out[name] = f"{value:.10g}"
    return out

