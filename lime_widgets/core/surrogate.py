"""The local surrogate: weighted ridge regression on the interpretable samples.

Every explained label shares the samples ``Z`` and their kernel weights ``pi``, so the weighted,
centred Gram matrix ``G = Zc' W Zc`` is built once and every step that follows (feature selection
for each label, the final ridge solves) works on ``G`` and ``Zc' W Yc``, never on ``n x d`` data
again. This reproduces lime 0.2.0.1's semantics:

* final model: sklearn ``Ridge(alpha=1, fit_intercept=True)`` with ``sample_weight=pi``;
* ``score``: its weighted R^2 on the samples; ``local_pred``: its value at row 0 (the instance);
* feature selection ``none``, ``forward_selection`` (greedy on the R^2 of an unpenalised weighted
  least-squares fit), ``highest_weights`` (``Ridge(alpha=0.01)`` on all features, ranked by
  ``|coef * z0|``), ``lasso_path`` (LARS-lasso on the weighted centred data, the last point of the
  path with at most ``num_features`` non-zero coefficients), ``auto``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg

__all__ = ["FEATURE_SELECTION_METHODS", "SurrogateFit", "WeightedDesign", "design_for", "fit_surrogates"]

FEATURE_SELECTION_METHODS = ("auto", "none", "forward_selection", "highest_weights", "lasso_path")
RIDGE_ALPHA = 1.0
HIGHEST_WEIGHTS_ALPHA = 0.01


@dataclass
class SurrogateFit:
    """The surrogate of one label: ``used`` feature ids (in selection order) and their coefficients."""

    used: np.ndarray
    coef: np.ndarray
    intercept: float
    score: float
    local_pred: float

    def local_exp(self) -> list[tuple[int, float]]:
        """lime's ``local_exp`` entry: (feature id, weight) sorted by |weight|, largest first."""
        pairs = [(int(f), float(c)) for f, c in zip(self.used, self.coef)]
        return sorted(pairs, key=lambda p: abs(p[1]), reverse=True)

    def dense(self, num_features: int) -> np.ndarray:
        w = np.zeros(num_features)
        w[self.used] = self.coef
        return w


def checked_samples(Z, weights) -> tuple[np.ndarray, np.ndarray, float]:
    """The samples (n x d), their kernel weights (n,) and the weights' sum, or a ValueError saying what is wrong."""
    Z = np.asarray(Z)
    w = np.asarray(weights, dtype=float).ravel()
    if Z.ndim != 2 or w.shape[0] != Z.shape[0]:
        raise ValueError("samples and weights disagree in length")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("kernel weights must be finite and non-negative; check the kernel function")
    total = w.sum()
    if total <= 0:
        raise ValueError("all kernel weights are zero; the kernel width is too small for these distances")
    return Z, w, float(total)


class BlockedSamples:
    """The samples ``Z`` (n x d, kept in their own dtype, e.g. boolean) read as floats a block of rows
    of about ``CELLS`` entries at a time, so no n x d float copy is ever held. Base of the primal
    (:class:`WeightedDesign`) and dual (:class:`.dual.DualDesign`) designs."""

    CELLS = 2**17  # entries of Z per block
    Z: np.ndarray
    n: int
    d: int

    def row_blocks(self):
        """``(lo, hi)`` of each block of rows."""
        rows = max(1, self.CELLS // max(self.d, 1))
        for lo in range(0, self.n, rows):
            yield lo, min(lo + rows, self.n)

    def rows(self, lo: int, hi: int) -> np.ndarray:
        """Rows lo..hi as a fresh float array."""
        return self.Z[lo:hi].astype(float)

    def columns(self, cols) -> np.ndarray:
        """The samples of the given columns as floats (n x len(cols))."""
        return self.Z[:, cols].astype(float)


class WeightedDesign(BlockedSamples):
    """Weighted, centred sufficient statistics of the samples ``Z`` (n x d) under weights ``w``, and
    of the targets ``Y`` (n x k) when given: ``gram = Zc' W Zc``, ``xty = Zc' W Yc``, ``yty``.

    Built in passes over row blocks of about a megabyte, so the samples stay in their own (boolean)
    dtype, no n x d float copy is ever held and each block is converted, shifted and scaled in place:
    memory beyond ``Z`` is one block plus the d x d Gram matrix. The Gram matrix needs no model output,
    so the engine builds it before the model is called, while the first batch of inputs is built;
    ``targets(Y)`` adds what needs ``Y``.
    """

    def __init__(self, Z: np.ndarray, weights: np.ndarray, Y: np.ndarray | None = None):
        Z, w, total = checked_samples(Z, weights)
        self.Z = Z
        self.w = w
        self.total = total
        self.n, self.d = Z.shape
        self.x0 = Z[0].astype(float)
        # one pass over the blocks, shifted by the instance row x0 (a point inside the data, so the
        # correction below cancels nothing large): Zc' W Zc = (Z - x0)' W (Z - x0) - total * m m',
        # with m = x_mean - x0
        shifted = np.zeros(self.d)
        self.gram = np.zeros((self.d, self.d))
        root = np.sqrt(w)
        for lo, hi in self.row_blocks():
            B = self.rows(lo, hi)
            B -= self.x0
            shifted += w[lo:hi] @ B
            B *= root[lo:hi, None]
            self.gram += B.T @ B  # numpy computes X'X with a symmetric rank-k update: half the flops
        m = shifted / total
        self.x_mean = self.x0 + m
        self.gram -= total * np.outer(m, m)
        if Y is not None:
            self.targets(Y)

    def targets(self, Y: np.ndarray) -> WeightedDesign:
        """Add the statistics of the targets ``Y`` (n x k): ``y_mean``, ``yty`` and ``xty``."""
        Y = np.asarray(Y, dtype=float)
        w = self.w
        self.y_mean = (w @ Y) / self.total
        Yc = Y - self.y_mean
        wYc = Yc * w[:, None]
        self.yty = np.einsum("ij,ij->j", Yc, wYc)
        self.xty = np.zeros((self.d, Y.shape[1]))  # = Zc' W Yc = (Z - x0)' W Yc, as W Yc sums to 0
        for lo, hi in self.row_blocks():
            B = self.rows(lo, hi)
            B -= self.x0
            self.xty += B.T @ wYc[lo:hi]
        return self


def _solve_spd(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    # numpy's LAPACK: scipy ships a second OpenBLAS whose threads wake slowly for these small systems
    try:
        return np.linalg.solve(A, B)
    except np.linalg.LinAlgError:
        return linalg.lstsq(A, B)[0]


def _forward_selection(gram: np.ndarray, xty: np.ndarray, num_features: int) -> np.ndarray:
    """Greedy forward selection on the unpenalised weighted least-squares R^2.

    The R^2 gained by adding feature j to the selected set S is ``r_j^2 / R_jj`` where ``R`` is the
    Gram matrix with S partialled out and ``r`` the cross-products with S partialled out; both are
    updated by one rank-one step per selected feature (no refit per candidate).
    """
    d = gram.shape[0]
    R = gram.copy()
    r = xty.copy()
    scale = np.maximum(np.diag(gram), 1e-300)
    used: list[int] = []
    for _ in range(min(num_features, d)):
        diag = np.diag(R).copy()
        p, ok = best_candidate(diag, r, scale, used)
        used.append(p)
        if ok:
            col = R[:, p].copy()
            R -= np.outer(col, col) / diag[p]
            r -= col * (r[p] / diag[p])
    return np.array(used, dtype=int)


def best_candidate(partial_diag: np.ndarray, r: np.ndarray, scale: np.ndarray, used: list[int]) -> tuple[int, bool]:
    """Forward selection's next feature (primal and dual): the largest R^2 gain ``r_j^2 / R_jj`` among
    the features not yet used, and whether it adds anything (its partialled-out variance is not ~0)."""
    ok = partial_diag > 1e-10 * scale
    gain = np.zeros(len(r))
    gain[ok] = r[ok] ** 2 / partial_diag[ok]
    gain[used] = -np.inf
    p = int(np.argmax(gain))
    return p, bool(ok[p])


def last_on_lasso_path(coefs: np.ndarray, num_features: int) -> np.ndarray:
    """The features of the last point on a lasso path (coefficients, d x steps) with at most
    ``num_features`` of them non-zero, as lime picks them."""
    nonzero = np.arange(coefs.shape[0])
    for i in range(coefs.shape[1] - 1, 0, -1):
        nonzero = coefs[:, i].nonzero()[0]
        if len(nonzero) <= num_features:
            break
    return nonzero


def _lasso_path_selection(design: WeightedDesign, xty: np.ndarray, num_features: int) -> np.ndarray:
    from sklearn.linear_model import lars_path_gram

    _, _, coefs = lars_path_gram(Xy=xty, Gram=design.gram, n_samples=design.n, method="lasso")
    return last_on_lasso_path(coefs, num_features)


def resolve_feature_selection(method: str, num_features: int) -> str:
    if method not in FEATURE_SELECTION_METHODS:
        raise ValueError(
            f"feature_selection must be one of {', '.join(FEATURE_SELECTION_METHODS)}; got {method!r}"
        )
    if method == "auto":
        return "forward_selection" if num_features <= 6 else "highest_weights"
    return method


def select_features(design: WeightedDesign, xty: np.ndarray, method: str, num_features: int) -> list[np.ndarray]:
    """Selected feature ids for each column of ``xty`` (one per label)."""
    k = xty.shape[1]
    method = resolve_feature_selection(method, num_features)
    if method == "none":
        return [np.arange(design.d)] * k
    if method == "forward_selection":
        return [_forward_selection(design.gram, xty[:, j], num_features) for j in range(k)]
    if method == "highest_weights":
        coef = _solve_spd(design.gram + HIGHEST_WEIGHTS_ALPHA * np.eye(design.d), xty)
        keys = np.abs(coef * design.x0[:, None])
        return [np.argsort(-keys[:, j], kind="stable")[:num_features] for j in range(k)]
    return [_lasso_path_selection(design, xty[:, j], num_features) for j in range(k)]


def _weighted_r2(y, pred, w) -> float:
    y_mean = np.average(y, weights=w)
    tss = float(np.sum(w * (y - y_mean) ** 2))
    rss = float(np.sum(w * (y - pred) ** 2))
    return _r2(rss, tss)


def _r2(rss: float, tss: float) -> float:
    # sklearn's convention for a constant target: 1 for a perfect fit, else 0
    if tss <= 0:
        return 1.0 if rss <= 1e-24 else 0.0
    return 1.0 - rss / tss


def _fit_ridge_on_gram(design, y_mean, xty, yty, used_sets, label_cols):
    """Ridge(alpha=1) for every label; labels with the same feature set share one solve."""
    fits: dict[int, SurrogateFit] = {}
    groups: dict[bytes, list[int]] = {}
    for j, used in zip(label_cols, used_sets):
        groups.setdefault(np.asarray(used, dtype=int).tobytes(), []).append(j)
    for key, cols in groups.items():
        used = np.frombuffer(key, dtype=int)
        if used.size == 0:
            coefs = np.zeros((0, len(cols)))
        else:
            G = design.gram[np.ix_(used, used)]
            coefs = _solve_spd(G + RIDGE_ALPHA * np.eye(len(used)), xty[np.ix_(used, cols)])
        for c, j in enumerate(cols):
            coef = coefs[:, c]
            intercept = float(y_mean[j] - design.x_mean[used] @ coef)
            b = xty[used, j]
            rss = float(yty[j] - 2 * coef @ b + coef @ design.gram[np.ix_(used, used)] @ coef) if used.size else float(yty[j])
            fits[j] = SurrogateFit(
                used=used.copy(),
                coef=coef.copy(),
                intercept=intercept,
                score=_r2(max(rss, 0.0), float(yty[j])),
                local_pred=float(intercept + design.x0[used] @ coef),
            )
    return fits


def _fit_with_regressor(design, Y, used_sets, label_cols, model_regressor):
    fits = {}
    for j, used in zip(label_cols, used_sets):
        X = design.columns(used)
        y = Y[:, j]
        model_regressor.fit(X, y, sample_weight=design.w)
        if not hasattr(model_regressor, "coef_") or not hasattr(model_regressor, "intercept_"):
            raise TypeError("model_regressor must expose coef_ and intercept_ after fit(X, y, sample_weight)")
        coef = np.asarray(model_regressor.coef_, dtype=float).ravel()
        intercept = float(np.asarray(model_regressor.intercept_, dtype=float).ravel()[0])
        pred = intercept + X @ coef
        if hasattr(model_regressor, "score"):
            score = float(model_regressor.score(X, y, sample_weight=design.w))
        else:
            score = _weighted_r2(y, pred, design.w)
        fits[j] = SurrogateFit(
            used=np.asarray(used, dtype=int),
            coef=coef,
            intercept=intercept,
            score=score,
            local_pred=float(intercept + design.x0[used] @ coef),
        )
    return fits


def is_wide(Z) -> bool:
    """More features than samples: the surrogate is solved through the n x n kernel (``dual.py``)."""
    return np.ndim(Z) == 2 and np.shape(Z)[1] > np.shape(Z)[0]


def design_for(Z: np.ndarray, weights: np.ndarray, feature_selection: str = "auto", num_features: int = 10, model_regressor=None):
    """The statistics of the samples and their weights that need no model output (the Gram matrix, or for
    d > n the dual's kernel and its factors), for ``fit_surrogates(..., design=...)``."""
    if is_wide(Z):
        from .dual import DualDesign

        return DualDesign(Z, weights).prepare(resolve_feature_selection(feature_selection, int(num_features)), model_regressor)
    return WeightedDesign(Z, weights)


def fit_surrogates(
    Z: np.ndarray,
    Y: np.ndarray,
    weights: np.ndarray,
    labels,
    num_features: int,
    feature_selection: str = "auto",
    model_regressor=None,
    design=None,
) -> dict[int, SurrogateFit]:
    """Fit the surrogate of every label in ``labels`` (columns of ``Y``) on one shared design.

    ``design``: ``design_for(Z, weights, ...)`` built beforehand (the engine builds it while the first batch
    of inputs is built)."""
    labels = [int(l) for l in labels]
    if num_features is None or int(num_features) < 1:
        raise ValueError(f"num_features must be a positive integer, got {num_features!r}")
    num_features = int(num_features)
    Ysub = np.asarray(Y, dtype=float)[:, labels]
    if is_wide(Z):  # more features than samples: n x n solves
        from .dual import fit_surrogates_dual

        fits = fit_surrogates_dual(Z, Ysub, weights, labels, num_features, feature_selection, model_regressor, design=design)
        return {labels[c]: fit for c, fit in fits.items()}
    design = WeightedDesign(Z, weights, Ysub) if design is None else design.targets(Ysub)
    y_mean, xty, yty = design.y_mean, design.xty, design.yty
    used_sets = select_features(design, xty, feature_selection, num_features)
    cols = list(range(len(labels)))
    if model_regressor is None:
        fits = _fit_ridge_on_gram(design, y_mean, xty, yty, used_sets, cols)
    else:
        fits = _fit_with_regressor(design, Ysub, used_sets, cols, model_regressor)
    return {labels[c]: fits[c] for c in cols}
