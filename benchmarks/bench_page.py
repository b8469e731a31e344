"""Server CPU per page run of the web app, measured in process (a script, not a test).

Run: ``.venv/bin/python benchmarks/bench_page.py [--runs N] [--page parent|counsellor|both]``.

Each page is opened once through Streamlit's :class:`~streamlit.testing.v1.AppTest` (the
script runs in this process in Streamlit's own script runner, building every element's
protobuf message, plotly figures serialised to JSON included), then run ``--runs`` times:

* ``new family``: each run changes the upfront fee by one step, so the inputs are ones the
  server has not seen (the cached analyses miss; the model, the PSA and, on the
  counsellor's page, the sensitivity analysis run again) -- the load case of families
  changing an input;
* ``same family``: the run is repeated with unchanged inputs (a rerun from a widget that
  does not change the model, e.g. opening an expander; every analysis comes from the cache).

The CPU time of the whole process (``time.process_time``, all threads) is taken around each
``AppTest.run``. AppTest adds its own work to read the element tree back after each run (tens
of ms for these pages: more than the page itself now costs), and it runs without the
server's settings (``.streamlit/config.toml``: no collection after every run), so these
numbers are a quick in-process comparison between two versions of the code, not the server's
cost. The measure of record is the load benchmark with one session, against a real server:
``./dev load 1 --updates 100`` (``benchmarks/load.py``), which prints the server's CPU per
page run.

Targets (issue 14, measured by the load benchmark): median parents' page run <= 50 ms,
counsellor's page <= 150 ms.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TARGET_MS = {"parent": 50.0, "counsellor": 150.0}


def _timed_run(at: AppTest) -> float:
    t0 = time.process_time()
    at.run()
    dt = time.process_time() - t0
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])
    return dt * 1000


def measure(page: str, runs: int, lang: str = "en") -> dict[str, float]:
    """Median CPU ms per run of ``page`` for new inputs and for unchanged inputs, plus the first run."""
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["page"] = page
    at.query_params["lang"] = lang
    first = _timed_run(at)
    fee = at.number_input(key="w_offer_fee_upfront")
    if fee.value is None:
        raise RuntimeError("the first payment's input has no value on the page")
    base = float(fee.value)
    new = []
    for i in range(1, runs + 1):
        at.number_input(key="w_offer_fee_upfront").set_value(base + 10.0 * i)
        new.append(_timed_run(at))
    same = [_timed_run(at) for _ in range(runs)]
    return {"first": first, "new": statistics.median(new), "same": statistics.median(same),
            "new_max": max(new), "same_max": max(same)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--page", choices=("parent", "counsellor", "both"), default="both")
    ap.add_argument("--lang", choices=("en", "zh"), default="en")
    args = ap.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}; {args.runs} runs per case; CPU ms per run (median)")
    pages = ("parent", "counsellor") if args.page == "both" else (args.page,)
    for page in pages:
        m = measure(page, args.runs, args.lang)
        ok = "ok" if m["new"] <= TARGET_MS[page] else "over target"
        print(f"{page:10s} new family {m['new']:7.1f} ms (max {m['new_max']:.0f})  same family {m['same']:7.1f} ms "
              f"(max {m['same_max']:.0f})  first run {m['first']:7.0f} ms  target {TARGET_MS[page]:.0f} ms: {ok}")


if __name__ == "__main__":
    main()
