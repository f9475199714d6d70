import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

import lime_widgets as lw
from lime_widgets import LimeTextExplainer

DOC = "good plot , good cast , bad ending and a slow start but good music"
LAMBDA = {"good": 0.05, "bad": -0.12, "slow": -0.07, "music": 0.04, "cast": 0.02}
C = 0.4


def explain_text(*args, **kwargs):
    """The explanation behind lime_widgets.explain_text's view."""
    return lw.explain_text(*args, **kwargs).explanation


def linear_in_mask(texts):
    """A 'classifier' whose P(class 1) is exactly linear in the words kept."""
    p = np.array([C + sum(LAMBDA.get(w, 0.0) for w in t.split()) for t in texts])
    return np.column_stack([1 - p, p])


def test_exact_recovery_with_linear_regression():
    exp = LimeTextExplainer(random_state=0, feature_selection="none").explain_instance(
        DOC, linear_in_mask, num_samples=2000, model_regressor=LinearRegression()
    )
    w = dict(exp.as_list(label=1))
    assert w["good"] == pytest.approx(3 * LAMBDA["good"], abs=1e-10)  # multiplicity 3
    for word in ["bad", "slow", "music", "cast"]:
        assert w[word] == pytest.approx(LAMBDA[word], abs=1e-10)
    for word in ["plot", "ending", "and", "a", "start", "but"]:
        assert w[word] == pytest.approx(0.0, abs=1e-10)
    assert exp.intercept[1] == pytest.approx(C, abs=1e-10)
    assert exp.score[1] == pytest.approx(1.0, abs=1e-12)


def test_exact_recovery_default_ridge_within_shrinkage():
    exp = LimeTextExplainer(random_state=0, feature_selection="none").explain_instance(
        DOC, linear_in_mask, num_samples=5000
    )
    w = dict(exp.as_list(label=1))
    assert w["good"] == pytest.approx(0.15, rel=0.01)
    assert w["bad"] == pytest.approx(-0.12, rel=0.01)
    assert exp.intercept[1] == pytest.approx(C, abs=0.01)
    assert exp.score[1] > 0.999
    # and every hand toggle's model answer equals the surrogate's (up to the shrinkage)
    for off in ([0], [0, 5], list(range(exp.num_features_total))):
        cf = exp.counterfactual(off)
        assert cf.model[1] == pytest.approx(cf.surrogate[1], abs=0.01)


def test_kernel_weights_are_exp_minus_8_delta_squared():
    exp = LimeTextExplainer(random_state=3).explain_instance(DOC, linear_in_mask, num_samples=500)
    Z = exp.neighborhood["Z"]
    delta = 1 - np.sqrt(Z.sum(1) / Z.shape[1])
    assert np.allclose(exp.neighborhood["weights"], np.exp(-8 * delta**2), rtol=1e-12)


def test_user_kernel_and_width():
    seen = {}

    def kernel(d, kernel_width):
        seen["width"] = kernel_width
        return np.ones_like(d)

    exp = LimeTextExplainer(kernel=kernel, kernel_width=7, random_state=0).explain_instance(
        DOC, linear_in_mask, num_samples=200
    )
    assert seen["width"] == 7 and np.all(exp.neighborhood["weights"] == 1)


def test_determinism_bit_identical(rt_pipeline, rt_corpus):
    doc = rt_corpus[0][4100]
    e1 = LimeTextExplainer(random_state=42)
    a = e1.explain_instance(doc, rt_pipeline.predict_proba, num_samples=1000)
    b = e1.explain_instance(doc, rt_pipeline.predict_proba, num_samples=1000)
    c = LimeTextExplainer(random_state=42).explain_instance(doc, rt_pipeline.predict_proba, num_samples=1000)
    assert a.local_exp == b.local_exp == c.local_exp
    assert a.seed == 42
    d = LimeTextExplainer(random_state=43).explain_instance(doc, rt_pipeline.predict_proba, num_samples=1000)
    assert d.local_exp != a.local_exp
    # a per-call seed overrides the explainer's, and an unseeded call records a seed that replays it
    e = LimeTextExplainer().explain_instance(doc, rt_pipeline.predict_proba, num_samples=1000, random_state=42)
    assert e.local_exp == a.local_exp
    f = LimeTextExplainer().explain_instance(doc, rt_pipeline.predict_proba, num_samples=1000)
    g = LimeTextExplainer(random_state=f.seed).explain_instance(doc, rt_pipeline.predict_proba, num_samples=1000)
    assert f.local_exp == g.local_exp


def test_counterfactual_is_the_model_on_the_edited_text(rt_pipeline):
    doc = "a gorgeous , witty film with a dull and tiresome second half"
    exp = explain_text(rt_pipeline, doc, random_state=0, num_samples=1000)
    ids = {n: i for i, n in enumerate(exp.feature_names)}
    off = [ids["dull"], ids["a"]]
    cf = exp.counterfactual(off)
    assert cf.input == " gorgeous , witty film with   and tiresome second half"
    assert np.allclose(cf.model, rt_pipeline.predict_proba([cf.input])[0])
    w = exp.weights(1)
    assert cf.surrogate[1] == pytest.approx(exp.intercept[1] + w.sum() - w[off].sum(), abs=1e-12)
    assert cf.off == tuple(sorted(off))
    none = exp.counterfactual([])
    assert none.input == doc and np.allclose(none.model, exp.predict_proba)
    assert none.surrogate[1] == pytest.approx(exp.local_pred[1])
    with pytest.raises(ValueError, match="do not exist"):
        exp.counterfactual([999])


def test_positional_counterfactual(rt_pipeline):
    doc = "good good bad"
    exp = LimeTextExplainer(bow=False, random_state=0).explain_instance(doc, rt_pipeline.predict_proba, num_samples=300)
    assert exp.feature_names == ["good", "good", "bad"]
    cf = exp.counterfactual([1])
    assert cf.input == "good UNKWORDZ bad"
    assert np.allclose(cf.model, rt_pipeline.predict_proba([cf.input])[0])


def test_lime_accessors(rt_pipeline):
    exp = explain_text(rt_pipeline, "a witty and moving film", top_labels=2, class_names=["rotten", "fresh"], random_state=0, num_samples=500)
    assert exp.available_labels() == exp.top_labels
    assert exp.top_labels[0] == int(np.argmax(exp.predict_proba))
    assert set(exp.as_map()) == {0, 1}
    assert set(exp.intercept) == set(exp.score) == set(exp.local_pred) == {0, 1}
    lst = exp.as_list(label=1)
    assert [abs(w) for _, w in lst] == sorted((abs(w) for _, w in lst), reverse=True)
    import matplotlib

    matplotlib.use("Agg")
    fig = exp.as_pyplot_figure(label=1)
    assert fig.axes[0].get_title() == "Local explanation for class fresh"
    assert len(fig.axes[0].patches) == len(lst)
    with pytest.raises(KeyError, match="was not explained"):
        explain_text(rt_pipeline, "a witty film", labels=(0,), num_samples=100).as_list(label=1)


def test_num_features_and_verbose(capsys, rt_pipeline):
    doc = "one two three four five six seven eight nine ten eleven twelve"
    exp = LimeTextExplainer(verbose=True, random_state=0).explain_instance(doc, rt_pipeline.predict_proba, num_features=4, num_samples=300)
    assert len(exp.as_list()) == 4
    assert "Intercept" in capsys.readouterr().out


def test_regression_mode():
    def value(texts):
        return np.array([2.0 + 1.5 * t.count("up") - 0.5 * t.count("down") for t in texts])

    exp = LimeTextExplainer(mode="regression", random_state=0, feature_selection="none").explain_instance(
        "up up down flat", value, num_samples=1000, model_regressor=LinearRegression()
    )
    w = dict(exp.as_list())
    assert w["up"] == pytest.approx(3.0) and w["down"] == pytest.approx(-0.5)
    assert exp.predicted_value == pytest.approx(4.5)
    assert exp.min_value == pytest.approx(1.5) and exp.max_value == pytest.approx(5.0)
    assert exp.local_exp[0] == [(f, -v) for f, v in exp.local_exp[1]]
    cf = exp.counterfactual([0])
    assert cf.model == pytest.approx(1.5) and cf.surrogate[1] == pytest.approx(1.5)
    with pytest.raises(NotImplementedError):
        exp.available_labels()


def test_bad_inputs(rt_pipeline):
    with pytest.raises(ValueError, match="empty"):
        lw.explain_text(rt_pipeline, "")
    with pytest.raises(ValueError, match="no word"):
        lw.explain_text(rt_pipeline, " ,.;!? ")
    with pytest.raises(ValueError, match=r"labels \[5\] do not exist"):
        lw.explain_text(rt_pipeline, "fine film", labels=(5,), num_samples=50)
    with pytest.raises(ValueError, match="class_names has 3 names"):
        lw.explain_text(rt_pipeline, "fine film", class_names=["a", "b", "c"], num_samples=50)
    with pytest.raises(TypeError, match="unknown option 'num_sample'"):
        lw.explain_text(rt_pipeline, "fine film", num_sample=50)
    with pytest.raises(ValueError, match="num_samples"):
        lw.explain_text(rt_pipeline, "fine film", num_samples=1)
    with pytest.raises(ValueError, match="feature_selection must be one of"):
        lw.explain_text(rt_pipeline, "fine film", feature_selection="best")
