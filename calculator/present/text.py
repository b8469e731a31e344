"""Plain-text rendering of :class:`Results` for a counsellor's terminal (``--format text``)."""

from __future__ import annotations

from calculator.analysis.results import Results
from calculator.inputs.assumptions import load_region
from calculator.present.i18n import t
from calculator.present.tables import RED_FLAGS, key_number_rows


def render_text(res: Results, lang: str = "en") -> str:
    """The verdict, reasons, key numbers, thresholds, advice and limits as text."""
    cur = res.currency

    def T(key: str, **v) -> str:
        return t(key, lang, currency=cur, **v)

    colon = "\uff1a" if lang == "zh" else ": "
    lines = [T("text.title"), "=" * 60, f"{T('region.' + res.region)}"]
    if res.siblings and res.siblings[0].listed:
        lines.append(T("text.siblings") + colon.strip())
        for s in res.siblings:
            lines.append("  " + T("text.sibling_line", n=s.index, condition=f"condition.{s.condition}",
                                  weight=s.weight_used_kg, hla=f"hla.{s.hla_match}"))
    else:
        lines.append(T("text.family_no_history") + colon + T("text.default_siblings", n=len(res.siblings)))
    lines.append(T("text.carriers") + colon + T("carrier." + res.scenario.parents_carriers))
    if res.overridden:
        lines.append(T("text.overridden") + colon + ", ".join(f"{n} = {res.parameters[n]:g}" for n in res.overridden))
    lines += ["", T("text.verdict") + colon + T("verdict." + res.recommendation.code), "", T("text.reasons") + colon.strip()]
    lines += [f"  - {T('reason.' + r.id, **r.values)}" for r in res.recommendation.reasons]

    rows = key_number_rows(res, lang)
    width = max(len(a) for a, _ in rows)
    lines += ["", T("text.numbers", years=res.horizon_years) + colon.strip()]
    lines += [f"  {a:<{width}}  {b}" for a, b in rows]
    lines += ["", T("text.advice") + colon.strip()] + [f"  - {T('advice.' + a)}" for a in res.recommendation.advice]
    lines += ["", T("text.limits") + colon.strip()] + [f"  - {T('limit.' + a)}" for a in res.recommendation.limits]
    lines += ["", T("red_flag.title") + colon.strip()] + [f"  - {T('red_flag.' + k)}" for k in RED_FLAGS]
    lines += ["", T("text.assumption_note"), T("disclaimer"),
              T("text.model_version", version=res.model_version, reviewed=res.assumptions_reviewed.isoformat())]
    return "\n".join(lines)


def render_params_text(region: str, lang: str = "en") -> str:
    """Every parameter with value, unit, range, distribution and source (the Chinese
    citation with ``lang="zh"``)."""
    a = load_region(region)
    out = []
    for p in a.parameters.values():
        d = p.distribution
        dist = ", ".join(f"{k}={v}" for k, v in d.model_dump(by_alias=True).items())
        tag = f" ({t('source_type.assumption', lang)})" if p.is_assumption else ""
        out.append(f"{p.name} = {p.value:g} {p.unit}{tag}\n    {p.label_in(lang)}\n"
                   f"    range {p.low:g} to {p.high:g}; {dist}\n    source: {p.source_in(lang)}"
                   + (f" {p.url}" if p.url else "") + f"\n    reviewed {p.reviewed.isoformat()}")
    return "\n".join(out)
