"""Probabilistic sensitivity analysis (PSA): every uncertain parameter drawn at once.

Every parameter with a non-fixed distribution in ``assumptions/`` is drawn ``n`` times with
one seeded :class:`numpy.random.Generator`, in the fixed order of the assumption files, and
the same vectorised model (:func:`calculator.model.family.compute`) runs once on all the draws: no
Python loop per draw. Parameters the family or counsellor set themselves (scenario
``parameters`` or ``--set``) are held at the value entered: the PSA shows the uncertainty
of what they did not state. Fixed-distribution parameters stay scalars.

Strategies and their net monetary benefit (NMB) at a willingness to pay ``WTP`` per QALY,
each relative to not collecting [currency]::

    NMB_none    = 0
    NMB_public  = WTP x QALY_public               (donation costs the family nothing)
    NMB_private = WTP x QALY_private - PV cost

Private storage is "worth it" in a draw when ``NMB_private >= NMB_public`` (the
``NMB >= 0`` convention of the deterministic results; public donation never does worse
than not collecting). The acceptability curve (CEAC) is the share of draws in which it is
worth it, over a range of WTP values; the expected value of perfect information is
``EVPI = E[max_s NMB_s] - max_s E[NMB_s]`` per newborn [currency].

When a relative is ill the family also has directed donation (keeping the unit for the
relative, for ``fee_directed``). The same draws then also give private storage's increments over
directed donation (``PSAResult.vs_directed``): the uncertainty analysis is centred on the
numbers the verdict uses, and a verdict that keeps the unit for the family (or collects it
through directed donation until an answer is known) weighs private storage against directed
donation, not against public donation
(:func:`calculator.content.chart_spec.uncertainty_pair` chooses).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from calculator.analysis.frequencies import one_in
from calculator.analysis.model_inputs import ModelInputs
from calculator.inputs.distributions import Fixed
from calculator.model.family import Outcome

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

#: Largest number of draws accepted (memory stays under 1 GiB, see benchmarks/).
MAX_DRAWS = 5_000_000
#: Draws and seed used when none are given: by the app, the PDF report and ``evaluate --psa``
#: (5,000 draws put the 2.5/97.5 percentiles within about 1 % of their 1,000,000-draw values
#: for this model and take a few milliseconds).
DEFAULT_DRAWS = 5_000
DEFAULT_SEED = 20251126
#: Most points of the cost-effectiveness plane kept for plotting.
MAX_PLANE_POINTS = 2_000
#: Draws per model call: bigger runs go in chunks of this size (bounds memory).
CHUNK = 250_000
#: Parameter draws kept for reuse (:func:`_draws_for`): at most this many sets, each of at most
#: :data:`KEEP_DRAWS_UP_TO` draws (about 2 MB a set for 5,000 draws of 40 parameters).
KEPT_DRAW_SETS = 8
KEEP_DRAWS_UP_TO = 10_000
#: Draws from which the parameters are drawn on several threads (below, starting threads
#: costs more than it saves).
THREADED_DRAWS = 20_000

#: Outputs summarised (mean and 95 % interval), in this order.
OUTPUTS = (
    "p_child_use", "p_sibling_use", "p_family_use_private", "p_family_use_public",
    "expected_patients_helped", "pv_cost_private", "qaly_private", "qaly_public",
    "delta_qaly_vs_public", "nmb_vs_public", "cost_per_family_use",
)
#: Outputs that are probabilities: also given as natural frequencies ("1 in N").
PROBABILITY_OUTPUTS = (
    "p_child_use", "p_sibling_use", "p_family_use_private", "p_family_use_public", "expected_patients_helped",
)


@dataclass(frozen=True)
class PairPSA:
    """Private storage against one other option (``versus``: ``public`` or ``directed``) over the
    PSA's draws: ``prob_private_cost_effective``, the share of draws in which private storage's
    net monetary benefit is at least the other option's at the family's WTP [/1]; ``ceac``:
    ``[wtp, probability]`` pairs [currency/QALY, /1]; ``plane``: ``delta_qaly`` [QALY] and
    ``delta_cost`` [currency], private minus the other option, for the plotted draws."""

    versus: str
    prob_private_cost_effective: float
    ceac: list[list[float]]
    plane: dict[str, list[float]]


@dataclass(frozen=True)
class PSAResult:
    """Results of the probabilistic sensitivity analysis of one family.

    ``summary[output]``: ``mean``, ``median``, ``p2_5``, ``p97_5`` (2.5th and 97.5th percentiles: the
    95 % interval of plausible values) in the output's unit;
    ``prob_private_cost_effective``: share of draws in which private storage is worth it
    at ``wtp`` [/1]; ``ceac``: ``[wtp, probability]`` pairs [currency/QALY, /1];
    ``evpi``: expected value of perfect information per newborn [currency];
    ``plane``: ``delta_qaly`` [QALY] and ``delta_cost`` [currency] of private vs public for
    at most 2,000 draws (a seeded subsample); ``natural_frequencies[output]``:
    ``one_in_low``/``one_in_high``, the 95 % interval as "1 in N" (low N = the high
    probability), ``one_in_mean``; ``drawn``: the parameters drawn, in drawing order;
    ``vs_directed``: the same against directed donation, when the family has that option (a
    relative is ill), else None.
    """

    n: int
    seed: int
    wtp: float
    summary: dict[str, dict[str, float]]
    prob_private_cost_effective: float
    ceac: list[list[float]]
    evpi: float
    plane: dict[str, list[float]]
    natural_frequencies: dict[str, dict[str, int | None]]
    drawn: tuple[str, ...]
    # left out of the JSON when None: results.OMIT_IF_NONE, written out (results names this module)
    vs_directed: PairPSA | None = field(default=None, metadata={"omit_if_none": True})

    def versus_public(self) -> PairPSA:
        """Private storage against public donation (the fields above) as a :class:`PairPSA`."""
        return PairPSA("public", self.prob_private_cost_effective, self.ceac, self.plane)


def has_directed(inputs: ModelInputs) -> bool:
    """True when the family has directed donation as an option: a relative (not a planned
    child) is known to have a disease a transplant can treat (as the results list it)."""
    return any(r.known_disease and not r.planned for r in inputs.relatives)


# --- drawing -------------------------------------------------------------------------------

def drawn_parameters(inputs: ModelInputs) -> tuple[str, ...]:
    """Names drawn in the PSA, in drawing order (the assumption files' order): every
    parameter with a non-fixed distribution that the family did not set themselves."""
    return tuple(
        name for name, prm in inputs.assumptions.parameters.items()
        if not isinstance(prm.distribution, Fixed) and name not in inputs.overridden
    )


def parameter_streams(inputs: ModelInputs, seed: int) -> dict[str, np.random.Generator]:
    """One independent random stream per drawn parameter, and ``"_plane"`` for the plotted
    subsample, all spawned from ``seed`` (:class:`numpy.random.SeedSequence`).

    Each parameter's values depend only on the seed and its place in the drawing order, not
    on how many draws are taken at a time, so chunked and whole runs give the same numbers.
    """
    names = drawn_parameters(inputs)
    children = np.random.SeedSequence(seed).spawn(len(names) + 1)
    streams = {name: np.random.default_rng(s) for name, s in zip(names, children)}
    streams["_plane"] = np.random.default_rng(children[-1])
    return streams


def plane_stream(inputs: ModelInputs, seed: int) -> np.random.Generator:
    """The stream of the plotted subsample: ``parameter_streams(inputs, seed)["_plane"]``
    without making every parameter's stream (the last child spawned from ``seed``)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(len(drawn_parameters(inputs)),)))


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor | None:
    """Threads for drawing (one per CPU, at most 4), started on first use; None on one CPU."""
    global _POOL
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2:
        return None
    with _POOL_LOCK:
        if _POOL is None:
            from concurrent.futures import ThreadPoolExecutor  # loaded for large runs only

            _POOL = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="psa-draw")
        return _POOL


def draw_parameters(inputs: ModelInputs, n: int, streams: dict[str, np.random.Generator]) -> dict[str, Any]:
    """Parameter values for ``n`` draws: arrays of shape (n,) for the drawn parameters,
    the family's scalars for the others [each parameter's unit].

    ``streams`` from :func:`parameter_streams`; successive calls continue each stream.

    Notes
    -----
    Each parameter has its own stream, and numpy releases the interpreter lock while it
    draws, so from :data:`THREADED_DRAWS` draws the parameters are drawn on several threads
    at once (one stream is only ever used by one thread): the same numbers as one after the
    other, in less time on a machine with more than one CPU.
    """
    params: dict[str, Any] = dict(inputs.params)
    names = drawn_parameters(inputs)
    dists = [inputs.assumptions[name].distribution for name in names]
    pool = _pool() if n >= THREADED_DRAWS and len(names) > 1 else None
    if pool is None:
        for name, dist in zip(names, dists):
            params[name] = dist.sample(n, streams[name])
        return params
    futures = [pool.submit(dist.sample, n, streams[name]) for name, dist in zip(names, dists)]
    for name, future in zip(names, futures):
        params[name] = future.result()
    return params


_KEPT: OrderedDict[tuple, dict[str, np.ndarray]] = OrderedDict()
_KEPT_LOCK = threading.Lock()


def _draws_for(inputs: ModelInputs, n: int, seed: int) -> dict[str, np.ndarray]:
    """The ``n`` draws of every drawn parameter for ``seed``, made once and kept (read-only).

    Each parameter's draws depend only on the seed, its place in the drawing order and its
    distribution (:func:`parameter_streams`), not on the family's other numbers: families that
    differ in a fee, a relative's weight or the number of children get the same draws. The web
    app shows a new family's probabilistic ranges without drawing them again; the numbers are
    those of drawing them anew."""
    names = drawn_parameters(inputs)
    key = (int(seed), int(n), tuple((name, inputs.assumptions[name].distribution) for name in names))
    with _KEPT_LOCK:
        kept = _KEPT.get(key)
        if kept is not None:
            _KEPT.move_to_end(key)
            return kept
    streams = parameter_streams(inputs, seed)
    drawn = draw_parameters(inputs, n, streams)
    kept = {name: drawn[name] for name in names}
    for arr in kept.values():
        arr.flags.writeable = False
    with _KEPT_LOCK:
        _KEPT[key] = kept
        while len(_KEPT) > KEPT_DRAW_SETS:
            _KEPT.popitem(last=False)
    return kept


# --- summaries -----------------------------------------------------------------------------

def default_wtp_values(wtp: float) -> np.ndarray:
    """WTP values of the acceptability curve [currency/QALY]: 0, then 10 a decade from
    WTP / 100 to WTP x 10,000 (so the curve's rise shows both for a healthy family, where
    it is thousands of times the WTP, and for a sick sibling's family), and WTP itself."""
    if wtp <= 0:
        return np.array([0.0])
    return np.unique(np.concatenate([[0.0, wtp], np.geomspace(wtp / 100, wtp * 1e4, 61)]))


def _outputs(out: Outcome) -> dict[str, np.ndarray]:
    return {name: np.asarray(getattr(out, name), dtype=float) for name in OUTPUTS}


def summarise(x: np.ndarray) -> dict[str, float]:
    """Mean, median and 95 % interval (2.5th, 50th, 97.5th percentiles, linear interpolation) of draws.

    Infinite draws (cost per use when the family can never use the unit) stay infinite:
    interpolating between two infinite neighbours would give NaN.
    """
    with np.errstate(invalid="ignore"):
        lo, med, hi = np.percentile(x, [2.5, 50.0, 97.5])
    lo, med, hi = (np.inf if np.isnan(v) and np.isinf(x).any() else v for v in (lo, med, hi))
    return {"mean": float(np.mean(x)), "median": float(med), "p2_5": float(lo), "p97_5": float(hi)}


def summarise_all(arrays: dict[str, np.ndarray]) -> dict[str, dict[str, float]]:
    """:func:`summarise` of each array, all percentiles in one numpy call (the same numbers)."""
    names = list(arrays)
    stacked = np.stack([arrays[name] for name in names])
    with np.errstate(invalid="ignore"):
        pct = np.percentile(stacked, [2.5, 50.0, 97.5], axis=1)
        means = np.mean(stacked, axis=1)
    has_inf = np.isinf(stacked).any(axis=1)
    out = {}
    for i, name in enumerate(names):
        lo, med, hi = (np.inf if np.isnan(v) and has_inf[i] else v for v in pct[:, i])
        out[name] = {"mean": float(means[i]), "median": float(med), "p2_5": float(lo), "p97_5": float(hi)}
    return out


def natural_frequency(stats: dict[str, float]) -> dict[str, int | None]:
    """The 95 % interval of a probability as "1 in N" for parents: ``one_in_low`` is the
    N of the 97.5th percentile (the higher chance), ``one_in_high`` of the 2.5th
    (two significant figures; None where the chance is 0)."""
    return {"one_in_low": one_in(stats["p97_5"]), "one_in_high": one_in(stats["p2_5"]),
            "one_in_mean": one_in(stats["mean"])}


def ceac(delta_qaly: np.ndarray, delta_cost: np.ndarray, wtp_values: Sequence[float] | np.ndarray) -> list[list[float]]:
    """Cost-effectiveness acceptability curve: for each WTP [currency/QALY], the share of
    draws with ``WTP x delta_qaly - delta_cost >= 0`` [/1]."""
    if np.isfinite(delta_qaly).all() and np.isfinite(delta_cost).all():
        # for finite numbers ``a - b >= 0`` exactly when ``a >= b`` (a difference of floats is 0
        # only when they are equal), so one array operation fewer per WTP value, same counts
        counts = [np.count_nonzero(w * delta_qaly >= delta_cost) for w in wtp_values]
    else:
        counts = [np.count_nonzero(w * delta_qaly - delta_cost >= 0) for w in wtp_values]
    return [[float(w), float(c / delta_qaly.size)] for w, c in zip(wtp_values, counts)]


# --- the analysis --------------------------------------------------------------------------

def run_psa(
    inputs: ModelInputs,
    n: int,
    seed: int,
    *,
    wtp_values: Sequence[float] | None = None,
) -> PSAResult:
    """Probabilistic sensitivity analysis of one family.

    Parameters
    ----------
    inputs : ModelInputs
        The family (:func:`calculator.analysis.model_inputs.model_inputs`).
    n : int
        Number of draws, 1 to :data:`MAX_DRAWS`.
    seed : int
        Seed of the one :func:`numpy.random.default_rng` used for every draw (and for
        choosing the plotted subsample of the plane); same seed, same result.
    wtp_values : sequence of float, optional
        WTP values of the acceptability curve [currency/QALY]; default
        :func:`default_wtp_values` around the scenario's WTP.

    Returns
    -------
    PSAResult

    Notes
    -----
    Runs of more than :data:`CHUNK` draws go through the model in chunks (each parameter's
    stream continues across chunks, so the result does not depend on the chunk size), keeping
    memory under 1 GiB for
    1,000,000 draws. Percentiles need every draw of an output; only the eleven outputs of
    :data:`OUTPUTS` are kept.
    """
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or not 1 <= n <= MAX_DRAWS:
        raise ValueError(f"n must be a whole number from 1 to {MAX_DRAWS:,}")
    kept = n <= min(KEEP_DRAWS_UP_TO, CHUNK)  # one chunk, from the kept draws (the same numbers)
    # the parameters' streams only when drawing here; the plane's subsample always has its own
    streams = {"_plane": plane_stream(inputs, seed)} if kept else parameter_streams(inputs, seed)
    wtp = float(inputs.params["wtp_per_qaly"])
    arrays = {name: np.empty(n) for name in OUTPUTS}  # one array per output, filled chunk by chunk
    directed = has_directed(inputs)
    if directed:  # private storage's increments over directed donation
        arrays["_dq_directed"], arrays["_dc_directed"] = np.empty(n), np.empty(n)
    sums = np.zeros(3)  # NMB none, public, private at the scenario WTP
    sum_max = 0.0
    for start in range(0, n, CHUNK):
        m = min(CHUNK, n - start)
        params: dict[str, Any] = {**inputs.params, **_draws_for(inputs, n, seed)} if kept else draw_parameters(inputs, m, streams)
        out = inputs.run(params)
        o = _outputs(out)
        for name in OUTPUTS:
            arrays[name][start:start + m] = o[name]
        if directed:
            arrays["_dq_directed"][start:start + m] = np.asarray(out.delta_qaly_vs_directed, dtype=float)
            arrays["_dc_directed"][start:start + m] = o["pv_cost_private"] - np.asarray(out.pv_cost_directed, dtype=float)
        w = np.asarray(out.wtp_per_qaly, dtype=float)
        nmb_pub = np.broadcast_to(w * o["qaly_public"], (m,))
        nmb_priv = np.broadcast_to(w * o["qaly_private"] - o["pv_cost_private"], (m,))
        sums += (0.0, nmb_pub.sum(), nmb_priv.sum())
        sum_max += np.maximum(np.maximum(nmb_pub, nmb_priv), 0.0).sum()
        del out, o

    summary = summarise_all({name: arrays[name] for name in OUTPUTS})
    dq, dc = arrays["delta_qaly_vs_public"], arrays["pv_cost_private"]
    wtps = default_wtp_values(wtp) if wtp_values is None else np.asarray(wtp_values, dtype=float)
    curve = ceac(dq, dc, wtps)
    prob = ceac(dq, dc, [wtp])[0][1]
    value_of_info = sum_max / n - float(np.max(sums / n))

    pick = np.sort(streams["_plane"].choice(n, size=MAX_PLANE_POINTS, replace=False)) if n > MAX_PLANE_POINTS else slice(None)
    plane = {"delta_qaly": dq[pick].tolist(), "delta_cost": dc[pick].tolist()}
    vs_directed = None
    if directed:
        dq_d, dc_d = arrays["_dq_directed"], arrays["_dc_directed"]
        vs_directed = PairPSA("directed", ceac(dq_d, dc_d, [wtp])[0][1], ceac(dq_d, dc_d, wtps),
                              {"delta_qaly": dq_d[pick].tolist(), "delta_cost": dc_d[pick].tolist()})
    freqs = {name: natural_frequency(summary[name]) for name in PROBABILITY_OUTPUTS}
    return PSAResult(
        n=int(n), seed=int(seed), wtp=wtp, summary=summary, prob_private_cost_effective=prob,
        ceac=curve, evpi=max(value_of_info, 0.0), plane=plane, natural_frequencies=freqs,
        drawn=drawn_parameters(inputs), vs_directed=vs_directed,
    )
