"""What recording the sources costs (a script, not a test): ``Results.sources`` is the model's
run once more on traced values (:mod:`calculator.model.trace`), and every read goes through a
recording mapping.

Run: ``.venv/bin/python benchmarks/bench_trace.py [--repeat N]``. ``--other-checkout`` times only
what exists without tracing (``evaluate`` of each family and the 100,000-draw PSA, which never
traces), so the same command run against a checkout without it
(``PYTHONPATH=/path/to/other .venv/bin/python benchmarks/bench_trace.py --other-checkout``) shows
the cost of the whole change.

Prints, for three families, the median wall time of: the bare model call on a plain dict, on a
recording mapping, and on traced values (the extra run); and the whole ``evaluate`` (which now
includes both). Then the 100,000-draw PSA.
"""

from __future__ import annotations

import argparse
import statistics
import time
from functools import partial


def median_ms(fn, repeat: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


FAMILIES = {
    "no history": {},
    "father with leukaemia": {"relatives": [{"relation": "parent", "condition": "leukaemia"}]},
    "thal brother + 1 planned": {
        "relatives": [{"relation": "full_sibling", "condition": "thalassaemia_major", "weight_kg": 18}],
        "carriers": {"mother": "beta_thalassaemia", "father": "beta_thalassaemia"}, "planned_children": 1},
}


def psa(repeat: int) -> None:
    from calculator.analysis.model_inputs import model_inputs
    from calculator.analysis.psa import run_psa

    inputs = model_inputs()
    print(f"PSA 100,000 draws, no history: {median_ms(lambda: run_psa(inputs, 100_000, 1), repeat, 1):8.1f} ms")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=51)
    ap.add_argument("--other-checkout", action="store_true")
    args = ap.parse_args(argv)
    from calculator.analysis.evaluate import evaluate
    from calculator.analysis.model_inputs import model_inputs
    from calculator.inputs.scenario import scenario_from_mapping

    if args.other_checkout:
        print(f"median of {args.repeat} runs [ms]")
        for name, data in FAMILIES.items():
            scenario = scenario_from_mapping(data)
            print(f"{name:<26} evaluate {median_ms(partial(evaluate, scenario), args.repeat):9.2f}")
        psa(max(3, args.repeat // 10))
        return 0
    from calculator.model.trace import RecordingParams

    print(f"median of {args.repeat} runs [ms]")
    print(f"{'family':<26} {'model':>8} {'recorded':>9} {'traced':>8} {'evaluate':>9}")
    for name, data in FAMILIES.items():
        scenario = scenario_from_mapping(data)
        inputs = model_inputs(scenario)
        plain = median_ms(inputs.run, args.repeat)
        recorded = median_ms(lambda i=inputs: i.run(RecordingParams(i.params)), args.repeat)
        traced = median_ms(lambda i=inputs: i.run(RecordingParams(i.params, traced=True)), args.repeat)
        whole = median_ms(partial(evaluate, scenario), args.repeat)
        print(f"{name:<26} {plain:8.3f} {recorded:9.3f} {traced:8.3f} {whole:9.2f}")
    psa(max(3, args.repeat // 10))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
