"""No outside contact while the server refuses hostile requests (strace -f -e trace=network).

The server is traced from its start: then websockets from other sites' pages (several
origins; each refused with 403), a websocket and an upload with bad XSRF tokens (refused) are
sent, and every network system call of every process is read back: no connect/sendto/sendmsg
to a non-loopback address, no DNS query (port 53). Run for ``streamlit run`` as the app's
adapter starts it (calculator/app/streamlit_offline.py) and for deploy/serve.py (supervisord,
nginx and two workers; hostile requests both through the proxy and straight to a worker's
port, which any page in a browser on the same machine can reach).

A third test runs plain ``streamlit run`` the same way and expects the outside contact the
adapter exists for (a connect() to 8.8.8.8): when a Streamlit upgrade stops that, the test
fails and the adapter can go.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import streamlit
import websockets

from calculator.app import streamlit_offline
from tests.conftest import require_tool
from tests.system.serving import ROOT, free_port, get, serve, wait_for

HOSTILE_ORIGINS = ["http://evil.example", "http://10.1.2.3:8501", "null", "https://checkip.amazonaws.com",
                   "http://cordblood.example.evil.example"]
BAD_XSRF = "2|deadbeef|00000000000000000000000000000000|1700000000"
OTHER_XSRF = "2|0badf00d|11111111111111111111111111111111|1700000000"
NET_CALL = re.compile(r"\b(connect|sendto|sendmsg)\(")
LOOPBACK = re.compile(r'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"|inet_pton\(AF_INET6, "::ffff:127\.')


def outside_calls(log: Path) -> tuple[list[str], list[str]]:
    """(calls to a non-loopback address, DNS queries) in an strace log."""
    calls = [ln for ln in log.read_text(errors="replace").splitlines()
             if NET_CALL.search(ln) and ("AF_INET" in ln)]
    return [ln for ln in calls if not LOOPBACK.search(ln)], [ln for ln in calls if "htons(53)" in ln]


async def _refused_websocket(port: int, host: str, origin: str | None, subprotocols: list[str]) -> int:
    """Status of a websocket attempt, or the close code if the server closed it after accepting."""
    try:
        async with websockets.connect(f"ws://{host}/_stcore/stream", host="127.0.0.1", port=port,
                                      subprotocols=subprotocols, origin=origin, open_timeout=20,
                                      close_timeout=2) as ws:
            try:
                await asyncio.wait_for(ws.recv(), 5)
            except websockets.ConnectionClosed as e:
                return e.rcvd.code if e.rcvd else -1
            except TimeoutError:
                return 101  # accepted and kept open
            return 101
    except websockets.InvalidStatus as e:
        return e.response.status_code


def send_hostile_requests(port: int) -> dict[str, int]:
    """Each hostile request and what the server answered."""
    host = f"127.0.0.1:{port}"
    answers: dict[str, int] = {}
    for origin in HOSTILE_ORIGINS:
        answers[f"websocket from {origin}"] = asyncio.run(
            _refused_websocket(port, host, origin, ["streamlit"]))
    # the browser's XSRF token travels in the websocket's subprotocols; a forged one, same origin
    answers["websocket with a bad XSRF token"] = asyncio.run(
        _refused_websocket(port, host, f"http://{host}", ["streamlit", BAD_XSRF]))
    # another site's page can send any header but cannot read or set this site's XSRF cookie
    for name, cookie in (("upload with a forged XSRF token, no cookie", None),
                         ("upload with a forged XSRF token, another cookie", OTHER_XSRF)):
        headers = {"X-Xsrftoken": BAD_XSRF, "Origin": "http://evil.example"}
        if cookie:
            headers["Cookie"] = f"_streamlit_xsrf={cookie}"
        req = urllib.request.Request(f"http://{host}/_stcore/upload_file/session/file", method="PUT",
                                     data=b"a: 1\n", headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=20) as r:
                answers[name] = r.status
        except urllib.error.HTTPError as e:
            answers[name] = e.code
    return answers


def _traced(tmp_path: Path, cmd: list[str]) -> tuple[subprocess.Popen, Path]:
    require_tool("strace")
    log = tmp_path / "strace.log"
    proc = subprocess.Popen(["strace", "-f", "-qq", "-e", "trace=network", "-o", str(log), *cmd], cwd=ROOT,
                            stdout=open(tmp_path / "server.log", "ab"), stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)  # stop strace and all it traces
    return proc, log


def _stop(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


def _streamlit(tmp_path: Path, module: str) -> tuple[dict[str, int], Path]:
    port = free_port()
    proc, log = _traced(tmp_path, [sys.executable, "-m", module, "run", "app.py", "--server.port", str(port)])
    try:
        wait_for("the traced server answering", lambda: proc.poll() is None and serve.health_ok(port, 2), 90, 0.3)
        answers = send_hostile_requests(port)
    finally:
        _stop(proc)
    return answers, log


def _all_refused(answers: dict[str, int]) -> None:
    # another site's websocket: 403 before the upgrade, or 1008 (policy violation) right after
    # it; never a session. The upload with a forged XSRF token: 403.
    refused = {k: v for k, v in answers.items() if k.startswith("websocket from") or k.startswith("upload")}
    assert all(code in (403, 1008) for code in refused.values()), answers
    # A same-origin websocket with a forged token opens: Streamlit checks the XSRF token on
    # uploads, not on the websocket (documented under server.enableXsrfProtection). It is sent
    # for what the server does meanwhile (no outside contact), not for the answer.
    assert answers["websocket with a bad XSRF token"] in (101, 403, 1008), answers


def test_adapter_is_pinned_to_the_measured_streamlit():
    from streamlit import net_util

    assert streamlit.__version__ == streamlit_offline.STREAMLIT_VERSION, (
        "Streamlit changed: measure again whether it still looks up outside addresses when it refuses a "
        "websocket (tests/system/test_outside_contact.py), then update or drop calculator/app/streamlit_offline.py")
    assert hasattr(net_util, "_internal_ip") and hasattr(net_util, "_external_ip")


def test_streamlit_refusing_hostile_requests_contacts_no_host(tmp_path):
    answers, log = _streamlit(tmp_path, "calculator.app.streamlit_offline")
    _all_refused(answers)
    assert re.search(r'bind\(\d+, \{sa_family=AF_INET, sin_port=htons\(\d+\), sin_addr=inet_addr\("127\.0\.0\.1"\)',
                     log.read_text()), "strace saw no bind(): the trace did not cover the server"
    outside, dns = outside_calls(log)
    assert not outside and not dns, "\n".join(outside + dns)[:3000]


def test_plain_streamlit_still_needs_the_adapter(tmp_path):
    """Without the adapter, the same requests make Streamlit connect to 8.8.8.8 (measured reason)."""
    answers, log = _streamlit(tmp_path, "streamlit")
    _all_refused(answers)
    outside, _ = outside_calls(log)
    assert any('inet_addr("8.8.8.8")' in ln for ln in outside), (
        "plain streamlit made no outside connect() while refusing other sites' websockets: if a Streamlit "
        "upgrade stopped it, drop calculator/app/streamlit_offline.py")


def test_served_refusing_hostile_requests_contacts_no_host(tmp_path):
    require_tool("nginx")
    require_tool("supervisord")
    port = free_port()
    ready = tmp_path / "ready.json"
    proc, log = _traced(tmp_path, [sys.executable, str(ROOT / "deploy" / "serve.py"), "--workers", "2",
                                   "--port", str(port), "--ready-file", str(ready)])
    try:
        wait_for("serve.py ready under strace", lambda: ready.exists() or proc.poll() is not None, 120, 0.3)
        assert proc.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
        info = json.loads(ready.read_text())
        through_proxy = send_hostile_requests(port)
        straight = send_hostile_requests(info["workers"][0]["port"])
        assert get(port, "/", host="cordblood.example")[0] == 200
    finally:
        _stop(proc)
    _all_refused(through_proxy)
    _all_refused(straight)
    outside, dns = outside_calls(log)
    assert not outside and not dns, "\n".join(outside + dns)[:3000]


@pytest.fixture(autouse=True)
def _strace_needed():
    require_tool("strace")
