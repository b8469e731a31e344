"""Helpers for the serving tests: start deploy/serve.py, talk to supervisord, and a browser-like
websocket session that can name any host and origin while connecting to 127.0.0.1.

The session speaks Streamlit's own protocol (protobuf BackMsg/ForwardMsg over
``/_stcore/stream``): it asks for a page run with the URL's query string and waits for
``script_finished``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.conftest import require_tool

#: A page run that answered: the whole page, or (a side-panel change) the page's results only.
FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("cordblood_serve", ROOT / "deploy" / "serve.py")
serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve)

QUERY = "page=parent&lang=en&region=cn"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str = "/_stcore/health", host: str | None = None, timeout: float = 5.0,
        headers: dict | None = None):
    """(status, headers, body) of a GET through 127.0.0.1:port, with another Host if given."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=dict(headers or {}))
    if host:
        req.add_header("Host", host)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def wait_for(what: str, check, timeout: float, interval: float = 0.1):
    """Poll ``check()`` until it returns something true; fail saying what did not happen."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)


class Served:
    """deploy/serve.py (supervisord, N workers, nginx, watchdog) on a free port."""

    def __init__(self, tmp_path: Path, workers: int = 2, port: int | None = None, extra: tuple = ()):
        require_tool("nginx")
        require_tool("supervisord")
        self.port = port or free_port()
        self.ready = tmp_path / f"ready-{self.port}-{time.monotonic_ns()}.json"
        self.log_path = tmp_path / "serve.log"
        # append mode: supervisord and its children each open /dev/stdout, i.e. this file, again
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "deploy" / "serve.py"), "--workers", str(workers), "--port", str(self.port),
             "--ready-file", str(self.ready), *extra],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        self.info: dict = {}

    def wait_ready(self, timeout: float = 90.0) -> dict:
        deadline = time.monotonic() + timeout
        while not self.ready.exists():
            if self.proc.poll() is not None:
                raise AssertionError(f"serve.py exited with {self.proc.returncode}: {self.log_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"serve.py not ready within {timeout:.0f} s: {self.log_text()[-3000:]}")
            time.sleep(0.2)
        self.info = json.loads(self.ready.read_text())
        return self.info

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def rpc(self):
        return serve.supervisor(self.info["run_dir"])

    def process(self, name: str) -> dict:
        return self.rpc().getProcessInfo(name)

    def worker_port(self, name: str) -> int:
        return next(w["port"] for w in self.info["workers"] if w["name"] == name)

    def tree(self) -> list[int]:
        """supervisord and every process below it (workers, nginx and its workers, watchdog)."""
        root = self.proc.pid
        children: dict[int, list[int]] = {}
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                with contextlib.suppress(OSError, ValueError):
                    stat = (d / "stat").read_text()
                    ppid = int(stat[stat.rindex(")") + 2:].split()[1])
                    children.setdefault(ppid, []).append(int(d.name))
        out, todo = [], [root]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, []))
        return [p for p in out if alive(p)]

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.log.close()


@dataclass
class Run:
    ok: bool
    status: int | None
    seconds: float
    exceptions: list = field(default_factory=list)
    texts: int = 0


class Session:
    """One browser tab: a websocket to ``/_stcore/stream`` through 127.0.0.1:port.

    ``host`` is the name the browser typed (sent as Host; the Origin is http://host unless
    ``origin`` says otherwise); ``cookie`` is the affinity cookie (w0, w1...) or None."""

    def __init__(self, port: int, host: str | None = None, origin: str | None = None, cookie: str | None = None,
                 query: str = QUERY):
        self.port, self.query, self.cookie = port, query, cookie
        self.host = host or f"127.0.0.1:{port}"
        self.origin = origin if origin is not None else f"http://{self.host}"
        self.ws = None

    async def connect(self, timeout: float = 30.0):
        headers = {"Cookie": f"{serve.AFFINITY_COOKIE}={self.cookie}"} if self.cookie else {}
        self.ws = await websockets.connect(
            f"ws://{self.host}/_stcore/stream", host="127.0.0.1", port=self.port, subprotocols=["streamlit"],
            origin=self.origin, additional_headers=headers, ping_interval=None, max_size=None,
            open_timeout=timeout, close_timeout=2)
        return self

    def moved_to(self) -> str | None:
        """The worker the proxy's answer moved the affinity cookie to, if it did."""
        for value in self.ws.response.headers.get_all("Set-Cookie"):
            if value.startswith(serve.AFFINITY_COOKIE + "="):
                return value.split("=", 1)[1].split(";", 1)[0]
        return None

    async def run(self, timeout: float = 60.0) -> Run:
        import asyncio

        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        t0 = time.monotonic()
        await self.ws.send(msg.SerializeToString())
        run = Run(ok=False, status=None, seconds=float("nan"))
        async with asyncio.timeout(timeout):
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await self.ws.recv())
                kind = fwd.WhichOneof("type")
                if kind == "page_info_changed":
                    self.query = fwd.page_info_changed.query_string
                elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    el = fwd.delta.new_element
                    if el.WhichOneof("type") == "exception":
                        run.exceptions.append(el.exception.message)
                    elif el.WhichOneof("type") == "markdown":
                        run.texts += 1
                elif kind == "script_finished":
                    if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue
                    run.status = fwd.script_finished
                    run.seconds = time.monotonic() - t0
                    run.ok = run.status in FINISHED_OK and not run.exceptions and run.texts > 0
                    return run

    async def close(self):
        if self.ws is not None:
            await self.ws.close()
