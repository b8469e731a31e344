"""``./dev fuzz N [M]``: N command-line cases and M app page runs with hostile input.

Prints counts of tracebacks (CLI) and page exceptions (app) and exits 1 if there were any.
Each CLI case runs ``calculator.cli.main`` in-process with a hostile ``--set`` value, a
scenario file (hostile texts; keys that are not text; lists with bad entries among good
ones; subnormal, huge and decimal-comma numbers) or an output stream that cannot encode
Chinese; one case in :data:`SIGNAL_EVERY` is a real process sent SIGINT at a random moment
(exit 130, one line). Each app run opens a page (both pages, both languages) with a hostile
URL query through Streamlit's AppTest.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from calculator.cli import main
from tests.fuzz.cases import HOSTILE_VALUES, hostile_scenario_texts, random_query, random_scenario_text

#: One CLI case in this many is a real process interrupted with SIGINT (about 0.5 s each).
SIGNAL_EVERY = 500
ROOT = Path(__file__).resolve().parents[2]


def signal_case(rng: random.Random) -> str | None:
    """``python -m calculator`` sent SIGINT at a random moment once the project's code runs:
    exit 130 and the one line ``interrupted`` (or done before the signal: exit 0)."""
    argv = [sys.executable, "-m", "calculator", rng.choice(["evaluate", "sensitivity"]), "--region", rng.choice(["cn", "us"])]
    if argv[3] == "evaluate":
        argv += ["--psa", "2000000"]
    p = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    # the signal is sent once the project's code runs (a library it imports is mapped): a Ctrl-C
    # during the interpreter's own start-up, before any project code, is Python's to handle
    # (exit -2), and a loaded machine can stretch that start-up past any fixed delay
    wait_until_loaded(p, ("pydantic_core", "numpy"))
    time.sleep(rng.uniform(0.0, 1.3))
    p.send_signal(signal.SIGINT)
    err = p.stderr.read()
    rc = p.wait(timeout=120)
    if (rc, err) not in ((130, "interrupted\n"), (0, "")):
        return f"SIGINT {argv[3:]!r}: exit status {rc}, stderr {err[-1500:]!r}"
    return None


def wait_until_loaded(p: subprocess.Popen, names: tuple[str, ...], deadline_s: float = 60.0) -> None:
    """Wait (bounded) until process ``p`` has mapped a shared library whose path holds one of
    ``names``, or has ended."""
    end = time.monotonic() + deadline_s
    maps = Path(f"/proc/{p.pid}/maps")
    while time.monotonic() < end and p.poll() is None:
        with contextlib.suppress(OSError):
            if any(n in maps.read_text() for n in names):
                return
        time.sleep(0.01)


def cli_case(rng: random.Random, tmp: Path) -> str | None:
    """One CLI run; the traceback text if it crashed, else None."""
    names = ["p_auto_use", "fee_upfront", "discount_rate", "storage_years", "wtp_per_qaly", "nope"]
    names += ["p_public_kept", "p_private_unit_storable", "p_hsct_leukaemia", "fee_annual", "fee_package_price"]
    argv = [rng.choice(["evaluate", "sensitivity", "params"]), "--region", rng.choice(["cn", "us"])]
    kind = rng.randrange(5)
    if kind == 0:
        argv += ["--set", f"{rng.choice(names)}={rng.choice(HOSTILE_VALUES)}"]
    elif kind in (1, 3):
        f = tmp / rng.choice(["s.yaml", "s.json", "s.txt"])
        text = rng.choice(hostile_scenario_texts() + HOSTILE_VALUES) if kind == 1 else random_scenario_text(rng)
        f.write_text(text, encoding="utf-8", errors="surrogatepass")
        argv += ["--scenario", str(f)]
    elif kind == 2:
        argv += ["--scenario", rng.choice(["/dev/zero", str(tmp), "/nonexistent", "\x00bad", "a" * 300, "/etc/passwd",
                                           "\x1b[31mred.yaml"])]
    else:  # an output that cannot encode Chinese (PYTHONIOENCODING=ascii, LANG=C)
        argv += ["--lang", "zh"] + (["--set", f"{rng.choice(names)}={rng.choice(HOSTILE_VALUES)}"] if rng.random() < 0.5 else [])
    if argv[0] == "params":
        argv = argv[:3] + (["--lang", "zh"] if kind == 4 else [])
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding=rng.choice(["ascii", "latin-1"])) if kind == 4 else io.StringIO()
    err = io.StringIO()
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
    if any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) < 0xA0 for c in err.getvalue()):
        return f"{argv!r}: a control character echoed: {err.getvalue()[:300]!r}"
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
        for i in range(n_cli):
            r = signal_case(rng) if i % SIGNAL_EVERY == SIGNAL_EVERY - 1 else cli_case(rng, Path(d))
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


#: The full campaign of ``./dev fuzz`` without arguments (issue 19's floor).
FULL_CLI, FULL_PAGES = 5000, 500


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else FULL_CLI
    m = int(sys.argv[2]) if len(sys.argv) > 2 else (FULL_PAGES if len(sys.argv) == 1 else max(1, n // 10))
    sys.exit(run(n, m, seed=int(os.environ.get("FUZZ_SEED", "0"))))
