"""The report's charts as images, drawn from its texts and numbers alone (no PDF: fpdf2 is
not imported here, so the chart helper process, :mod:`calculator.present.pdf.chart_helper`,
draws them without it); :class:`Charts` keeps each image for the report."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from calculator.content import chart_spec
from calculator.inputs.assumptions import load_region
from calculator.present import print_charts
from calculator.present.pdf.texts import BODY_W, Texts
from calculator.present.pictures import PICTURES

if TYPE_CHECKING:
    from PIL.Image import Image

    from calculator.analysis.results import Results


def _value_chart(p: Texts) -> Image:
    return print_charts.figure_image(print_charts.draw(chart_spec.value_spec(p.res, p.lang), label_width=16))


def _cost_chart(p: Texts) -> Image:
    spec = chart_spec.cost_spec(p.res.cost_schedule, currency=p.res.currency, lang=p.lang)
    return print_charts.figure_image(print_charts.draw(spec))


#: Rows of the tornado in print (the widest; the web page shows 12).
TORNADO_ROWS = 8


def tornado_image(p: Texts) -> tuple[Image, list[str]] | None:
    """The tornado (the image and its wrapped labels); None without a sensitivity analysis."""
    res = p.res
    if res.sensitivity is None or not res.sensitivity.tornado_nmb.rows:
        return None
    labels = {name: prm.label_in(p.lang) for name, prm in load_region(res.region).parameters.items()}
    spec = chart_spec.tornado_spec(res.sensitivity.tornado_nmb, labels=labels, lang=p.lang, currency=res.currency,
                                   top=TORNADO_ROWS)
    fig = print_charts.draw(spec, w_mm=BODY_W, h_mm=tornado_h(p), label_width=48 if p.lang == "en" else 36)
    return print_charts.figure_image(fig), [lab.get_text() for lab in fig.axes[0].get_yticklabels()]


#: Height of the full-width tornado [mm] (less when the report is set compactly).
TORNADO_H_MM = 82.0


def tornado_h(p: Texts) -> float:
    return TORNADO_H_MM - (12 if p.compact >= 2 else 0)


def _ceac_chart(p: Texts) -> Image:
    pair = chart_spec.uncertainty_pair(p.res)  # the comparison the verdict makes
    spec = chart_spec.ceac_spec(pair.ceac, wtp=float(p.res.parameters["wtp_per_qaly"]), lang=p.lang,
                                currency=p.res.currency, versus=pair.versus)
    return print_charts.figure_image(print_charts.draw(spec))


def _hla_picture(p: Texts) -> bytes:
    """The HLA section's picture (PNG), from the section's own chart block."""
    from calculator.content.blocks import Chart
    from calculator.content.decision_aid import hla_explained

    block = next(b for b in hla_explained(p.lang, p.res.region).blocks if isinstance(b, Chart))
    return PICTURES[block.kind](block.spec)


def _pedigree_picture(p: Texts) -> bytes:
    """The counsellor's pedigree (PNG) of the family as saved (the evaluated one in the helper)."""
    from calculator.content.pedigree import pedigree

    return PICTURES["pedigree"](pedigree(getattr(p, "family", None) or p.res.scenario, p.lang))


#: The report's charts by name: each drawn from the report's texts and numbers alone (the
#: pictures too, so the chart helper draws them and this process never imports matplotlib).
CHARTS: dict[str, Callable[[Texts], Any]] = {
    "value": _value_chart, "cost": _cost_chart, "tornado": tornado_image, "ceac": _ceac_chart,
    "hla_inheritance": _hla_picture, "pedigree": _pedigree_picture,
}


def chart_names(res: Results, audience: str) -> list[str]:
    """The charts a report for ``audience`` shows, in the order it shows them."""
    if audience != "counsellor":
        return ["cost", "value", "hla_inheritance"]
    names = ["pedigree", "value", "cost"]
    if res.sensitivity is not None and res.sensitivity.tornado_nmb.rows:
        names.append("tornado")
    if res.psa is not None and res.psa.ceac:
        names.append("ceac")
    return names


def chart_key(p: Texts, name: str) -> tuple:
    """What a chart's image depends on besides the family, language and audience: its name
    and, for the tornado, its height (less when the report is set compactly)."""
    return (name, tornado_h(p)) if name == "tornado" else (name,)


class Charts:
    """A report's chart images, each drawn once (kept when the report is laid out again)."""

    def __init__(self) -> None:
        self.images: dict[tuple, Any] = {}

    def get(self, p: Texts, name: str) -> Any:
        key = chart_key(p, name)
        if key not in self.images:
            self.images[key] = CHARTS[name](p)
        return self.images[key]
