"""lw.compare: several models explained fairly on one instance, one request answered by every model."""
import numpy as np
import pytest
from scipy.stats import spearmanr

import lime_widgets as lw
from lime_widgets.compare import agreement, compare_explanations

DOC = "a good day to go out and see a fine film with friends"


def word_model(weights: dict):
    """P(class 1) = sigmoid(sum of the weights of the words present): a model whose reasons we know."""
    def predict(docs):
        z = np.array([sum(w for word, w in weights.items() if word in d.split()) for d in docs], dtype=float)
        p = 1 / (1 + np.exp(-z))
        return np.column_stack([1 - p, p])
    return predict


GOOD = word_model({"good": 2.0, "fine": 1.5})
DAY = word_model({"day": 2.5, "friends": 1.0})


@pytest.fixture()
def view():
    return lw.compare({"good": GOOD, "day": DAY}, DOC, num_samples=400, random_state=5, class_names=["neg", "pos"])


def test_every_model_is_scored_on_the_same_sampled_rows_with_its_own_cache():
    exps = compare_explanations({"good": GOOD, "day": DAY, "both": word_model({"good": 1.0, "day": 1.0})}, DOC, num_samples=300, random_state=11)
    first, *rest = exps.values()
    for e in rest:
        assert e.domain is first.domain and e.seed == first.seed == 11
        assert np.array_equal(e.neighborhood["Z"], first.neighborhood["Z"])
        assert np.array_equal(e.neighborhood["weights"], first.neighborhood["weights"])
        assert e.evaluator is not first.evaluator and e.evaluator.cache is not first.evaluator.cache
    # each explanation is the one a single explain_text call with that seed gives
    alone = lw.LimeTextExplainer(random_state=11).explain_instance(DOC, DAY, num_samples=300)
    assert np.array_equal(alone.weights(1), exps["day"].weights(1))
    # and finds each model's own reasons
    assert exps["good"].as_list(label=1)[0][0] == "good" and exps["day"].as_list(label=1)[0][0] == "day"


@pytest.mark.parametrize("models, message", [
    ({"one": GOOD}, "2 to 4 models"),
    ({str(i): GOOD for i in range(5)}, "2 to 4 models"),
    ({"": GOOD, "b": DAY}, "non-empty strings"),
    ({"  ": GOOD, "b": DAY}, "non-empty strings"),
    ({1: GOOD, "b": DAY}, "non-empty strings"),
    ({"a": GOOD, "a ": DAY}, "unique"),
])
def test_bad_model_dicts_are_refused_before_anything_runs(models, message):
    with pytest.raises(ValueError, match=message):
        lw.compare(models, DOC, num_samples=50)


def test_other_bad_arguments():
    with pytest.raises(TypeError, match="dict"):
        lw.compare([GOOD, DAY], DOC)
    with pytest.raises(TypeError, match="not a model"):
        lw.compare({"a": GOOD, "b": 3}, DOC)
    with pytest.raises(TypeError, match="could not tell the domain"):
        lw.compare({"a": GOOD, "b": DAY}, 42)
    three = lambda docs: np.tile([0.2, 0.3, 0.5], (len(docs), 1))  # noqa: E731
    with pytest.raises(ValueError, match="3 classes but 'a' returns 2"):
        lw.compare({"a": GOOD, "b": three}, DOC, num_samples=50)


def test_one_front_end_click_asks_every_model(view):
    good_id = view.feature_names.index("good")
    view.set_state({"off": [good_id]})  # as the front end writes it: answered on the worker
    assert view.wait(30)
    edited = DOC.replace("good", "")
    for name, model, answer in zip(["good", "day"], [GOOD, DAY], view.answers):
        assert answer["off"] == [good_id] and answer["error"] is None
        assert answer["input"] == edited
        assert np.allclose(answer["proba"], model([answer["input"]])[0])
        assert answer["surrogate"]["1"] == pytest.approx(view.explanations[name].surrogate_estimate([good_id])[1])
    cfs = view.answer()
    assert set(cfs) == {"good", "day"} and cfs["good"].model[1] < view.explanations["good"].predict_proba[1]
    assert cfs["day"].model[1] == pytest.approx(view.explanations["day"].predict_proba[1])  # 'good' means nothing to it


def test_a_failing_model_shows_its_error_and_the_others_answer():
    state = {"down": False}

    def flaky(docs):
        if state["down"]:
            raise RuntimeError("the scoring service is down")
        return GOOD(docs)

    v = lw.compare({"good": GOOD, "flaky": flaky}, DOC, num_samples=200, random_state=0)
    state["down"] = True
    cache = v.explanations["flaky"].evaluator.cache
    d = len(v.feature_names)
    # a mask the explanation never sampled, so the model itself must be asked
    off = next(list(c) for c in ([*range(k)] for k in range(1, d)) if
               v.explanations["flaky"].domain.point(c).key not in cache)
    v.off = off
    good, bad = v.answers
    assert good["error"] is None and good["proba"] is not None
    assert bad["proba"] is None and "scoring service is down" in bad["error"]
    with pytest.raises(lw.ModelError):
        v.answer()


def test_writes_are_validated_whole(view):
    view.set_state({"off": [0]})
    view.wait(30)
    view.set_state({"off": [0, 999]})
    assert view.off == [0] and "999" in view.rejected
    view.set_state({"edits": {"0": 1.0}})
    assert view.edits == {} and "only be switched off" in view.rejected
    view.set_state({"agreement": {}})
    assert "only be set from Python" in view.rejected
    with pytest.raises(Exception, match="do not exist"):
        view.off = [100]


def test_agreement_is_spearman_over_the_union_of_top_features_and_top_k_overlap(view):
    exps = view.explanations
    rows = agreement(exps, 1, k=3)
    assert len(rows) == 1
    row = rows[0]
    union = row["union"]
    top = {n: [f for f, _ in sorted(e.local_exp[1], key=lambda fw: -abs(fw[1]))[:3]] for n, e in exps.items()}
    assert union == sorted(set(top["good"]) | set(top["day"]))
    rho = spearmanr(exps["good"].weights(1)[union], exps["day"].weights(1)[union]).statistic
    assert row["spearman"] == pytest.approx(rho)
    assert row["overlap"] == pytest.approx(len(set(top["good"]) & set(top["day"])) / 3)
    same = agreement({"a": exps["good"], "b": exps["good"]}, 1, k=3)[0]
    assert same["spearman"] == pytest.approx(1.0) and same["overlap"] == 1.0
    assert view.agreement["1"][0]["spearman"] == pytest.approx(agreement(exps, 1, k=view.agreement_k)[0]["spearman"])


def test_a_table_row_compares_with_edits(tmp_path):
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.tree import DecisionTreeClassifier

    X, y = load_iris(return_X_y=True)
    models = {"lr": LogisticRegression(max_iter=500).fit(X, y), "tree": DecisionTreeClassifier(random_state=0).fit(X, y)}
    v = lw.compare(models, X[60], training_data=X, num_samples=500, random_state=0, labels=(1,))
    assert v.domain == "tabular" and len(v.instance["columns"]) == 4
    v.edits = {2: 6.0}
    for name, answer in zip(models, v.answers):
        row = X[60].copy()
        row[2] = 6.0
        assert answer["edits"] == {"2": 6.0} and np.allclose(answer["proba"], models[name].predict_proba([row])[0])
    v.set_state({"off": [2]})  # a feature is either off or edited
    assert "both switched off and edited" in v.rejected


def test_regression_models_compare_by_their_values():
    """Two regressors on one table row: each answer is the model's own value (not a probability) and
    the surrogate's estimate of that value; the edited row is what the model is asked about."""
    from sklearn.datasets import load_diabetes
    from sklearn.ensemble import RandomForestRegressor
    from sklearn.linear_model import Ridge

    X, y = load_diabetes(return_X_y=True)
    models = {"ridge": Ridge().fit(X, y), "forest": RandomForestRegressor(n_estimators=10, random_state=0).fit(X, y)}
    v = lw.compare({n: m.predict for n, m in models.items()}, X[0], training_data=X, mode="regression",
                   num_samples=400, random_state=0)
    assert v.mode == "regression" and all(e.mode == "regression" for e in v.explanations.values())
    v.edits = {2: float(X[:, 2].max())}
    row = X[0].copy()
    row[2] = X[:, 2].max()
    for name, answer in zip(models, v.answers):
        assert answer["error"] is None and answer["proba"] == pytest.approx([models[name].predict([row])[0]])
        assert answer["proba"][0] > 1.5  # a value on the target's scale (25-346), not a probability
        (est,) = answer["surrogate"].values()  # the explained value (lime keys regression as label 1; the view as column 0)
        assert est == pytest.approx(v.explanations[name].surrogate_estimate((), {2: float(X[:, 2].max())})[1])
    assert len({a["proba"][0] for a in v.answers}) == 2, "each model answers for itself"


def test_an_image_compares_and_saves_offline(tmp_path):
    rng = np.random.default_rng(0)
    img = rng.random((24, 24, 3))
    segments = (np.arange(24)[:, None] // 8) * 3 + np.arange(24)[None, :] // 8
    bright = lambda ims: np.column_stack([1 - ims.mean(axis=(1, 2, 3)), ims.mean(axis=(1, 2, 3))])  # noqa: E731
    red = lambda ims: np.column_stack([1 - ims[..., 0].mean(axis=(1, 2)), ims[..., 0].mean(axis=(1, 2))])  # noqa: E731
    v = lw.compare({"bright": bright, "red": red}, img, segmentation_fn=lambda im: segments, num_samples=200, hide_color=0,
                   labels=(1,), top_labels=None, random_state=0)
    assert v.domain == "image" and isinstance(v.instance["image_png"], bytes)
    v.off = [0, 4]
    state = v.view_state()
    assert isinstance(state["instance"]["image_png"], str)  # base64 in the saved state
    page = v.save_html(tmp_path / "c.html").read_text()
    assert "renderOffline" in page
    html = v._repr_mimebundle_()[0]["text/html"]
    assert "lw-compare-snapshot" in html and "data:image/png;base64," in html


def test_the_snapshot_escapes_model_names():
    v = lw.compare({"<b>good</b>": GOOD, "day & night": DAY}, DOC, num_samples=100, random_state=0)
    html = v._repr_mimebundle_()[0]["text/html"]
    assert "<b>good</b>" not in html and "&lt;b&gt;good&lt;/b&gt;" in html and "day &amp; night" in html


def test_a_compare_view_needs_explanations_of_one_domain():
    from lime_widgets.widgets.compare import CompareView

    explainer = lw.LimeTextExplainer(random_state=0)
    a = explainer.explain_instance(DOC, GOOD, num_samples=50)
    b = explainer.explain_instance(DOC, DAY, num_samples=50)  # an equal document, but another domain object
    with pytest.raises(ValueError, match="share one domain"):
        CompareView({"a": a, "b": b})
    with pytest.raises(ValueError, match="2 to 4"):
        CompareView({"a": a})
