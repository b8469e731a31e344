"""Load test: many families using the web app at once, through real Streamlit server(s).

    python benchmarks/load.py --sessions N [--workers W] [--updates 5] [--page parent|counsellor] [--floor]

Starts the server itself on a free port on 127.0.0.1 (W=1: one ``streamlit run app.py``;
W>=2: ``deploy/serve.py``, i.e. W Streamlit processes behind nginx), then opens N websocket
sessions at once, the way a browser tab does (``/_stcore/stream``, Streamlit's protobuf
messages). Each session opens the page, then changes a numeric input ``--updates`` times with
new values, each time waiting for the answer (``script_finished``). Prints a table:
first-answer and update latency (median, p95, max), server CPU seconds per page run (summed
over the Streamlit processes), peak memory (RSS) of the Streamlit processes, errors and
dropped connections. Everything it started is stopped at the end, on Ctrl-C and on errors.

``--floor`` measures, in the same run and with the same client, the floor of a page run: a
plain one-input Streamlit page (benchmarks/floor_app.py) served the same way (the same
``deploy/serve.py``, nginx configuration and ``.streamlit/config.toml``, copied beside it into
a temporary directory where it is ``app.py``) with the same sessions, and prints its row and
the ratio of the page's server CPU per run to the floor's. ``--order floor-first`` measures
the floor first (alternate the order between repeats on a shared machine). ``--compare DIR``
also measures the same page of another checkout (e.g. the main branch), with this checkout's
client and settings, for before/after figures.

The client sends no websocket pings of its own (browsers never do); the server's pings are
answered as a browser would. ``--client-ping 20`` restores the ``websockets`` default, which
drops connections when the server is too busy to answer a ping within 20 s.

The session client (:class:`Session`) is also used by tests/system/test_serve.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection
from websockets.typing import Origin, Subprotocol

ROOT = Path(__file__).resolve().parents[1]
#: A page run that answered: the whole page, or (a side-panel change) the page's results only.
FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
FLOOR_APP = Path(__file__).resolve().parent / "floor_app.py"
# No look-up of the external address, no usage statistics, no browser; loopback only.
STREAMLIT_FLAGS = [
    "--server.address", "127.0.0.1",
    "--browser.serverAddress", "127.0.0.1",
    "--browser.gatherUsageStats", "false",
    "--server.headless", "true",
]
AFFINITY_COOKIE = "cordblood_worker"  # must match deploy/nginx.conf
#: Runs a browser keeps a cacheable message it has not seen again (Streamlit's global.maxCachedMessageAge).
CACHED_MESSAGE_AGE = 2
NUMERIC_WIDGETS = ("number_input", "slider")
TEXT_ELEMENTS = ("markdown", "heading", "text", "alert", "metric", "code")
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- processes ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health_ok(port: int, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=timeout) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except OSError:
        return False


def wait_healthy(port: int, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before it was healthy")
        if health_ok(port):
            return
        time.sleep(0.2)
    raise TimeoutError(f"http://127.0.0.1:{port}/_stcore/health did not answer ok within {timeout:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (fields 14 and 15 of /proc/PID/stat)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()  # fields from 3 on (the name may hold spaces)
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def peak_rss_mib(pid: int) -> float:
    """Peak resident memory of a process (VmHWM), MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def stop_process(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    """SIGTERM the process (its own process group), SIGKILL after ``timeout``."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            proc.kill()
        proc.wait(5)


class Servers:
    """The server(s) under test: one Streamlit process, or deploy/serve.py with W workers,
    serving ``root``'s app.py (the repository's, or the floor's site: :func:`floor_site`)."""

    def __init__(self, workers: int, start_timeout: float = 120.0, root: Path = ROOT):
        self.workers, self.root = workers, root
        self.start_timeout = start_timeout
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.worker_pids: list[int] = []
        self.worker_ports: list[int] = []
        self.log = tempfile.NamedTemporaryFile(prefix="cordblood-load-", suffix=".log", delete=False)

    def __enter__(self) -> Servers:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
        if exc[0] is None:  # keep the server log only when something went wrong
            Path(self.log.name).unlink(missing_ok=True)

    def start(self) -> None:
        if self.workers == 1:
            cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
                   *STREAMLIT_FLAGS]
            self.proc = subprocess.Popen(cmd, cwd=self.root, stdout=self.log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
            wait_healthy(self.port, self.start_timeout, self.proc)
            self.worker_pids = [self.proc.pid]
            self.worker_ports = [self.port]
            return
        cmd = [sys.executable, str(self.root / "deploy" / "serve.py"), "--workers", str(self.workers),
               "--port", str(self.port), "--ready-file", self.log.name + ".ready"]
        self.proc = subprocess.Popen(cmd, cwd=self.root, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        ready = Path(self.log.name + ".ready")
        deadline = time.monotonic() + self.start_timeout
        while not ready.exists():
            if self.proc.poll() is not None:
                raise RuntimeError(f"deploy/serve.py exited with code {self.proc.returncode}; log: {self.log.name}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"deploy/serve.py not ready within {self.start_timeout:.0f} s; log: {self.log.name}")
            time.sleep(0.2)
        info = json.loads(ready.read_text())
        self.worker_pids = [w["pid"] for w in info["workers"]]
        self.worker_ports = [w["port"] for w in info["workers"]]

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)
        Path(self.log.name + ".ready").unlink(missing_ok=True)
        self.log.close()

    def cpu(self) -> float:
        return sum(cpu_seconds(p) for p in self.worker_pids)

    def cpu_each(self) -> list[float]:
        return [cpu_seconds(p) for p in self.worker_pids]

    def peak_rss(self) -> float:
        return sum(peak_rss_mib(p) for p in self.worker_pids)


def floor_site(into: Path) -> Path:
    """A directory served like the repository, whose ``app.py`` is the floor page: the
    repository's ``deploy/`` (serve.py, the nginx configuration) and ``.streamlit/`` copied
    beside benchmarks/floor_app.py, so that both pages are served the same way."""
    site = into / "floor-site"
    site.mkdir()
    shutil.copy(FLOOR_APP, site / "app.py")
    shutil.copytree(ROOT / ".streamlit", site / ".streamlit")
    shutil.copytree(ROOT / "deploy", site / "deploy")
    return site


# --- one browser tab ---------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    status: int | None  # ForwardMsg.ScriptFinishedStatus, None if no script_finished came
    texts: dict = field(default_factory=dict)  # delta path -> text of text-like elements
    widgets: dict = field(default_factory=dict)  # widget id -> (kind, element proto)
    exceptions: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        # a change in the side panel reruns only the page's results (a fragment run)
        return self.status in FINISHED_OK and not self.exceptions


def _text_of(kind: str, el) -> str:
    part = getattr(el, kind)
    if kind == "metric":
        return f"{part.label}: {part.body} {part.delta}"
    return getattr(part, "body", "")


class Session:
    """One websocket session with a Streamlit server, as a browser tab holds it.

    Like Streamlit's page in a browser, it keeps the messages the server marks cacheable (large
    elements, e.g. charts) for :data:`CACHED_MESSAGE_AGE` runs and names them when it asks for a
    rerun, so the server sends a short reference instead of an unchanged chart."""

    def __init__(self, port: int, query: str, cookie: str | None = None, client_ping: float | None = None):
        self.port, self.query, self.cookie, self.client_ping = port, query, cookie, client_ping
        self.ws: ClientConnection | None = None
        self.cached: dict[str, int] = {}  # message hash -> the run in which it was last received or referred to
        self.runs = 0

    async def __aenter__(self) -> Session:
        headers = {"Cookie": f"{AFFINITY_COOKIE}={self.cookie}"} if self.cookie else {}
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=[Subprotocol("streamlit")],
            origin=Origin(f"http://127.0.0.1:{self.port}"), additional_headers=headers,
            ping_interval=self.client_ping, ping_timeout=self.client_ping,
            max_size=None, open_timeout=60, close_timeout=5)
        return self

    async def __aexit__(self, *exc) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def run(self, widget: tuple[str, str, float] | None = None, timeout: float = 180.0) -> Run:
        """Rerun the page (with one widget changed: (id, kind, value)) and wait for the answer."""
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.cached_message_hashes.extend(sorted(self.cached))
        if widget is not None:
            wid, widget_kind, value = widget
            state = msg.rerun_script.widget_states.widgets.add()
            state.id = wid
            if widget_kind == "slider":
                state.double_array_value.data.append(value)
            elif widget_kind == "int":
                state.int_value = int(value)
            else:
                state.double_value = float(value)
        ws = self.ws
        if ws is None:
            raise RuntimeError("the session is not open: use it as `async with Session(...)`")
        t0 = time.monotonic()
        await ws.send(msg.SerializeToString())
        run = Run(seconds=math.nan, status=None)
        async with asyncio.timeout(timeout):
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await ws.recv())
                kind = fwd.WhichOneof("type")
                if fwd.metadata.cacheable and fwd.hash:
                    self.cached[fwd.hash] = self.runs
                if kind == "ref_hash":
                    self.cached[fwd.ref_hash] = self.runs
                elif kind == "page_info_changed":
                    # the app writes its inputs to the URL; a browser sends that URL on the next rerun
                    self.query = fwd.page_info_changed.query_string
                elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    el = fwd.delta.new_element
                    ek = el.WhichOneof("type")
                    path = tuple(fwd.metadata.delta_path)
                    if ek == "exception":
                        run.exceptions.append(el.exception.message)
                    elif ek in TEXT_ELEMENTS:
                        run.texts[path] = _text_of(ek, el)
                    elif ek in NUMERIC_WIDGETS:
                        run.widgets[getattr(el, ek).id] = (ek, getattr(el, ek))
                elif kind == "script_finished":
                    if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue  # the app called st.rerun(): the answer is the next run
                    run.status = fwd.script_finished
                    run.seconds = time.monotonic() - t0
                    self.runs += 1
                    self.cached = {h: r for h, r in self.cached.items() if self.runs - r <= CACHED_MESSAGE_AGE}
                    return run


def pick_widget(widgets: dict, label: str | None = None) -> tuple[str, str, list[float]]:
    """A numeric widget of the first run and the values to set: (id, kind for the state, values)."""
    for wid, (kind, w) in widgets.items():
        if label and label.lower() not in w.label.lower() and label.lower() not in wid.lower():
            continue
        if kind == "slider":
            lo, hi = w.min, w.max
            state_kind = "slider"
            if len(w.default) != 1:
                continue
        else:
            lo = w.min if w.has_min else 0.0
            hi = w.max if w.has_max else lo + 1000.0
            state_kind = "int" if w.data_type == w.INT else "float"
        # values spread over the range, never the same twice in a row
        values = [lo + (hi - lo) * f for f in (0.2, 0.8, 0.35, 0.65, 0.5, 0.1, 0.9, 0.25, 0.75, 0.4)]
        if state_kind == "int":
            values = [round(v) for v in values]
        return wid, state_kind, values
    raise LookupError(f"no numeric widget{' labelled ' + repr(label) if label else ''} on the page")


# --- the load test -----------------------------------------------------------------------

@dataclass
class Result:
    first: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    runs: int = 0
    errors: list = field(default_factory=list)
    dropped: int = 0
    cpu_runs: list = field(default_factory=list)  # server CPU s of each run (one session only)


def widget_value(values: list[float], session: int, k: int, kind: str, spread: str, sessions: int) -> float:
    """The value session ``session`` types at its ``k``-th change: from the same list for every
    session (``shared``: after the first session the server has seen them all) or, by default,
    a value nobody typed before (``distinct``: every change is a family the server has not seen,
    as when families type their own numbers)."""
    v = values[k % len(values)]
    if spread == "shared":
        return v
    # a small offset, different for every session and every pass through the list (0.01 % of
    # the range each); the list stays within 10-90 % of the range, so the value stays inside it
    step = (values[1] - values[0]) / 0.6 * 1e-4
    v += step * (session + sessions * (k // len(values)) + 1)
    return round(v) if kind == "int" else v


async def _measured(s: Session, widget, result: Result, args):
    """One run; with ``args.cpu`` (one session), the server's CPU time it took is recorded too."""
    if args.cpu is None:
        return await s.run(widget, timeout=args.run_timeout)
    c0 = args.cpu()
    run = await s.run(widget, timeout=args.run_timeout)
    await asyncio.sleep(0.05)  # the server finishes sending and cleaning up after script_finished
    result.cpu_runs.append(args.cpu() - c0)
    return run


async def one_family(i: int, port: int, query: str, updates: int, result: Result, args) -> None:
    t0 = time.monotonic()
    try:
        async with Session(port, query, cookie=f"load-{i}", client_ping=args.client_ping) as s:
            first = await _measured(s, None, result, args)
            result.runs += 1
            result.first.append(time.monotonic() - t0)
            if not first.ok:
                result.errors.append(f"session {i}: first run {first.status} {first.exceptions[:1]}")
            wid, kind, values = pick_widget(first.widgets, args.widget)
            for k in range(updates):
                value = widget_value(values, i, k, kind, args.values, args.sessions)
                run = await _measured(s, (wid, kind, value), result, args)
                result.runs += 1
                result.updates.append(run.seconds)
                if not run.ok:
                    result.errors.append(f"session {i}: update {k} {run.status} {run.exceptions[:1]}")
    except websockets.ConnectionClosed as e:
        result.dropped += 1
        result.errors.append(f"session {i}: connection dropped: {e}")
    except TimeoutError:
        result.errors.append(f"session {i}: no answer within {args.run_timeout:.0f} s")
    except Exception as e:  # noqa: BLE001 - a load test reports every failure and goes on
        result.errors.append(f"session {i}: {type(e).__name__}: {e}")


async def load(port: int, args) -> Result:
    result = Result()
    query = f"page={args.page}" + (f"&{args.query}" if args.query else "")
    tasks = [one_family(i, port, query, args.updates, result, args) for i in range(args.sessions)]
    try:
        async with asyncio.timeout(args.total_timeout):
            await asyncio.gather(*tasks)
    except TimeoutError:
        result.errors.append(f"the whole test took longer than {args.total_timeout:.0f} s; stopped")
    return result


def stats(xs: list[float]) -> str:
    if not xs:
        return "       -       -       -"
    xs = sorted(xs)
    p95 = xs[min(len(xs) - 1, math.ceil(0.95 * len(xs)) - 1)]
    return f"{statistics.median(xs):8.2f}{p95:8.2f}{xs[-1]:8.2f}"


HEADER = (f"{'page':<8} {'sessions':>8} {'workers':>7} | {'first answer (s)':^24} | {'update (s)':^24} | "
          f"{'CPU ms/run':>10} {'peak RSS MiB':>12} {'errors':>6} {'dropped':>7}\n"
          f"{'':<8} {'':>8} {'':>7} | {'median':>8}{'p95':>8}{'max':>8} | {'median':>8}{'p95':>8}{'max':>8} |")


def measure(args, root: Path, page: str) -> dict:
    """Serve ``root``'s app.py, warm it up, run the sessions; the row as data."""
    if page == "floor" and args.floor_elements > 1:
        args = argparse.Namespace(**{**vars(args), "query": f"{args.query}&floor_elements={args.floor_elements}"})
    with Servers(args.workers, root=root) as servers:
        # one warm-up page per worker, straight to its port (imports, first-run caches): not counted
        asyncio.run(_warm_up(servers.worker_ports, args))
        # one session: the server's CPU time of each run as well (/proc ticks: 10 ms resolution)
        args.cpu = servers.cpu if args.sessions == 1 else None
        cpu0 = servers.cpu()
        each0 = servers.cpu_each()
        t0, client0 = time.monotonic(), time.process_time()
        result = asyncio.run(load(servers.port, args))
        wall, client_cpu = time.monotonic() - t0, time.process_time() - client0
        cpu = servers.cpu() - cpu0
        each = [round(b - a, 1) for a, b in zip(each0, servers.cpu_each())]
        rss = servers.peak_rss()
    return {"page": page, "sessions": args.sessions, "workers": args.workers, "updates": args.updates,
            "runs": result.runs, "wall_s": round(wall, 2), "result": result,
            "first_s": sorted(round(x, 3) for x in result.first),
            "update_s": sorted(round(x, 3) for x in result.updates),
            "cpu_s_per_run": cpu / result.runs if result.runs else math.nan,
            "cpu_ms_each_run": [round(1000 * c) for c in result.cpu_runs], "values": args.values,
            "cpu_s_per_worker": each, "client_cpu_s": round(client_cpu, 2), "peak_rss_mib": round(rss),
            "errors": len(result.errors), "dropped": result.dropped}


def print_row(row: dict) -> None:
    result = row["result"]
    print(f"{row['page']:<8} {row['sessions']:>8} {row['workers']:>7} | {stats(result.first)} | {stats(result.updates)} | "
          f"{1000 * row['cpu_s_per_run']:10.1f} {row['peak_rss_mib']:12.0f} {row['errors']:6d} {row['dropped']:7d}",
          flush=True)
    if result.cpu_runs:
        ms = sorted(1000 * c for c in result.cpu_runs)
        print(f"  {row['page']}: server CPU per page run, one session: median {statistics.median(ms):.0f} ms, "
              f"mean {statistics.fmean(ms):.1f} ms, max {ms[-1]:.0f} ms over {len(ms)} runs (the first run and "
              f"{row['updates']} changes; /proc counts in 10 ms steps, so the mean is the finer figure)", flush=True)
    for e in result.errors[:10]:
        print(f"  {row['page']} error:", e, file=sys.stderr)
    if len(result.errors) > 10:
        print(f"  ... and {len(result.errors) - 10} more errors", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", type=int, required=True, help="concurrent browser sessions")
    p.add_argument("--workers", type=int, default=1, help="Streamlit processes (>=2: behind nginx, deploy/serve.py)")
    p.add_argument("--updates", type=int, default=5, help="input changes per session after opening the page")
    p.add_argument("--page", choices=("parent", "counsellor"), default="parent")
    p.add_argument("--query", default="lang=en&region=cn", help="rest of the URL query string")
    p.add_argument("--widget", default="fee_upfront",
                   help="key or label (substring) of the numeric input to change (default: the first payment)")
    p.add_argument("--values", choices=("distinct", "shared"), default="distinct",
                   help="distinct (default): each session types values no other session types, so every change is "
                        "new to the server; shared: every session types the same values (answers come from the cache)")
    p.add_argument("--floor", action="store_true",
                   help="also measure the floor (benchmarks/floor_app.py, a one-input page served the same way) "
                        "and print the ratio of server CPU per run")
    p.add_argument("--floor-elements", type=int, default=1, metavar="N",
                   help="elements on the floor page (default 1; e.g. as many as the page measured sends)")
    p.add_argument("--order", choices=("page-first", "floor-first"), default="page-first",
                   help="with --floor: which is measured first")
    p.add_argument("--compare", type=Path, default=None, metavar="DIR",
                   help="also measure the page of another checkout of the repository (its app.py and deploy/)")
    p.add_argument("--run-timeout", type=float, default=180.0, help="seconds to wait for one answer")
    p.add_argument("--total-timeout", type=float, default=900.0, help="seconds for the whole test")
    p.add_argument("--client-ping", type=float, default=None,
                   help="client websocket ping interval/timeout, s (default none, like a browser)")
    p.add_argument("--json", action="store_true", help="also print each row as one JSON line")
    p.add_argument("--no-header", action="store_true")
    args = p.parse_args(argv)
    if args.sessions < 1 or args.workers < 1:
        p.error("--sessions and --workers must be at least 1")

    # Ctrl-C and SIGTERM leave through the with-blocks, which stop the servers
    signal.signal(signal.SIGTERM, _interrupt)
    with tempfile.TemporaryDirectory(prefix="cordblood-floor-") as tmp:
        plan = [(args.page, ROOT)]
        other = args.compare.resolve().name[:12] if args.compare else None
        if other in (args.page, "floor"):
            other = "compared"
        if args.compare:
            plan.append((other, args.compare.resolve()))
        if args.floor:
            floor_plan = ("floor", floor_site(Path(tmp)))
            plan = [floor_plan, *plan] if args.order == "floor-first" else [*plan, floor_plan]
        if not args.no_header:
            print(HEADER)
        rows = {}
        for page, root in plan:
            rows[page] = row = measure(args, root, page)
            print_row(row)
    def p95(row: dict) -> str:
        return stats(row["result"].updates).split()[1] if row["result"].updates else "-"

    for name, row in rows.items():
        if args.floor and name != "floor":
            floor = rows["floor"]
            print(f"{name} / floor, {args.sessions} sessions on {args.workers} worker(s): server CPU per run "
                  f"{1000 * row['cpu_s_per_run']:.1f} / {1000 * floor['cpu_s_per_run']:.1f} ms = "
                  f"{row['cpu_s_per_run'] / floor['cpu_s_per_run']:.1f}x; update p95 {p95(row)} / {p95(floor)} s",
                  flush=True)
    if args.compare:
        this, that = rows[args.page], rows[other]
        print(f"{args.page} page, this checkout / {other}: server CPU per run {1000 * this['cpu_s_per_run']:.1f} / "
              f"{1000 * that['cpu_s_per_run']:.1f} ms = {this['cpu_s_per_run'] / that['cpu_s_per_run']:.2f}; "
              f"update p95 {p95(this)} / {p95(that)} s", flush=True)
    if args.json:
        for row in rows.values():
            print(json.dumps({k: v for k, v in row.items() if k != "result"}
                             | {"cpu_s_per_run": round(row["cpu_s_per_run"], 4)}))
    return 1 if any(r["errors"] for r in rows.values()) else 0


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


async def _warm_up(ports: list[int], args) -> None:
    query = f"page={args.page}" + (f"&{args.query}" if args.query else "")

    async def one(port: int) -> None:
        async with Session(port, query) as s:
            await s.run(timeout=args.run_timeout)

    await asyncio.gather(*(one(p) for p in ports))


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted; servers stopped", file=sys.stderr)
        sys.exit(130)
