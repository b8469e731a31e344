"""The load table of the README: the parents' page and the floor, 1/50/200 sessions, 1 and 2 workers.

    python benchmarks/load_table.py [--sessions 1,50,200] [--workers 1,2] [--repeat 1] [--compare DIR]

Runs ``benchmarks/load.py --floor`` (and ``--compare DIR``: another checkout's page in the
same run) for each number of sessions and workers, alternating which page is measured first,
and prints one Markdown table: update wait p50 / p95 and the first answer's p95 for each page,
server CPU per run, the ratio to the floor, errors and dropped connections (the median of
``--repeat`` runs where repeated). One session changes its input 30 times (the CPU figure of
a single session needs the runs: /proc counts in 10 ms steps); more sessions 5 times each.
The machine's load average is printed with the table: on a shared machine the waits depend
on what else runs, the CPU per run much less.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def pct(xs: list[float], q: float) -> float:
    """The ``q`` quantile as load.py reports it (the smallest value with at least ``q`` of them at or below)."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(q * len(xs)) - 1))] if xs else float("nan")


def one(sessions: int, workers: int, order: str, compare: Path | None) -> dict[str, dict]:
    cmd = [sys.executable, str(HERE / "load.py"), "--sessions", str(sessions), "--workers", str(workers),
           "--updates", "30" if sessions == 1 else "5", "--floor", "--order", order, "--json", "--no-header"]
    if compare:
        cmd += ["--compare", str(compare)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    rows = {}
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            rows[row["page"]] = row
    if not rows:
        raise SystemExit(f"load.py failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", default="1,50,200")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--compare", type=Path, default=None, metavar="DIR", help="another checkout measured beside")
    args = ap.parse_args(argv)
    load0 = os.getloadavg()[0]
    lines = ["| sessions | workers | page | update wait p50 / p95 (s) | first answer p95 (s) | server CPU ms/run "
             "| x floor | errors / dropped |", "|---:|---:|---|---|---:|---:|---:|---|"]
    k = 0
    for workers in [int(w) for w in args.workers.split(",")]:
        for sessions in [int(s) for s in args.sessions.split(",")]:
            runs = []
            for _ in range(args.repeat):
                runs.append(one(sessions, workers, ("page-first", "floor-first")[k % 2], args.compare))
                k += 1
            floor_cpu = statistics.median(r["floor"]["cpu_s_per_run"] for r in runs)
            for page in runs[0]:
                rs = [r[page] for r in runs]
                p50 = statistics.median(pct(r["update_s"], 0.5) for r in rs)
                p95 = statistics.median(pct(r["update_s"], 0.95) for r in rs)
                first = statistics.median(pct(r["first_s"], 0.95) for r in rs)
                cpu = statistics.median(r["cpu_s_per_run"] for r in rs)
                errors = sum(r["errors"] for r in rs)
                dropped = sum(r["dropped"] for r in rs)
                lines.append(f"| {sessions} | {workers} | {page} | {p50:.2f} / {p95:.2f} | {first:.2f} | {1000 * cpu:.1f} "
                             f"| {cpu / floor_cpu:.1f} | {errors} / {dropped} |")
            print("\n".join(lines[-len(runs[0]):]), file=sys.stderr, flush=True)
    print(f"load average {load0:.2f} at the start, {os.getloadavg()[0]:.2f} at the end; {os.cpu_count()} CPUs; "
          f"median of {args.repeat} run(s) each")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
