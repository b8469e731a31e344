"""The JSON of the command line: :class:`Results` as data, the recommendation in words.

``evaluate --format json`` prints :func:`results_json`; ``sensitivity --format json`` prints
:func:`sensitivity_json`. Everything but the recommendation's texts is
:func:`calculator.analysis.results.jsonable` of the data objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from calculator import MODEL_VERSION
from calculator.analysis.model_inputs import ModelInputs
from calculator.analysis.results import Results, jsonable
from calculator.content.i18n import t

if TYPE_CHECKING:
    from calculator.analysis.sensitivity import SensitivityResult


def results_json(res: Results, lang: str = "en") -> dict[str, Any]:
    """JSON-safe dict of the results (the ``evaluate --format json`` output); the recommendation's
    verdict, reasons, advice and limits each with its text in ``lang``; ``sensitivity``/``psa``
    only when attached."""
    rec, currency = res.recommendation, res.currency
    out = jsonable(res)
    out["recommendation"] = {
        "code": rec.code,
        "verdict": t(f"verdict.{rec.code}", lang, currency=currency, **rec.values),
        "reasons": [
            {"id": r.id, "values": jsonable(r.values), "text": t(f"reason.{r.id}", lang, currency=currency, **r.values)}
            for r in rec.reasons
        ],
        "advice": [{"id": a, "text": t(f"advice.{a}", lang)} for a in rec.advice],
        "limits": [{"id": a, "text": t(f"limit.{a}", lang)} for a in rec.limits],
    }
    return out


def sensitivity_json(inputs: ModelInputs, sens: SensitivityResult) -> dict[str, Any]:
    """The ``sensitivity --format json`` output: the family's inputs and the analysis."""
    return {
        "model_version": MODEL_VERSION,
        "region": inputs.scenario.region,
        "currency": inputs.assumptions.currency,
        "wtp_per_qaly": inputs.params["wtp_per_qaly"],
        "assumptions_reviewed": inputs.assumptions.oldest_review.isoformat(),
        "scenario": inputs.scenario.to_dict(),
        "overridden": list(inputs.overridden),
        "sensitivity": jsonable(sens),
    }
