"""Stability across seeds: re-explain with other seeds and compare the explanations.

Every re-explanation uses the explanation's own domain, model adapter and evaluator (so a mask
answered before comes from the cache) and the settings the explanation records (``exp.settings``);
only the seed changes. The measures, over the original explanation and the new ones:

* ``jaccard``: the mean over pairs of explanations of the Jaccard index of their top-k feature sets
  (k = ``num_features``; with ``feature_selection='none'`` the k largest |weights|);
* ``vsi`` and ``csi``: the variables and coefficients stability indices of Visani et al. (2020,
  "Statistical stability indices for LIME: obtaining reliable explanations for machine learning
  models", J. Oper. Res. Soc. 2022). VSI: the mean over pairs of the share of the k features two
  explanations have in common. CSI: for each feature in the top-k of at least two explanations, the
  share of those pairs whose 95 % weight intervals overlap, averaged over features. Both in [0, 1]
  (the paper reports them times 100); our intervals are the sandwich intervals of ``intervals.py``
  where the paper uses the homoscedastic ones.
* ``spread``: per feature (in any top-k), the mean, std, min and max of its weight across the
  explanations (0 in an explanation that did not select it).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from .intervals import intervals_overlap
from .trust import confidence_intervals, explained_label

__all__ = ["Stability", "measure", "stability", "stability_seeds"]


@dataclass
class Stability:
    label: int
    k: int
    seeds: list[int]
    jaccard: float
    jaccard_min: float
    vsi: float
    csi: float
    spread: dict[int, dict[str, float]]
    cost: dict[str, float]
    explanations: list = field(repr=False, default_factory=list)

    def summary(self) -> str:
        return (
            f"top-{self.k} over {len(self.seeds)} seeds: Jaccard {self.jaccard:.2f} (min {self.jaccard_min:.2f}), "
            f"VSI {self.vsi:.2f}, CSI {self.csi:.2f}"
        )


def stability_seeds(seed: int, seeds) -> list[int]:
    """The seeds to re-explain with: ``seeds`` itself when it is a list, else that many derived from ``seed``."""
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, bool):
        if seeds < 1:
            raise ValueError(f"seeds must be a positive number of seeds or a list of seeds, got {seeds!r}")
        states = np.random.SeedSequence(seed).generate_state(int(seeds) + 1, dtype=np.uint32)
        out = [int(s) & 0x7FFFFFFF for s in states if int(s) & 0x7FFFFFFF != seed]
        return out[: int(seeds)]
    try:
        out = [int(s) for s in seeds]
    except TypeError:
        raise TypeError(f"seeds must be an int or a list of ints, got {type(seeds).__name__}") from None
    if not out or any(s < 0 for s in out):
        raise ValueError(f"seeds must be a non-empty list of non-negative ints, got {seeds!r}")
    return list(dict.fromkeys(out))


def _top(exp, label: int, k: int) -> list[int]:
    return [f for f, _ in exp.as_map()[label][:k]]


def _pairwise(sets, k: int) -> tuple[list[float], list[float]]:
    jac, shared = [], []
    for a, b in combinations(sets, 2):
        a, b = set(a), set(b)
        union = len(a | b)
        jac.append(len(a & b) / union if union else 1.0)
        shared.append(len(a & b) / k if k else 1.0)
    return jac, shared


def _csi(explanations, label: int, sets) -> float:
    intervals = [confidence_intervals(e, label) for e in explanations]
    shares = []
    for f in sorted(set().union(*map(set, sets))):
        holding = [iv[f] for iv, s in zip(intervals, sets) if f in s]
        if len(holding) >= 2:
            shares.append(np.mean([intervals_overlap(a, b) for a, b in combinations(holding, 2)]))
    return float(np.mean(shares)) if shares else 1.0


def _spread(explanations, label: int, sets) -> dict[int, dict[str, float]]:
    W = np.array([e.weights(label) for e in explanations])
    out = {}
    for f in sorted(set().union(*map(set, sets))):
        col = W[:, f]
        out[int(f)] = {"mean": float(col.mean()), "std": float(col.std()), "min": float(col.min()), "max": float(col.max())}
    return out


def stability(exp, seeds=10, label=None, progress=None) -> Stability:
    """Re-explain ``exp`` with other seeds (see the module docstring) and measure the agreement."""
    from .engine import explain

    if exp.settings is None:
        raise ValueError("this explanation does not record the settings it was made with; make it with an explainer")
    label = explained_label(exp, label)
    new_seeds = [s for s in stability_seeds(exp.seed, seeds) if s != exp.seed]
    stats = exp.evaluator.adapter.stats
    before = (stats.rows, stats.calls, stats.seconds, exp.evaluator.hits)
    t0 = time.perf_counter()
    explanations = [exp]
    if progress is not None:
        progress(0, len(new_seeds))
    for i, seed in enumerate(new_seeds):
        explanations.append(explain(exp.domain, None, random_state=seed, evaluator=exp.evaluator, progress=False, **exp.settings))
        if progress is not None:
            progress(i + 1, len(new_seeds))
    cost = {
        "explanations": len(new_seeds), "rows": stats.rows - before[0], "calls": stats.calls - before[1],
        "model_seconds": stats.seconds - before[2], "cache_hits": exp.evaluator.hits - before[3],
        "seconds": time.perf_counter() - t0,
    }
    return measure(explanations, label, exp.num_features, cost)


def measure(explanations, label: int, k: int, cost: dict | None = None) -> Stability:
    """The agreement of ``explanations`` (the original first) on ``label``'s top ``k`` features: also used
    to measure further labels on the explanations one :func:`stability` run made."""
    sets = [_top(e, label, k) for e in explanations]
    jac, shared = _pairwise(sets, min(k, explanations[0].domain.num_features))
    return Stability(
        label=label, k=k, seeds=[e.seed for e in explanations], jaccard=float(np.mean(jac)), jaccard_min=float(np.min(jac)),
        vsi=float(np.mean(shared)), csi=_csi(explanations, label, sets), spread=_spread(explanations, label, sets),
        cost=dict(cost or {}), explanations=explanations,
    )
