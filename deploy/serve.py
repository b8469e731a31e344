"""Serve the web app with several Streamlit processes behind nginx, kept running by supervisord.

    python deploy/serve.py --workers N --port P [--listen-all] [--ready-file F]

One Streamlit process runs Python one page at a time, so families wait behind each other; N
processes use N CPUs. This writes, into a new run directory, a supervisord configuration with
N ``streamlit run app.py`` workers (through calculator/app/streamlit_offline.py) on free ports of 127.0.0.1, nginx (deploy/nginx.conf filled
in) listening on 127.0.0.1:P (every IPv4 interface with --listen-all, for a container) and a
watchdog, then *replaces itself* with supervisord (Debian package ``supervisor``) in the
foreground: the process you started is the supervisor, and SIGTERM or Ctrl-C stops everything.

What looks after what:
- supervisord restarts a worker, nginx or the watchdog that exits, at once (autorestart).
  nginx is started through ``serve.py --run-nginx``, which first stops worker processes of
  a killed nginx master (they keep the port otherwise).
- nginx takes a worker that refuses connections or does not answer in time out of rotation
  for new requests (max_fails=1) and passes the request to another worker; a tab whose worker
  died reconnects (Streamlit's page does that by itself) to a live worker and, its inputs being
  in the URL, gets its page back.
- the watchdog (``serve.py --watchdog RUN_DIR``, run by supervisord) asks each worker's
  /_stcore/health every second. supervisord cannot see a worker that is alive but stuck (a
  stopped process, SIGSTOP, is still "RUNNING" to it): a worker whose process is stopped and
  does not answer, or that has not answered for --stuck-after seconds (default 15; a busy
  worker still answers health checks between page runs: at most 4.9 s with 100 sessions
  on 2 workers, measured), is killed with supervisord's
  signalProcess, and supervisord starts it again. It also kills a stopped nginx worker
  process (nginx's master starts another). It writes the ready file and the line
  ``serve: ready {json}`` once every worker and nginx answer.
- every child runs under ``setpriv --pdeathsig`` (util-linux): if supervisord itself is killed
  (SIGKILL), the kernel stops the workers (SIGKILL) and nginx (SIGTERM, so that nginx stops its
  own worker processes), so nothing keeps holding the port and the next start succeeds.
  The run directory stays until the next start removes it (supervisord cannot).

The workers share one cookie secret (STREAMLIT_SERVER_COOKIE_SECRET, random per start unless
set; passed in the environment, never written to a file), so an XSRF cookie issued by one
worker is valid on another (a tab moved to another worker keeps uploading).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import http.client
import importlib.util
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import sys
import tempfile
import time
import urllib.request
import xmlrpc.client
from pathlib import Path
from typing import Any

from calculator.app.html_lang import LANG_SCRIPTS

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
RUN_PREFIX = "cordblood-serve-"
AFFINITY_COOKIE = "cordblood_worker"  # also in deploy/nginx.conf and benchmarks/load.py
STREAMLIT_FLAGS = [
    "--server.address", "127.0.0.1",
    "--browser.serverAddress", "127.0.0.1",
    "--browser.gatherUsageStats", "false",
    "--server.headless", "true",
]
# `streamlit run` with Streamlit kept from contacting outside hosts when it refuses another
# site's websocket (calculator/app/streamlit_offline.py says why and how)
STREAMLIT_MODULE = "calculator.app.streamlit_offline"
FAIL_TIMEOUT = 5  # seconds nginx keeps a failed worker out of rotation before trying it again


def log(*parts) -> None:
    print("serve:", *parts, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_free(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx binds
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def health_ok(port: int, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=timeout) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except (OSError, http.client.HTTPException):
        return False


# --- configuration ------------------------------------------------------------------------

def upstreams(worker_ports: list[int]) -> str:
    """nginx upstream blocks and maps for the workers (see the comments in deploy/nginx.conf)."""
    opts = f"max_fails=1 fail_timeout={FAIL_TIMEOUT}s"
    addrs = [f"127.0.0.1:{p}" for p in worker_ports]
    # every upstream's state (a worker failed, and until when) in one shared memory zone: each
    # nginx worker process keeps its own otherwise, and after a worker came back a tab pinned to
    # it went to a stand-in from one nginx process and to the worker itself from another
    out = ["    # any worker, the one with the fewest open connections (new browsers)",
           "    upstream streamlit {", "        zone upstreams 256k;", "        least_conn;"]
    out += [f"        server {a} {opts};" for a in addrs]
    out += ["        keepalive 32;", "    }"]
    for i, a in enumerate(addrs):
        out += [f"    # a browser whose cookie names w{i}; the others stand in while it is down",
                f"    upstream w{i} {{", "        zone upstreams;", f"        server {a} {opts};"]
        out += [f"        server {b} backup;" for b in addrs if b != a]
        out += ["        keepalive 16;", "    }"]
    out += ["    map $cookie_" + AFFINITY_COOKIE + " $pinned {", "        default streamlit;"]
    out += [f"        w{i} w{i};" for i in range(len(addrs))]
    out += ["    }",
            "    # the worker that answered: the last address tried ($upstream_addr lists every try)",
            "    map $upstream_addr $served_by {", '        default "";']
    out += [f'        "~(^|, ){a.replace(".", chr(92) + ".")}$" w{i};' for i, a in enumerate(addrs)]
    out += ["    }"]
    return "\n".join(out)


def inline_script_hashes() -> str:
    """CSP sources (" 'sha256-...'") for the inline scripts of the installed Streamlit's index.html
    and the app's own (:data:`calculator.app.html_lang.LANG_SCRIPTS`)."""
    spec = importlib.util.find_spec("streamlit")
    index = Path(spec.origin).parent / "static" / "index.html" if spec and spec.origin else None
    if index is None or not index.is_file():
        log("note: Streamlit's static/index.html not found; its inline script will be refused by the CSP")
        return ""
    scripts = re.findall(r"<script>(.*?)</script>", index.read_text(encoding="utf-8"), re.S)
    scripts += list(LANG_SCRIPTS)  # the app's own: the script that declares the page's language
    return "".join(f" 'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                   for s in scripts)


def nginx_config(run_dir: Path, listen: str, worker_ports: list[int], nginx_workers: str = "auto") -> str:
    text = TEMPLATE.read_text()
    for key, value in {"RUN_DIR": str(run_dir), "LISTEN": listen, "UPSTREAMS": upstreams(worker_ports),
                       "NGINX_WORKERS": nginx_workers, "FAIL_TIMEOUT": str(FAIL_TIMEOUT),
                       "SCRIPT_HASHES": inline_script_hashes()}.items():
        text = text.replace("{{" + key + "}}", value)
    left = re.findall(r"\{\{[A-Z_]+\}\}", text)
    if left:
        raise RuntimeError(f"deploy/nginx.conf has placeholders serve.py does not know: {left}")
    return text


def _command(*args: str) -> str:
    """One supervisord command line (supervisord splits it like a shell, with quotes)."""
    return " ".join(shlex.quote(a) for a in args)


def supervisord_config(run_dir: Path, setpriv: str, nginx: str, workers: list[dict]) -> str:
    py = sys.executable
    parts = [f"""\
; written by deploy/serve.py; run with: supervisord -n -c {run_dir}/supervisord.conf
[supervisord]
nodaemon=true
; with nodaemon, supervisord writes its log to standard output itself
logfile=/dev/null
logfile_maxbytes=0
loglevel=info
pidfile={run_dir}/supervisord.pid
childlogdir={run_dir}

[unix_http_server]
file={run_dir}/supervisor.sock
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{run_dir}/supervisor.sock
"""]
    common = """\
autostart=true
autorestart=true
stopasgroup=true
killasgroup=true
redirect_stderr=true
"""
    for w in workers:
        cmd = _command(setpriv, "--pdeathsig", "KILL", py, "-m", STREAMLIT_MODULE, "run", "app.py",
                       "--server.port", str(w["port"]), *STREAMLIT_FLAGS)
        parts.append(f"""\
[program:{w["name"]}]
command={cmd}
directory={ROOT}
priority=100
startsecs=1
startretries=10
stopwaitsecs=10
stdout_logfile={w["log"]}
stdout_logfile_maxbytes=5MB
stdout_logfile_backups=1
{common}""")
    nginx_cmd = _command(setpriv, "--pdeathsig", "TERM", py, str(Path(__file__).resolve()), "--nginx", nginx,
                         "--run-nginx", str(run_dir))
    watchdog_cmd = _command(setpriv, "--pdeathsig", "KILL", py, str(Path(__file__).resolve()),
                            "--watchdog", str(run_dir))
    for name, cmd, prio in (("nginx", nginx_cmd, 200), ("watchdog", watchdog_cmd, 300)):
        parts.append(f"""\
[program:{name}]
command={cmd}
directory={ROOT}
priority={prio}
startsecs=1
startretries=10
stopwaitsecs=10
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
{common}""")
    return "\n".join(parts)


def remove_stale_run_dirs() -> None:
    """Run directories of earlier starts whose supervisord is gone.

    supervisord deletes its pid file when it stops normally; it stays when supervisord was
    killed. A directory without one that is older than two minutes never got that far or was
    stopped normally; one whose pid file names a process that is gone was killed."""
    for d in Path(tempfile.gettempdir()).glob(RUN_PREFIX + "*"):
        try:
            if d.stat().st_uid != os.getuid():
                continue
            pid = int((d / "supervisord.pid").read_text())
        except FileNotFoundError:
            with contextlib.suppress(OSError):
                if (d / "supervisord.conf").exists() and time.time() - d.stat().st_mtime > 120:
                    shutil.rmtree(d, ignore_errors=True)
            continue
        except (OSError, ValueError):
            continue
        if not Path(f"/proc/{pid}").exists():
            shutil.rmtree(d, ignore_errors=True)


# --- talking to supervisord (its documented XML-RPC interface, over its unix socket) -------

class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


class _UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path: str, timeout: float):
        super().__init__()
        self.path, self.timeout = path, timeout

    def make_connection(self, host):
        return _UnixConnection(self.path, self.timeout)


def supervisor(run_dir: str | Path, timeout: float = 5.0):
    """supervisord's XML-RPC interface (``supervisor.getAllProcessInfo()``, ``.signalProcess()``...)."""
    proxy = xmlrpc.client.ServerProxy("http://localhost", _UnixTransport(str(Path(run_dir) / "supervisor.sock"),
                                                                         timeout))
    return proxy.supervisor


def process_state(pid: int) -> str:
    """The kernel's one-letter state of a process (R, S, T = stopped, Z...), '' if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat[stat.rindex(")") + 2]


def nginx_processes(run_dir: Path) -> list[tuple[int, bytes]]:
    """(pid, process title) of the nginx processes of this run directory: found by their title
    ("nginx: master process ...", "nginx: worker process") and the files of this run directory
    they hold open (nginx-error.log)."""
    prefix = str(run_dir) + "/"
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            title = (proc / "cmdline").read_bytes()
            if title.startswith(b"nginx: ") and _holds_file_under(proc, prefix):
                found.append((int(proc.name), title))
        except OSError:  # the process is gone
            continue
    return found


def _holds_file_under(proc: Path, prefix: str) -> bool:
    """Whether the process ``proc`` (its /proc directory) has a file under ``prefix`` open.

    A busy nginx worker opens and closes a socket for every request it proxies: one of its
    descriptors can vanish between listing them and reading its link. That one is skipped, not
    the whole process (an nginx worker left running keeps the port and the tabs it holds)."""
    for fd in (proc / "fd").iterdir():
        try:
            if os.readlink(fd).startswith(prefix):
                return True
        except OSError:
            continue
    return False


def run_nginx(nginx: str, run_dir: Path) -> int:
    """Stop nginx processes left by an earlier nginx of this run directory, then become nginx.

    nginx's worker processes do not stop when their master is killed (SIGKILL): they keep the
    port, and the nginx that supervisord starts next could not bind it."""
    for pid, _ in nginx_processes(run_dir):
        log(f"stopping nginx process {pid} left by an earlier nginx")
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    sys.stdout.flush()
    os.execv(nginx, [nginx, "-c", str(run_dir / "nginx.conf"), "-p", str(run_dir), "-e", "stderr"])


def kill_stopped_nginx_workers(master: int) -> None:
    """An nginx worker process that is stopped (SIGSTOP) holds the connections it accepted and
    answers none: kill it; its master starts a new one at once. (A stopped master serves no
    request itself; it is left alone.)"""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return
    for pid in map(int, children):
        if process_state(pid) == "T":
            log(f"watchdog: nginx worker process {pid} stopped: killing it; nginx starts another")
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def watchdog(run_dir: Path) -> int:
    """Kill stuck workers (supervisord restarts them); write the ready file once all answer."""
    conf = json.loads((run_dir / "serve.json").read_text())
    rpc = supervisor(run_dir)
    seen: dict[str, dict] = {}
    ready = False
    while True:
        now = time.monotonic()
        try:
            infos = {p["name"]: p for p in rpc.getAllProcessInfo()}
        except (OSError, xmlrpc.client.Error) as e:
            log(f"watchdog: supervisord not answering ({e}); trying again")
            time.sleep(1)
            continue
        all_ok = True
        for w in conf["workers"]:
            info = infos.get(w["name"], {})
            pid = info.get("pid", 0)
            s = seen.get(w["name"])
            if s is None or s["pid"] != pid:  # (re)started since the last look
                s = seen[w["name"]] = {"pid": pid, "since": now, "answered": False, "bad_since": None}
            if info.get("statename") != "RUNNING" or not pid:
                all_ok = False
                continue
            if health_ok(w["port"], timeout=conf["probe_timeout"]):
                s["answered"], s["bad_since"] = True, None
                continue
            all_ok = False
            why = None
            if not s["answered"]:  # still starting
                if now - s["since"] > conf["start_timeout"]:
                    why = f"not answering {conf['start_timeout']:.0f} s after its start"
            else:
                s["bad_since"] = s["bad_since"] or now
                if process_state(pid) == "T":
                    why = "stopped (SIGSTOP or a job-control stop) and not answering"
                elif now - s["bad_since"] >= conf["stuck_after"]:
                    why = f"not answering for {now - s['bad_since']:.0f} s"
            if why:
                log(f"watchdog: {w['name']} (pid {pid}) {why}: killing it; supervisord restarts it")
                try:
                    rpc.signalProcess(w["name"], "KILL")
                except (OSError, xmlrpc.client.Error) as e:
                    log(f"watchdog: could not signal {w['name']}: {e}")
                seen.pop(w["name"], None)
        if infos.get("nginx", {}).get("statename") == "RUNNING":
            kill_stopped_nginx_workers(infos["nginx"]["pid"])
        if not ready and all_ok and health_ok(conf["port"]):
            ready = True
            info = {"port": conf["port"], "listen": conf["listen"], "run_dir": str(run_dir),
                    "supervisord_pid": os.getppid(), "nginx_pid": infos.get("nginx", {}).get("pid"),
                    "workers": [{"name": w["name"], "port": w["port"], "log": w["log"],
                                 "pid": infos[w["name"]]["pid"]} for w in conf["workers"]]}
            if conf.get("ready_file"):
                tmp = Path(conf["ready_file"] + ".tmp")
                tmp.write_text(json.dumps(info))
                tmp.replace(conf["ready_file"])
            log("ready", json.dumps(info))
        time.sleep(max(0.0, conf["period"] - (time.monotonic() - now)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 1),
                    help="Streamlit processes (default: one per CPU)")
    ap.add_argument("--port", type=int, default=8501, help="port nginx listens on (default 8501)")
    ap.add_argument("--listen-all", action="store_true",
                    help="listen on every IPv4 interface (0.0.0.0), e.g. in a container; default 127.0.0.1 only")
    ap.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx", help="the nginx program")
    ap.add_argument("--supervisord", default=shutil.which("supervisord") or "/usr/bin/supervisord",
                    help="the supervisord program (Debian package supervisor)")
    ap.add_argument("--start-timeout", type=float, default=120.0,
                    help="seconds a worker may take to answer after a start before it is killed and started again")
    ap.add_argument("--stuck-after", type=float, default=15.0,
                    help="seconds without an answer after which a running worker counts as stuck and is restarted")
    ap.add_argument("--ready-file", default=None, help="also write the ready JSON to this file")
    ap.add_argument("--watchdog", metavar="RUN_DIR", help=argparse.SUPPRESS)
    ap.add_argument("--run-nginx", metavar="RUN_DIR", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.watchdog:
        return watchdog(Path(args.watchdog))
    if args.run_nginx:
        return run_nginx(args.nginx, Path(args.run_nginx))
    if args.workers < 1:
        ap.error("--workers must be at least 1")
    setpriv = shutil.which("setpriv") or ""  # "" is not found, as None was
    for name, path in (("nginx", args.nginx), ("supervisord", args.supervisord), ("setpriv", setpriv)):
        if not path or not Path(path).exists():
            pkg = {"nginx": "nginx-light", "supervisord": "supervisor", "setpriv": "util-linux"}[name]
            log(f"{name} not found; install it: apt-get install -y {pkg}")
            return 2
    host = "0.0.0.0" if args.listen_all else "127.0.0.1"
    if not port_free(host, args.port):
        log(f"port {args.port} is in use on {host}; stop what holds it or choose another --port")
        return 2

    remove_stale_run_dirs()
    run_dir = Path(tempfile.mkdtemp(prefix=RUN_PREFIX))
    run_dir.chmod(0o755)  # nginx's worker processes (user nobody when started as root) use it
    workers: list[dict[str, Any]] = [{"name": f"worker-{i}", "port": free_port(), "log": str(run_dir / f"worker-{i}.log")}
               for i in range(args.workers)]
    # IPv4 only: "listen [::]" makes nginx fail where the kernel has IPv6 switched off
    listen = f"{host}:{args.port}"
    conf = run_dir / "nginx.conf"
    conf.write_text(nginx_config(run_dir, listen, [w["port"] for w in workers]))
    test = os.spawnv(os.P_WAIT, args.nginx, [args.nginx, "-t", "-q", "-c", str(conf), "-p", str(run_dir),
                                              "-e", str(run_dir / "nginx-test.log")])
    if test != 0:
        log(f"nginx rejected {conf}: {(run_dir / 'nginx-test.log').read_text(errors='replace').strip()}")
        return 1
    (run_dir / "serve.json").write_text(json.dumps({
        "port": args.port, "listen": listen, "workers": workers, "ready_file": args.ready_file,
        "start_timeout": args.start_timeout, "stuck_after": args.stuck_after, "probe_timeout": 1.0,
        "period": 1.0}))
    (run_dir / "supervisord.conf").write_text(supervisord_config(run_dir, setpriv, args.nginx, workers))
    os.environ.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    log(f"starting {args.workers} workers and nginx on {listen} under supervisord (run directory {run_dir})")
    sys.stdout.flush()
    os.execv(args.supervisord, [args.supervisord, "-n", "-c", str(run_dir / "supervisord.conf")])


if __name__ == "__main__":
    sys.exit(main())
