"""``./dev fuzz N [M]``: N command-line cases and M app page runs with hostile input.

Prints counts of tracebacks (CLI) and page exceptions (app) and exits 1 if there were any.
Each CLI case runs ``calculator.cli.main`` in-process with a hostile ``--set`` value,
scenario file or ``--note``; each app run opens a page (both pages, both languages) with a
hostile URL query through Streamlit's AppTest.
"""

from __future__ import annotations

import contextlib
import io
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

from calculator.cli import main
from tests.fuzz.cases import HOSTILE_VALUES, hostile_scenario_texts, random_query


def cli_case(rng: random.Random, tmp: Path) -> str | None:
    """One CLI run; the traceback text if it crashed, else None."""
    names = ["p_auto_use", "fee_upfront", "discount_rate", "storage_years", "wtp_per_qaly", "nope"]
    argv = [rng.choice(["evaluate", "sensitivity", "params"]), "--region", rng.choice(["cn", "us"])]
    kind = rng.randrange(3)
    if kind == 0:
        argv += ["--set", f"{rng.choice(names)}={rng.choice(HOSTILE_VALUES)}"]
    elif kind == 1:
        f = tmp / rng.choice(["s.yaml", "s.json", "s.txt"])
        f.write_text(rng.choice(hostile_scenario_texts() + HOSTILE_VALUES), encoding="utf-8", errors="surrogatepass")
        argv += ["--scenario", str(f)]
    else:
        argv += ["--scenario", rng.choice(["/dev/zero", str(tmp), "/nonexistent", "\x00bad", "a" * 300])]
    if argv[0] == "params":
        argv = argv[:3]
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main(argv)
    except SystemExit as exc:
        rc = exc.code
    except BaseException:  # noqa: BLE001 - counting crashes is the point
        return f"{argv!r}\n{traceback.format_exc()}"
    if rc not in (0, 2):
        return f"{argv!r}: exit status {rc}"
    if rc == 2 and len(err.getvalue().strip().splitlines()) != 1:
        return f"{argv!r}: error is not one line: {err.getvalue()[:300]!r}"
    return None


def app_case(rng: random.Random) -> str | None:
    """One AppTest page run; the exception text if the page failed, else None."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=30)
    q = random_query(rng)
    for k, v in q.items():
        at.query_params[k] = v
    at.run()
    if not at.exception:  # then with every expander open, so that hostile input reaches their content too
        for k in [k for k in at.session_state if str(k).startswith("x_")]:
            at.session_state[k] = True
        at.run()
    if at.exception:
        return f"{q!r}: {[e.message for e in at.exception]}"
    return None


def run(n_cli: int, n_app: int, seed: int = 0) -> int:
    rng = random.Random(seed)
    t0 = time.perf_counter()
    cli_fail: list[str] = []
    with tempfile.TemporaryDirectory() as d:
        for _ in range(n_cli):
            r = cli_case(rng, Path(d))
            if r:
                cli_fail.append(r)
    t1 = time.perf_counter()
    app_fail = [r for r in (app_case(rng) for _ in range(n_app)) if r]
    t2 = time.perf_counter()
    print(f"CLI: {n_cli} cases, {len(cli_fail)} tracebacks or bad exits ({t1 - t0:.0f} s)")
    print(f"app: {n_app} page runs, {len(app_fail)} page exceptions ({t2 - t1:.0f} s)")
    for f in (cli_fail + app_fail)[:5]:
        print("---\n" + f[:2000])
    return 1 if cli_fail or app_fail else 0


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    m = int(sys.argv[2]) if len(sys.argv) > 2 else max(1, n // 10)
    sys.exit(run(n, m))
