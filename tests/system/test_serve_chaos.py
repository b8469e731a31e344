"""Chaos: two workers behind nginx under supervisord; kill one, stop one, kill the supervisor.

One server (``deploy/serve.py --workers 2``) and browser-like websocket sessions pinned to each
worker by the affinity cookie (w0, w1), as tabs that opened the page:

1. SIGKILL worker-0: the tab on worker-1 keeps working on its open websocket; the tab on
   worker-0 sees its websocket closed, reconnects with the same cookie (as Streamlit's page
   does) and gets its page from worker-1 (the proxy moves its cookie to w1); a new tab works;
   supervisord has worker-0 answering again within the deadline, and a w0 cookie reaches it.
2. SIGSTOP worker-1 (alive to supervisord, but answering nothing): a new tab pinned to it and
   a new tab without a cookie get their page (from worker-0) once the watchdog has killed the
   stopped worker; the tab on worker-0 is untouched; worker-1 answers again; SIGCONT.
3. SIGSTOP one of nginx's worker processes: the watchdog kills it, nginx's master starts another,
   new tabs are served.
4. SIGKILL nginx's master process: supervisord starts nginx again, after stopping the old
   master's worker processes (they would keep the port), and the proxy answers again.
5. SIGKILL the supervisor: every process it ran is gone and the port is free within seconds,
   and the next start on the same port succeeds.

Every wait polls against a deadline (a loaded 2-CPU machine), none is a fixed sleep. The
measured times are printed as a fault table (``pytest -s``) for the serving note.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from pathlib import Path

import websockets

from tests.system.serving import Served, Session, alive, serve

RECOVER = 45.0  # seconds: a worker answering again after it was killed (a Streamlit start)
REROUTE = 20.0  # seconds: a new tab's page while a worker is stopped (watchdog: about 2 s)


async def until(what: str, check, timeout: float, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = await check() if asyncio.iscoroutinefunction(check) else check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        await asyncio.sleep(interval)


async def tab(port: int, cookie: str | None, expect_worker: str | None = None) -> Session:
    """A new tab that opened the page; fails unless the page ran (and on the expected worker)."""
    s = await Session(port, cookie=cookie).connect(timeout=REROUTE)
    run = await s.run(timeout=60)
    assert run.ok, (cookie, run.status, run.exceptions)
    if expect_worker is not None:
        assert (s.moved_to() or cookie) == expect_worker, (cookie, s.moved_to())
    return s


async def closed(s: Session, timeout: float) -> bool:
    """The tab's websocket was closed by the other side (its worker died)."""
    try:
        await s.run(timeout=timeout)
    except websockets.ConnectionClosed:
        return True
    return False


def worker_back(served: Served, name: str, old_pid: int):
    info = served.process(name)
    if info["statename"] == "RUNNING" and info["pid"] not in (0, old_pid) and \
            serve.health_ok(served.worker_port(name), timeout=1):
        return info["pid"]
    return None


def test_kill_and_stop_a_worker_then_kill_the_supervisor(tmp_path):
    faults: list[tuple[str, str, str]] = []
    served = Served(tmp_path, workers=2)
    try:
        served.wait_ready()
        port = served.port

        async def scenario():
            on_w0 = await tab(port, "w0", "w0")
            on_w1 = await tab(port, "w1", "w1")

            # 1. SIGKILL worker-0 --------------------------------------------------------
            pid0 = served.process("worker-0")["pid"]
            t0 = time.monotonic()
            os.kill(pid0, signal.SIGKILL)
            assert (await on_w1.run()).ok  # the other worker's tab: same websocket, untouched
            assert await closed(on_w0, timeout=10)  # its own tab: the websocket closes
            saw_close = time.monotonic() - t0
            back_tab = await tab(port, "w0", "w1")  # reconnects as the page does: same cookie
            page_back = time.monotonic() - t0
            new_tab = await tab(port, None)
            await until("worker-0 answering again", lambda: worker_back(served, "worker-0", pid0), RECOVER)
            restarted = time.monotonic() - t0

            async def w0_reaches_worker0():
                s = await Session(port, cookie="w0").connect()
                mine = s.moved_to() is None
                await s.close()
                return mine

            async def w0_reaches_worker0_each_time():  # whichever nginx worker process takes it
                return all([await w0_reaches_worker0() for _ in range(4)])

            await until("a w0 cookie reaching worker-0 again", w0_reaches_worker0_each_time, 30, interval=0.5)
            faults.append(("SIGKILL worker-0",
                           f"tab on worker-0: websocket closed after {saw_close:.1f} s, reconnected (same cookie) "
                           f"to worker-1, page back {page_back:.1f} s after the kill; tab on worker-1: "
                           "untouched; new tab: served",
                           f"worker-0 restarted by supervisord, answering {restarted:.1f} s after the kill"))
            await on_w0.close()
            for s in (back_tab, new_tab):
                await s.close()

            # 2. SIGSTOP worker-1 --------------------------------------------------------
            on_w0 = await tab(port, "w0", "w0")
            pid1 = served.process("worker-1")["pid"]
            t0 = time.monotonic()
            os.kill(pid1, signal.SIGSTOP)
            try:
                # a new tab pinned to the stopped worker: served (by worker-0, unless this
                # client was so slow that worker-1 was already back)
                pinned = await tab(port, "w1")
                rerouted = time.monotonic() - t0
                served_by = pinned.moved_to() or "w1"
                fresh = await tab(port, None)
                assert (await on_w0.run()).ok  # untouched
                assert await closed(on_w1, timeout=REROUTE)  # the stopped worker's tab, once it is killed
                await until("worker-1 answering again", lambda: worker_back(served, "worker-1", pid1), RECOVER)
                restarted = time.monotonic() - t0
            finally:
                with contextlib.suppress(ProcessLookupError):  # killed by the watchdog, as it should be
                    os.kill(pid1, signal.SIGCONT)
            assert f"worker-1 (pid {pid1}) stopped" in served.log_text()
            faults.append(("SIGSTOP worker-1",
                           f"new tab pinned to worker-1: page from {served_by} {rerouted:.1f} s after the stop; new "
                           "tab without cookie: served; tab on worker-0: untouched; tab on worker-1: websocket "
                           "closed when the watchdog killed the worker (then reconnects as above)",
                           f"watchdog killed it, supervisord restarted it: answering {restarted:.1f} s after the stop"))
            for s in (on_w0, on_w1, pinned, fresh):
                await s.close()

        asyncio.run(asyncio.wait_for(scenario(), 240))

        # 3. SIGSTOP one of nginx's worker processes ---------------------------------------
        async def nginx_worker_stopped():
            master = served.process("nginx")["pid"]
            nginx_children = lambda: [int(p) for p in  # noqa: E731
                                      Path(f"/proc/{master}/task/{master}/children").read_text().split()]
            before = nginx_children()
            open_tabs = [await tab(port, None) for _ in range(4)]
            victim = before[0]
            t0 = time.monotonic()
            os.kill(victim, signal.SIGSTOP)
            try:
                await until("the stopped nginx worker killed", lambda: not alive(victim), 15)
                killed = time.monotonic() - t0
                await until("nginx with a full set of workers again",
                            lambda: len([p for p in nginx_children() if alive(p)]) == len(before), 15)
                new_tabs = [await tab(port, None) for _ in range(4)]  # all served
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(victim, signal.SIGCONT)
            dropped = 0
            for s in open_tabs:
                try:
                    dropped += not (await s.run(timeout=10)).ok
                except websockets.ConnectionClosed:
                    dropped += 1
            for s in open_tabs + new_tabs:
                await s.close()
            return killed, time.monotonic() - t0, dropped, len(open_tabs)

        killed, served_again, dropped, of = asyncio.run(asyncio.wait_for(nginx_worker_stopped(), 90))
        faults.append(("SIGSTOP an nginx worker process",
                       f"open tabs whose connection it held: closed when it was killed ({dropped} of {of}), "
                       "then reconnect; new tabs: served",
                       f"watchdog killed it {killed:.1f} s after the stop, nginx started another; "
                       f"4 new tabs served {served_again:.1f} s after the stop"))

        # 4. SIGKILL nginx's master process ---------------------------------------------
        master = served.process("nginx")["pid"]
        nginx_workers = [p for p in served.tree() if p != master and Path(f"/proc/{p}/cmdline").read_bytes()
                         .startswith(b"nginx: worker")]
        assert nginx_workers

        async def nginx_killed():
            open_tab = await tab(port, "w0")
            t0 = time.monotonic()
            os.kill(master, signal.SIGKILL)
            # the killed master's workers still hold the tab's connection until the new nginx stops them
            await until("nginx restarted and answering", lambda: served.process("nginx")["pid"] not in (0, master)
                        and served.process("nginx")["statename"] == "RUNNING" and serve.health_ok(port, 1), 30)
            answering = time.monotonic() - t0
            assert await closed(open_tab, timeout=10)
            await (await tab(port, "w0")).close()  # the page reconnects
            return answering, time.monotonic() - t0

        answering, back = asyncio.run(asyncio.wait_for(nginx_killed(), 90))
        assert not [p for p in nginx_workers if alive(p)], "the killed master's worker processes are still running"
        faults.append(("SIGKILL nginx master", f"open tab: websocket closed when the old nginx workers were stopped; "
                       f"reconnected, page back {back:.1f} s after the kill",
                       f"supervisord restarted nginx (the old master's workers stopped first): answering "
                       f"{answering:.1f} s after the kill"))

        # 5. SIGKILL the supervisor ------------------------------------------------------
        tree = served.tree()
        assert len(tree) >= 5, tree  # supervisord, 2 workers, nginx (+ its workers), watchdog

        async def supervisor_killed():
            open_tab = await tab(port, "w1")
            t0 = time.monotonic()
            served.proc.send_signal(signal.SIGKILL)
            await until("every process gone after SIGKILL of the supervisor",
                        lambda: not [p for p in tree if alive(p)], 10)
            gone = time.monotonic() - t0
            assert await closed(open_tab, timeout=10)
            return t0, gone

        t0, gone = asyncio.run(asyncio.wait_for(supervisor_killed(), 60))
        served.proc.wait(10)
        assert serve.port_free("127.0.0.1", port)
        again = Served(tmp_path, workers=2, port=port)
        try:
            again.wait_ready()
            assert serve.health_ok(port)
            assert not Path(served.info["run_dir"]).exists()  # the killed one's run directory, removed
            faults.append(("SIGKILL supervisord",
                           "open tab: websocket closed; nothing answers until the next start",
                           f"all {len(tree)} processes gone {gone:.1f} s after the kill (port free); "
                           f"next start on the same port ready {time.monotonic() - t0:.1f} s after the kill"))
        finally:
            again.stop()
    finally:
        served.stop()
        print("\n| fault | what each session saw | recovery |\n|---|---|---|")
        for row in faults:
            print("| " + " | ".join(row) + " |")
