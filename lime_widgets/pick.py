"""Explaining many instances (in parallel through joblib), and submodular pick (SP-LIME)."""
from __future__ import annotations

import warnings
from contextlib import nullcontext

import numpy as np

from .core.engine import _progress
from .core.sampling import resolve_seed

__all__ = ["SubmodularPick", "explain_many", "instance_seeds", "submodular_pick"]


def instance_seeds(random_state, n: int) -> tuple[int, list[int]]:
    """A base seed and one seed per instance derived from it (independent of workers and backends)."""
    base = resolve_seed(random_state)
    states = np.random.SeedSequence(base).generate_state(n, dtype=np.uint32) if n else []
    return base, [int(s) & 0x7FFFFFFF for s in states]


def _take(instances, i):
    if hasattr(instances, "iloc"):
        return instances.iloc[i]
    return instances[i]


def _explain_one(explainer, instance, predict_fn, seed, options):
    return explainer.explain_instance(instance, predict_fn, random_state=seed, **options)


def explain_many(explainer, instances, predict_fn, *, n_jobs=None, random_state=None, progress=None, **options):
    """Explain every instance; returns the explanations in order.

    Runs through joblib: ``n_jobs`` workers locally, or any joblib backend in force, e.g.
    ``with joblib.parallel_backend('dask'):`` on a dask.distributed cluster. Each instance gets its
    own seed derived from ``random_state`` (default: the explainer's), so results do not depend on
    the backend or the number of workers. ``options`` go to ``explainer.explain_instance``.
    ``progress``: ``None`` (default) the instances explained so far, once it takes a while (in a
    notebook our progress view, elsewhere a tqdm bar), ``True`` a tqdm bar always, ``False`` none, or
    a callable ``progress(done, total)`` after each instance.
    """
    from joblib import Parallel, delayed

    n = len(instances)
    _, seeds = instance_seeds(getattr(explainer, "random_state", None) if random_state is None else random_state, n)
    options = {"progress": False, **options}  # one bar for the instances, none per instance
    jobs = (delayed(_explain_one)(explainer, _take(instances, i), predict_fn, seeds[i], options) for i in range(n))
    if progress is False:
        return list(Parallel(n_jobs=n_jobs)(jobs))
    from .widgets.progress import LiveProgress, in_kernel, showing

    if progress is None and in_kernel():  # a notebook: our own progress view, as for one long explanation
        live = LiveProgress(unit="instances")
        watch, report, close = showing(live), live.report, (lambda: None)
    else:
        watch = nullcontext()
        report, close = _progress(progress, unit="instances")
    results = []
    with watch:
        try:
            for exp in Parallel(n_jobs=n_jobs, return_as="generator")(jobs):
                results.append(exp)
                report(len(results), n)
        finally:
            close()
    return results


def _label_lists(exp):
    return exp.available_labels() if exp.mode == "classification" else [1]


def explanation_matrix(explanations) -> tuple[np.ndarray, list[str]]:
    """lime's W: one row per explanation, one column per feature name, weights summed over labels."""
    index: dict[str, int] = {}
    for exp in explanations:
        for label in _label_lists(exp):
            for name, _ in exp.as_list(label=label):
                index.setdefault(name, len(index))
    W = np.zeros((len(explanations), len(index)))
    for i, exp in enumerate(explanations):
        for label in _label_lists(exp):
            for name, value in exp.as_list(label=label):
                W[i, index[name]] += value
    return W, list(index)


def submodular_pick(W: np.ndarray, num_exps_desired: int) -> tuple[list[int], list[float]]:
    """Greedy coverage over ``W`` with importance I_j = sqrt(sum_i |W_ij|) (lime's algorithm).

    Returns the picked rows and the coverage reached after each pick. Ties go to the highest index,
    as lime's scan with ``>=`` does.
    """
    W = np.abs(np.asarray(W, dtype=float))
    importance = np.sqrt(W.sum(axis=0))
    used = W > 0
    covered = np.zeros(W.shape[1], dtype=bool)
    remaining = np.ones(W.shape[0], dtype=bool)
    picked, coverage = [], []
    for _ in range(min(num_exps_desired, W.shape[0])):
        gains = (used | covered[None, :]) @ importance
        gains[~remaining] = -np.inf
        best = int(np.flatnonzero(gains == gains.max())[-1])
        picked.append(best)
        remaining[best] = False
        covered |= used[best]
        coverage.append(float(covered @ importance))
    return picked, coverage


class SubmodularPick:
    """SP-LIME: explain a sample of ``data`` and pick a few explanations that cover the features.

    lime's arguments and semantics (``method`` 'sample' or 'full', ``sample_size``, ``num_exps_desired``,
    ``num_features``, other keywords to ``explain_instance``, ``top_labels`` default 1), but seeded:
    ``random_state`` (default: the explainer's) picks the sample and seeds every explanation, and the
    explanations are computed through ``explain_many`` (``n_jobs``, any joblib backend).
    ``.explanations``, ``.V`` (picked indices into ``.explanations``), ``.sp_explanations``,
    ``.sample_indices`` (rows of ``data``), ``.coverage`` (after each pick) and ``.total_importance``.
    """

    def __init__(self, explainer, data, predict_fn, method="sample", sample_size=1000, num_exps_desired=5, num_features=10, *,
                 random_state=None, n_jobs=None, progress=None, **kwargs):
        top_labels = kwargs.pop("top_labels", 1)
        n = len(data)
        base = resolve_seed(getattr(explainer, "random_state", None) if random_state is None else random_state)
        rng = np.random.default_rng(base)
        if method == "sample":
            if sample_size > n:
                warnings.warn(f"sample_size ({sample_size}) is larger than the data ({n}); explaining all of it", stacklevel=2)
                sample_size = n
            self.sample_indices = rng.permutation(n)[:sample_size]
        elif method == "full":
            self.sample_indices = np.arange(n)
        else:
            raise ValueError("method must be 'sample' or 'full'")
        sample = [_take(data, int(i)) for i in self.sample_indices]
        self.random_state = base
        options = dict(kwargs, num_features=num_features)
        if top_labels is not None and getattr(explainer, "mode", "classification") == "classification":
            options["top_labels"] = top_labels
        self.explanations = explain_many(explainer, sample, predict_fn, n_jobs=n_jobs, random_state=base, progress=progress, **options)
        num_exps_desired = int(num_exps_desired)
        if num_exps_desired > len(self.explanations):
            warnings.warn("num_exps_desired is larger than the number of explanations; returning them all", stacklevel=2)
        self.W, self.feature_names = explanation_matrix(self.explanations)
        self.V, self.coverage = submodular_pick(self.W, num_exps_desired)
        self.total_importance = float(np.sqrt(np.abs(self.W).sum(axis=0)).sum())
        self.sp_explanations = [self.explanations[i] for i in self.V]

    def view(self):
        """A gallery of the picked explanations with the coverage they reach."""
        from .widgets.pick import PickView

        return PickView(self)
