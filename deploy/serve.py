"""Serve the web app with several Streamlit processes behind nginx.

    python deploy/serve.py --workers N --port P [--listen-all]

One Streamlit process runs one page at a time per CPU at best (about 0.45 s of CPU for the
parents' page), so families wait behind each other; N processes use N CPUs. This starts N
``streamlit run app.py`` processes on free ports of 127.0.0.1 and nginx (deploy/nginx.conf,
filled in and written to a temporary directory) listening on 127.0.0.1:P, or on every
interface with --listen-all (for a container). It waits until every worker's
/_stcore/health answers ok and nginx passes /_stcore/health through, then writes
``serve: ready {json}`` (and the same JSON to --ready-file if given) and runs until SIGTERM or
SIGINT, when it stops nginx and every worker. If a worker or nginx dies, it stops the others
and exits with status 1, so that the container or service manager restarts the whole.

No state about a family lives on the server between visits (the inputs are in the URL), but
while a browser tab is open its Streamlit session lives in one process, so nginx keeps each
browser on one worker (a cookie; see deploy/nginx.conf). The workers share one cookie secret
(STREAMLIT_SERVER_COOKIE_SECRET, random per start unless set), so an XSRF cookie issued by one
worker is also valid on another.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
STREAMLIT_FLAGS = [
    "--server.address", "127.0.0.1",
    "--browser.serverAddress", "127.0.0.1",
    "--browser.gatherUsageStats", "false",
    "--server.headless", "true",
]


def log(*parts) -> None:
    print("serve:", *parts, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health_ok(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except OSError:
        return False


def nginx_config(run_dir: Path, listen: str, worker_ports: list[int], nginx_workers: str = "auto") -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in worker_ports)
    text = TEMPLATE.read_text()
    for key, value in {"RUN_DIR": str(run_dir), "LISTEN": listen, "UPSTREAM_SERVERS": servers,
                       "NGINX_WORKERS": nginx_workers}.items():
        text = text.replace("{{" + key + "}}", value)
    left = re.findall(r"\{\{[A-Z_]+\}\}", text)
    if left:
        raise RuntimeError(f"deploy/nginx.conf has placeholders serve.py does not know: {left}")
    return text


class Stop(Exception):
    pass


def _raise_stop(signum, _frame):
    raise Stop(signal.Signals(signum).name)


def stop_all(procs: list[subprocess.Popen], timeout: float = 15.0) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    deadline = time.monotonic() + timeout
    for p in procs:
        try:
            p.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(5)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 1),
                    help="Streamlit processes (default: one per CPU)")
    ap.add_argument("--port", type=int, default=8501, help="port nginx listens on (default 8501)")
    ap.add_argument("--listen-all", action="store_true",
                    help="listen on every IPv4 interface (0.0.0.0), e.g. in a container; default 127.0.0.1 only")
    ap.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx", help="the nginx program")
    ap.add_argument("--start-timeout", type=float, default=120.0, help="seconds to wait for the workers")
    ap.add_argument("--ready-file", default=None, help="also write the ready JSON to this file")
    ap.add_argument("--keep-dir", action="store_true", help="keep the temporary directory (configs, logs)")
    args = ap.parse_args(argv)
    if args.workers < 1:
        ap.error("--workers must be at least 1")
    if not Path(args.nginx).exists():
        log(f"nginx not found ({args.nginx}); install it: apt-get install -y nginx-light")
        return 2

    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    run_dir = Path(tempfile.mkdtemp(prefix="cordblood-serve-"))
    run_dir.chmod(0o755)  # nginx's worker processes (user nobody when started as root) use it
    env = dict(os.environ)
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    procs: list[subprocess.Popen] = []
    workers: list[dict] = []
    try:
        for i in range(args.workers):
            port = free_port()
            out = open(run_dir / f"worker-{i}.log", "wb")
            p = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                                  *STREAMLIT_FLAGS], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL)
            procs.append(p)
            workers.append({"pid": p.pid, "port": port, "log": out.name})
        deadline = time.monotonic() + args.start_timeout
        waiting = {w["port"] for w in workers}
        while waiting:
            for p, w in zip(procs, workers):
                if p.poll() is not None:
                    raise RuntimeError(f"worker on port {w['port']} exited with {p.returncode}; see {w['log']}")
            waiting = {port for port in waiting if not health_ok(port)}
            if waiting and time.monotonic() > deadline:
                raise RuntimeError(f"workers on ports {sorted(waiting)} not healthy within {args.start_timeout:.0f} s")
            if waiting:
                time.sleep(0.3)

        # IPv4 only: "listen [::]" makes nginx fail where the kernel has IPv6 switched off
        listen = f"0.0.0.0:{args.port}" if args.listen_all else f"127.0.0.1:{args.port}"
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_config(run_dir, listen, [w["port"] for w in workers]))
        test = subprocess.run([args.nginx, "-t", "-q", "-c", str(conf), "-p", str(run_dir), "-e", "stderr"],
                              capture_output=True, text=True, timeout=30)
        if test.returncode != 0:
            raise RuntimeError(f"nginx rejected {conf}: {test.stderr.strip()}")
        nginx = subprocess.Popen([args.nginx, "-c", str(conf), "-p", str(run_dir), "-e", "stderr"],
                                 stdin=subprocess.DEVNULL)
        procs.append(nginx)
        while not health_ok(args.port):
            if nginx.poll() is not None:
                raise RuntimeError(f"nginx exited with {nginx.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx on port {args.port} did not answer /_stcore/health")
            time.sleep(0.2)

        info = {"port": args.port, "listen": listen, "workers": workers, "nginx_pid": nginx.pid,
                "run_dir": str(run_dir)}
        if args.ready_file:
            tmp = Path(args.ready_file + ".tmp")
            tmp.write_text(json.dumps(info))
            tmp.replace(args.ready_file)
        log("ready", json.dumps(info))
        while True:
            for p in procs:
                if p.poll() is not None:
                    name = "nginx" if p is nginx else f"worker pid {p.pid}"
                    raise RuntimeError(f"{name} exited with {p.returncode}; stopping")
            time.sleep(1.0)
    except Stop as e:
        log(f"{e}: stopping")
        return 0
    except RuntimeError as e:
        log(str(e))
        return 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stop_all(procs)
        if args.keep_dir:
            log("kept", run_dir)
        else:
            shutil.rmtree(run_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
