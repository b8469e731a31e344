"""A small in-process cache for the page run: bounded, time-limited, thread-safe, cheap to ask.

Streamlit's own caches (``st.cache_data``/``st.cache_resource``) hash their arguments with a
general hasher, keep statistics and may open a spinner on every call: about a millisecond per
call on this app's pages, where a page asks for the same family a dozen times and draws seven
charts. The family's checked inputs, its analyses, the figures and the prepared texts use
:class:`Memo` instead, whose key is a short string or tuple the caller builds.

Nothing older than ``ttl`` seconds is served; values that old are dropped when a new value is
kept, at most once every ``ttl / 60`` seconds (a sweep over 1,000 kept figures on every new
value was 7 % of the page run's CPU), and there are at most ``max_entries`` values: what is kept is derived from the inputs alone
(the same inputs give the same value), never anything a family typed that is not part of
those inputs.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """At most ``max_entries`` values, each kept at most ``ttl`` seconds, least recently used dropped first."""

    def __init__(self, max_entries: int, ttl: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        if max_entries < 1 or ttl <= 0:
            raise ValueError("max_entries must be at least 1 and ttl above 0")
        self.max_entries, self.ttl, self._clock = max_entries, ttl, clock
        self._items: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}  # a lock per key being made
        self._swept = -float("inf")  # when values older than ttl were last dropped

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept for ``key``, or ``make()`` (kept for next time). Threads asking for
        the same new key at once wait for one ``make()`` (a PDF asked for again while it is
        being made is made once); if it fails, the next waiting thread makes it itself."""
        if hit := self._hit(key):
            return hit[0]
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            if hit := self._hit(key):  # made by the thread this one waited for
                return hit[0]
            try:
                value = make()
                now = self._clock()
                with self._lock:
                    # what is older than ttl goes (not only when it is asked for again)
                    if now - self._swept >= self.ttl / 60:
                        self._swept = now
                        for old in [k for k, (made, _) in self._items.items() if now - made >= self.ttl]:
                            del self._items[old]
                    self._items[key] = (now, value)
                    self._items.move_to_end(key)
                    while len(self._items) > self.max_entries:
                        self._items.popitem(last=False)
            finally:
                with self._lock:
                    if self._making.get(key) is making:
                        del self._making[key]
        return value

    def _hit(self, key: Hashable) -> tuple[V] | None:
        """``(value,)`` if a value younger than ``ttl`` is kept for ``key`` (marked as just used)."""
        now = self._clock()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and now - hit[0] < self.ttl:
                self._items.move_to_end(key)
                return (hit[1],)
        return None

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def digest(value: Any) -> str:
    """A short key for plain data (numbers, text, tuples, dataclasses of them, numpy arrays):
    the hash of its pickle. Equal data in one process gives the same key; it is a key only."""
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).hexdigest()
