"""The counsellor page's analyses as blocks: the one-way sensitivity (both tornado diagrams),
the two-way chart, the thresholds the analysis found, then the probabilistic analysis in one
line, the cost-effectiveness plane and the acceptability curve, each chart with its caption.

Every label, unit and caption is chosen here; the page only draws the blocks (its number
inputs for the draws and the seed sit between the two sections). The command line's text of
the same analyses is :mod:`calculator.content.uncertainty`; the PDF's tornado and curve are
:func:`calculator.content.report_figures.uncertainty`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calculator.analysis.psa import PSAResult
from calculator.analysis.results import Results
from calculator.analysis.sensitivity import SensitivityResult
from calculator.content.blocks import Block, Bullets, Chart, Heading, Paragraph, Section
from calculator.content.chart_spec import ceac_spec, tornado_spec, uncertainty_pair
from calculator.content.i18n import t
from calculator.content.page_charts import plane_spec, two_way_spec
from calculator.content.units import format_parameter
from calculator.content.words import Words
from calculator.inputs.assumptions import load_region

#: Names the analyses use besides parameters: (text key of the label, unit; CUR = currency).
PSEUDO = {
    "p_family_use_private": ("text.p_family_use", "probability"),
    "pv_cost_private": ("text.pv_cost", "CUR"),
    "max_fee_pv": ("app.counsellor.threshold_max_fee", "CUR"),
    "min_p_family_use": ("app.counsellor.threshold_min_p", "probability"),
}


def analysis_labels(region: str, lang: str) -> dict[str, str]:
    """Labels of every name an analysis may use, in ``lang``."""
    labels = {n: p.label_in(lang) for n, p in load_region(region).parameters.items()}
    labels.update({k: t(key, lang) for k, (key, _) in PSEUDO.items()})
    return labels


def axis_units(region: str) -> dict[str, str]:
    """``probability`` or ``money`` for every name an analysis may put on an axis."""
    out = {n: ("probability" if p.unit == "probability" else "money" if p.unit.startswith(("CNY", "USD")) else "")
           for n, p in load_region(region).parameters.items()}
    out.update({k: "probability" if u == "probability" else "money" for k, (_, u) in PSEUDO.items()})
    return out


def threshold_units(region: str, currency: str) -> dict[str, str]:
    """The unit of every name a threshold may be found for."""
    units = {n: p.unit for n, p in load_region(region).parameters.items()}
    units.update({k: u.replace("CUR", currency) for k, (_, u) in PSEUDO.items()})
    return units


def family_point(res: Results, name: str) -> float | None:
    """This family's value of ``name`` (a parameter, or the chance of use or cost it gives)."""
    if name == "p_family_use_private":
        return float(res.strategies["private"].p_family_use)
    if name == "pv_cost_private":
        return float(res.strategies["private"].pv_cost)
    v = res.parameters.get(name)
    return None if v is None else float(v)


def thresholds(sens: SensitivityResult, w: Words, labels: Mapping[str, str], units: Mapping[str, str]) -> Section | None:
    """One line per threshold the analysis found (only numbers that can vary); ``units`` the
    unit of each name (a parameter's, or of a quantity the analyses use besides). Values in
    words only ("约万分之 2"): the decimal a counsellor types is under the editor's input, and
    beside it here it put a bracket inside the line's bracket."""
    lines = []
    for th in sens.thresholds:
        unit = units.get(th.name, "")
        val = format_parameter(th.value, unit, w.lang, w.currency) if th.value is not None else w("text.not_reachable")
        lines.append(w("app.counsellor.threshold_from_analysis", label=labels.get(th.name, th.name), value=val,
                       base=format_parameter(th.base_value, unit, w.lang, w.currency),
                       within=w("app.counsellor." + ("within" if th.within_range else "outside"))))
    if not lines:
        return None
    return Section("thresholds", w("app.counsellor.thresholds"), (Heading(w("app.counsellor.thresholds"), level=0),
                                                                  Bullets(tuple(lines))))


def tornado_text(w: Words) -> str:
    """The tornado's caption, on the page and in the PDF: what it measures (the net monetary
    benefit over public donation, one number at a time), then how to read it (the line, the star
    after a number that changes the decision: both media draw them)."""
    return w("report.tornado_caption")


def ceac_text(versus: str, w: Words) -> str:
    """The acceptability curve's caption, on the page and in the PDF: what it measures (against
    ``versus``, the option the verdict weighs private storage against), then how to read it (the
    star at this family's willingness to pay, the shaded band: both media draw them)."""
    return w("report.ceac_caption_directed" if versus == "directed" else "report.ceac_caption")


def sensitivity(res: Results, sens: SensitivityResult, w: Words) -> Section:
    """Both tornado diagrams, the two-way chart, their captions and the thresholds."""
    region, lang, cur = res.region, w.lang, res.currency
    labels = analysis_labels(region, lang)
    fx, fy = family_point(res, sens.two_way.x_name), family_point(res, sens.two_way.y_name)
    tornado_caption, two_way_caption = tornado_text(w), w("app.counsellor.two_way_caption")
    blocks: list[Block] = [
        Chart("chart", tornado_spec(sens.tornado_nmb, labels=labels, lang=lang, currency=cur), tornado_caption, key="chart_tornado_nmb"),
        Paragraph(tornado_caption, role="caption"),
        Chart("chart", tornado_spec(sens.tornado_cost_per_use, labels=labels, lang=lang, currency=cur), tornado_caption, key="chart_tornado_cpu"),
        Chart("chart", two_way_spec(sens.two_way, labels=labels, lang=lang, currency=cur,
                                    family=(fx, fy) if fx is not None and fy is not None else None,
                                    units=axis_units(region)), two_way_caption, key="chart_two_way"),
        Paragraph(two_way_caption, role="caption"),
    ]
    found = thresholds(sens, w, labels, threshold_units(region, cur))
    return Section("sensitivity", w("app.counsellor.analyses"), tuple(blocks) + (found.blocks if found else ()))


def probabilistic(res: Results, psa: PSAResult, w: Words) -> Section:
    """The probabilistic analysis in one line (draws, the chance private storage is
    cost-effective, the EVPI), the cost-effectiveness plane and the acceptability curve of the
    comparison the verdict makes (public or directed donation), and the curve's caption."""
    wtp = float(res.parameters["wtp_per_qaly"])
    pair = uncertainty_pair(res, psa)
    c = res.comparisons[f"private_vs_{pair.versus}"]
    caption = ceac_text(pair.versus, w) + " " + w("app.counsellor.plane_caption")
    spec: dict[str, Any] = {"wtp": wtp, "lang": w.lang, "currency": res.currency, "versus": pair.versus}
    return Section("psa", "", (
        Paragraph(w("app.counsellor.psa_summary", n=int(psa.n), p=float(pair.prob_private_cost_effective),
                    evpi=float(psa.evpi))),
        Chart("chart", plane_spec(pair.plane, family=(c.delta_qaly, c.delta_cost), **spec), caption,
              key="chart_plane"),
        Chart("chart", ceac_spec(pair.ceac, **spec), caption, key="chart_ceac"),
        Paragraph(caption, role="caption"),
    ))
