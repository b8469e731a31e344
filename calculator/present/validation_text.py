"""The validation against published observations as text (Chinese or English), JSON data
and a markdown table (:func:`calculator.analysis.validation.validate`)."""

from __future__ import annotations

import math
from typing import Any

from calculator.analysis.results import jsonable
from calculator.analysis.validation import ValidationResult, ValidationRow
from calculator.content.i18n import t
from calculator.content.numbers import format_pct

CURRENCY = "USD"


def _value(row: ValidationRow, x: float, lang: str) -> str:
    if row.kind == "per_10000":
        return t("validation.per_10000", lang, x=x * 1e4)
    if row.kind == "money_per_life_year":
        return t("validation.money_per_ly", lang, currency=CURRENCY, x=x)
    return format_pct(x, lang)


def _range(row: ValidationRow) -> tuple[float, float]:
    lo, hi = row.model_range
    return (lo * 1e4, hi * 1e4) if row.kind == "per_10000" else (lo, hi)


def note(row: ValidationRow, lang: str) -> str:
    """The row's note: what was published, which family the calculator modelled, and why
    the two differ where they do."""
    f = dict(row.facts)
    lo, hi = _range(row)
    if row.kind == "money_per_life_year":
        return t(f"validation.row.{row.id}.note", lang, currency=CURRENCY, published=row.published, model=row.model,
                 alt=f.pop("cost_per_ly_hla_not_multiplied"), fee=f.pop("fee"), **f)
    scale = 1e4 if row.kind == "per_10000" else 1.0
    return t(f"validation.row.{row.id}.note", lang, published=row.published * scale, model=row.model * scale,
             lo=lo, hi=hi, **f)


def if_outside(row: ValidationRow, lang: str) -> str | None:
    """For a row outside its band: what the model would need to change, and whether the
    evidence supports it (None inside the band)."""
    if row.inside:
        return None
    f = dict(row.facts)
    return t(f"validation.row.{row.id}.if_outside", lang, currency=CURRENCY, ratio=row.ratio, inv=1.0 / row.ratio,
             **{k: v for k, v in f.items() if k != "cost_per_ly_hla_not_multiplied"})


def fitted_text(row: ValidationRow, lang: str) -> str:
    """Which parameters were fitted to this row's own data, and whether it counts."""
    if not row.fitted_to:
        return t("validation.fitted_none", lang)
    return t("validation.fitted_some", lang, names=", ".join(row.fitted_to))


def _ratio_line(row: ValidationRow, lang: str) -> str:
    lo, hi = row.band
    return t("validation.ratio_line", lang, ratio=row.ratio, lo=lo, hi=hi if math.isfinite(hi) else float("inf"),
             verdict="validation.verdict_in" if row.inside else "validation.verdict_out")


def _colon(lang: str) -> str:
    return ": " if lang == "en" else "："


def agreement_text(res: ValidationResult, lang: str) -> str:
    k, n = res.agreement
    return t("validation.agreement", lang, k=k, n=n, m=len(res.rows) - n)


def render_validation_text(res: ValidationResult, lang: str) -> str:
    c = _colon(lang)
    lines = [t("validation.title", lang), "", t("validation.intro", lang), "", agreement_text(res, lang)]
    for i, row in enumerate(res.rows, 1):
        lines += ["", f"{i}. {t(f'validation.row.{row.id}.title', lang)}",
                  f"   {t('validation.columns.published', lang)}{c}{_value(row, row.published, lang)}",
                  f"   {t('validation.columns.model', lang)}{c}{_value(row, row.model, lang)}",
                  f"   {_ratio_line(row, lang)}",
                  f"   {fitted_text(row, lang)}",
                  f"   {note(row, lang)}"]
        extra = if_outside(row, lang)
        if extra:
            lines.append(f"   {extra}")
        if row.decomposition:
            lines.append(f"   {t('validation.decomposition_title', lang)}")
            for n, s in enumerate(row.decomposition, 1):
                lines.append("     " + t("validation.step_line", lang, currency=CURRENCY, n=n,
                                           label=f"validation.step.{s.step}", cpl=s.cost_per_life_year))
        lines.append(f"   {t('validation.source', lang, source=row.source)}")
    return "\n".join(lines)


def validation_json(res: ValidationResult, lang: str) -> dict[str, Any]:
    rows = []
    for row in res.rows:
        d: dict[str, Any] = {
            "id": row.id, "published": row.published, "model": row.model, "ratio": row.ratio,
            "note": note(row, lang), "source": row.source, "band": list(row.band), "agrees": row.inside,
            "kind": row.kind, "published_range": list(row.published_range), "model_range": list(row.model_range),
            "fitted_to": list(row.fitted_to), "in_sample": row.in_sample, "predicted_from": row.predicted_from,
        }
        extra = if_outside(row, lang)
        if extra:
            d["if_outside"] = extra
        if row.decomposition:
            d["decomposition"] = [{"step": s.step, "label": t(f"validation.step.{s.step}", lang),
                                   "cost_per_life_year": s.cost_per_life_year, "life_years_gained": s.life_years_gained}
                                  for s in row.decomposition]
            d["life_years"] = {"published": row.facts["ly_published"], "model": row.facts["ly_model"]}
            d["implied_survival_gain"] = {
                "factor": row.facts["factor"], "own_use": row.facts["gain_auto_implied"],
                "sibling": row.facts["gain_sib_implied"], "factor_if_hla_included": row.facts["factor_alt"],
                "own_use_if_hla_included": row.facts["gain_auto_implied_alt"],
                "sibling_if_hla_included": row.facts["gain_sib_implied_alt"]}
        rows.append(d)
    k, n = res.agreement
    return jsonable({"model_version": res.model_version, "agreement": {"inside": k, "predicted": n,
                                                                         "in_sample": len(res.rows) - n},
                     "rows": rows})


def render_validation_markdown(res: ValidationResult, lang: str) -> str:
    cols = [t(f"validation.columns.{c}", lang) for c in ("published", "model", "ratio", "band", "agrees",
                                                          "fitted_to", "in_sample")]
    lines = ["| | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for row in res.rows:
        lo, hi = row.band
        agrees = t("validation.agrees_yes" if row.inside else "validation.agrees_no", lang)
        fitted = ", ".join(f"`{x}`" for x in row.fitted_to) or "-"
        ins = t("validation.in_sample_yes" if row.in_sample else "validation.in_sample_no", lang)
        lines.append(f"| {t(f'validation.row.{row.id}.title', lang)} | {_value(row, row.published, lang)} | "
                     f"{_value(row, row.model, lang)} | {row.ratio:.2f} | {lo:.2f}-{hi:.2f} | {agrees} | {fitted} | {ins} |")
    return "\n".join(lines + ["", agreement_text(res, lang)])


__all__ = ["render_validation_text", "render_validation_markdown", "validation_json", "note", "if_outside", "fitted_text",
           "agreement_text", "value_text"]


def value_text(row: ValidationRow, x: float, lang: str) -> str:
    """A published or calculator figure of ``row`` as text (a share, per 10,000, or money per life-year)."""
    return _value(row, x, lang)
