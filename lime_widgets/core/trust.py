"""How far to trust one explanation: weight intervals, ties, and short warnings.

Domain-free: everything here reads the explanation's samples (``exp.neighborhood``), its fits and
its model adapter's record; nothing asks the model again. Stability across seeds is in
``stability.py``, deletion / insertion curves in ``curves.py``.
"""
from __future__ import annotations

import numpy as np

from .intervals import (
    abs_interval,
    effective_samples,
    forward_selection_unsettled,
    intervals_overlap,
    ridge_alpha_of,
    sandwich_covariance,
    separation,
    weight_intervals,
)
from .surrogate import WeightedDesign, _solve_spd

__all__ = [
    "LOW_R2", "confidence_intervals", "explained_label", "explanation_warnings", "tied_features", "unseparated_features",
]

LOW_R2 = 0.5  # below this the surrogate explains less of the model's local variation than it leaves out
PROBABILITY_SLACK = 1e-3  # a surrogate estimate this far outside [0, 1] is worth a word


def explained_label(exp, label=None) -> int:
    """The label key of ``as_map()``: ``None`` is the first explained (top) label; regression: the value (1)."""
    if exp.mode == "regression":
        return 1
    if label is None:
        return int(exp.top_labels[0]) if exp.top_labels else int(exp.labels[0])
    return exp._check_label(label)


def _target(exp, label: int) -> np.ndarray:
    Y = np.asarray(exp.neighborhood["Y"], dtype=float)
    return Y if exp.mode == "regression" else Y[:, label]


def _alpha(exp) -> float:
    settings = exp.settings or {}
    return ridge_alpha_of(settings.get("model_regressor"))


def _covariance(exp, label: int) -> np.ndarray:
    """The sandwich covariance of the label's weights (cached on the explanation)."""
    cache = exp.__dict__.setdefault("_weight_covariance", {})
    if label not in cache:
        nb = exp.neighborhood
        if "Z" not in nb or "weights" not in nb:
            raise ValueError("this explanation does not hold its samples, so its weights have no intervals")
        fit = exp.fit(label)
        design = WeightedDesign(np.asarray(nb["Z"])[:, fit.used], nb["weights"])
        cache[label] = sandwich_covariance(design, _target(exp, label), fit.coef, _alpha(exp))[0]
    return cache[label]


def _dof(exp, p: int) -> float:
    return effective_samples(exp.neighborhood["weights"]) - p - 1


def confidence_intervals(exp, label=None, level: float = 0.95) -> dict[int, tuple[float, float]]:
    """``{feature_id: (low, high)}``: ``level`` intervals of the weights of ``as_map()[label]``.

    Heteroscedasticity-robust (HC1 sandwich) covariance of the weighted ridge, Student's t quantile
    with the kernel's effective number of samples minus p + 1 as degrees of freedom (see
    ``intervals.py``). They describe how much the weights move from one set of samples to another:
    the spread of explanations across seeds, not whether a linear surrogate suits the model.
    """
    label = explained_label(exp, label)
    fit = exp.fit(label)
    if fit.used.size == 0:
        return {}
    low, high = weight_intervals(fit.coef, _covariance(exp, label), level, _dof(exp, fit.used.size))
    return {int(f): (float(a), float(b)) for f, a, b in zip(fit.used, low, high)}


def tied_features(exp, label=None, level: float = 0.95) -> list[tuple[int, int]]:
    """Pairs (a, b) of features ranked next to each other (by |weight|, as in ``as_map``) among the top
    ``num_features`` (and the first one after them, when it was estimated) whose |weight| intervals
    overlap: the samples do not settle which of the two matters more."""
    label = explained_label(exp, label)
    intervals = confidence_intervals(exp, label, level)
    ranked = [f for f, _ in exp.as_map()[label]]
    pairs = []
    for a, b in zip(ranked[: exp.num_features], ranked[1 : exp.num_features + 1]):
        if intervals_overlap(abs_interval(*intervals[a]), abs_interval(*intervals[b])):
            pairs.append((a, b))
    return pairs


def unseparated_features(Z, Y, weights, k: int, level: float, alpha: float, method: str) -> list[int]:
    """For ``num_samples='auto'``: the features whose place in the top ``k`` the samples do not settle
    yet, for any column of ``Y`` (one per label), judged the way ``method`` (the resolved feature
    selection) picks them. Empty when every label's top ``k`` is settled.

    ``forward_selection``: an S-LIME-style test of every greedy step, best candidate against the
    runner-up (``intervals.forward_selection_unsettled``). ``none``, ``highest_weights`` and
    ``lasso_path``: in the weighted ridge on every feature, the top ``k`` by |weight| (times the
    instance's value for ``highest_weights``, as it ranks) must be separated from the rest by their
    ``level`` intervals (``intervals.separation``); for ``lasso_path`` that ranking stands in for the
    path's order of entry.
    """
    design = WeightedDesign(Z, weights, Y)
    out: list[int] = []
    if method == "forward_selection":
        for j in range(Y.shape[1]):
            out += [f for f in forward_selection_unsettled(design, Y[:, j], k, level) if f not in out]
        return out
    coefs = _solve_spd(design.gram + alpha * np.eye(design.d), design.xty)
    covs = sandwich_covariance(design, Y, coefs, alpha)
    dof = effective_samples(weights) - design.d - 1
    scale = np.abs(design.x0) if method == "highest_weights" else np.ones(design.d)
    for j, cov in enumerate(covs):
        low, high = weight_intervals(coefs[:, j], cov, level, dof)
        found = separation(coefs[:, j] * scale, low * scale, high * scale, k)
        out += [int(f) for f in found if f not in out]
    return out


def _names(exp, ids) -> str:
    return ", ".join(repr(exp.domain.feature_names[i]) for i in ids)


def explanation_warnings(exp, label=None) -> list[str]:
    """Short warnings about the explanation of ``label``: a poor fit, a surrogate estimate outside
    [0, 1] for a probability, model rows that do not sum to 1, tied top features, and, for
    ``num_samples='auto'``, features still unseparated at the cap."""
    label = explained_label(exp, label)
    out = []
    score = exp.score[label]
    if score < LOW_R2:
        out.append(f"low R² {score:.2f} (< {LOW_R2}): the linear surrogate misses much of the model's local behaviour")
    if exp.mode == "classification":
        pred = exp.local_pred[label]
        if not -PROBABILITY_SLACK <= pred <= 1 + PROBABILITY_SLACK:
            out.append(
                f"the surrogate's estimate at the instance is {pred:.3f} for class {exp.class_names[label]!r}, outside [0, 1]: "
                "the linear surrogate extrapolates"
            )
    stats = exp.evaluator.adapter.stats
    if getattr(stats, "unnormalised_rows", 0):
        out.append(
            f"{stats.unnormalised_rows} of {stats.rows} model rows do not sum to 1 (sums {stats.row_sum_min:.3g} to "
            f"{stats.row_sum_max:.3g}): are these class probabilities?"
        )
    try:
        ties = tied_features(exp, label)
    except ValueError:  # a surrogate without least-squares intervals, or no samples kept
        ties = []
    if ties:
        shown = "; ".join(_names(exp, pair).replace(", ", " ~ ") for pair in ties[:3])
        more = f" and {len(ties) - 3} more" if len(ties) > 3 else ""
        out.append(f"tied top features (95% weight intervals overlap, order not settled): {shown}{more}")
    if exp.unseparated:
        out.append(
            f"num_samples='auto' stopped at the cap ({exp.num_samples} samples) with the top-{exp.num_features} boundary "
            f"unsettled between {_names(exp, exp.unseparated[:6])}"
        )
    return out
