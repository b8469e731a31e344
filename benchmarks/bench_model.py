"""Speed and memory of the model and its uncertainty analyses (a script, not a test).

Run: ``./dev bench`` or ``.venv/bin/python benchmarks/bench_model.py [--repeat N] [--family thal]`` (``calculator``
is importable because ./dev installs the project editable into .venv).

Prints the median wall time over repeats of: one deterministic evaluation (the full
``evaluate`` and the bare model call), the full tornado (both diagrams), the whole
sensitivity analysis, PSA with 10,000, 100,000 and 1,000,000 draws and, as the floor, the
time numpy alone takes to draw the same random numbers (``psa.draw_parameters`` with the same
seed); then PSA / floor and the peak memory of a 1,000,000-draw PSA, measured in a fresh
process (peak resident set size, and the peak of numpy allocations traced by tracemalloc).

Targets (issue 3, 2-core machine): PSA with 100,000 draws < 0.3 s and < 10x the floor; full
tornado < 0.1 s; memory for 1,000,000 draws < 1 GiB. Issue 14: PSA with 100,000 draws < 10x the uniform
floor. From ``psa.THREADED_DRAWS`` draws the PSA (and the floor column) draws its parameters on one
thread per CPU, while the uniform floor is one thread: on a machine busy with other work the threads
gain nothing, so compare on an idle machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import calculator.analysis.psa as psa_module
from calculator.analysis.evaluate import evaluate, model_inputs
from calculator.analysis.psa import draw_parameters, drawn_parameters, parameter_streams, run_psa
from calculator.analysis.sensitivity import run_sensitivity, tornadoes
from calculator.inputs.scenario import scenario_from_mapping

THAL = {"region": "cn", "siblings": [{"condition": "thalassaemia_major", "weight_kg": 18}],
        "parents_carriers": "beta_thalassaemia"}
SEED = 1
SIZES = (10_000, 100_000, 1_000_000)


def median_time(fn, repeat: int, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` over ``repeat`` runs after ``warmup`` runs [s]."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _scenario(family: str):
    return scenario_from_mapping(THAL) if family == "thal" else scenario_from_mapping({"region": "cn"})


def _vm_hwm_mib() -> float:
    """Peak resident set size of this process [MiB] (Linux ``VmHWM``; unlike ``ru_maxrss``
    it is not inherited from the parent across fork and exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def memory_child(family: str, n: int) -> None:
    """Run in a fresh process: one PSA of ``n`` draws; print peak RSS before and after, and
    the peak of traced allocations [MiB]."""
    import tracemalloc

    inputs = model_inputs(_scenario(family))
    before = _vm_hwm_mib()
    tracemalloc.start()
    run_psa(inputs, n, SEED)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{_vm_hwm_mib():.0f} {before:.0f} {traced / 2**20:.0f}")


def fmt(seconds: float) -> str:
    return f"{seconds * 1e3:9.2f} ms"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7, help="repeats per measurement (default 7; 1,000,000 draws: 3)")
    ap.add_argument("--family", choices=("healthy", "thal"), default="healthy",
                    help="healthy Chinese family (default) or a thalassaemia-major sibling")
    ap.add_argument("--memory-child", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memory_child:
        memory_child(args.family, args.memory_child)
        return 0

    scenario = _scenario(args.family)
    inputs = model_inputs(scenario)
    r = max(1, args.repeat)
    print(f"benchmark: model and uncertainty analyses ({args.family} family, China); "
          f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs; "
          f"median of {r} runs")
    rows = [
        ("deterministic evaluate() (results object)", median_time(lambda: evaluate(scenario), r * 3)),
        ("deterministic model call (inputs.run())", median_time(inputs.run, r * 3)),
        ("full tornado (NMB and cost per use)", median_time(lambda: tornadoes(inputs), r * 3)),
        ("whole sensitivity (tornado, 21x21 grid, thresholds)", median_time(lambda: run_sensitivity(inputs), r)),
    ]
    for label, t in rows:
        print(f"  {label:<52} {fmt(t)}")

    k = len(drawn_parameters(inputs))
    print(f"  {'PSA draws':>12} {'PSA':>12} {'floor (numpy draws)':>22} {'PSA / floor':>12} "
          f"{'uniform floor':>14} {'PSA / uniform':>14}")
    print(f"  (floor: the PSA's own parameter draws; uniform floor: {k} x Generator.random(n), one per uncertain parameter)")
    ratios = {}
    for n in SIZES:
        reps = r if n < 1_000_000 else max(1, min(r, 3))
        # a new family each time: the kept draws (reused by families that differ only in numbers
        # that are not drawn, up to KEEP_DRAWS_UP_TO draws) are dropped before every run
        def psa_afresh(n: int = n) -> None:
            psa_module._KEPT.clear()
            run_psa(inputs, n, SEED)

        t_psa = median_time(psa_afresh, reps)
        t_floor = median_time(lambda n=n: draw_parameters(inputs, n, parameter_streams(inputs, SEED)), reps)
        rng = np.random.default_rng(SEED)
        t_uniform = median_time(lambda n=n, rng=rng: [rng.random(n) for _ in range(k)], reps)
        ratios[n] = t_psa / t_floor
        print(f"  {n:>12,} {fmt(t_psa)} {fmt(t_floor):>22} {ratios[n]:>11.1f}x {fmt(t_uniform):>14} {t_psa / t_uniform:>13.1f}x")

    n = 1_000_000
    child = subprocess.run([sys.executable, __file__, "--family", args.family, "--memory-child", str(n)],
                           capture_output=True, text=True, check=True)
    peak, before, traced = (float(x) for x in child.stdout.split())
    print(f"  memory, PSA with {n:,} draws: peak RSS {peak:.0f} MiB (process before the PSA: {before:.0f} MiB); "
          f"peak numpy/Python allocations {traced:.0f} MiB (target < 1024 MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
