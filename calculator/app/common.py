"""Streamlit helpers shared by both pages: cached model runs, notices, sources, texts."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from calculator.analysis.evaluate import evaluate, model_inputs
from calculator.analysis.psa import DEFAULT_DRAWS, DEFAULT_SEED, PROBABILITY_OUTPUTS, PSAResult, run_psa
from calculator.analysis.results import Results
from calculator.analysis.sensitivity import SensitivityResult, run_sensitivity
from calculator.app.memo import Memo
from calculator.app.state import AppState, run_scenario
from calculator.content.blocks import SideBySide
from calculator.content.i18n import t
from calculator.content.notices import Notice, notice_text
from calculator.content.words import Words
from calculator.inputs.assumptions import load_region
from calculator.inputs.scenario_schema import Scenario
from calculator.inputs.scenario_values import FEE_PARAMETERS
from calculator.present.icon_svg import panels_html

PSA_DRAWS = DEFAULT_DRAWS
PSA_SEED = DEFAULT_SEED
#: Cached analyses and figures: a bounded number of families' inputs, each kept at most an hour.
#: The key is the family's inputs as plain values; nothing else about a family stays on the server.
CACHE_TTL_S = 3600


def T(key: str, state: AppState, currency: str | None = None, **values: Any) -> str:
    """Text ``key`` in the page's language, money in the region's currency."""
    cur = currency or load_region(state.region).currency
    return t(key, state.lang, currency=cur, **values)


def words(state: AppState) -> Words:
    """The page's texts: its language, money in the region's currency."""
    return Words(state.lang, load_region(state.region).currency)


@dataclass(frozen=True)
class Family:
    """One family's inputs, checked once per page run: the scenario and its canonical JSON
    (``key``, the cache key of every analysis and figure of this family), and the same without
    the bank's fees and fee plan (``fee_free_key``: the key of the sections no fee changes,
    :data:`FEE_FREE_SECTIONS`)."""

    key: str
    scenario: Scenario
    fee_free_key: str


#: The sections that follow from the family without its bank's fees (the chances, the limits,
#: the red flags): a family typing its fees does not build them again. A test checks, for
#: generated families in both languages, that other fees and another plan give the same sections.
FEE_FREE_SECTIONS = frozenset({"frequencies", "limits", "red_flags"})


_RESULTS: Memo[Results] = Memo(max_entries=256, ttl=CACHE_TTL_S)
# The analyses are shared by every session with the same inputs (no copy per page run; the
# results are frozen dataclasses and nothing on the pages changes them).
_ANALYSES: Memo[Any] = Memo(max_entries=128, ttl=CACHE_TTL_S)
_FIGURES: Memo[Any] = Memo(max_entries=1024, ttl=CACHE_TTL_S)
_SECTIONS: Memo[Any] = Memo(max_entries=1024, ttl=CACHE_TTL_S)
# The last family of each script thread: a page asks for its family a dozen times per run with
# the same state object (states are frozen, so the same object has the same inputs).
_LAST = threading.local()


def family_of(state: AppState) -> Family:
    """The scenario the model runs for ``state`` and its key (made once per state object: the
    state is frozen; 30 microseconds, so no cache across states)."""
    last = getattr(_LAST, "pair", None)
    if last is not None and last[0] is state:
        return last[1]
    scenario = run_scenario(state)
    data = scenario.to_dict()
    fee_free = {k: v for k, v in data.get("parameters", {}).items() if k not in FEE_PARAMETERS}
    fam = Family(json.dumps(data, sort_keys=True), scenario,
                 json.dumps(data | {"fee_plan": None, "parameters": fee_free}, sort_keys=True))
    _LAST.pair = (state, fam)
    return fam


def results_for(state: AppState) -> Results:
    """The model's results for the family (a few milliseconds: no spinner; kept like the figures)."""
    fam = family_of(state)
    return _RESULTS.get(fam.key, lambda: evaluate(fam.scenario))


def _spinning(slow: bool, make: Callable[[], Any]) -> Callable[[], Any]:
    """``make``, under a small spinner when it is ``slow`` (seconds, not milliseconds)."""
    if not slow:
        return make

    def with_spinner() -> Any:
        with st.spinner("…"):
            return make()

    return with_spinner


def sensitivity_for(state: AppState) -> SensitivityResult:
    """One-way and two-way sensitivity (kept for the same inputs; a spinner while it runs)."""
    fam = family_of(state)
    return _ANALYSES.get(("sensitivity", fam.key), _spinning(True, lambda: run_sensitivity(model_inputs(fam.scenario))))


def psa_for(state: AppState, n: int = PSA_DRAWS, seed: int = PSA_SEED) -> PSAResult:
    """Probabilistic analysis (kept for the same inputs, draws and seed). The default 5,000
    draws take milliseconds; a counsellor's larger runs show a spinner while they run."""
    fam = family_of(state)
    n, seed = int(n), int(seed)
    return _ANALYSES.get(("psa", fam.key, n, seed), _spinning(n > PSA_DRAWS, lambda: run_psa(model_inputs(fam.scenario), n, seed)))


def chance_ranges_for(state: AppState) -> dict[str, tuple[float, float]]:
    """The 95 % ranges (2.5th, 97.5th percentiles) of the PSA's chances (``PROBABILITY_OUTPUTS``),
    the numbers ``psa_for(state)`` gives, shared by every fee of the same family (the fees are
    money paid to the bank, :mod:`calculator.model.finance`; no chance depends on them): a
    family typing its fees does not run the PSA again for ranges a fee cannot change (a test
    checks that they are those of the family's own PSA)."""
    params = {k: v for k, v in state.params.items() if k not in FEE_PARAMETERS}
    psa = psa_for(state if params == state.params else state.with_scenario(parameters=params))
    return {name: (float(psa.summary[name]["p2_5"]), float(psa.summary[name]["p97_5"])) for name in PROBABILITY_OUTPUTS}


class SharedFigure(go.Figure):
    """A figure that is only read once it is built, shown by every session with the same chart.

    ``st.plotly_chart`` calls the figure's public ``to_dict()`` on every page run: a deep copy
    of the whole figure and a walk over it (0.3-0.45 ms a chart, six charts a run). Here it is
    made once and the same dict is returned each time; nothing changes a kept figure (the
    cache's rule), and tests check that Streamlit sends the same chart as for a plain figure."""

    def to_dict(self) -> dict:
        made = self.__dict__.get("_shared_dict")
        if made is None:
            made = self.__dict__["_shared_dict"] = super().to_dict()
        return made


def shared_figure(fig: go.Figure) -> SharedFigure:
    """``fig`` as a :class:`SharedFigure` (the same object: no copy, no validation again)."""
    fig.__class__ = SharedFigure
    return fig


def figure(spec: Any) -> Any:
    """The web figure of a chart spec (:func:`calculator.present.web_draw.draw_chart`), built
    once for the same spec and shared by every session that shows it: nothing changes it after
    it is built (``st.plotly_chart`` only reads it). The frozen spec is its own key (hashed and
    compared by value: 50 microseconds for the parents' six charts, a pickle digest 250)."""
    from calculator.present.web_draw import draw_chart

    return _FIGURES.get(("spec", spec), lambda: shared_figure(draw_chart(spec)))


def pictures(block: SideBySide) -> str | None:
    """The icon arrays of ``block`` as one HTML element (:func:`calculator.present.icon_svg.panels_html`),
    made once for the same block (frozen: compared by value) and shared like the figures."""
    return _FIGURES.get(("pictures", block), lambda: panels_html(block))


def section_of(kind: str, state: AppState, make: Callable[[], Any], *extra: Hashable) -> Any:
    """A content section (:mod:`calculator.content`) or a text made from one that follows from
    the family's inputs, the page's language and ``extra`` alone, built once for them
    (sections are frozen, texts immutable: shared safely); the sections of
    :data:`FEE_FREE_SECTIONS` once for every fee."""
    fam = family_of(state)
    key = fam.fee_free_key if kind in FEE_FREE_SECTIONS else fam.key
    return _SECTIONS.get((kind, key, state.lang, state.region, *extra), make)


def show_notices(notices: Iterable[Notice], state: AppState) -> None:
    """Each notice as plain text in a warning box (never the person's input)."""
    notices = list(notices)
    if not notices:
        return
    lines = [notice_text(n, state.lang, state.region) for n in notices]
    st.warning(T("app.notice.header", state) + "\n\n" + "\n".join(f"- {line}" for line in lines), icon=":material/warning:")


def lazy_expander(label: str, key: str, *, icon: str | None = None) -> Any:
    """An expander whose content is made only while it is open: Streamlit reruns the page when
    it is opened or closed, and ``.open`` says which (use ``if box.open:`` inside ``with box:``).
    Closed, the page does none of its work: no table built, no chart sent. ``key`` names it
    on its page (kept in the session, so it stays open across reruns)."""
    return st.expander(label, key=f"x_{key}", on_change="rerun", icon=icon)


def show_flash(state: AppState) -> None:
    """A one-off confirmation (reset, file loaded) set before a rerun."""
    key = st.session_state.pop("_flash", None)
    if key:
        (st.info if key.startswith("app.notice.") else st.success)(T(key, state), icon=":material/check_circle:")
