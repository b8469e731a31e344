"""A helper process that draws the report's charts while this process evaluates the family
and lays out the text (the ``report`` command, :func:`calculator.present.pdf.make_report`).

Why: importing matplotlib and drawing the charts is about half of a parent's report, and none
of it needs the PDF; on two cores the halves overlap (``report`` 1.14 s against 2.31 s,
docs/measurements.md, 2026-11-30; the target is 1.5 s). Whenever the helper cannot be used (no
``fork``, one core, it failed, exited or took longer than :data:`TIMEOUT_S`), the chart is drawn
here instead: the same code and inputs, so the same PDF. The app draws its charts itself (no
process is forked from its server).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import select
import signal
import struct
import threading
import time
import warnings
from collections.abc import Iterator
from typing import Any

from calculator.analysis.results import Results
from calculator.present.pdf.charts import CHARTS, Charts, chart_key, chart_names

#: How long [s] the report waits for the helper, in all, before drawing the rest itself.
TIMEOUT_S = 30.0
_HEADER = struct.Struct("!Q")  # length of each message (a pickle)


def can_fork() -> bool:
    """True when a helper can run beside this process: ``os.fork`` and two cores or more."""
    if not hasattr(os, "fork"):
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2


class HelperCharts(Charts):
    """The report's chart images, drawn by a forked helper process (:func:`chart_helper`).

    :meth:`send` gives the helper the evaluated family; :meth:`get` takes a chart from the
    helper (waiting for it) or, when the helper has not got it, draws it here."""

    def __init__(self) -> None:
        super().__init__()
        self.pid: int | None = None
        self._to_helper: int | None = None
        self._from_helper: int | None = None
        self._deadline = time.monotonic() + TIMEOUT_S

    def start(self) -> bool:
        """Fork the helper; False (and no helper) when that fails."""
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        try:
            with warnings.catch_warnings():  # Python 3.12+ warns of fork beside threads (numpy's
                warnings.simplefilter("ignore", DeprecationWarning)  # BLAS): the timeout covers it
                pid = os.fork()
        except OSError:
            for fd in (to_r, to_w, from_r, from_w):
                os.close(fd)
            return False
        if pid == 0:  # the helper: never returns
            code = 1
            try:
                os.close(to_w)
                os.close(from_r)
                _serve(to_r, from_w)
                code = 0
            except BaseException:  # noqa: BLE001 - this process draws the chart itself
                pass
            finally:
                os._exit(code)
        os.close(to_r)
        os.close(from_w)
        self.pid, self._to_helper, self._from_helper = pid, to_w, from_r
        return True

    def send(self, res: Results, lang: str, audience: str) -> None:
        """Give the helper the evaluated family: it draws the report's charts in order."""
        if self._to_helper is None:
            return
        job = pickle.dumps((res, lang, audience, chart_names(res, audience)), protocol=pickle.HIGHEST_PROTOCOL)
        try:  # a job larger than the pipe (64 KiB) waits for the helper to read it: at most until the deadline
            _write_all(self._to_helper, _HEADER.pack(len(job)) + job, self._deadline)
        except (OSError, TimeoutError):
            self.close()
            return
        os.close(self._to_helper)
        self._to_helper = None

    def get(self, p: Any, name: str) -> Any:
        key = chart_key(p, name)
        while key not in self.images and (fd := self._from_helper) is not None:
            try:
                size = _HEADER.unpack(_read_all(fd, _HEADER.size, self._deadline))[0]
                got_key, image = pickle.loads(_read_all(fd, size, self._deadline))
            except (OSError, EOFError, TimeoutError, pickle.UnpicklingError, struct.error):
                self.close()  # draw the rest here
                break
            self.images.setdefault(got_key, image)
        return super().get(p, name)

    def close(self) -> None:
        """End the helper (if it still runs) and wait for it."""
        for attr in ("_to_helper", "_from_helper"):
            fd = getattr(self, attr)
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
                setattr(self, attr, None)
        if self.pid is not None:
            with contextlib.suppress(OSError):
                if os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
            self.pid = None


@contextlib.contextmanager
def chart_helper() -> Iterator[Charts]:
    """The charts of one report: a :class:`HelperCharts` with a helper process forked now
    (when :func:`can_fork`), else plain :class:`~calculator.present.pdf.charts.Charts`, drawn
    here. The helper is ended on leaving."""
    charts = HelperCharts()
    if not can_fork() or not charts.start():
        yield Charts()
        return
    try:
        yield charts
    finally:
        charts.close()


# --------------------------------------------------------------------------- the helper


def _serve(from_parent: int, to_parent: int) -> None:
    """The helper's work: import matplotlib, read the family, draw and send each chart."""
    from calculator.present import print_charts
    from calculator.present.pdf.texts import Texts

    print_charts.font_family()  # imports matplotlib while the parent evaluates the family
    size = _HEADER.unpack(_read_all(from_parent, _HEADER.size))[0]
    res, lang, audience, names = pickle.loads(_read_all(from_parent, size))
    os.close(from_parent)
    texts = Texts(res, lang, audience)
    out: queue.Queue[bytes | None] = queue.Queue()
    failed: list[BaseException] = []

    def writer() -> None:  # sends while the next chart is drawn (a pipe holds only 64 KiB)
        try:
            while (message := out.get()) is not None:
                _write_all(to_parent, _HEADER.pack(len(message)) + message)
        except BaseException as exc:  # noqa: BLE001 - the parent stopped reading
            failed.append(exc)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        for name in names:
            if failed:
                break
            image = CHARTS[name](texts)
            out.put(pickle.dumps((chart_key(texts, name), image), protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        out.put(None)
        thread.join()
        os.close(to_parent)


def _read_all(fd: int, n: int, deadline: float | None = None) -> bytes:
    """Read ``n`` bytes; with a ``deadline`` (``time.monotonic``), raise TimeoutError when they
    have not all come by then."""
    buf = bytearray()
    while len(buf) < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError("chart helper")
        chunk = os.read(fd, min(n - len(buf), 1 << 20))
        if not chunk:
            raise EOFError("chart helper")
        buf += chunk
    return bytes(buf)


def _write_all(fd: int, data: bytes, deadline: float | None = None) -> None:
    """Write all of ``data``; with a ``deadline`` (``time.monotonic``), raise TimeoutError when the
    reader has not taken it all by then (the pipe is full and the reader does not read)."""
    view = memoryview(data)
    while view:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([], [fd], [], left)[1]:
                raise TimeoutError("chart helper")
            view = view[os.write(fd, view[:select.PIPE_BUF]):]  # a pipe that is writable takes PIPE_BUF bytes
        else:
            view = view[os.write(fd, view):]
