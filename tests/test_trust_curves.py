"""Deletion and insertion curves through the domain's hand-edit path and the evaluator."""
import numpy as np
import pytest
from trust_models import WORDS, image_explain, tabular_explain, text_explain

from lime_widgets.core.curves import feature_order

D = len(WORDS)


def cases():
    return [
        (text_explain, np.linspace(0.005, 0.04, D)),
        (image_explain, np.linspace(0.01, 0.05, 16)),
        (tabular_explain, np.array([0.2, 0.05, 0.15, 0.1, 0.08])),
    ]


@pytest.mark.parametrize("explain,lam", cases(), ids=["text", "image", "tabular"])
def test_monotone_for_a_model_linear_in_the_features_with_positive_weights(explain, lam):
    d = len(lam)
    exp = explain(lam, c=0.05, classification=True, feature_selection="none", num_features=d)
    full, empty = 0.05 + lam.sum(), 0.05
    deletion, insertion = exp.deletion_curve(), exp.insertion_curve()
    for curve in (deletion, insertion, deletion.random, insertion.random):
        assert np.array_equal(curve.steps, np.arange(d + 1)) and sorted(curve.order) == list(range(d))
    assert np.all(np.diff(deletion.model) <= 1e-12) and np.all(np.diff(insertion.model) >= -1e-12)
    assert deletion.model[0] == pytest.approx(full) and deletion.model[-1] == pytest.approx(empty)
    assert insertion.model[0] == pytest.approx(empty) and insertion.model[-1] == pytest.approx(full)
    assert deletion.random.model[-1] == pytest.approx(empty) and insertion.random.model[-1] == pytest.approx(full)
    # every weight estimated: the order is the model's own, the best there is
    assert list(deletion.order) == list(insertion.order) == [f for f, _ in exp.as_map()[1]] == list(np.argsort(-lam, kind="stable"))
    assert deletion.auc < deletion.random.auc and insertion.auc > insertion.random.auc
    assert deletion.surrogate[0] == pytest.approx(exp.local_pred[1])
    assert np.all(np.diff(deletion.surrogate) <= 1e-12)  # positive weights: the estimate falls too


@pytest.mark.parametrize("explain,lam", cases(), ids=["text", "image", "tabular"])
def test_monotone_with_feature_selection(explain, lam):
    exp = explain(lam, c=0.05, classification=True, feature_selection="auto", num_features=3)
    deletion, insertion = exp.deletion_curve(), exp.insertion_curve()
    assert list(deletion.order[:3]) == [f for f, _ in exp.as_map()[1]]
    assert np.all(np.diff(deletion.model) <= 1e-12) and np.all(np.diff(insertion.model) >= -1e-12)


def test_one_model_call_per_batch_and_the_cache():
    exp = text_explain(np.linspace(0.005, 0.04, D), c=0.05, classification=True, num_samples=500)
    stats = exp.evaluator.adapter.stats
    calls, rows = stats.calls, stats.rows
    exp.deletion_curve()
    assert stats.calls - calls <= 2 and stats.rows - rows <= 2 * (D + 1)  # order and random order, one batch each
    calls, rows = stats.calls, stats.rows
    again = exp.deletion_curve()
    assert (stats.calls, stats.rows) == (calls, rows)  # every mask answered from the cache
    assert again.random.order.tolist() == exp.deletion_curve().random.order.tolist()  # seeded by the explanation


def test_order_positive_then_unselected_then_negative():
    lam = np.zeros(D)
    lam[[3, 7, 11]] = [0.04, -0.03, 0.02]
    exp = text_explain(lam, c=0.5, classification=True, feature_selection="forward_selection", num_features=3, labels=(0, 1))
    order = feature_order(exp, 1).tolist()
    assert order[:2] == [3, 11] and order[-1] == 7 and sorted(order[2:-1]) == [f for f in range(D) if f not in (3, 7, 11)]
    assert order == feature_order(exp, 1).tolist()  # the unselected ones in an order seeded by the explanation
    curve = exp.deletion_curve(label=0)  # towards class 0 the signs flip: 7 first
    assert curve.order[0] == 7 and curve.label == 0


def test_regression_and_bad_label():
    lam = np.linspace(0.1, 1.0, D)
    exp = text_explain(lam, c=1.0)
    curve = exp.insertion_curve()
    assert curve.model[0] == pytest.approx(1.0) and curve.model[-1] == pytest.approx(1.0 + lam.sum())
    assert "insertion curve" in repr(curve)
    exp = text_explain(lam / 100, c=0.1, classification=True)
    with pytest.raises(KeyError, match="not explained"):
        exp.deletion_curve(label=0)


def test_curves_of_a_white_box_text_pipeline_match_the_black_box(rt_pipeline):
    """A TF-IDF pipeline is seen through (sparse rows, not strings): the curves ask it the same questions."""
    from lime_widgets import LimeTextExplainer

    doc = "a witty and moving film, but the ending is dull and far too long"
    fast = LimeTextExplainer(random_state=0).explain_instance(doc, rt_pipeline, num_samples=500)
    slow = LimeTextExplainer(random_state=0).explain_instance(doc, rt_pipeline, num_samples=500, fast_path=False)
    assert fast.model_stats["path"].startswith("white-box") and slow.model_stats["path"].startswith("black-box")
    for kind in ("deletion_curve", "insertion_curve"):
        a, b = getattr(fast, kind)(), getattr(slow, kind)()
        np.testing.assert_allclose(a.model, b.model, rtol=0, atol=1e-12)
        np.testing.assert_allclose(a.random.model, b.random.model, rtol=0, atol=1e-12)
