"""``python -m calculator``: the command line (:mod:`calculator.cli`), whose exit status says
what happened; Ctrl-C at any moment, even while the libraries load, is one line and 130.
(Only the interpreter's own start-up, before this file runs, is out of its reach.)"""

import sys  # loaded by the interpreter already: nothing below the try can be interrupted unseen

from calculator import interrupt

interrupt.install()  # a Ctrl-C that a library's start-up turns into its own error is still seen


def _leave(status: int) -> None:
    """Leave with ``status`` now, after the usual clean-up (exit functions, flushed output),
    without the interpreter's finalisation: that resets SIGINT to its default action before
    it tears the modules down, so a Ctrl-C in its last milliseconds killed the process with no
    word (status -2; seen once in 5,000 fuzz cases). Once the command has its status, a Ctrl-C
    no longer changes it: SIGINT is blocked from here to the end. A Ctrl-C caught inside a C
    extension's start-up can also mark the interpreter so that it ends by killing itself with
    SIGINT after a normal exit; leaving with ``os._exit`` keeps the status."""
    import atexit
    import os
    import signal

    try:  # noqa: SIM105 - contextlib may be what was being imported
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    except Exception:  # noqa: BLE001, S110 - no such call on this platform: leave as before
        pass
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 - contextlib may be what was being imported
            stream.flush()
        except Exception:  # noqa: BLE001, S110
            pass
    os._exit(status)


def _interrupted() -> None:
    """Leave with status 130 now (:func:`_leave`)."""
    _leave(130)

try:
    from calculator.cli import EXIT_INTERRUPTED, main
except BaseException as exc:  # noqa: BLE001 - Ctrl-C while the libraries load
    if not interrupt.by_ctrl_c(exc):
        raise
    sys.stderr.write("interrupted\n")
    _interrupted()

try:
    status = main()
except KeyboardInterrupt:  # a Ctrl-C just after the command's own handlers
    sys.stderr.write("interrupted\n")
    status = EXIT_INTERRUPTED
except SystemExit as exc:  # argparse's own exit (--help, a bad flag): its status
    if exc.code is not None and not isinstance(exc.code, int):
        raise
    status = exc.code or 0
_leave(status)
