"""The n x n (dual) surrogate solves against the d x d (primal) ones, where both fit."""
import numpy as np
import pytest

from lime_widgets.core import removal_masks
from lime_widgets.core.dual import DualDesign, check_memory, estimate_bytes, fit_surrogates_dual
from lime_widgets.core.surrogate import WeightedDesign, _fit_ridge_on_gram, fit_surrogates, select_features


def problem(seed, n, d, k=3, sparse_truth=True):
    rng = np.random.default_rng(seed)
    Z = removal_masks(rng, n, d)
    beta = rng.normal(size=(d, k))
    if sparse_truth:
        beta[rng.random((d, k)) < 0.7] = 0
    Y = Z.astype(float) @ beta + 0.3 * rng.normal(size=(n, k))
    w = rng.uniform(0.05, 1.0, n)
    return Z, Y, w


def primal(Z, Y, w, labels, nf, method):
    Ysub = Y[:, labels]
    design = WeightedDesign(Z, w, Ysub)
    used = select_features(design, design.xty, method, nf)
    fits = _fit_ridge_on_gram(design, design.y_mean, design.xty, design.yty, used, list(range(len(labels))))
    return {labels[c]: f for c, f in fits.items()}


def dual(Z, Y, w, labels, nf, method):
    fits = fit_surrogates_dual(Z, Y[:, labels], w, labels, nf, method)
    return {labels[c]: f for c, f in fits.items()}


@pytest.mark.parametrize("n,d", [(300, 12), (40, 90), (25, 25), (60, 200)])
@pytest.mark.parametrize("method", ["none", "highest_weights", "forward_selection", "lasso_path", "auto"])
@pytest.mark.parametrize("nf", [3, 8])
def test_dual_equals_primal(n, d, method, nf):
    for seed in range(3):
        Z, Y, w = problem(seed * 100 + n + d, n, d)
        labels = [0, 2]
        a = primal(Z, Y, w, labels, nf, method)
        b = dual(Z, Y, w, labels, nf, method)
        for label in labels:
            fa, fb = a[label], b[label]
            assert list(fa.used) == list(fb.used), (seed, label)
            np.testing.assert_allclose(fb.coef, fa.coef, rtol=0, atol=1e-10)
            for attr in ("intercept", "score", "local_pred"):
                assert abs(getattr(fa, attr) - getattr(fb, attr)) <= 1e-10, attr


def test_dual_statistics_equal_the_gram():
    Z, Y, w = problem(7, 30, 50)
    p = WeightedDesign(Z, w, Y)
    q = DualDesign(Z, w, Y)
    Xc = (Z - q.x_mean) * np.sqrt(w)[:, None]
    np.testing.assert_allclose(q.kernel, Xc @ Xc.T, atol=1e-11)
    np.testing.assert_allclose(q.diag, np.diag(p.gram), atol=1e-11)
    np.testing.assert_allclose(q.xty, p.xty, atol=1e-11)
    np.testing.assert_allclose(q.x_mean, p.x_mean, atol=1e-14)


def test_fit_surrogates_dispatches_to_the_dual_without_a_d_by_d_matrix(monkeypatch):
    Z, Y, w = problem(1, 30, 400)

    def no_gram(*a, **k):
        raise AssertionError("the primal design was built for d > n")

    monkeypatch.setattr("lime_widgets.core.surrogate.WeightedDesign", no_gram)
    fits = fit_surrogates(Z, Y, w, labels=[1], num_features=5, feature_selection="auto")
    assert len(fits[1].used) == 5
    fits = fit_surrogates(Z, Y, w, labels=[0, 1], num_features=5, feature_selection="none")
    assert fits[0].used.size == 400


def test_dual_with_model_regressor():
    from sklearn.linear_model import Ridge

    Z, Y, w = problem(2, 30, 60)
    fits = fit_surrogates(Z, Y, w, labels=[0], num_features=4, feature_selection="highest_weights", model_regressor=Ridge(alpha=1.0))
    ref = primal(Z, Y, w, [0], 4, "highest_weights")[0]
    assert list(fits[0].used) == list(ref.used)
    np.testing.assert_allclose(fits[0].coef, ref.coef, atol=1e-10)


def test_memory_check_says_what_to_change_before_allocating():
    # 100,000 features x 50,000 samples: 5 GB of masks alone, 20 GB for the kernel
    with pytest.raises(MemoryError, match=r"num_samples=.* would fit"):
        check_memory(50_000, 100_000, available=6 * 2**30)
    check_memory(500, 100_000, available=6 * 2**30)  # fits
    assert estimate_bytes(500, 100_000) < 2**30
    # the primal's d x d matrix when d <= n
    assert estimate_bytes(20_000, 10_000) > 8 * 10_000**2
    with pytest.raises(MemoryError, match="lasso_path"):
        check_memory(2_000, 300_000, feature_selection="lasso_path", available=4 * 2**30)


@pytest.mark.parametrize("method", ["highest_weights", "forward_selection", "none"])
def test_wide_solve_holds_no_n_by_d_floats(method):
    import tracemalloc

    n, d = 300, 40_000
    Z = removal_masks(np.random.default_rng(0), n, d)
    y = (0.5 * Z[:, 0] + 0.3 * Z[:, 1] + 0.2 * Z[:, 2])[:, None]
    w = np.random.default_rng(1).uniform(0.1, 1, n)
    tracemalloc.start()
    fits = fit_surrogates(Z, np.hstack([1 - y, y]), w, labels=[1], num_features=5, feature_selection=method)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < n * d * 8 / 2, f"{peak / 2**20:.0f} MiB: an n x d float array was built"
    if method == "forward_selection":
        assert set(fits[1].used[:3]) == {0, 1, 2}  # the features the target is made of
