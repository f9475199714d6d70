"""Weight intervals (sandwich covariance of the weighted ridge) and tied features."""
from math import comb

import numpy as np
import pytest
from sklearn.linear_model import Lasso, LinearRegression
from trust_models import DOC, WORDS, image_explain, tabular_explain, text_explain, word_mask

from lime_widgets import LimeTextExplainer
from lime_widgets.core.surrogate import RIDGE_ALPHA, WeightedDesign

D = len(WORDS)
LAM = np.linspace(-1.0, 1.0, D) * 0.5
BITS = 1 << np.arange(D)


class RemovalLimit:
    """The limit of the explanation as the samples grow, for f(z) = c + z.lam + eps(z) with a fixed
    noise value eps(z) for every one of the 2^d masks (the evaluator answers a repeated mask from its
    cache, so the noise is a function of the mask, as a deterministic model's misfit would be).

    lime's removal sampling draws s ~ U{1..d} features to switch off, a uniform subset: a mask with k
    features on has probability 1 / (d C(d, k)) and kernel weight w_k = sqrt(exp(-(100 (1 - sqrt(k/d)))^2 / 25^2)).
    The weighted least-squares limit is lam + G^-1 sum_z P(z) w(z) (z - mu) eps(z), with G the population
    weighted Gram matrix (exact, from exchangeability) and the sum taken over all 2^d masks.
    """

    def __init__(self, d):
        k = np.arange(d + 1)
        w = np.sqrt(np.exp(-((100 * (1 - np.sqrt(k / d))) ** 2) / 25**2))
        pk = np.where(k < d, 1.0 / d, 0.0)  # the number of features on is uniform on 0..d-1
        total = np.sum(pk * w)
        first = np.sum(pk * w * k / d)
        second = np.sum(pk * w * k * np.maximum(k - 1, 0) / (d * (d - 1)))
        self.mu = first / total
        self.G = np.full((d, d), second - total * self.mu**2)
        np.fill_diagonal(self.G, first - total * self.mu**2)
        codes = np.arange(2**d, dtype=np.int64)
        on = np.zeros(2**d, dtype=np.int64)
        for j in range(d):
            on += (codes >> j) & 1
        self.on = on
        self.pw = np.array([pk[i] * w[i] / comb(d, int(i)) for i in range(d + 1)])[on]
        self.sd = 0.3 + 0.6 * (1 - on / d)  # heteroscedastic: noisier far from the instance
        self.d = d

    def noise(self, seed):
        return np.random.default_rng(seed).standard_normal(2**self.d) * self.sd

    def limit(self, lam, eps):
        v = self.pw * eps
        total = v.sum()
        S = np.array([v.reshape(-1, 2, 2**j)[:, 1, :].sum() for j in range(self.d)])  # the masks with bit j set
        return lam + np.linalg.solve(self.G, S - self.mu * total)


def noisy_text_model(lam, eps):
    def f(texts):
        M = word_mask(texts)
        return 0.3 + M @ lam + eps[M.astype(np.int64) @ BITS]

    return f


def test_95_percent_intervals_cover_the_limit_weights():
    """200 seeded repetitions, lime's text sampling (20 words, 1,000 samples), f linear in the mask plus
    heteroscedastic noise fixed per mask: the 95 % intervals cover the limit weights 90-98.5 % of the time.

    The ridge's shrinkage (alpha = 1) at 1,000 samples is checked to be a small fraction of the standard
    error, so comparing with the limit (which has no shrinkage) is fair."""
    pop = RemovalLimit(D)
    covered, covered_lam, shrink = [], [], []
    for rep in range(200):
        eps = pop.noise(10_000 + rep)
        explainer = LimeTextExplainer(mode="regression", feature_selection="none", random_state=rep)
        exp = explainer.explain_instance(DOC, noisy_text_model(LAM, eps), num_features=D, num_samples=1000, progress=False)
        ci = exp.confidence_intervals(level=0.95)
        assert sorted(ci) == list(range(D))
        low, high = np.array([ci[j] for j in range(D)]).T
        limit = pop.limit(LAM, eps)
        covered.append((low <= limit) & (limit <= high))
        covered_lam.append((low <= LAM) & (LAM <= high))
        design = WeightedDesign(exp.neighborhood["Z"], exp.neighborhood["weights"])
        bias = RIDGE_ALPHA * np.linalg.solve(design.gram + RIDGE_ALPHA * np.eye(D), limit)
        shrink.append(np.abs(bias) / ((high - low) / 3.92))
    coverage = np.mean(covered)
    print(f"coverage of the limit {coverage:.4f}, of lam {np.mean(covered_lam):.4f}, shrinkage/se mean {np.mean(shrink):.3f}")
    assert 0.90 <= coverage <= 0.985
    assert np.mean(shrink) < 0.15 and np.max(shrink) < 0.5


def test_wider_at_a_higher_level_and_centred_on_the_weight():
    rng = np.random.default_rng(3)
    noise = rng.standard_normal(2**D) * 0.2
    exp = LimeTextExplainer(mode="regression", feature_selection="none", random_state=1).explain_instance(
        DOC, noisy_text_model(LAM, noise), num_features=D, num_samples=1000
    )
    w = dict(exp.as_map()[1])
    ci90, ci99 = exp.confidence_intervals(level=0.90), exp.confidence_intervals(level=0.99)
    for f, (lo, hi) in ci90.items():
        assert lo < w[f] < hi and np.isclose((lo + hi) / 2, w[f])
        assert ci99[f][0] < lo and hi < ci99[f][1]
    with pytest.raises(ValueError, match="level"):
        exp.confidence_intervals(level=95)


@pytest.mark.parametrize("explain", [text_explain, image_explain, tabular_explain])
@pytest.mark.parametrize("classification", [False, True])
def test_exactly_linear_model_gives_zero_width_intervals_at_the_coefficients(explain, classification):
    """No residuals, no uncertainty: with an unpenalised surrogate the intervals collapse onto lam."""
    d = {text_explain: D, image_explain: 16, tabular_explain: 5}[explain]
    lam = np.linspace(0.01, 0.04, d)
    exp = explain(lam, c=0.1, classification=classification, model_regressor=LinearRegression())
    ci = exp.confidence_intervals()
    assert sorted(ci) == sorted(f for f, _ in exp.as_map()[1])
    for f, (lo, hi) in ci.items():
        assert lo == pytest.approx(lam[f], abs=1e-8) and hi == pytest.approx(lam[f], abs=1e-8)


def test_a_surrogate_without_least_squares_intervals_is_refused_clearly():
    exp = text_explain(LAM, model_regressor=Lasso(alpha=0.01))
    with pytest.raises(ValueError, match="least-squares surrogate"):
        exp.confidence_intervals()
    assert not any("tied" in w for w in exp.warnings())  # warnings skip what they cannot compute


def test_tied_features_are_the_neighbours_whose_intervals_overlap():
    rng = np.random.default_rng(5)
    noise = rng.standard_normal(2**D) * 0.1
    lam = np.zeros(D)
    lam[[0, 1, 2]] = [0.9, 0.5, 0.5]  # w1 and w2 tie; w0 stands alone
    exp = LimeTextExplainer(mode="regression", feature_selection="none", random_state=0).explain_instance(
        DOC, noisy_text_model(lam, noise), num_features=3, num_samples=2000
    )
    ties = exp.tied_features()
    assert {frozenset(p) for p in ties} == {frozenset((1, 2))}
    separated = np.zeros(D)
    separated[[0, 1, 2]] = [0.9, 0.6, 0.3]
    exp = LimeTextExplainer(mode="regression", feature_selection="none", random_state=0).explain_instance(
        DOC, noisy_text_model(separated, noise), num_features=3, num_samples=2000
    )
    assert exp.tied_features() == []


def test_intervals_of_a_classification_label_and_top_labels():
    lam = np.linspace(0.0, 0.03, D)
    rng = np.random.default_rng(2)
    noise = rng.uniform(-0.02, 0.02, 2**D)

    def f(texts):
        M = word_mask(texts)
        p = 0.2 + M @ lam + noise[M.astype(np.int64) @ BITS]
        return np.column_stack([1 - p, p])

    exp = LimeTextExplainer(random_state=0).explain_instance(DOC, f, top_labels=2, num_features=5)
    top = exp.top_labels[0]
    assert exp.confidence_intervals().keys() == exp.confidence_intervals(label=top).keys() == {f for f, _ in exp.as_map()[top]}
    lo0, hi0 = exp.confidence_intervals(label=0)[19]
    lo1, hi1 = exp.confidence_intervals(label=1)[19]
    assert lo0 == pytest.approx(-hi1) and hi0 == pytest.approx(-lo1)  # p0 = 1 - p1: mirrored weights
