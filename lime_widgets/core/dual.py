"""Surrogate solves whose cost follows min(n, d): the samples seen through their n x n kernel.

When features outnumber samples (a long document with positional features), the d x d Gram matrix
of ``core/surrogate.py`` is the wrong object: 100,000 features would need 80 GB for it. Here the
weighted, centred samples ``Xc = S (Z - 1 m')`` (``S = diag(sqrt(w))``, ``m`` the weighted mean)
are only touched in blocks of columns or rows, and every solve is n x n or smaller:

* ridge (``none``, and ``highest_weights``' alpha=0.01 ranking fit): ``beta = Xc' (K + a I)^-1 yt``
  with ``K = Xc Xc'`` (n x n) and ``yt = S (y - y_mean)``; the residual is ``a (K + a I)^-1 yt``;
* forward selection: the same greedy steps as the primal (the R^2 gain ``r_j^2 / R_jj`` with the
  selected set partialled out), the selected columns kept orthonormalised in sample space, so each
  step is one ``Xc' q`` product (O(n d)) instead of a rank-one update of a d x d matrix;
* lasso path: LARS on ``Xc`` itself (O(n d) memory, no Gram matrix);
* the final ridge on a selected set of at most a few hundred features: on those columns.

For binary masks ``Z Z'`` is computed in float32 blocks, exact for integer counts below 2**24.
Memory beyond ``Z``: a few n x n matrices, d-vectors and one block. ``check_memory`` estimates the
bytes of an explanation before anything large is allocated.
"""
from __future__ import annotations

import os

import numpy as np
from scipy import linalg

from .surrogate import (
    HIGHEST_WEIGHTS_ALPHA,
    RIDGE_ALPHA,
    BlockedSamples,
    SurrogateFit,
    best_candidate,
    checked_samples,
    last_on_lasso_path,
    resolve_feature_selection,
)

__all__ = ["DualDesign", "check_memory", "estimate_bytes", "fit_surrogates_dual"]

class DualDesign(BlockedSamples):
    """Weighted centred statistics of ``Z`` (n x d) and ``Y`` (n x k) without any d x d matrix."""

    CELLS = 2**21  # entries of Z converted at a time

    def __init__(self, Z: np.ndarray, weights: np.ndarray, Y: np.ndarray | None = None):
        Z, w, total = checked_samples(Z, weights)
        self.Z, self.w, self.total = Z, w, total
        self.n, self.d = Z.shape
        self.s = np.sqrt(w)
        self.x0 = Z[0].astype(float)
        m = np.zeros(self.d)
        for lo, hi in self.row_blocks():
            m += w[lo:hi] @ self.rows(lo, hi)
        self.x_mean = m / total
        self._K = None
        self._diag = None
        self._factors: dict[float, tuple | None] = {}  # alpha -> Cholesky factor of K + alpha I (None: not positive definite)
        if Y is not None:
            self.targets(Y)

    def targets(self, Y: np.ndarray) -> DualDesign:
        """Add the statistics of the targets ``Y`` (n x k): ``y_mean``, ``yt``, ``yty`` and ``xty``."""
        Y = np.asarray(Y, dtype=float)
        self.y_mean = (self.w @ Y) / self.total
        self.yt = (Y - self.y_mean) * self.s[:, None]  # S (Y - y_mean)
        self.yty = np.einsum("ij,ij->j", self.yt, self.yt)
        self.xty = self.xt_dot(self.yt)  # Xc' yt (d x k)
        return self

    def prepare(self, method: str, model_regressor=None) -> DualDesign:
        """Build now what the fit with feature selection ``method`` will need of the samples alone (the
        kernel and its Cholesky factor, or the Gram diagonal), before the model outputs exist."""
        if method == "highest_weights":
            self.factor(HIGHEST_WEIGHTS_ALPHA)
        elif method == "none" and model_regressor is None:
            self.factor(RIDGE_ALPHA)
        elif method == "forward_selection":
            _ = self.diag
        return self

    # ---- blocks ----------------------------------------------------------------------------
    def _col_blocks(self):
        step = max(1, self.CELLS // max(self.n, 1))
        for lo in range(0, self.d, step):
            yield lo, min(lo + step, self.d)

    def centred_columns(self, cols) -> np.ndarray:
        """``Xc[:, cols]``: the given columns weighted and centred (n x len(cols))."""
        return (self.columns(cols) - self.x_mean[cols]) * self.s[:, None]

    def xt_dot(self, V: np.ndarray) -> np.ndarray:
        """``Xc' V`` for an n x k matrix ``V`` (d x k), one block of rows at a time."""
        V = np.asarray(V, dtype=float)
        SV = V * self.s[:, None]
        out = np.zeros((self.d, V.shape[1]))
        for lo, hi in self.row_blocks():
            out += self.rows(lo, hi).T @ SV[lo:hi]
        out -= np.outer(self.x_mean, SV.sum(axis=0))
        return out

    @property
    def kernel(self) -> np.ndarray:
        """``K = Xc Xc'`` (n x n), from ``Z Z'``, ``Z m`` and ``m'm``."""
        if self._K is None:
            n = self.n
            ZZ = np.zeros((n, n))
            exact32 = self.Z.dtype == bool and self.d < 2**24
            for lo, hi in self._col_blocks():
                B = self.Z[:, lo:hi].astype(np.float32 if exact32 else float)
                ZZ += B @ B.T  # integer counts: exact in float32
            Zm = np.zeros(n)
            for lo, hi in self.row_blocks():
                Zm[lo:hi] = self.rows(lo, hi) @ self.x_mean
            K = ZZ
            K -= Zm[:, None]
            K -= Zm[None, :]
            K += self.x_mean @ self.x_mean
            K *= self.s[:, None]
            K *= self.s[None, :]
            self._K = K
        return self._K

    @property
    def diag(self) -> np.ndarray:
        """The diagonal of the (never built) Gram matrix ``Xc' Xc``."""
        if self._diag is None:
            g = np.zeros(self.d)
            for lo, hi in self.row_blocks():
                B = self.rows(lo, hi)
                B -= self.x_mean
                B *= B
                g += self.w[lo:hi] @ B
            self._diag = g
        return self._diag

    def factor(self, alpha: float):
        """The Cholesky factor of ``K + alpha I`` (kept), or None when it is not positive definite."""
        if alpha not in self._factors:
            A = self.kernel.copy()
            A[np.diag_indices_from(A)] += alpha
            try:  # K + alpha I is symmetric positive definite: Cholesky, half the flops of LU
                self._factors[alpha] = linalg.cho_factor(A, overwrite_a=True, check_finite=False)
            except linalg.LinAlgError:
                self._factors[alpha] = None
        return self._factors[alpha]

    def ridge_dual(self, alpha: float, cols) -> tuple[np.ndarray, np.ndarray]:
        """Ridge on all d features for the target columns ``cols``: coefficients (d x c) and rss (c)."""
        factor = self.factor(alpha)
        if factor is not None:
            a = linalg.cho_solve(factor, self.yt[:, cols], check_finite=False)
        else:
            A = self.kernel.copy()
            A[np.diag_indices_from(A)] += alpha
            a = linalg.lstsq(A, self.yt[:, cols])[0]
        beta = self.xt_dot(a)
        rss = alpha**2 * np.einsum("ij,ij->j", a, a)
        return beta, rss


def _forward_selection_dual(design: DualDesign, j: int, num_features: int) -> np.ndarray:
    """Greedy forward selection on the unpenalised weighted R^2, exactly the primal's steps."""
    d = design.d
    R = design.diag.copy()  # diagonal of the Gram matrix with the selected set partialled out
    r = design.xty[:, j].copy()
    scale = np.maximum(design.diag, 1e-300)
    y = design.yt[:, j]
    Q: list[np.ndarray] = []  # orthonormal basis of the selected columns in sample space
    used: list[int] = []
    for _ in range(min(num_features, d)):
        p, ok = best_candidate(R, r, scale, used)
        used.append(p)
        if ok:
            q = design.centred_columns([p])[:, 0]
            for _ in range(2):  # Gram-Schmidt, twice for orthogonality to working precision
                for b in Q:
                    q -= b * (b @ q)
            norm = np.linalg.norm(q)
            if norm <= 0:
                continue
            q /= norm
            Q.append(q)
            c = design.xt_dot(q[:, None])[:, 0]
            R -= c * c
            r -= c * (q @ y)
    return np.array(used, dtype=int)


def _lasso_path_dual(design: DualDesign, j: int, num_features: int) -> np.ndarray:
    from sklearn.linear_model import lars_path

    X = design.centred_columns(slice(None))
    _, _, coefs = lars_path(X, design.yt[:, j], method="lasso", copy_X=False)
    return last_on_lasso_path(coefs, num_features)


def select_features_dual(design: DualDesign, method: str, num_features: int) -> list[np.ndarray]:
    k = design.yt.shape[1]
    method = resolve_feature_selection(method, num_features)
    if method == "none":
        return [np.arange(design.d)] * k
    if method == "forward_selection":
        return [_forward_selection_dual(design, j, num_features) for j in range(k)]
    if method == "highest_weights":
        coef, _ = design.ridge_dual(HIGHEST_WEIGHTS_ALPHA, list(range(k)))
        keys = np.abs(coef * design.x0[:, None])
        return [np.argsort(-keys[:, j], kind="stable")[:num_features] for j in range(k)]
    return [_lasso_path_dual(design, j, num_features) for j in range(k)]


def _r2(rss: float, tss: float) -> float:
    if tss <= 0:
        return 1.0 if rss <= 1e-24 else 0.0
    return 1.0 - rss / tss


def _fit(design: DualDesign, j: int, used: np.ndarray, coef: np.ndarray, rss: float) -> SurrogateFit:
    intercept = float(design.y_mean[j] - design.x_mean[used] @ coef)
    return SurrogateFit(
        used=np.asarray(used, dtype=int).copy(),
        coef=np.asarray(coef, dtype=float).copy(),
        intercept=intercept,
        score=_r2(max(float(rss), 0.0), float(design.yty[j])),
        local_pred=float(intercept + design.x0[used] @ coef),
    )


def _fit_ridge(design: DualDesign, used_sets, label_cols) -> dict[int, SurrogateFit]:
    """Ridge(alpha=1) per label; all features: the dual; a selected set: its own small Gram."""
    fits = {}
    groups: dict[bytes, list[int]] = {}
    for j, used in zip(label_cols, used_sets):
        groups.setdefault(np.asarray(used, dtype=int).tobytes(), []).append(j)
    for key, cols in groups.items():
        used = np.frombuffer(key, dtype=int)
        if used.size == design.d and used.size > design.n:
            coefs, rss = design.ridge_dual(RIDGE_ALPHA, cols)
            for c, j in enumerate(cols):
                fits[j] = _fit(design, j, used, coefs[:, c], rss[c])
            continue
        if used.size == 0:
            for j in cols:
                fits[j] = _fit(design, j, used, np.zeros(0), design.yty[j])
            continue
        X = design.centred_columns(used)
        G = X.T @ X
        b = X.T @ design.yt[:, cols]
        coefs = np.linalg.solve(G + RIDGE_ALPHA * np.eye(len(used)), b)
        for c, j in enumerate(cols):
            coef = coefs[:, c]
            resid = design.yt[:, j] - X @ coef
            fits[j] = _fit(design, j, used, coef, resid @ resid)
    return fits


def fit_surrogates_dual(Z, Y, weights, labels, num_features, feature_selection="auto", model_regressor=None, design=None):
    """``fit_surrogates`` for d > n: the same fits, no d x d matrix (``Y`` holds the labels' columns;
    ``design``: the samples' ``DualDesign`` built beforehand)."""
    design = DualDesign(Z, weights, Y) if design is None else design.targets(Y)
    used_sets = select_features_dual(design, feature_selection, num_features)
    cols = list(range(design.yt.shape[1]))
    if model_regressor is None:
        return _fit_ridge(design, used_sets, cols)
    from .surrogate import _fit_with_regressor

    return _fit_with_regressor(design, np.asarray(Y, dtype=float), used_sets, cols, model_regressor)


# ---- memory, estimated before anything large is allocated ------------------------------------
def available_bytes() -> int | None:
    """The memory the OS says is available (Linux MemAvailable), or None when unknown."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def estimate_bytes(num_samples: int, num_features: int, num_labels: int = 1, feature_selection: str = "auto", num_selected: int = 10) -> int:
    """Bytes an explanation of ``num_features`` binary features with ``num_samples`` samples holds at
    its peak in the solve: the masks (1 byte a cell) plus the surrogate's working set."""
    n, d = int(num_samples), int(num_features)
    method = resolve_feature_selection(feature_selection, num_selected)
    masks = n * d
    if d <= n:  # primal: the d x d Gram matrix, its solve copy, one block
        solve = 2 * 8 * d * d + 8 * BlockedSamples.CELLS
    else:  # dual: Z Z', K and its solve copy; d-vectors per label; one block
        solve = 3 * 8 * n * n + 8 * d * (4 + 2 * num_labels) + 8 * DualDesign.CELLS
        if method == "lasso_path":
            solve += 8 * n * d  # LARS works on the centred samples
    return masks + solve


def check_memory(
    num_samples: int, num_features: int, num_labels: int = 1, feature_selection: str = "auto", num_selected: int = 10, available: int | None = None
):
    """Raise ``MemoryError`` with what to change when the explanation cannot fit in memory."""
    need = estimate_bytes(num_samples, num_features, num_labels, feature_selection, num_selected)
    have = available_bytes() if available is None else available
    if have is None or need <= have:
        return
    n, d = int(num_samples), int(num_features)
    sizes = (50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100)
    fits = [m for m in sizes if m < n and estimate_bytes(m, d, num_labels, feature_selection, num_selected) <= have]
    lasso = resolve_feature_selection(feature_selection, num_selected) == "lasso_path"
    advice = f"num_samples={fits[0]:,} would fit" if fits else "no number of samples fits"
    raise MemoryError(
        f"explaining {d:,} features with {n:,} samples needs about {need / 2**30:.1f} GiB "
        f"(the {n:,} x {d:,} sample masks and the surrogate's solve), but only {have / 2**30:.1f} GiB is available. "
        f"Use fewer samples ({advice}), fewer features (e.g. sentences as features: split_expression=lime_widgets.sentences, "
        "or bow=True so each distinct word is one feature)"
        + (", or feature_selection='highest_weights' instead of 'lasso_path'" if lasso else "")
    )
