"""``python -m calculator``: the command line (:mod:`calculator.cli`), whose exit status says
what happened; Ctrl-C at any moment, even while the libraries load, is one line and 130.
(Only the interpreter's own start-up, before this file runs, is out of its reach.)"""

import sys  # loaded by the interpreter already: nothing below the try can be interrupted unseen

from calculator import interrupt

interrupt.install()  # a Ctrl-C that a library's start-up turns into its own error is still seen


def _interrupted() -> None:
    """Leave with status 130 now. A Ctrl-C caught inside a C extension's start-up can mark the
    interpreter so that it ends by killing itself with SIGINT (status -2) after a normal exit;
    leaving with ``os._exit`` after the usual clean-up keeps the status 130."""
    import atexit
    import os

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 - contextlib may be what was being imported
            stream.flush()
        except Exception:  # noqa: BLE001, S110
            pass
    os._exit(130)


try:
    from calculator.cli import EXIT_INTERRUPTED, main
except BaseException as exc:  # noqa: BLE001 - Ctrl-C while the libraries load
    if not interrupt.by_ctrl_c(exc):
        raise
    sys.stderr.write("interrupted\n")
    _interrupted()

status = main()
if status == EXIT_INTERRUPTED:
    _interrupted()
sys.exit(status)
