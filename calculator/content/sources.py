"""Where the numbers come from, for every medium: which parameters feed each number of the
parents' page (:data:`SOURCES`), which enter a family's numbers at all (:func:`family_parameters`,
the PDF's list), and each parameter's row as people read it (value, range, kind, source, link).

This is the one home of the source lists: the app's tables and the PDF's list are drawn from
it. (The lists are still kept by hand; recorded sources from the run replace them here.)"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from calculator.analysis.results import Results
from calculator.content.blocks import Source, Sources
from calculator.content.words import Words
from calculator.inputs.assumptions import load_region
from calculator.present.units import format_parameter, format_parameter_range, source_without_label

#: Which parameters each number on the parents' page comes from.
SOURCES = {
    "private_family_use": ("p_auto_use", "p_sibling_hsct", "p_hla_identical_sibling", "p_affected_if_both_carriers",
                           "p_private_unit_storable", "bank_failure_per_year", "tnc_median_cells", "tnc_log_sd",
                           "tnc_post_processing_recovery", "min_tnc_dose_per_kg", "default_sibling_weight_kg",
                           "storage_years", "use_basis_years"),
    "public_helps": ("p_public_kept", "p_public_released", "storage_years"),
    "public_family_use": ("p_public_kept", "p_public_available_to_family", "public_bank_failure_per_year",
                          "p_auto_use", "p_sibling_hsct", "storage_years"),
    "expected_value": ("wtp_per_qaly", "survival_gain_autologous", "survival_gain_sibling_nonmalignant",
                       "survival_gain_sibling_malignant", "remaining_life_years", "utility_post_transplant",
                       "discount_rate"),
    "cost": ("fee_upfront", "fee_annual", "fee_package_price", "fee_escalation", "storage_years", "discount_rate"),
    "use_by_age": ("p_auto_use", "p_sibling_hsct", "years_to_sibling_hsct", "storage_years"),
    "cost_per_use": ("fee_upfront", "fee_annual", "fee_package_price", "discount_rate", "p_auto_use", "p_sibling_hsct"),
}

_HSCT_PREFIX = "p_hsct_"
#: Fallback for assumption files without ``applies_when``: parameters that matter only
#: when a brother or sister with a disease is listed.
_SICK_SIBLING_ONLY = ("years_to_sibling_hsct",)
#: Parameters that matter only when a relative of that relation is listed.
_ONLY_FOR_RELATION = {
    "p_hla_identical_one_haplotype": ("half_sibling", "parent"),
    "p_hla_identical_other_relative": ("other_relative",),
}


def sick_sibling_sources(res: Results) -> tuple[str, ...]:
    """The per-disease transplant chances of the sick brothers and sisters listed."""
    return tuple(dict.fromkeys(f"p_hsct_{s.condition}" for s in res.siblings if s.condition != "none"))


def parents_page_sources(res: Results, *outputs: str, sick_siblings: bool = False) -> tuple[str, ...]:
    """The parameters behind ``outputs`` (keys of :data:`SOURCES`), each once, in order; with
    ``sick_siblings`` the sick brothers' and sisters' transplant chances after the first."""
    names: list[str] = []
    for i, out in enumerate(outputs):
        names += SOURCES[out]
        if sick_siblings and i == 0:
            names += sick_sibling_sources(res)
    return tuple(dict.fromkeys(names))


def _only_for_sick_relative(name: str, prm) -> bool:
    applies = getattr(prm, "applies_when", None)  # transitional: older assumption files lack it
    if applies is not None:
        return applies == "sick_relative"
    return name in _SICK_SIBLING_ONLY


def family_parameters(res: Results) -> tuple[str, ...]:
    """Every parameter that enters this family's numbers, in the assumption files' order."""
    sick = {s.condition for s in res.siblings if s.listed and s.condition != "none"}
    listed = bool(res.siblings) and res.siblings[0].listed
    relations = {d.relation for d in res.relatives if d.listed and not d.planned}
    names = []
    for name, prm in load_region(res.region).parameters.items():
        if name in _ONLY_FOR_RELATION and not relations & set(_ONLY_FOR_RELATION[name]):
            continue
        if name.startswith(_HSCT_PREFIX) and name[len(_HSCT_PREFIX):] not in sick:
            continue
        if not sick and _only_for_sick_relative(name, prm):
            continue
        if name == "n_siblings" and listed:
            continue
        if name == "default_sibling_weight_kg" and res.siblings and all(s.weight_kg is not None for s in res.siblings):
            continue
        names.append(name)
    return tuple(names)


class SourceEntry(NamedTuple):
    """One parameter as the PDF's source list prints it."""

    label: str
    value: str  # the value and, when it is varied, its range
    kind: str  # published, assumption, ...; "changed" when the family changed it
    source: str
    assumption: bool
    url: str
    reviewed: str


def source_entries(res: Results, w: Words) -> list[SourceEntry]:
    """The PDF's source list: every parameter of :func:`family_parameters`."""
    params = load_region(res.region).parameters
    rows = []
    for name in family_parameters(res):
        prm = params[name]
        shown = format_parameter(res.parameters.get(name, prm.value), prm.unit, w.lang, w.currency)
        if prm.low != prm.high:
            shown += w.sep("open") + format_parameter_range(prm.low, prm.high, prm.unit, w.lang, w.currency) + w.sep("close")
        kind = w("source_type." + prm.source_type)
        if name in res.overridden:
            kind += w.sep("semi") + w("text.overridden")
        rows.append(SourceEntry(prm.label_in(w.lang), shown, kind, source_without_label(prm.source_in(w.lang)),
                                prm.is_assumption, prm.url or "", prm.reviewed.isoformat()))
    return rows


def parameter_value(value: float, unit: str, w: Words) -> str:
    """A parameter value as people read it; small chances also show the decimal a counsellor
    types ("0.000141 (about 1 in 7,100)")."""
    text = format_parameter(value, unit, w.lang, w.currency)
    if unit == "probability" and 0 < value < 0.01:
        return f"{value:.3g} \uff08{text}\uff09" if w.lang == "zh" else f"{value:.3g} ({text})"
    return text


def sources_block(names: Iterable[str], res: Results, w: Words) -> Sources:
    """The parents' page's table of sources: number, value and range, source (an assumption
    says so), link."""
    a = load_region(res.region)
    colon = "：" if w.lang == "zh" else ": "
    entries = []
    for name in dict.fromkeys(names):
        if name not in a:
            continue
        p = a[name]
        value = parameter_value(res.parameters.get(name, p.value), p.unit, w)
        rng = format_parameter_range(p.low, p.high, p.unit, w.lang, a.currency)
        if name in res.overridden:
            value += f" ({w('app.parent.changed')})"
        src = source_without_label(p.source_in(w.lang))
        if p.is_assumption:
            src = f"{w('app.parent.assumption')}{colon}{src}"
        entries.append(Source(p.label_in(w.lang), src, p.url or "", value=f"{value} ({rng})"))
    return Sources(tuple(entries), title=w("app.parent.sources_title"),
                   columns=(w("app.parent.col_number"), w("app.parent.col_value"), w("app.parent.col_source")),
                   link=w("app.sources.link"))
