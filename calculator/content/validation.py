"""The validation against published observations (:func:`calculator.analysis.validation.validate`)
as blocks (the command line's text and markdown draw them: :mod:`calculator.present.text`), as JSON
data, and the texts of each row (its note, what would change it) that the counsellor's page and
the PDF show in their validation tables."""

from __future__ import annotations

import math
from typing import Any

from calculator.analysis.results import jsonable
from calculator.analysis.validation import ValidationResult, ValidationRow
from calculator.content.blocks import Block, Bullets, Column, ColumnKind, Heading, Paragraph, Section, Table
from calculator.content.i18n import t
from calculator.content.numbers import format_pct
from calculator.content.words import SEPARATORS

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


def validation_section(res: ValidationResult, lang: str) -> Section:
    """Every row: its title, the published and the calculator's figures, their ratio against the
    band, what was fitted, the note, what would change it, the steps of a cost per life-year
    and the source."""
    c = _colon(lang)
    title = t("validation.title", lang)
    blocks: list[Block] = [Heading(title, level=2), Paragraph(t("validation.intro", lang)),
                           Paragraph(agreement_text(res, lang))]
    for i, row in enumerate(res.rows, 1):
        lines = [f"{t('validation.columns.published', lang)}{c}{_value(row, row.published, lang)}",
                 f"{t('validation.columns.model', lang)}{c}{_value(row, row.model, lang)}",
                 _ratio_line(row, lang), fitted_text(row, lang), note(row, lang)]
        extra = if_outside(row, lang)
        if extra:
            lines.append(extra)
        blocks += [Heading(f"{i}. {t(f'validation.row.{row.id}.title', lang)}")]
        if row.decomposition:
            lines.append(t("validation.decomposition_title", lang))
            blocks += [Bullets(tuple(lines), plain=True),
                       Bullets(tuple(t("validation.step_line", lang, currency=CURRENCY, n=n, label=f"validation.step.{s.step}",
                                       cpl=s.cost_per_life_year) for n, s in enumerate(row.decomposition, 1)),
                               plain=True, level=1)]
            lines = []
        lines.append(t("validation.source", lang, source=row.source))
        blocks.append(Bullets(tuple(lines), plain=True))
    return Section("validation", title, tuple(blocks))


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


def validation_table(res: ValidationResult, lang: str) -> Table:
    """One row per observation: published, calculator, ratio, band, agreement, fitted
    parameters, in sample (the README's table)."""
    kinds: tuple[tuple[str, ColumnKind], ...] = (
        ("published", "number"), ("model", "number"), ("ratio", "number"), ("band", "number"), ("agrees", "text"),
        ("fitted_to", "code"), ("in_sample", "text"))
    cols = (Column(""),) + tuple(Column(t(f"validation.columns.{c}", lang), kind) for c, kind in kinds)
    rows = tuple((*row_cells(row, lang), ", ".join(row.fitted_to) or "-",
                  t("validation.in_sample_yes" if row.in_sample else "validation.in_sample_no", lang))
                 for row in res.rows)
    return Table(cols, rows, caption=agreement_text(res, lang), colon=_colon(lang))


def band_text(row: ValidationRow, lang: str) -> str:
    """The band a ratio agrees within, with the language's range mark: "0.76–1.31" /
    "0.76～1.31", or "≥ 0.76" without an upper end."""
    lo, hi = row.band
    return f"{lo:.2f}{SEPARATORS[lang]['range']}{hi:.2f}" if math.isfinite(hi) else f"\u2265 {lo:.2f}"


def row_cells(row: ValidationRow, lang: str) -> tuple[str, ...]:
    """One observation as every table of it shows it (the command line's, the counsellor's
    page and PDF): its title, the published and the calculator's figure, their ratio, the band
    and whether it agrees."""
    return (t(f"validation.row.{row.id}.title", lang), _value(row, row.published, lang), _value(row, row.model, lang),
            f"{row.ratio:.2f}", band_text(row, lang), t("validation.agrees_yes" if row.inside else "validation.agrees_no", lang))


__all__ = ["validation_section", "validation_table", "validation_json", "note", "if_outside", "fitted_text",
           "agreement_text", "value_text", "row_cells", "band_text"]


def value_text(row: ValidationRow, x: float, lang: str) -> str:
    """A published or calculator figure of ``row`` as text (a share, per 10,000, or money per life-year)."""
    return _value(row, x, lang)
