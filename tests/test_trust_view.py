"""The trust panel's kernel side: intervals, ties and warnings in the view state; the stability check
and the faithfulness curves requested by the front end, run on the view's worker, published as traits."""
from __future__ import annotations

import numpy as np
import pytest
from test_view_fuzz import make_view, text_model
from trust_models import DOC, WORDS, text_explain
from trust_models import text_model as linear_text_model

import lime_widgets as lw
from lime_widgets.widgets.base import explanation_state


@pytest.fixture(scope="module")
def views():
    return {kind: make_view(kind) for kind in ("text", "image", "tabular")}


@pytest.mark.parametrize("kind", ["text", "image", "tabular"])
def test_state_holds_intervals_ties_and_warnings_of_every_label(views, kind):
    view = views[kind]
    exp = view.explanation
    explained = view._explained_keys()  # a binary model's other class is offered, not explained: no intervals
    assert explained and all(view.intervals[str(l)] == {} for l in view.labels if l not in explained)
    for label in explained:
        key = str(label)
        shown = {str(f) for f in view.selected[key]}
        assert set(view.intervals[key]) == shown
        for f, (lo, hi) in exp.confidence_intervals(label).items():
            assert view.intervals[key][str(f)] == [lo, hi] and lo <= view.weights[key][f] <= hi
        assert view.ties[key] == [list(p) for p in exp.tied_features(label)]
        assert view.warnings[key] == exp.warnings(label)
    assert view.stability["state"] == "idle" and view.curves["state"] == "idle"


def test_ties_and_warnings_on_a_tie():
    lam = np.zeros(len(WORDS))
    lam[:3] = [0.3, 0.1, 0.1]  # w1 and w2 tied by construction
    exp = lw.LimeTextExplainer(class_names=["a", "b"], random_state=0).explain_instance(
        DOC, linear_text_model(lam, 0.2, classification=True), num_features=3, num_samples=500)
    view = lw.TextView(exp)
    pairs = view.ties["1"]
    assert [1, 2] in pairs or [2, 1] in pairs
    assert any("tied top features" in w for w in view.warnings["1"])


def test_regression_uses_the_view_key_zero():
    lam = np.linspace(1, 0.1, len(WORDS))
    exp = text_explain(lam, num_features=5, num_samples=400)
    state = explanation_state(exp)
    assert list(state["intervals"]) == ["0"] and len(state["intervals"]["0"]) == len(state["selected"]["0"]) == 20
    assert list(state["warnings"]) == ["0"] and state["ties"]["0"] == []


def record(view, name):
    seen = []
    view.observe(lambda c: seen.append(c["new"]), names=[name])
    return seen


def test_stability_from_the_front_end_progress_then_result():
    view = make_view("text")
    seen = record(view, "stability")
    view.set_state({"stability_seeds": 5})
    assert view.rejected == ""
    assert view.wait(60)
    states = [s["state"] for s in seen]
    assert states[0] == "running" and states[-1] == "done" and "error" not in states
    progress = [(s["done"], s["total"]) for s in seen if s["state"] == "running"]
    assert progress[-1] == (4, 4) and [d for d, _ in progress] == sorted(d for d, _ in progress)
    result = view.stability["labels"]["1"]
    direct = view.explanation.stability(4, 1)
    assert result["seeds"] == 5 and result["k"] == min(direct.k, len(view.feature_names))
    assert (result["jaccard"], result["vsi"], result["csi"]) == (direct.jaccard, direct.vsi, direct.csi)
    assert result["spread"] == {str(f): [s["min"], s["max"]] for f, s in direct.spread.items()}
    assert view.stability_seeds == 0  # the request is answered: the button can ask again


def test_stability_of_an_exactly_linear_model_is_one():
    lam = np.full(len(WORDS), 0.002)
    lam[:5] = [0.12, 0.1, 0.08, 0.06, 0.05]
    exp = lw.LimeTextExplainer(class_names=["a", "b"], random_state=0).explain_instance(
        DOC, linear_text_model(lam, 0.3, classification=True), num_features=5, num_samples=300)
    view = lw.TextView(exp)
    result = view.check_stability(4)
    assert result["state"] == "done" and result["labels"]["1"]["jaccard"] == 1.0


def test_a_hand_check_waiting_is_answered_between_seeds():
    view = make_view("text")
    view.set_state({"stability_seeds": 6, "off": [1]})
    assert view.wait(60)
    assert view.counterfactual["off"] == [1] and view.counterfactual["error"] is None
    assert view.stability["state"] == "done" and len(view.history) == 1


def test_a_model_failing_while_re_explaining_becomes_a_message():
    calls = {"n": 0}

    def flaky(docs):
        calls["n"] += 1
        if calls["n"] > 2:
            raise RuntimeError("the GPU fell over")
        return text_model(docs)

    view = lw.explain_text(flaky, "a good film, fine acting, a bad and dull end", num_samples=200, random_state=0, progress=False)
    view.set_state({"stability_seeds": 3})
    assert view.wait(60)
    assert view.stability["state"] == "error" and "GPU fell over" in view.stability["message"]
    assert view.stability_seeds == 0
    view.view_state()


def test_stability_k_is_at_most_the_number_of_features(views):
    view = views["image"]  # lime's image default: num_features=100000
    assert view.explanation.num_features > len(view.feature_names)
    result = view.check_stability(3)
    assert result["state"] == "done" and all(r["k"] == len(view.feature_names) for r in result["labels"].values())


@pytest.mark.parametrize("kind", ["text", "image", "tabular"])
def test_curves_from_the_front_end(views, kind):
    view = views[kind]
    label = view._explained_keys()[-1]
    seen = record(view, "curves")
    view.set_state({"curves_label": label})
    assert view.rejected == "" and view.wait(60)
    assert seen[0]["state"] == "running" and seen[-1]["state"] == "done"
    got = view.curves["labels"][str(label)]
    deletion = view.explanation.deletion_curve(label)
    np.testing.assert_array_equal(got["deletion"]["model"], deletion.model)
    np.testing.assert_array_equal(got["deletion"]["random"], deletion.random.model)
    assert got["deletion"]["auc"] == deletion.auc and got["insertion"]["auc"] == view.explanation.insertion_curve(label).auc
    assert len(got["insertion"]["model"]) == len(view.feature_names) + 1
    assert view.curves_label == -1
    view.view_state()


@pytest.mark.parametrize("message, words", [
    ({"stability_seeds": 1}, "2..50"), ({"stability_seeds": 51}, "2..50"), ({"stability_seeds": "10"}, "integer"),
    ({"stability_seeds": True}, "integer"), ({"curves_label": 7}, "explained label"), ({"curves_label": 1.0}, "integer"),
])
def test_bad_requests_are_rejected(message, words):
    view = make_view("text")
    view.set_state(message)
    assert words in view.rejected
    assert view.stability_seeds == 0 and view.curves_label == -1 and view.stability["state"] == "idle"


def test_view_warnings_low_r2_and_unnormalised_rows():
    def f(texts):
        p = 0.1 + 0.3 * (np.array([len(t) for t in texts]) % 7) / 7  # not linear in the words: low R²
        return np.column_stack([p, p])  # rows sum to 2p, not 1

    with pytest.warns(UserWarning, match="do not sum to 1"):
        view = lw.explain_text(f, DOC, num_samples=300, random_state=0, progress=False)
    lines = view.warnings[str(view.label)]
    assert any(w.startswith("low R²") and "(< 0.5)" in w for w in lines)
    assert any("do not sum to 1" in w for w in lines)
