"""deploy/serve.py: two Streamlit workers behind nginx answer a family's page and its updates.

Starts ``deploy/serve.py --workers 2`` on a free port, opens the parents' page through nginx
with a websocket client (as a browser tab does), changes the first payment and checks that the
answer arrives and that the page's text changed; then stops the server and checks that no
worker is left. Skipped when nginx is not installed (fails instead with REQUIRE_SYSTEM_TOOLS=1).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("cordblood_load", ROOT / "benchmarks" / "load.py")
load = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = load  # dataclasses look their module up
_spec.loader.exec_module(load)


@pytest.fixture
def served(tmp_path):
    require_tool("nginx")
    port = load.free_port()
    ready = tmp_path / "ready.json"
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "serve.py"), "--workers", "2", "--port", str(port),
                             "--ready-file", str(ready)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while not ready.exists():
            assert proc.poll() is None, f"serve.py exited with {proc.returncode}: {(tmp_path / 'serve.log').read_text()}"
            assert time.monotonic() < deadline, "serve.py not ready within 90 s"
            time.sleep(0.2)
        yield port, json.loads(ready.read_text()), proc
    finally:
        load.stop_process(proc, timeout=20)
        log.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (not yet reaped) counts as gone
    return " Z " not in Path(f"/proc/{pid}/stat").read_text().split(")", 1)[1][:4]


def test_two_workers_behind_nginx_answer_an_update(served):
    port, info, proc = served
    assert len(info["workers"]) == 2 and all(load.health_ok(w["port"]) for w in info["workers"])
    assert load.health_ok(port)

    async def family():
        async with load.Session(port, "page=parent&lang=en&region=cn", cookie="test-family") as s:
            first = await s.run(timeout=60)
            assert first.ok, (first.status, first.exceptions)
            query_before = s.query
            wid, kind, values = load.pick_widget(first.widgets, "fee_upfront")
            update = await s.run((wid, kind, values[0]), timeout=60)
            assert update.ok, (update.status, update.exceptions)
            return first, update, query_before, s.query

    first, update, query_before, query = asyncio.run(asyncio.wait_for(family(), 120))
    changed = [path for path, text in update.texts.items() if first.texts.get(path) != text]
    assert changed, "changing the first payment changed no text on the page"
    assert query != query_before  # the app wrote the new input to the URL

    # SIGTERM to serve.py alone stops nginx and both workers
    proc.send_signal(signal.SIGTERM)
    proc.wait(20)
    time.sleep(0.5)
    left = [p for p in [w["pid"] for w in info["workers"]] + [info["nginx_pid"]] if _alive(p)]
    assert not left, f"processes left after SIGTERM: {left}"
