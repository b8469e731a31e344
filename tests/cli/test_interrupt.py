"""A Ctrl-C that a library's start-up replaces with its own error is still a Ctrl-C
(:mod:`calculator.interrupt`): numpy's ``_multiarray_umath``, interrupted while it imports
``datetime``, raises an ImportError with no trace of the KeyboardInterrupt (seen in CI: exit 1
and numpy's "bad install" message instead of 130)."""

import contextlib
import signal

import pytest

from calculator import interrupt


@pytest.fixture
def handler(monkeypatch):
    previous = signal.getsignal(signal.SIGINT)
    monkeypatch.setattr(interrupt, "_seen", False)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    interrupt.install()
    yield
    signal.signal(signal.SIGINT, previous)


def _swallowing_library():
    """What the C extension does: the interrupt arrives, its own error replaces it."""
    with contextlib.suppress(KeyboardInterrupt):
        signal.raise_signal(signal.SIGINT)
    raise ImportError('PyCapsule_Import could not import module "datetime"')


def test_an_error_that_replaced_a_ctrl_c_counts_as_one(handler):
    with pytest.raises(ImportError) as info:
        _swallowing_library()
    assert interrupt.seen() and interrupt.by_ctrl_c(info.value)


def test_the_handler_still_raises_keyboard_interrupt(handler):
    with pytest.raises(KeyboardInterrupt):
        signal.raise_signal(signal.SIGINT)


def test_an_error_without_a_ctrl_c_is_not_one(handler):
    assert not interrupt.seen()
    assert not interrupt.by_ctrl_c(ImportError("a broken install"))
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as ki:
            raise RuntimeError("while building a class") from ki
    except RuntimeError as wrapped:
        assert interrupt.by_ctrl_c(wrapped)


def test_an_ignored_sigint_stays_ignored(monkeypatch):
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        interrupt.install()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
