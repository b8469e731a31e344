"""Ctrl-C seen, even when a library swallowed it.

Python's own SIGINT handler raises KeyboardInterrupt at the next bytecode. When that lands
inside a C extension's start-up, the extension can overwrite it with its own error (numpy's
``_multiarray_umath``, interrupted while it imports ``datetime``, raises ``ImportError:
PyCapsule_Import could not import module "datetime"`` with no trace of the interrupt). The
command line then cannot tell a Ctrl-C from a broken install by the exception alone, so
:func:`install` puts in a handler that does what Python's does and also remembers that the
signal came; :func:`seen` asks. Standard library only: it is installed before anything heavy
is imported."""

from __future__ import annotations

import signal
from types import FrameType

_seen = False


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    global _seen
    _seen = True
    raise KeyboardInterrupt


def install() -> None:
    """Handle SIGINT as Python does (KeyboardInterrupt), remembering that it came. Only where
    Python's own handler is in place (not where the caller chose to ignore SIGINT)."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_sigint)


def seen() -> bool:
    """Whether a SIGINT came since :func:`install`."""
    return _seen


def by_ctrl_c(exc: BaseException | None) -> bool:
    """Whether ``exc`` came from a Ctrl-C: a KeyboardInterrupt, an error raised while handling
    one (a library building a class wraps it in a RuntimeError), or any error after a SIGINT
    that a library replaced with its own (:func:`seen`)."""
    if _seen:
        return True
    visited: set[int] = set()
    while exc is not None and id(exc) not in visited:
        if isinstance(exc, KeyboardInterrupt):
            return True
        visited.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False
