"""The report's charts as images, drawn from its texts and numbers alone (no PDF: fpdf2 is
not imported here, so the chart helper process, :mod:`calculator.present.pdf.chart_helper`,
draws them without it); :class:`Charts` keeps each image for the report."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from calculator.inputs.assumptions import load_region
from calculator.present import print_charts
from calculator.present.pdf.texts import BODY_W, Texts

if TYPE_CHECKING:
    from PIL.Image import Image

    from calculator.analysis.results import Results


def _value_chart(p: Texts) -> Image:
    res = p.res
    wtp = res.parameters["wtp_per_qaly"]
    keys = tuple(k for k in ("private", "directed", "public", "none") if k in res.strategies)
    ev = print_charts.expected_value_chart(
        [p.T("strategy." + k) for k in keys], [res.strategies[k].qalys_gained for k in keys],
        [wtp * res.strategies[k].qalys_gained - res.strategies[k].pv_cost for k in keys],
        title_qaly=p.T("report.chart_qaly"), title_nmb=p.T("report.chart_nmb"), money=p.money, keys=keys,
        qaly_label=lambda q: p.T("report.qaly_days", days=q * 365))
    return print_charts.figure_image(ev)


def _cost_chart(p: Texts) -> Image:
    res = p.res
    cs = res.cost_schedule
    pv_key = "report.chart_cost_pv" if p.audience == "counsellor" else "report.chart_cost_today"
    cost = print_charts.cost_chart(
        cs["year"], cs["cumulative_nominal"], cs["cumulative_pv"],
        label_nominal=p.T("report.chart_cost_nominal"), label_pv=p.T(pv_key, r=res.parameters["discount_rate"]),
        xlabel=p.T("report.chart_cost_x"), money=p.money, horizon=res.horizon_years)
    return print_charts.figure_image(cost)


def tornado_image(p: Texts) -> tuple[Image, list[str]] | None:
    """The tornado (the image and its wrapped labels); None without a sensitivity analysis."""
    res = p.res
    if res.sensitivity is None or not res.sensitivity.tornado_nmb.rows:
        return None
    tornado = res.sensitivity.tornado_nmb
    params = load_region(res.region).parameters
    data = [(params[r.name].label_in(p.lang) if r.name in params else r.name,
             float(r.output_low), float(r.output_high)) for r in tornado.rows]
    fig = print_charts.tornado_chart(
        data, base=float(tornado.base), xlabel=p.T("report.chart_tornado_x"),
        label_low=p.T("report.chart_tornado_low"), label_high=p.T("report.chart_tornado_high"), money=p.money,
        w_mm=BODY_W, h_mm=tornado_h(p), wrap_chars=48 if p.lang == "en" else 36)
    return print_charts.figure_image(fig), [lab.get_text() for lab in fig.axes[0].get_yticklabels()]


#: Height of the full-width tornado [mm] (less when the report is set compactly).
TORNADO_H_MM = 82.0


def tornado_h(p: Texts) -> float:
    return TORNADO_H_MM - (12 if p.compact >= 2 else 0)


def _ceac_chart(p: Texts) -> Image:
    res = p.res
    fig = print_charts.ceac_chart(
        res.psa.ceac, wtp_used=res.parameters["wtp_per_qaly"], xlabel=p.T("report.chart_ceac_x"),
        ylabel=p.T("report.chart_ceac_y"), label_wtp=p.T("report.chart_ceac_wtp"), money=p.money)
    return print_charts.figure_image(fig)


#: The report's charts by name: each drawn from the report's texts and numbers alone.
CHARTS: dict[str, Callable[[Texts], Any]] = {
    "value": _value_chart, "cost": _cost_chart, "tornado": tornado_image, "ceac": _ceac_chart,
}


def chart_names(res: Results, audience: str) -> list[str]:
    """The charts a report for ``audience`` shows, in the order it shows them."""
    if audience != "counsellor":
        return ["cost", "value"]
    names = ["value", "cost"]
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
