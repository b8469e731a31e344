"""Which parameters a model run read, recorded as it runs (as OpenFisca's tracer records the
inputs of each computed variable), so a number's source list is what produced it, not a list
kept by hand.

Two pieces:

- :class:`RecordingParams`, a ``dict`` of parameter values that notes each name read with
  ``params[name]`` or ``params.get(name)`` in :attr:`RecordingParams.read`. Copying it
  (``dict(p)``, ``{**p, name: v}``) is not a read. With ``traced=True`` each value read comes
  back as a :class:`Traced` array naming its parameter.
- :class:`Traced`, a float array (``numpy.ndarray`` subclass) that carries the names of the
  parameters its value was computed from: every numpy ufunc (``+``, ``*``, ``np.log1p``,
  ``<``, ...) and array function (``np.where``, ``np.minimum``, ...) applied to it gives a
  ``Traced`` naming the union of its inputs' names, so each output of
  :func:`calculator.model.family.compute` names exactly the parameters that flowed into it
  (a condition of ``np.where`` counts: the value depends on it). :func:`sources_of` reads
  the names.

The model's functions take ``Traced`` values like any array (they use ``np.asanyarray``,
which keeps the subclass); a run with plain floats or arrays is unchanged and costs nothing
more. The traced run is one extra run of the model on 0-d arrays:
``benchmarks/bench_trace.py`` measures it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

__all__ = ["RecordingParams", "Traced", "sources_of", "keep_sources"]

_EMPTY: frozenset[str] = frozenset()


def _names(x: Any) -> frozenset[str]:
    if isinstance(x, Traced):
        return x.names
    if isinstance(x, (list, tuple)):
        out: frozenset[str] = _EMPTY
        for v in x:
            out = out | _names(v)
        return out
    return _EMPTY


def _plain(x: Any) -> Any:
    if isinstance(x, Traced):
        return x.view(np.ndarray)
    if isinstance(x, tuple):
        return tuple(_plain(v) for v in x)
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x


def _wrap(x: Any, names: frozenset[str]) -> Any:
    if isinstance(x, (np.ndarray, np.generic)) and x.dtype.kind in "fbiu":
        out = np.asarray(x).view(Traced)
        out.names = names
        return out
    if isinstance(x, tuple):
        return tuple(_wrap(v, names) for v in x)
    return x


class Traced(np.ndarray):
    """A float array that names the parameters its value came from (:attr:`names`)."""

    names: frozenset[str]

    def __new__(cls, value: Any, names: Iterable[str] = ()) -> Traced:
        obj = np.asarray(value, dtype=float).view(cls)
        obj.names = frozenset(names)
        return obj

    def __array_finalize__(self, obj: Any) -> None:
        self.names = getattr(obj, "names", _EMPTY)

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        names = _names(inputs)
        if "out" in kwargs:
            names = names | _names(kwargs["out"])
            kwargs["out"] = _plain(kwargs["out"])
        return _wrap(getattr(ufunc, method)(*_plain(inputs), **kwargs), names)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        names = _names(args) | _names(tuple(kwargs.values()))
        return _wrap(func(*_plain(args), **{k: _plain(v) for k, v in kwargs.items()}), names)


def sources_of(*values: Any) -> frozenset[str]:
    """The parameters ``values`` were computed from (none for a plain number or array)."""
    return _names(values)


def keep_sources(result: Any, *inputs: Any) -> Any:
    """``result``, computed outside numpy from ``inputs`` (e.g. through ``math``), naming the
    parameters of ``inputs``; unchanged when none of them is traced."""
    names = _names(inputs)
    return _wrap(np.asarray(result), names) if names else result


class RecordingParams(dict):
    """Parameter values (a ``dict``) that note each name read (:attr:`read`).

    ``traced=True``: each value read is a :class:`Traced` naming its parameter.
    """

    def __init__(self, values: Any = (), *, traced: bool = False) -> None:
        super().__init__(values)
        self.read: set[str] = set()
        self.traced = traced

    def __getitem__(self, name: str) -> Any:
        value = super().__getitem__(name)
        self.read.add(name)
        return Traced(value, (name,)) if self.traced else value

    def get(self, name: str, default: Any = None) -> Any:
        if name not in self:
            return default
        return self[name]
