"""Instructions per page run, counted by valgrind (a benchmark script, not a test).

Run: ``.venv/bin/python benchmarks/instructions.py [--runs N] [--page parent|floor] [--compare DIR]``
(needs valgrind: ``apt-get install valgrind``).

The load benchmark (``benchmarks/load.py``) measures CPU time, and on a shared machine another
process moves it by 10-25 % between two runs of the same code. The number of instructions the
process executes does not depend on what else runs, so two versions of the page can be told
apart by a few per cent. This runs the page in Streamlit's :class:`~streamlit.testing.v1.AppTest`
under callgrind with counting off, opens it and makes three changes (imports and first-run caches
not counted), then counts ``--runs`` steps of what a family does most: a change of the first
payment in the side panel (on the parents' page a results-only run, ``calculator/app/panel.py``)
followed by a run with no change (the whole page). With ``--page floor`` the same steps run on
``benchmarks/floor_app.py`` (a one-input page). AppTest reads the element tree back after each
run, and the server's websocket work is not in it: compare versions with it, and quote the
server's figures from ``load.py``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY = {"parent": "w_offer_fee_upfront", "floor": "fee_upfront"}


def steps(root: Path, page: str, runs: int, signals: Path) -> None:
    """Inside valgrind: open the page, warm up, then ``runs`` counted steps (``signals``: files
    that tell the parent process when to switch counting on and off)."""
    sys.path.insert(0, str(root))
    os.chdir(root)
    from streamlit.testing.v1 import AppTest

    script = root / ("app.py" if page == "parent" else "benchmarks/floor_app.py")
    at = AppTest.from_file(str(script), default_timeout=900)
    at.query_params.update(page="parent", lang="en", region="cn")
    at.run()

    def step(value: float) -> None:
        at.number_input(key=KEY[page]).set_value(value).run()
        at.run()
        if at.exception:
            raise SystemExit(f"the page failed: {at.exception[0].message}")

    for k in range(3):
        step(1_000.0 + k)
    (signals / "ready").touch()
    while not (signals / "go").exists():
        time.sleep(0.1)
    for k in range(runs):
        step(3_000.0 + 7 * k)
    (signals / "done").touch()
    while not (signals / "end").exists():
        time.sleep(0.1)


def wait_for(path: Path, proc: subprocess.Popen) -> None:
    while not path.exists():
        if proc.poll() is not None:
            raise SystemExit(f"valgrind stopped early (exit {proc.returncode})")
        time.sleep(0.2)


def count(root: Path, page: str, runs: int) -> int:
    """Instructions of ``runs`` steps of ``root``'s page, all threads."""
    with tempfile.TemporaryDirectory(prefix="cordblood-instr-") as tmp:
        signals = Path(tmp)
        out = signals / "callgrind.out"
        proc = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}.%p",
             sys.executable, __file__, "--inside", str(root), "--page", page, "--runs", str(runs),
             "--signals", tmp], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(signals / "ready", proc)
            subprocess.run(["callgrind_control", "-i", "on", str(proc.pid)], check=True, capture_output=True)
            (signals / "go").touch()
            wait_for(signals / "done", proc)
            subprocess.run(["callgrind_control", "-i", "off", str(proc.pid)], check=True, capture_output=True)
            (signals / "end").touch()
            proc.wait(timeout=600)
        finally:
            if proc.poll() is None:
                proc.kill()
        total = 0
        for dump in signals.glob("callgrind.out.*"):
            for line in dump.read_text(errors="replace").splitlines():
                if line.startswith("totals:"):  # ("summary:" is 0 when counting starts switched off)
                    total += int(line.split()[1])
                    break
        return total


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=10, help="counted steps (a change and a run with no change), 1-500")
    p.add_argument("--page", choices=("parent", "floor"), default="parent")
    p.add_argument("--compare", type=Path, default=None, metavar="DIR",
                   help="also count another checkout of the repository (its app.py)")
    p.add_argument("--inside", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--signals", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if not 1 <= args.runs <= 500:
        p.error("--runs must be from 1 to 500")
    if args.inside is not None:
        steps(args.inside, args.page, args.runs, args.signals)
        return 0
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        p.error("valgrind is not installed (Debian: apt-get install valgrind)")
    counts = {}
    for name, root in (("this checkout", ROOT), ("compared", args.compare)):
        if root is None:
            continue
        counts[name] = count(root.resolve(), args.page, args.runs)
        print(f"{name} ({root.resolve()}), {args.page} page: {counts[name] / args.runs / 1e6:.1f} million "
              f"instructions per step (a change, then a run with no change; {args.runs} steps)", flush=True)
    if len(counts) == 2:
        print(f"ratio this / compared: {counts['this checkout'] / counts['compared']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
