"""Uncertainty of the surrogate's weights: a heteroscedasticity-robust (sandwich) covariance.

The weighted ridge of one label, on the selected columns ``S`` of the samples, is
``beta = A^-1 Zc' W yc`` with ``A = Zc' W Zc + alpha I`` (``Zc`` the columns centred on their
weighted mean, ``W`` the kernel weights). Given the samples its covariance is
``A^-1 (Zc' W diag(s^2) W Zc) A^-1`` for the noise variances ``s_i^2`` of the model's answers around
the surrogate; the sandwich estimate puts the squared residuals ``r_i^2`` in their place (White's
HC estimator) and scales by ``n / (n - p - 1)`` (HC1). Nothing assumes the residuals share one
variance: a linear surrogate of a non-linear model has residuals that grow away from the instance.

``A`` is the Gram matrix the surrogate already builds (``WeightedDesign``); the "meat" needs one more
blocked pass over the samples with the residuals. Intervals use Student's t with ``n_eff - p - 1``
degrees of freedom, ``n_eff = (sum w)^2 / sum w^2`` the kernel's effective number of samples (Kish):
the residual variance is a weighted mean over about ``n_eff`` samples, not ``n``. With a few hundred
effective samples t and the normal differ in the third digit; with a narrow kernel t is the honest one.

The intervals are conditional on the samples' selection of features (the selection step is not
re-run), so with ``forward_selection`` or ``highest_weights`` they are somewhat optimistic.
"""
from __future__ import annotations

import numpy as np
from scipy import stats

from .surrogate import RIDGE_ALPHA, WeightedDesign

__all__ = [
    "abs_interval", "effective_samples", "intervals_overlap", "ridge_alpha_of", "sandwich_covariance",
    "separation", "weight_intervals",
]


def effective_samples(weights: np.ndarray) -> float:
    """Kish's effective number of samples of the kernel weights."""
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / max(np.sum(w * w), 1e-300))


def ridge_alpha_of(model_regressor) -> float:
    """The ridge penalty of the surrogate: 1 (lime's default), a ``Ridge``'s ``alpha``, 0 for ``LinearRegression``."""
    if model_regressor is None:
        return RIDGE_ALPHA
    from sklearn.linear_model import LinearRegression, Ridge

    if isinstance(model_regressor, Ridge) and model_regressor.fit_intercept:
        return float(model_regressor.alpha)
    if isinstance(model_regressor, LinearRegression) and model_regressor.fit_intercept:
        return 0.0
    raise ValueError(
        f"weight intervals need a least-squares surrogate (the default ridge, sklearn's Ridge or LinearRegression "
        f"with an intercept); this explanation was fitted with {type(model_regressor).__name__}"
    )


def sandwich_covariance(design: WeightedDesign, Y: np.ndarray, coefs: np.ndarray, alpha: float) -> list[np.ndarray]:
    """The HC1 sandwich covariance of the weighted ridge coefficients of each column of ``Y``.

    ``design`` is the ``WeightedDesign`` of the surrogate's columns only (p of them); ``coefs`` is
    p x m, one column per target of ``Y`` (n x m). Returns m covariance matrices (p x p), from one
    pass over row blocks of the samples with the residuals.
    """
    n, p = design.n, design.d
    Y = np.asarray(Y, dtype=float).reshape(n, -1)
    coefs = np.asarray(coefs, dtype=float).reshape(p, -1)
    w = design.w
    Yc = Y - (w @ Y) / w.sum()
    meats = [np.zeros((p, p)) for _ in range(Y.shape[1])]
    for lo, hi in design.row_blocks():
        B = design.rows(lo, hi)
        B -= design.x_mean
        R = (Yc[lo:hi] - B @ coefs) * w[lo:hi, None]  # weighted residuals (intercept + x_mean . beta = y_mean)
        for j, meat in enumerate(meats):
            U = B * R[:, j : j + 1]
            meat += U.T @ U
    inv = np.linalg.pinv(design.gram + alpha * np.eye(p), hermitian=True)
    scale = n / max(n - p - 1, 1)
    return [scale * inv @ meat @ inv for meat in meats]


def weight_intervals(coef: np.ndarray, cov: np.ndarray, level: float, dof: float) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided ``level`` intervals (low, high) of each coefficient, Student's t with ``dof`` degrees of freedom."""
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level!r}")
    q = float(stats.t.ppf(0.5 + level / 2, max(dof, 1.0)))
    se = np.sqrt(np.maximum(np.diag(cov), 0.0))
    coef = np.asarray(coef, dtype=float)
    return coef - q * se, coef + q * se


def abs_interval(low: float, high: float) -> tuple[float, float]:
    """The interval of |w| given the interval (low, high) of w."""
    if low >= 0:
        return low, high
    if high <= 0:
        return -high, -low
    return 0.0, max(-low, high)


def intervals_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def separation(coef: np.ndarray, low: np.ndarray, high: np.ndarray, k: int) -> list[int]:
    """Features whose rank relative to the top-``k`` boundary (by |weight|) the intervals cannot settle.

    The top ``k`` by |coef| are separated from the rest when the smallest lower bound of |w| among
    them exceeds the largest upper bound among the others. Returns the features on either side that
    break this (empty when separated; always empty when ``k`` covers every feature).
    """
    d = len(coef)
    if k >= d or k <= 0:
        return []
    order = np.argsort(-np.abs(coef), kind="stable")
    spans = np.array([abs_interval(lo, hi) for lo, hi in zip(low, high)])
    top, rest = order[:k], order[k:]
    floor, ceiling = spans[top, 0].min(), spans[rest, 1].max()
    if floor > ceiling:
        return []
    return [int(j) for j in top if spans[j, 0] <= ceiling] + [int(j) for j in rest if spans[j, 1] >= floor]


def forward_selection_unsettled(design: WeightedDesign, y: np.ndarray, k: int, level: float) -> list[int]:
    """An S-LIME-style check of forward selection (Zhou, Hooker and Wang 2021): at every step, is the
    chosen feature's gain significantly larger than the runner-up's? Returns the pairs (flattened)
    of the steps where it is not and the runner-up is not chosen later (a doubt about the order of two
    features that both end in the top k does not change the top k).

    At a step with the features ``S`` already chosen, candidate j's R^2 gain is ``g_j = r_j^2 / R_jj``
    (``r_j`` its cross-product with y, ``R_jj`` its sum of squares, both with ``S`` partialled out, in
    the kernel-weighted centred design). ``sqrt(g_a) - sqrt(g_b)`` for the best ``a`` and runner-up
    ``b`` is a sum over the samples of ``v_i = w_i y~_i (s_a x~_ia / sqrt(R_aa) - s_b x~_ib / sqrt(R_bb))``
    (``~``: residuals on ``S``, ``s`` the signs of ``r``); the samples are independent draws, so its
    variance is estimated by n times the sample variance of ``v`` (the design held fixed, as in the
    sandwich). The step is settled when the difference exceeds the two-sided ``level`` normal quantile
    times its standard error.
    """
    G = design.gram
    y = np.asarray(y, dtype=float)
    w = design.w
    yc = y - (w @ y) / w.sum()
    g_y = design.xty[:, 0] if design.xty.ndim == 2 else design.xty
    z = float(stats.norm.ppf(0.5 + level / 2))
    d = design.d
    chosen: list[int] = []
    doubtful: list[tuple[int, int]] = []
    out: list[int] = []
    for _ in range(min(k, d - 1)):
        S = np.array(chosen, dtype=int)
        rest = np.array([j for j in range(d) if j not in chosen], dtype=int)
        if S.size:
            P = np.linalg.lstsq(G[np.ix_(S, S)], G[np.ix_(S, rest)], rcond=None)[0]  # partial-out coefficients
            beta = np.linalg.lstsq(G[np.ix_(S, S)], g_y[S], rcond=None)[0]
            R = np.diag(G[np.ix_(rest, rest)]) - np.einsum("ij,ij->j", G[np.ix_(S, rest)], P)
            r = g_y[rest] - G[np.ix_(rest, S)] @ beta
        else:
            P, beta = np.zeros((0, rest.size)), np.zeros(0)
            R, r = np.diag(G)[rest].copy(), g_y[rest].copy()
        ok = R > 1e-10 * np.maximum(np.diag(G)[rest], 1e-300)
        gain = np.where(ok, r**2 / np.where(ok, R, 1.0), 0.0)
        order = np.argsort(-gain, kind="stable")
        ia, ib = order[0], order[1]
        a, b = int(rest[ia]), int(rest[ib])
        cols = np.r_[S, [a, b]].astype(int)
        coef_a = np.r_[-P[:, ia], 1.0, 0.0] * np.sign(r[ia]) / np.sqrt(max(R[ia], 1e-300))
        coef_b = np.r_[-P[:, ib], 0.0, 1.0] * np.sign(r[ib]) / np.sqrt(max(R[ib], 1e-300))
        v = np.empty(design.n)
        for lo, hi in design.row_blocks():
            B = design.Z[lo:hi][:, cols].astype(float) - design.x_mean[cols]
            resid = yc[lo:hi] - B[:, : S.size] @ beta
            v[lo:hi] = w[lo:hi] * resid * (B @ (coef_a - coef_b))
        diff = float(v.sum())
        se = float(np.sqrt(design.n * v.var(ddof=1))) if design.n > 1 else np.inf
        if not diff > z * se:
            doubtful.append((a, b))
        chosen.append(a)
    for a, b in doubtful:  # a doubt about the order of two features that are both chosen leaves the top-k as it is
        if b not in chosen:
            out += [f for f in (a, b) if f not in out]
    return out
