"""Scores beyond class probabilities: several regression outputs (targets, logits) explained per column,
and multi-label outputs (independent probabilities per label)."""
import warnings

import numpy as np
import pytest

from lime_widgets import LimeTabularExplainer, LimeTextExplainer

TEXT = "good plot good cast bad sound dull ending fine music"


def two_scores(texts):
    """Column 0 counts 'good', column 1 is minus the count of 'bad' and 'dull' (plus a constant)."""
    return np.array([[t.split().count("good"), 3.0 - t.split().count("bad") - 2 * t.split().count("dull")] for t in texts], dtype=float)


def test_regression_columns_are_explained_each_like_a_single_column():
    exp = LimeTextExplainer(mode="regression", class_names=["praise", "calm"], random_state=3).explain_instance(
        TEXT, two_scores, labels=(0, 1), num_samples=500
    )
    assert exp.multi_output and exp.class_names == ["praise", "calm"]
    assert exp.available_labels() == [0, 1]
    assert exp.as_list(label=0)[0][0] == "good" and exp.as_list(label=0)[0][1] > 0
    assert exp.as_list(label=1)[0][0] == "dull" and exp.as_list(label=1)[0][1] < 0
    np.testing.assert_allclose(exp.predicted_value, [2.0, 0.0])
    assert exp.min_value.shape == exp.max_value.shape == (2,)
    for j in (0, 1):  # the same samples: each column's fit is the fit of that column alone
        alone = LimeTextExplainer(mode="regression", random_state=3).explain_instance(
            TEXT, lambda xs, j=j: two_scores(xs)[:, j], num_samples=500
        )
        assert [f for f, _ in alone.local_exp[1]] == [f for f, _ in exp.local_exp[j]]
        np.testing.assert_allclose([w for _, w in alone.local_exp[1]], [w for _, w in exp.local_exp[j]], rtol=1e-10, atol=1e-12)
        assert alone.score[1] == pytest.approx(exp.score[j])
    cf = exp.counterfactual([exp.domain.feature_names.index("good")])
    np.testing.assert_allclose(cf.model, [0.0, 0.0])
    assert set(cf.surrogate) == {0, 1}


def test_regression_columns_choose_labels_as_classes_do():
    exp = LimeTextExplainer(mode="regression", random_state=0).explain_instance(TEXT, two_scores, num_samples=200)
    assert exp.explained_labels == [1] and exp.class_names == ["0", "1"]  # labels=(1,), as for classes
    top = LimeTextExplainer(mode="regression", random_state=0).explain_instance(TEXT, two_scores, top_labels=1, num_samples=200)
    assert top.available_labels() == [0]  # the larger value (2 against 0)
    with pytest.raises(ValueError, match="2 columns"):
        LimeTextExplainer(mode="regression").explain_instance(TEXT, two_scores, labels=(2,), num_samples=50)
    with pytest.raises(ValueError, match="class_names has 3 names, but the model returns 2 columns"):
        LimeTextExplainer(mode="regression", class_names=["a", "b", "c"]).explain_instance(TEXT, two_scores, num_samples=50)


def test_single_regression_column_keeps_lime_convention():
    for shape in ((-1,), (-1, 1)):
        exp = LimeTextExplainer(mode="regression", random_state=1).explain_instance(
            TEXT, lambda xs, s=shape: two_scores(xs)[:, 0].reshape(s), num_samples=200
        )
        assert not exp.multi_output and isinstance(exp.predicted_value, float)
        assert exp.local_exp[0] == [(f, -w) for f, w in exp.local_exp[1]]
        assert exp.as_list(label=0) == exp.as_list(label=1)  # lime: any label means the value
        with pytest.raises(NotImplementedError):
            exp.available_labels()


def test_tabular_logits_in_regression_mode():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 3))

    def logits(rows):
        rows = np.asarray(rows)
        return np.stack([3 * rows[:, 0], -2 * rows[:, 1], rows[:, 2] * 0], axis=1)

    explainer = LimeTabularExplainer(X, mode="regression", feature_names=["a", "b", "c"], class_names=["x", "y", "z"], random_state=0)
    exp = explainer.explain_instance(X[0], logits, labels=(0, 1, 2), num_samples=1000)
    assert exp.as_list(label=0)[0][0].find("a") >= 0
    assert exp.as_list(label=1)[0][0].find("b") >= 0
    assert max(abs(w) for _, w in exp.as_list(label=2)) < 1e-6  # a constant column has nothing to explain


def test_view_state_shows_the_columns():
    pytest.importorskip("anywidget")
    from lime_widgets.widgets import TextView

    exp = LimeTextExplainer(mode="regression", class_names=["praise", "calm"], random_state=3).explain_instance(
        TEXT, two_scores, labels=(0, 1), num_samples=200
    )
    view = TextView(exp)
    assert view.mode == "regression" and view.labels == [0, 1] and view.class_names == ["praise", "calm"]
    assert view.proba == [2.0, 0.0]
    # each column on its own scale (its min and max over the samples), not one range for all
    assert view.value_range == {str(c): [exp.min_value[c], exp.max_value[c]] for c in (0, 1)}
    assert view.value_range["0"] != view.value_range["1"]
    html = view._snapshot()  # the snapshot draws the selected column on its own range too
    assert f"{view.proba[0]:.3f}" in html
    assert set(view.weights) == {"0", "1"}
    view.off = [exp.domain.feature_names.index("good")]
    assert view.counterfactual["proba"] == [0.0, 0.0]


def multi_label_model(texts):
    """Independent probabilities: 'good' -> label 0, 'bad' -> label 1, 'music' -> label 2."""
    return np.array([[0.9 if w in t.split() else 0.2 for w in ("good", "bad", "music")] for t in texts])


def test_multi_label_is_declared_and_explained_per_label():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exp = LimeTextExplainer(multi_label=True, class_names=["good", "bad", "music"], random_state=0).explain_instance(
            TEXT, multi_label_model, labels=(0, 1, 2), num_samples=300
        )
    assert exp.multi_label
    for label, word in enumerate(("good", "bad", "music")):
        assert exp.as_list(label=label)[0][0] == word and exp.as_list(label=label)[0][1] > 0.5
    with pytest.warns(UserWarning, match="multi_label=True"):
        undeclared = LimeTextExplainer(random_state=0).explain_instance(TEXT, multi_label_model, num_samples=50)
    assert not undeclared.multi_label


def test_multi_label_needs_classification_and_probabilities():
    with pytest.raises(ValueError, match="needs mode='classification'"):
        LimeTextExplainer(mode="regression", multi_label=True).explain_instance(TEXT, two_scores, num_samples=20)
    from lime_widgets import ModelOutputError

    with pytest.raises(ModelOutputError, match="not probabilities"):
        LimeTextExplainer(multi_label=True).explain_instance(TEXT, lambda xs: 2 * multi_label_model(xs), num_samples=20)
