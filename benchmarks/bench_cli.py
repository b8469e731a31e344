"""Start-to-finish wall time of the command line (a script, not a test).

Run: ``.venv/bin/python benchmarks/bench_cli.py [--repeat N] [--compare OTHER_CHECKOUT]``.

Prints the median wall time (and CPU time) over ``--repeat`` runs of ``python -m calculator evaluate``,
``evaluate --psa 100000`` (``psa``), ``sensitivity`` and ``report`` (a parent's PDF) as fresh processes, which is what a person
waits for: interpreter start, imports, reading the assumption and text files, the work and
the output. Then, for each command, the imports that take longest (``-X importtime``,
cumulative; for ``report`` those of its chart helper process too, which imports matplotlib
beside the main process). With ``--compare`` the same commands of another checkout of the
repository run interleaved with this one's (run A, run B, run A, ...), so that load from
other processes on a shared machine falls on both alike, and the ratio of medians is printed.

Targets (issue 14, idle 2-core machine): ``evaluate`` under 0.3 s, ``report`` under 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"evaluate": 0.3, "report": 1.5}


def command(name: str, out_dir: str) -> list[str]:
    if name == "report":
        return ["report", "--out", str(Path(out_dir) / "bench.pdf")]
    if name == "psa":
        return ["evaluate", "--psa", "100000"]
    return [name]


CPU_TIMES: dict[Path, list[float]] = {}  # CPU seconds (user + system) of each run, by checkout


def run(tree: Path, args: list[str], extra: list[str] | None = None) -> tuple[float, str]:
    """Wall time [s] of ``python [extra] -m calculator args`` in ``tree`` (its package first on
    the path, whatever is installed in the environment), and its stderr. Its CPU time (user +
    system, the process and its children) is added to :data:`CPU_TIMES`: on a shared machine
    the wall time grows with the other processes' load, the CPU time much less."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, *(extra or []), "-m", "calculator", *args], cwd=tree, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_TIMES.setdefault(tree, []).append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"{tree}: calculator {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return elapsed, proc.stderr


def top_imports(tree: Path, args: list[str], k: int) -> list[tuple[float, str]]:
    """The ``k`` imports with the largest cumulative time [s] (nested ones included)."""
    _, err = run(tree, args, ["-X", "importtime"])
    rows = []
    for line in err.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.removeprefix("import time:").split("|")
            if cumulative.strip().isdigit():
                rows.append((int(cumulative) / 1e6, name.rstrip()))
    return sorted(rows, reverse=True)[:k]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7, help="runs per command and checkout (default 7)")
    ap.add_argument("--commands", default="evaluate,psa,sensitivity,report", help="comma-separated (default: all four)")
    ap.add_argument("--compare", type=Path, default=None, metavar="DIR",
                    help="another checkout (e.g. the main branch) run interleaved with this one")
    ap.add_argument("--top", type=int, default=12, help="imports listed per command (default 12; 0: none)")
    args = ap.parse_args(argv)
    trees = [ROOT] + ([args.compare.resolve()] if args.compare else [])
    names = [c.strip() for c in args.commands.split(",") if c.strip()]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"benchmark: command line, fresh process per run; python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, load average {load:.2f} at start; median of {args.repeat} runs")
    with tempfile.TemporaryDirectory() as out_dir:
        for name in names:
            argv_ = command(name, out_dir)
            for tree in trees:  # warm the file cache and the bytecode
                run(tree, argv_)
            times: dict[Path, list[float]] = {tree: [] for tree in trees}
            CPU_TIMES.clear()
            for _ in range(max(1, args.repeat)):
                for tree in trees:
                    times[tree].append(run(tree, argv_)[0])
            med = {tree: statistics.median(ts) for tree, ts in times.items()}
            cpu = {tree: statistics.median(CPU_TIMES[tree]) for tree in trees}
            target = TARGETS.get(name)
            line = f"  {name:<12} {med[ROOT]:7.3f} s (min {min(times[ROOT]):.3f})"
            if target:
                line += f"  target < {target} s: {'met' if med[ROOT] < target else 'NOT met'}"
            line += f"; CPU {cpu[ROOT]:.3f} s"
            if args.compare:
                other = trees[1]
                line += (f"  | {other.name}: {med[other]:7.3f} s (min {min(times[other]):.3f}; CPU {cpu[other]:.3f} s);"
                         f"  ratio {med[ROOT] / med[other]:.2f}, CPU {cpu[ROOT] / cpu[other]:.2f}")
            print(line)
        if args.top:
            for name in names:
                where = ", both processes: matplotlib loads in the chart helper" if name == "report" else ""
                print(f"  slowest imports of '{name}' (cumulative, -X importtime{where}):")
                for seconds, module in top_imports(ROOT, command(name, out_dir), args.top):
                    print(f"    {seconds * 1e3:8.1f} ms  {module.strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
