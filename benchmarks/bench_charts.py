"""Time to build the web charts of one family, with and without plotly's validation (a script,
not a test).

Run: ``.venv/bin/python benchmarks/bench_charts.py [--runs N]``.

Every web chart a page draws for a family (the parents' icon arrays, expected value, cost,
use by age and cost per use; the counsellor's two tornados, two-way map, cost-effectiveness
plane and acceptability curve) is built ``--runs`` times (its spec, then its figure), once as the project builds it
(:func:`calculator.present.plotly_adapter.new_figure`, no validation) and once with
``plotly.graph_objects.Figure`` validating every property. The medians of the whole set are
printed in milliseconds, with the plotly version: the number that
:mod:`calculator.present.plotly_adapter` quotes.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path
from unittest import mock

import plotly

from calculator.analysis.evaluate import evaluate_with_uncertainty
from calculator.content import chart_spec as S
from calculator.content import page_charts as P
from calculator.content.icons import frequency_rows
from calculator.inputs.scenario_files import load_scenario
from calculator.present import plotly_adapter
from calculator.present.web_draw import draw_chart

FAMILY = Path(__file__).resolve().parent.parent / "tests" / "golden" / "families" / "thal_hla_unknown.yaml"


def build_all(res, lang: str) -> int:
    """Every web chart of ``res`` in ``lang``, its spec built and drawn; returns how many."""
    cur = res.currency
    pr = res.strategies["private"]
    sens, psa = res.sensitivity, res.psa
    wtp = float(res.parameters["wtp_per_qaly"])
    specs = [P.icon_spec(row, lang=lang) for row in frequency_rows(res)]
    specs += [S.value_spec(res, lang),
              S.cost_spec(res.cost_schedule, currency=cur, lang=lang),
              P.age_spec(res.use_by_age, lang=lang),
              P.cpu_spec(pv_cost=pr.pv_cost, p_family_use=pr.p_family_use, currency=cur, lang=lang),
              S.tornado_spec(sens.tornado_nmb, labels={}, lang=lang, currency=cur),
              S.tornado_spec(sens.tornado_cost_per_use, labels={}, lang=lang, currency=cur),
              P.two_way_spec(sens.two_way, labels={}, lang=lang, currency=cur),
              P.plane_spec(psa.plane, wtp=wtp, lang=lang, currency=cur),
              S.ceac_spec(psa.ceac, wtp=wtp, lang=lang, currency=cur)]
    return len([draw_chart(spec) for spec in specs])


def _validated(data, layout):
    import plotly.graph_objects as go

    return go.Figure(data=data, layout=layout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    res = evaluate_with_uncertainty(load_scenario(str(FAMILY)), sensitivity=True, psa_draws=5000, seed=1)
    n = build_all(res, "en")  # warm: imports, text catalogues, caches
    times: dict[str, list[float]] = {"unvalidated (project)": [], "validated": []}
    for _ in range(args.runs):
        for name in times:
            t0 = time.perf_counter()
            if name == "validated":
                with mock.patch.object(plotly_adapter, "new_figure", _validated):
                    build_all(res, "en")
            else:
                build_all(res, "en")
            times[name].append((time.perf_counter() - t0) * 1000)
    print(f"plotly {plotly.__version__}, Python {platform.python_version()}, {n} charts a set, {args.runs} runs")
    for name, ts in times.items():
        print(f"  {name:<22} median {statistics.median(ts):7.1f} ms a set  (min {min(ts):.1f}, max {max(ts):.1f})")


if __name__ == "__main__":
    main()
