"""Time to build the PDF summary (a script, not a test).

Run: ``./dev bench`` or ``.venv/bin/python benchmarks/bench_report.py [--repeat N] [--family thal]``.

Prints, for each language (zh, en) and audience (parent, counsellor), the median wall time
of :func:`calculator.present.pdf.build_pdf` over ``--repeat`` builds from the same results
object (the PSA with the report's 1,000 draws and, for counsellors, the sensitivity analysis
already attached, as the app does), plus the first (cold) build of the process, which also
imports fpdf2 and matplotlib and reads the font. Also the median of the whole ``report`` command path
(evaluation, PSA, sensitivity and PDF: :func:`calculator.present.pdf.make_report`, which draws the
charts in a helper process).

Target (issue 5): median build under 2 s for each language.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

from calculator.analysis.evaluate import evaluate_with_uncertainty
from calculator.inputs.scenario import scenario_from_mapping

THAL = {"region": "cn", "siblings": [{"condition": "thalassaemia_major", "weight_kg": 18, "hla_match": "unknown"}],
        "parents_carriers": "beta_thalassaemia"}
NOTE = "请在分娩前为宝宝做HLA配型,并向移植中心咨询定向捐献。 Discuss HLA typing before the birth."
TARGET_S = 2.0


def _median_time(fn, repeat: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        size = len(out)
    return statistics.median(times), size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="builds per case (median reported)")
    ap.add_argument("--family", choices=("healthy", "thal"), default="thal")
    args, _unknown = ap.parse_known_args(argv)  # ./dev bench passes the same options to every script

    t0 = time.perf_counter()
    from calculator.present import pdf as report  # noqa: F401  (fpdf2 and matplotlib load with the first build)

    import_s = time.perf_counter() - t0
    scenario = scenario_from_mapping(THAL) if args.family == "thal" else None
    res = evaluate_with_uncertainty(scenario, region=None if scenario else "cn", sensitivity=True,
                                    psa_draws=report.PSA_DRAWS, seed=report.PSA_SEED)

    print(f"PDF report benchmark ({args.family} family, {args.repeat} builds per case; "
          f"Python {platform.python_version()}, {platform.machine()})")
    print(f"  import calculator.present.pdf (without fpdf2 and matplotlib): {import_s:.2f} s")
    t0 = time.perf_counter()
    report.build_pdf(res, lang="zh", audience="counsellor", note=NOTE)
    print(f"  first build in this process (cold, zh counsellor): {time.perf_counter() - t0:.2f} s")

    worst = 0.0
    for lang in ("zh", "en"):
        for audience in ("parent", "counsellor"):
            note = NOTE if audience == "counsellor" else None
            med, size = _median_time(lambda lang=lang, audience=audience, note=note: report.build_pdf(res, lang=lang, audience=audience, note=note),
                                     args.repeat)
            worst = max(worst, med)
            print(f"  build_pdf {lang} {audience:<10}  median {med:.2f} s   {size / 1024:.0f} KiB")
    for lang in ("zh", "en"):
        med, _ = _median_time(lambda lang=lang: report.make_report(scenario, region=None if scenario else "cn", lang=lang,
                                                         audience="counsellor", note=NOTE), max(1, args.repeat // 2))
        print(f"  report command path {lang} counsellor (evaluate + PSA + sensitivity + PDF): median {med:.2f} s")
    verdict = "meets" if worst < TARGET_S else "MISSES"
    print(f"  slowest median build {worst:.2f} s: {verdict} the {TARGET_S:.0f} s target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
