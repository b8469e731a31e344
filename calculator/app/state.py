"""The web app's inputs as plain data: URL query parameters and scenario files <-> state.

Everything a person enters in the app lives in one :class:`AppState`; the page URL holds
it (so a link reproduces the page) and a scenario file holds it (the command line's
YAML/JSON format, :mod:`calculator.inputs.scenario`). Reading either never raises: both are
checked by the scenario schema read leniently
(:func:`calculator.inputs.scenario.scenario_from_mapping_lenient`), so each bad field (text
where a number goes, out of range, unknown key, over-long value, markup) becomes a
:class:`calculator.app.notices.Notice` naming the field and what is allowed, and that field
keeps its default.


The URL's parameters are read and written in :mod:`calculator.app.url_state`; this module
holds the state itself, its defaults and edits, and the conversion to and from scenarios.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from typing import Any

from calculator.analysis.model_inputs import baby_may_inherit
from calculator.app.notices import Notice, notice_of
from calculator.content.i18n import LANGS
from calculator.inputs.assumptions import Assumptions, load_region
from calculator.inputs.errors import InputError
from calculator.inputs.genetics import load_genetics
from calculator.inputs.number_text import number_from_text
from calculator.inputs.offers import OFFER_FIELDS, offers_for
from calculator.inputs.scenario import scenario_from_mapping, scenario_from_mapping_lenient
from calculator.inputs.scenario_files import parse_scenario_text
from calculator.inputs.scenario_schema import FamilyValues, ParentCarriers, Relative, Scenario
from calculator.inputs.scenario_values import IMPORTANCES, MAX_PLANNED_CHILDREN, MAX_SIBLINGS, fee_plan_of, other_plan_fees
from calculator.inputs.strict_yaml import LimitError

PAGES = ("parent", "counsellor")
#: Parameters never set by URL or editor: the family's own answers replace ``n_siblings``.
NOT_EDITABLE = frozenset({"n_siblings"})
#: The storage offer: shown with the family's inputs, not in the counsellor's editor.
OFFER_PARAMETERS = OFFER_FIELDS
#: ``offer`` when the family types its own prices.
OWN_OFFER = "own"
#: Draws of the counsellor's probabilistic analysis in the app (its input and the link's
#: ``psa_draws``): at most 100,000 per page run, so one link cannot ask for unbounded work.
APP_PSA_DRAWS = (100, 100_000)
#: Fields of the state that are never a model input: the family's values, the counsellor's
#: record and the second offer (kept in the link and the saved file only; a cache of model
#: runs leaves them out of its key, so a typed note is never held in a server cache).
NOT_MODEL_INPUTS = frozenset({"values", "consultation_date", "record_note", "offer2"})



@dataclass(frozen=True)
class RelativeState:
    """A relative listed by name: who, disease, weight [kg] (None: assumed), HLA, years to transplant."""

    relation: str = "full_sibling"
    condition: str = "none"
    weight_kg: float | None = None
    hla: str = "unknown"
    years: float | None = None
    age: float | None = None

    @property
    def is_plain_sibling(self) -> bool:
        """A healthy full brother or sister with nothing else known (only counted)."""
        return self == RelativeState()


@dataclass(frozen=True)
class AppState:
    """Every input of the app. ``params`` holds only values that differ from the defaults.

    ``siblings`` counts the baby's brothers and sisters (full ones), including any listed in
    ``relatives``; ``relatives`` lists those with a transplant-treatable disease (or known HLA).
    """

    lang: str = "en"
    page: str = "parent"
    region: str = "cn"
    siblings: int = 0
    planned: int | None = None  # None: not answered (counted as none, shown as not entered)
    relatives: tuple[RelativeState, ...] = ()
    mother: str = "none"
    father: str = "none"
    newborn: str = "unknown"
    sex: str = "unknown"  # the baby's sex: asked only for an X-linked disorder
    offer: str = OWN_OFFER
    fee_plan: str = "yearly"
    params: dict[str, float] = dc_field(default_factory=dict)
    #: the counsellor's probabilistic analysis: draws and seed (None: the defaults)
    psa_draws: int | None = None
    psa_seed: int | None = None
    #: the values step: statement -> ``not`` / ``somewhat`` / ``very`` (answered ones only;
    #: :class:`calculator.inputs.scenario_schema.FamilyValues`)
    values: dict[str, str] = dc_field(default_factory=dict)
    #: the counsellor's record: consultation date (ISO text) and note (None: not entered)
    consultation_date: str | None = None
    record_note: str | None = None
    #: a second bank's offer set beside the first (the counsellor's comparison; None: none)
    offer2: str | None = None

    def with_(self, **changes: Any) -> AppState:
        return replace(self, **changes)

    @property
    def listed_full_siblings(self) -> int:
        return sum(r.relation == "full_sibling" for r in self.relatives)


def default_state(region: str = "cn", lang: str = "en") -> AppState:
    """The state before anything is typed: a first child, planned children not answered."""
    return AppState(lang=lang, region=region)


def normalized(state: AppState) -> AppState:
    """Brothers and sisters listed with a disease are counted among the baby's brothers and sisters."""
    return state.with_(siblings=max(state.siblings, state.listed_full_siblings))


def newborn_test_relevant(state: AppState) -> bool:
    """Whether the baby's prenatal test result matters: both parents carry a recessive trait
    (a pair that gives a disorder), or a listed relative has a recessive blood disorder."""
    # the state holds checked values as text (read from the link or a file through the schema):
    # the schema checks them again here
    family = tuple(Relative.model_validate({"relation": r.relation, "condition": r.condition}) for r in state.relatives)
    carriers = ParentCarriers.model_validate({"mother": state.mother, "father": state.father})
    return baby_may_inherit(Scenario(relatives=family, carriers=carriers))


def sex_relevant(state: AppState) -> bool:
    """Whether the baby's sex matters: a listed relative has an X-linked disorder."""
    g = load_genetics()
    return any(g.inheritance(r.condition) == "x_linked" for r in state.relatives)


def effective_fee_plan(state: AppState) -> str:
    """The plan used: a package plan without a package price falls back to yearly fees."""
    price = state.params.get("fee_package_price", load_region(state.region)["fee_package_price"].value)
    return state.fee_plan if state.fee_plan == "yearly" or price > 0 else "yearly"


def for_plan(params: Mapping[str, float], fee_plan: str) -> dict[str, float]:
    """``params`` without the fees that ``fee_plan`` does not charge
    (:data:`calculator.inputs.scenario_values.PLAN_FEES`): a package price typed before the
    plan went back to yearly fees is not kept in the state, the link or a saved file."""
    other = other_plan_fees(fee_plan)
    return {k: v for k, v in params.items() if k not in other}


def choose_fee_plan(state: AppState, fee_plan: str) -> AppState:
    """Switch the fee plan; the fees of the other plans are dropped."""
    return state.with_(fee_plan=fee_plan, params=for_plan(state.params, fee_plan))


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
        try:  # the one reading of a typed number (a decimal comma is refused, never read as 25)
            v = number_from_text(raw, "")
        except InputError:
            return None
    else:
        return None
    return v if math.isfinite(v) else None

def _clean_params(params: Mapping[str, float], a: Assumptions) -> dict[str, float]:
    """Overrides minus those equal to the default."""
    return {k: float(v) for k, v in params.items() if not math.isclose(v, a[k].value, rel_tol=1e-12, abs_tol=0.0)}



def to_scenario(state: AppState) -> Scenario:
    """The state as a checked :class:`Scenario` (the CLI's file format).

    A family with nobody listed and at most 10 children in all goes in as ``n_siblings``
    (healthy brothers and sisters, born or planned: the model treats them alike), so the default
    family saves as a short file; otherwise every relative is listed, then the healthy brothers
    and sisters, and the planned children.
    """
    state = normalized(state)
    newborn = state.newborn if newborn_test_relevant(state) else "unknown"
    c = {"mother": state.mother, "father": state.father}
    data: dict[str, Any] = {"region": state.region, "carriers": c, "newborn_status": newborn,
                            "newborn_sex": state.sex if sex_relevant(state) else "unknown",
                            "fee_plan": effective_fee_plan(state)}
    params = for_plan(state.params, data["fee_plan"])
    total = state.siblings + (state.planned or 0)
    if not state.relatives and total <= MAX_SIBLINGS:
        # nothing answered: the region's assumed n_siblings, as on the command line
        answered = state.planned is not None or state.siblings
        if answered and total != load_region(state.region)["n_siblings"].value:
            params["n_siblings"] = float(total)
    else:
        rels = [{"relation": r.relation, "condition": r.condition, "hla_match": r.hla,
                 **({"weight_kg": r.weight_kg} if r.weight_kg is not None else {}),
                 **({"years_to_transplant": r.years} if r.years is not None else {}),
                 **({"age_years": r.age} if r.age is not None else {})} for r in state.relatives]
        rels += [{"relation": "full_sibling"}] * (state.siblings - state.listed_full_siblings)
        data["relatives"] = rels  # at most MAX_RELATIVES listed + MAX_SIBLINGS healthy: the schema allows both
        data["planned_children"] = state.planned
    data["parameters"] = params
    return scenario_from_mapping(data, source="app")


def record_data(state: AppState) -> dict[str, Any]:
    """The family's values and the counsellor's record as scenario data (what is entered)."""
    data: dict[str, Any] = {}
    if state.values:
        data["values"] = dict(state.values)
    if state.consultation_date is not None:
        data["consultation_date"] = state.consultation_date
    if state.record_note is not None:
        data["record_note"] = state.record_note
    if state.offer2 is not None:
        data["second_offer"] = state.offer2
    return data


def to_saved_scenario(state: AppState) -> Scenario:
    """What a saved file holds: :func:`to_scenario` with the family's values, the
    counsellor's record and the second offer (which the model never reads)."""
    extra = scenario_from_mapping({"region": state.region, **record_data(state)}, source="app")
    return to_scenario(state).model_copy(update={k: getattr(extra, k) for k in
                                                 ("values", "consultation_date", "record_note",
                                                                              "second_offer")})


def record_of(scenario: Scenario) -> dict[str, Any]:
    """The values and record fields of a checked scenario, as the state holds them."""
    return {"values": scenario.values.answered() if scenario.values is not None else {},
            "consultation_date": (scenario.consultation_date.isoformat()
                                  if scenario.consultation_date is not None else None),
            "record_note": scenario.record_note, "offer2": scenario.second_offer}


def _number_or_text(raw: Any) -> Any:
    """A number typed in the URL (``6,200``) as a float; anything else as it came (then refused)."""
    v = _parse_number(raw)
    return raw if v is None else v


def _state_of(scenario: Scenario, lang: str, page: str) -> AppState:
    """A checked scenario as the app's state.

    Without a family list, ``n_siblings`` healthy children become no brother or sister and that
    many planned children (up to the scenario's limit, ``MAX_PLANNED_CHILDREN``; the rest born),
    which the model treats alike. Planned children are never cut: the app allows as many as
    the scenario file.
    """
    a = load_region(scenario.region)
    params = dict(scenario.parameters)
    count = int(params.pop("n_siblings", a["n_siblings"].value))
    family = scenario.family
    listed: tuple[RelativeState, ...]
    if not scenario.family_listed and "n_siblings" not in scenario.parameters:
        siblings, planned, listed = 0, None, ()
    elif not scenario.family_listed:
        siblings, planned, listed = max(0, count - MAX_PLANNED_CHILDREN), min(count, MAX_PLANNED_CHILDREN), ()
    else:
        fam = family or ()
        listed = tuple(RelativeState(r.relation, r.condition, r.weight_kg, r.hla_match, r.years_to_transplant,
                                     r.age_years) for r in fam)
        listed = tuple(r for r in listed if not r.is_plain_sibling)
        siblings = sum(r.relation == "full_sibling" for r in fam)
        planned = scenario.planned_children
        if planned is None and not listed and not siblings:
            planned = 0  # an empty family list: nobody, as the command line counts it (not the assumed default)
    c = scenario.parent_carriers
    plan = fee_plan_of(scenario.fee_plan, params.get("fee_package_price", 0))
    return AppState(lang=lang, page=page, region=scenario.region, siblings=siblings, planned=planned,
                    relatives=listed, mother=c.mother, father=c.father, newborn=scenario.newborn_status,
                    sex=scenario.newborn_sex,
                    fee_plan=plan, params=_clean_params(for_plan(params, plan), a), **record_of(scenario))


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
    region's defaults, the offer to "own prices"; shared clinical overrides are kept if still allowed."""
    a = load_region(new_region)
    keep = {k: v for k, v in state.params.items()
            if k in a and a[k].file in ("common.yaml", "family.yaml") and a[k].bounds[0] <= v <= a[k].bounds[1]}
    return state.with_(region=new_region, params=_clean_params(for_plan(keep, "yearly"), a), offer=OWN_OFFER,
                       fee_plan="yearly", offer2=None)


def apply_offer(state: AppState, offer_id: str) -> AppState:
    """Choose a bank's price list (its fees, contract length and plan), or ``own`` (prices kept)."""
    preset = offers_for(state.region).get(offer_id)
    if preset is None:
        return state.with_(offer=OWN_OFFER)
    params = for_plan({**state.params, **preset.parameters}, preset.fee_plan)
    return state.with_(offer=offer_id, fee_plan=preset.fee_plan,
                       params=_clean_params(params, load_region(state.region)))


def choose_second_offer(state: AppState, offer_id: str | None) -> AppState:
    """Set (or, with None or an id the region has not, clear) the second offer compared."""
    return state.with_(offer2=offer_id if offer_id in offers_for(state.region) else None)


def second_offer_state(state: AppState) -> AppState | None:
    """The same family with the second offer as its offer (evaluated as the first one is:
    ``results_for(second_offer_state(state))``), or None when no second offer is set."""
    if state.offer2 is None or state.offer2 not in offers_for(state.region):
        return None
    return apply_offer(state, state.offer2).with_(offer2=None)


def set_value(state: AppState, statement: str, answer: str | None) -> AppState:
    """Answer one statement of the values step (None: not answered); other answers are kept."""
    if statement not in FamilyValues.model_fields:
        raise KeyError(statement)
    values = {k: v for k, v in state.values.items() if k != statement}
    if answer is not None:
        if answer not in IMPORTANCES:
            raise ValueError(f"answer must be one of {IMPORTANCES}")
        values[statement] = answer
    return state.with_(values={k: values[k] for k in FamilyValues.model_fields if k in values})


def set_record(state: AppState, *, consultation_date: str | None, record_note: str | None) -> AppState:
    """The counsellor's record as typed, checked by the scenario's rules: a bad date or an
    over-long note is not kept (the field keeps its value; the widget says why)."""
    scenario, dropped = scenario_from_mapping_lenient(
        {"consultation_date": consultation_date, "record_note": record_note}, source="app")
    kept = record_of(scenario)
    bad = {d.loc[0] for d in dropped if d.loc}
    return state.with_(
        consultation_date=state.consultation_date if "consultation_date" in bad else kept["consultation_date"],
        record_note=state.record_note if "record_note" in bad else kept["record_note"])


def set_parameter(state: AppState, name: str, value: float) -> AppState:
    """Set one parameter (already within its bounds: a widget enforces them); a fee that the
    chosen plan does not charge is not kept."""
    a = load_region(state.region)
    if a[name].problem(value):  # never a value the model cannot use (the widget shows a notice)
        return state
    if name in other_plan_fees(state.fee_plan):
        return state
    params = dict(state.params)
    params[name] = float(value)
    return state.with_(params=_clean_params(params, a))

