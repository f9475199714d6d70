"""Warnings on an explanation: low R², a probability estimate outside [0, 1], unnormalised rows, ties."""
import numpy as np
import pytest
from trust_models import DOC, WORDS, text_explain, word_mask

from lime_widgets import LimeTextExplainer
from lime_widgets.core.trust import LOW_R2

D = len(WORDS)


def proba(fn):
    def f(texts):
        p = fn(word_mask(texts))
        return np.column_stack([1 - p, p])

    return f


def explain(model, **kw):
    return LimeTextExplainer(random_state=0).explain_instance(DOC, model, **{"num_features": 5, **kw})


def test_a_linear_model_has_no_warnings():
    exp = text_explain(np.r_[[0.1, 0.08, 0.06, 0.04, 0.02], np.zeros(D - 5)], c=0.1, classification=True, num_features=5)
    assert exp.warnings() == [] and "warning" not in repr(exp)


def test_low_r2():
    exp = explain(proba(lambda M: 0.2 + 0.6 * (M[:, 0] ^ M[:, 1])))  # xor of two words: no line fits it
    assert exp.score[1] < LOW_R2
    assert any(w.startswith("low R²") for w in exp.warnings()) and "low R²" in repr(exp)


def test_surrogate_estimate_outside_the_probabilities():
    exp = explain(proba(lambda M: 1 - (1 - M.mean(axis=1)) ** 2), num_features=20)  # concave: the line overshoots at the ends
    assert exp.local_pred[1] > 1
    warning = [w for w in exp.warnings() if "outside [0, 1]" in w]
    assert len(warning) == 1 and f"{exp.local_pred[1]:.3f}" in warning[0] and "'1'" in warning[0]
    regression = LimeTextExplainer(mode="regression", random_state=0).explain_instance(DOC, lambda t: 1 - (1 - word_mask(t).mean(axis=1)) ** 2)
    assert regression.local_pred[1] > 1 and not any("outside" in w for w in regression.warnings())


def test_rows_that_do_not_sum_to_one_are_recorded():
    def f(texts):
        p = 0.1 + word_mask(texts) @ np.full(D, 0.015)
        return np.column_stack([p, p])  # sums 2p

    with pytest.warns(UserWarning, match="do not sum to 1"):
        exp = explain(f)
    stats = exp.evaluator.adapter.stats
    assert stats.unnormalised_rows == stats.rows > 0 and stats.row_sum_max == pytest.approx(0.8)
    assert exp.model_stats["unnormalised_rows"] == stats.rows
    assert any("do not sum to 1" in w for w in exp.warnings())


def test_tied_top_features_and_label_choice():
    noise = np.random.default_rng(1).normal(0, 0.02, 2**D)
    lam = np.r_[[0.1, 0.1, 0.05], np.zeros(D - 3)]

    def f(texts):
        M = word_mask(texts)
        p = 0.2 + M @ lam + noise[M.astype(np.int64) @ (1 << np.arange(D))]
        return np.column_stack([1 - p, p])

    exp = LimeTextExplainer(random_state=0).explain_instance(DOC, f, num_features=3, labels=(0, 1))
    assert exp.tied_features(label=1)[0] in ((0, 1), (1, 0))
    for label in (0, 1):
        assert any("tied top features" in w and ("'w0' ~ 'w1'" in w or "'w1' ~ 'w0'" in w) for w in exp.warnings(label))
    assert "tied top features" in repr(exp)
