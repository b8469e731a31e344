"""The page run's small cache: bounded, time-limited, least recently used dropped first."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pytest

from calculator.app.memo import Memo, digest


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_kept_value_is_made_once_and_served_until_its_time_is_up():
    clock, made = Clock(), []
    memo: Memo[int] = Memo(max_entries=4, ttl=10, clock=clock)

    def make(v: int):
        return lambda: made.append(v) or v

    assert memo.get("a", make(1)) == 1 and memo.get("a", make(2)) == 1 and made == [1]
    clock.now = 9.9
    assert memo.get("a", make(3)) == 1
    clock.now = 10.0  # an hour (here: 10 s) after it was made, never served again
    assert memo.get("a", make(4)) == 4 and made == [1, 4]


def test_at_most_max_entries_the_least_recently_used_dropped_and_old_ones_purged():
    clock = Clock()
    memo: Memo[str] = Memo(max_entries=3, ttl=100, clock=clock)
    for k in "abc":
        memo.get(k, lambda k=k: k)
    memo.get("a", lambda: "new a")  # a used again: b is now the least recently used
    memo.get("d", lambda: "d")
    assert len(memo) == 3
    assert memo.get("b", lambda: "made again") == "made again"
    assert memo.get("a", lambda: "x") == "a"
    clock.now = 150  # everything is older than ttl: a new value purges them all
    memo.get("e", lambda: "e")
    assert len(memo) == 1


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        Memo(max_entries=0, ttl=1)
    with pytest.raises(ValueError):
        Memo(max_entries=1, ttl=0)


def test_threads_asking_at_once_get_a_right_value():
    memo: Memo[int] = Memo(max_entries=8, ttl=100)
    out: list[int] = []

    def ask(i: int) -> None:
        out.append(memo.get(i % 4, lambda i=i: (i % 4) * 10))

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(64)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(set(out)) == [0, 10, 20, 30] and len(memo) == 4


def test_threads_asking_for_the_same_new_key_wait_for_one_make():
    memo: Memo[bytes] = Memo(max_entries=8, ttl=100)
    started, release, made, out = threading.Event(), threading.Event(), [], []

    def make() -> bytes:
        made.append(1)
        started.set()
        release.wait(10)  # a slow build (a PDF): every other thread asks while it runs
        return b"pdf"

    first = threading.Thread(target=lambda: out.append(memo.get("report", make)))
    first.start()
    assert started.wait(10)
    others = [threading.Thread(target=lambda: out.append(memo.get("report", make))) for _ in range(16)]
    for th in others:
        th.start()
    release.set()
    for th in [first, *others]:
        th.join(10)
    assert out == [b"pdf"] * 17 and len(made) == 1


def test_a_failed_make_is_not_kept_and_the_next_asker_makes_it():
    memo: Memo[int] = Memo(max_entries=8, ttl=100)

    def fail() -> int:
        raise RuntimeError("build failed")

    with pytest.raises(RuntimeError):
        memo.get("k", fail)
    assert len(memo) == 0 and memo.get("k", lambda: 7) == 7 and memo.get("k", fail) == 7


@dataclass(frozen=True)
class Row:
    key: str
    p: float


def test_digest_compares_values_not_objects():
    a = {"row": Row("x", 0.1 + 0.2), "arr": np.arange(5.0), "lang": "zh"}
    b = {"row": Row("x", 0.30000000000000004), "arr": np.arange(5.0), "lang": "zh"}
    assert digest(a) == digest(b)
    assert digest({**a, "lang": "en"}) != digest(a)
    assert digest({**a, "row": Row("x", 0.3)}) != digest(a)  # 0.1 + 0.2 is not 0.3
    assert digest({**a, "arr": np.arange(5.0) + 1e-12}) != digest(a)
