"""The shared-Gram surrogate against the sklearn computations lime performs, fit by fit."""
import numpy as np
import pytest
from sklearn.linear_model import Lasso, LinearRegression, Ridge, lars_path

from lime_widgets.core import fit_surrogates, removal_masks
from lime_widgets.core.surrogate import WeightedDesign, select_features


def problem(seed=0, n=600, d=12, k=3):
    rng = np.random.default_rng(seed)
    Z = removal_masks(rng, n, d).astype(float)
    beta = rng.normal(size=(d, k))
    Y = Z @ beta + 0.3 * rng.normal(size=(n, k))
    w = rng.uniform(0.05, 1.0, n)
    return Z, Y, w


def lime_forward_selection(data, labels, weights, num_features):
    """lime 0.2.0.1's forward selection, refitting sklearn per candidate (the slow reference)."""
    clf = Ridge(alpha=0, fit_intercept=True)
    used = []
    for _ in range(min(num_features, data.shape[1])):
        best, max_ = 0, -1e8
        for f in range(data.shape[1]):
            if f in used:
                continue
            clf.fit(data[:, used + [f]], labels, sample_weight=weights)
            score = clf.score(data[:, used + [f]], labels, sample_weight=weights)
            if score > max_:
                best, max_ = f, score
        used.append(best)
    return used


def test_ridge_matches_sklearn_for_all_labels():
    Z, Y, w = problem()
    fits = fit_surrogates(Z, Y, w, labels=[0, 1, 2], num_features=12, feature_selection="none")
    for j in range(3):
        ref = Ridge(alpha=1.0).fit(Z, Y[:, j], sample_weight=w)
        assert np.allclose(fits[j].coef, ref.coef_, atol=1e-9)
        assert np.isclose(fits[j].intercept, ref.intercept_, atol=1e-9)
        assert np.isclose(fits[j].score, ref.score(Z, Y[:, j], sample_weight=w), atol=1e-9)
        assert np.isclose(fits[j].local_pred, ref.predict(Z[:1])[0], atol=1e-9)


@pytest.mark.parametrize("num_features", [1, 3, 5, 12])
def test_forward_selection_equals_lime_refits(num_features):
    Z, Y, w = problem(seed=num_features)
    d = WeightedDesign(Z, w, Y)
    xty = d.xty
    ours = select_features(d, xty, "forward_selection", num_features)
    for j in range(Y.shape[1]):
        assert list(ours[j]) == lime_forward_selection(Z, Y[:, j], w, num_features)


def test_forward_selection_with_duplicate_column():
    Z, Y, w = problem(seed=3, d=6)
    Z = np.hstack([Z, Z[:, :1]])  # a column identical to column 0 adds nothing once 0 is in
    d = WeightedDesign(Z, w, Y)
    xty = d.xty
    sel = select_features(d, xty, "forward_selection", 7)
    assert all(sorted(s) == list(range(7)) for s in sel)


def test_highest_weights_matches_lime():
    Z, Y, w = problem(seed=4)
    d = WeightedDesign(Z, w, Y)
    xty = d.xty
    ours = select_features(d, xty, "highest_weights", 4)
    for j in range(3):
        coef = Ridge(alpha=0.01).fit(Z, Y[:, j], sample_weight=w).coef_
        ref = [f for f, _ in sorted(enumerate(coef * Z[0]), key=lambda x: abs(x[1]), reverse=True)[:4]]
        assert list(ours[j]) == ref


def test_lasso_path_matches_lime():
    Z, Y, w = problem(seed=5)
    d = WeightedDesign(Z, w, Y)
    xty = d.xty
    ours = select_features(d, xty, "lasso_path", 5)
    for j in range(3):
        wd = (Z - np.average(Z, axis=0, weights=w)) * np.sqrt(w[:, None])
        wl = (Y[:, j] - np.average(Y[:, j], weights=w)) * np.sqrt(w)
        _, _, coefs = lars_path(wd, wl, method="lasso")
        nonzero = range(Z.shape[1])
        for i in range(len(coefs.T) - 1, 0, -1):
            nonzero = coefs.T[i].nonzero()[0]
            if len(nonzero) <= 5:
                break
        assert sorted(ours[j]) == sorted(nonzero)
        assert len(ours[j]) <= 5


def test_auto_switches_at_six():
    Z, Y, w = problem(seed=6)
    d = WeightedDesign(Z, w, Y)
    xty = d.xty
    for nf, method in [(6, "forward_selection"), (7, "highest_weights")]:
        a = select_features(d, xty, "auto", nf)
        b = select_features(d, xty, method, nf)
        assert all(np.array_equal(x, y) for x, y in zip(a, b))


def test_model_regressor_is_used():
    Z, Y, w = problem(seed=7)
    fits = fit_surrogates(Z, Y, w, labels=[1], num_features=12, feature_selection="none", model_regressor=LinearRegression())
    ref = LinearRegression().fit(Z, Y[:, 1], sample_weight=w)
    assert np.allclose(fits[1].coef, ref.coef_)
    fits = fit_surrogates(Z, Y, w, labels=[1], num_features=12, feature_selection="none", model_regressor=Lasso(alpha=0.05))
    assert np.count_nonzero(fits[1].coef) < 12


def test_bad_arguments():
    Z, Y, w = problem()
    with pytest.raises(ValueError, match="feature_selection must be one of"):
        fit_surrogates(Z, Y, w, [0], 5, feature_selection="greedy")
    with pytest.raises(ValueError, match="num_features"):
        fit_surrogates(Z, Y, w, [0], 0)
    with pytest.raises(ValueError, match="kernel weights are zero"):
        fit_surrogates(Z, Y, np.zeros_like(w), [0], 5)


def test_one_blas_thread_limits_and_restores_when_nested_and_beside_other_threads():
    import threading

    from threadpoolctl import ThreadpoolController

    from lime_widgets.core.threads import one_blas_thread

    def blas_threads():
        return {lib["filepath"]: lib["num_threads"] for lib in ThreadpoolController().info() if lib["user_api"] == "blas"}

    before = blas_threads()
    seen = {}

    def other():  # e.g. a view's worker thread explaining at the same time
        with one_blas_thread():
            seen["other"] = True

    with one_blas_thread():
        with one_blas_thread():
            seen["inner"] = blas_threads()
        seen["outer"] = blas_threads()
        t = threading.Thread(target=other)
        t.start()
        t.join()
        seen["after other"] = blas_threads()
    assert seen["other"]
    for key in ("inner", "outer", "after other"):
        assert set(seen[key].values()) == {1}, key
    assert blas_threads() == before
