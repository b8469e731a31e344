"""Where the side panel's code draws: the side panel itself, or nowhere (a results-only rerun).

A change in the side panel reruns only the page's results (``st.fragment``, public API): the
side panel's 15 or so elements are not made and sent again, the page run costs about a third
less server CPU (``benchmarks/load.py``; figures in docs/measurements.md). For that, the
side panel's code runs against one of two targets with the same methods:

- :class:`Drawn` draws into ``st.sidebar`` and writes down what it drew (the *layout*: each
  element's kind, texts, options and bounds; never a value a person typed), and gives every
  widget a callback that asks Streamlit to rerun the results only;
- :class:`Read` draws nothing: each widget gives the value Streamlit keeps for its key, and
  the layout is written down the same way.

The results compare the layout read with the layout last drawn. If they differ (a relative
added, a question that now matters, a different offer, a warning), the side panel is stale and
the whole page runs again (``st.rerun()``); so the panel shown is always the panel the
inputs call for. Code that changes widget values or forgets widgets (:meth:`Read.changes`)
also makes the whole page run again.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

#: The fragment of the page's results (the key ``st.rerun`` names).
RESULTS = "results"

_WIDGETS = ("number_input", "selectbox", "radio", "segmented_control")
_DRAWINGS = ("subheader", "caption", "markdown", "warning")


class Stale(Exception):
    """The side panel shown no longer fits the inputs: the whole page must run again."""


def rerun_results() -> None:
    """A side-panel widget's callback: rerun the page's results only."""
    st.rerun(RESULTS)


def _entry(method: str, args: tuple, kwargs: dict) -> tuple:
    """What an element shows, as comparable values (callbacks left out, option texts written out)."""
    shown = dict(kwargs)
    shown.pop("on_change", None)
    fmt = shown.pop("format_func", None)
    if fmt is not None and len(args) > 1:
        args = (args[0], tuple((o, fmt(o)) for o in args[1]), *args[2:])
    return (method, args, tuple(sorted(shown.items())))


class _Target:
    """The methods the side panel's code calls; the layout is shared by nested containers."""

    def __init__(self, layout: list[tuple], keys: list[str]) -> None:
        self.layout = layout
        self.keys = keys

    def __getattr__(self, method: str) -> Any:
        if method in _WIDGETS:
            return lambda *args, full=False, **kwargs: self._widget(method, args, kwargs, full)
        if method in _DRAWINGS:
            return lambda *args, **kwargs: self._draw(method, args, kwargs)
        raise AttributeError(method)

    def container(self, **kwargs: Any) -> _Target:
        self.layout.append(_entry("container", (), kwargs))
        return self._inner(kwargs)

    def _inner(self, kwargs: dict) -> _Target:
        raise NotImplementedError

    def _widget(self, method: str, args: tuple, kwargs: dict, full: bool) -> Any:
        raise NotImplementedError

    def _draw(self, method: str, args: tuple, kwargs: dict) -> None:
        raise NotImplementedError


class Drawn(_Target):
    """Draws into ``where`` (``st.sidebar``) and writes the layout down. ``full=True`` on a
    widget (language, page, region) keeps Streamlit's default: the whole page runs again."""

    def __init__(self, where: Any = None, layout: list[tuple] | None = None, keys: list[str] | None = None) -> None:
        super().__init__([] if layout is None else layout, [] if keys is None else keys)
        self.where = st.sidebar if where is None else where

    def _inner(self, kwargs: dict) -> _Target:
        return Drawn(self.where.container(**kwargs), self.layout, self.keys)

    def _widget(self, method: str, args: tuple, kwargs: dict, full: bool) -> Any:
        self.layout.append(_entry(method, args, kwargs))
        self.keys.append(kwargs["key"])
        if not full:
            kwargs["on_change"] = rerun_results
        return getattr(self.where, method)(*args, **kwargs)

    def _draw(self, method: str, args: tuple, kwargs: dict) -> None:
        self.layout.append(_entry(method, args, kwargs))
        getattr(self.where, method)(*args, **kwargs)

    @staticmethod
    def changes() -> None:
        """The code is about to change widget values or forget widgets: fine while drawing."""


class Read(_Target):
    """Draws nothing: each widget gives the value Streamlit keeps for its key."""

    def __init__(self) -> None:
        super().__init__([], [])

    def _inner(self, kwargs: dict) -> _Target:
        return self

    def _widget(self, method: str, args: tuple, kwargs: dict, full: bool) -> Any:
        self.layout.append(_entry(method, args, kwargs))
        self.keys.append(kwargs["key"])
        return st.session_state.get(kwargs["key"])

    def _draw(self, method: str, args: tuple, kwargs: dict) -> None:
        self.layout.append(_entry(method, args, kwargs))

    @staticmethod
    def changes() -> None:
        """Widget values about to change, or widgets to be forgotten: the panel must be drawn."""
        raise Stale
