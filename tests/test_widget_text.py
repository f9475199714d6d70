"""The text view's kernel side: state, toggles answered by the model, coalescing, sharing."""
import json
import re
import threading
import time

import numpy as np
import pytest
from traitlets import TraitError

import lime_widgets as lw
from lime_widgets.widgets import TextView

DOC = "a gorgeous , witty film with a dull and tiresome second half"


@pytest.fixture()
def view(rt_pipeline):
    return lw.explain_text(rt_pipeline, DOC, class_names=["rotten", "fresh"], num_samples=800, random_state=0)


def test_state_mirrors_the_explanation(view):
    exp = view.explanation
    assert isinstance(view, TextView) and view.kind == "text"
    assert "".join(tok for tok, _ in view.tokens) == DOC
    words = {tok: f for tok, f in view.tokens if f >= 0}
    assert view.feature_names[words["dull"]] == "dull"
    # a binary model: both classes can be picked, the explained one first
    assert view.labels == [1, 0] and view.label == 1 and view.class_names == ["rotten", "fresh"]
    assert np.allclose(view.weights["0"], -exp.weights(1)) and view.intercept["0"] == pytest.approx(1 - exp.intercept[1])
    assert sorted(exp.as_map()) == [1]  # the explanation itself (lime's as_map) is unchanged
    assert np.allclose(view.weights["1"], exp.weights(1))
    assert view.selected["1"] == [f for f, _ in exp.local_exp[1]]
    assert view.intercept["1"] == exp.intercept[1] and view.score["1"] == exp.score[1]
    assert np.allclose(view.proba, exp.predict_proba)
    assert view.seed == 0 and view.num_samples == 800 and view.num_features == 10
    cf = view.counterfactual
    assert cf == {"off": [], "edits": {}, "proba": list(exp.predict_proba), "error": None, "input": DOC, "surrogate": cf["surrogate"]}
    assert cf["surrogate"] == {"1": pytest.approx(exp.local_pred[1]), "0": pytest.approx(1 - exp.local_pred[1])}
    json.dumps(view.view_state())  # plain JSON


def test_frontend_toggle_is_answered_by_the_model(view, rt_pipeline):
    dull = view.feature_names.index("dull")
    view.set_state({"off": [dull]})  # what a click in the browser sends
    assert view.wait(10)
    cf = view.counterfactual
    assert cf["off"] == [dull] and cf["error"] is None
    edited = DOC.replace("dull", "")
    assert cf["input"] == edited
    assert np.allclose(cf["proba"], rt_pipeline.predict_proba([edited])[0])
    est = view.estimate()
    w = view.explanation.weights(1)
    assert est[1] == pytest.approx(view.explanation.intercept[1] + w.sum() - w[dull])


def test_python_toggle_is_answered_before_it_returns(view, rt_pipeline):
    view.toggle(view.feature_names.index("witty"))
    assert view.counterfactual["off"] == view.off == [view.feature_names.index("witty")]
    assert np.allclose(view.counterfactual["proba"], rt_pipeline.predict_proba([view.answer().input])[0])
    view.reset()
    assert view.counterfactual["off"] == [] and np.allclose(view.counterfactual["proba"], view.proba)


def test_off_is_sorted_and_checked(view):
    view.off = [3, 1]
    assert view.off == [1, 3] and view.counterfactual["off"] == [1, 3]
    for bad, why in (([3, 3], "must not repeat"), ([999], "do not exist"), ([1.0], "integers"), ("3", "integers|list")):
        with pytest.raises(TraitError, match=why):
            view.off = bad
        view.set_state({"off": bad})  # from the front end: rejected, the last valid state stays
        assert view.off == [1, 3] and re.search(why, view.rejected)
    view.set_state({"off": [2]})
    assert view.rejected == "" and view.wait(10) and view.counterfactual["off"] == [2]


def test_rapid_clicks_coalesce_and_latest_wins():
    calls = []
    gate = threading.Event()

    def slow(texts):
        calls.append(list(texts))
        if len(texts) == 1:
            gate.wait(5)
        p = np.array([0.2 + 0.6 * ("good" in t) for t in texts])
        return np.column_stack([1 - p, p])

    v = lw.explain_text(slow, "good bad ugly film here", num_samples=40, random_state=0)
    sampled = len(calls)
    v.explanation.evaluator.cache.clear()  # make every toggle reach the model
    v.set_state({"off": [0]})
    time.sleep(0.1)  # the worker is now inside the model for [0]
    for off in ([0, 1], [0, 1, 2], [0, 1, 2, 3]):
        v.set_state({"off": off})
        assert v.counterfactual["off"] == []  # nothing stale or intermediate is published meanwhile
    gate.set()
    assert v.wait(10)
    asked = [c[0] for c in calls[sampled:]]
    assert len(asked) == 2  # [0], then straight to the latest mask: the two in between were skipped
    assert v.counterfactual["off"] == [0, 1, 2, 3]
    assert v.counterfactual["input"] == asked[-1] == "    here"


def test_model_failure_becomes_a_message_and_the_view_lives_on():
    state = {"fail": False}

    def flaky(texts):
        if state["fail"]:
            raise RuntimeError("GPU on fire <script>alert(1)</script>")
        return np.tile([0.4, 0.6], (len(texts), 1))

    v = lw.explain_text(flaky, "one two three", num_samples=20, random_state=0)
    v.explanation.evaluator.cache.clear()
    state["fail"] = True
    v.set_state({"off": [0]})
    assert v.wait(10)
    assert v.counterfactual["proba"] is None
    assert "GPU on fire" in v.counterfactual["error"] and "RuntimeError" in v.counterfactual["error"]
    state["fail"] = False
    v.set_state({"off": [1]})
    assert v.wait(10)
    cf = v.counterfactual
    assert cf == {"off": [1], "edits": {}, "proba": [0.4, 0.6], "error": None, "input": "one  three", "surrogate": cf["surrogate"]}
    assert cf["surrogate"]["1"] == pytest.approx(v.explanation.surrogate_estimate([1])[1])


def test_label_must_be_an_explained_label(rt_pipeline):
    v = lw.explain_text(rt_pipeline, DOC, top_labels=2, num_samples=300, random_state=0)
    assert v.labels == v.explanation.top_labels and len(v.labels) == 2
    other = v.labels[1]
    v.set_state({"label": other})
    assert v.label == other
    with pytest.raises(TraitError, match="was not explained"):
        v.label = 7
    v.set_state({"label": 7})
    assert v.label == other and "label 7 was not explained" in v.rejected


def test_regression_view():
    v = lw.explain_text(lambda ts: np.array([len(t) / 10 for t in ts]), "short and long words", mode="regression", num_samples=200, random_state=0)
    assert v.mode == "regression" and v.labels == [0] and v.class_names == ["value"]
    assert v.proba == [pytest.approx(2.0)] and v.value_range[0] <= 2.0 <= v.value_range[1]
    v.off = [0]
    assert v.counterfactual["proba"] == [pytest.approx(len(" and long words") / 10)]


PAYLOADS = ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>", "javascript:alert(3)"]


def payload_view():
    doc = " ".join(PAYLOADS) + " plain words"
    return lw.explain_text(
        lambda ts: np.array([[0.3, 0.7] if "img" in t else [0.6, 0.4] for t in ts]), doc,
        class_names=["<b>bold</b>", "</script><script>alert(4)</script>"], num_samples=100, random_state=0,
        split_expression=r"\s+",
    )


def test_snapshot_escapes_user_strings():
    v = payload_view()
    bundle = v._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    html = data["text/html"]
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    assert "&lt;img" in html and "onerror=alert(1)&gt;" in html and "&lt;/script&gt;&lt;script&gt;alert(4)" in html


def test_display_is_the_live_view_then_its_snapshot(monkeypatch):
    """display(view) in IPython: the widget output without the snapshot, then the snapshot in an output
    of its own (nbconvert keeps only the widget entry of an output whose state is saved); in Colab and
    VS Code, where our stylesheet cannot hide a second output, the one output with both."""
    import os
    import sys

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    for k in [k for k in os.environ if k.startswith("VSCODE_")]:
        monkeypatch.delenv(k)
    v = payload_view()
    with capture_output() as cap:
        display(v)
    first, second = cap.outputs
    assert "application/vnd.jupyter.widget-view+json" in first.data and "text/html" not in first.data
    assert first.data["application/vnd.jupyter.widget-view+json"]["model_id"] == v.model_id
    assert second.metadata == {"lime_widgets": {"fallback": True}}
    assert second.data["text/html"].startswith('<div class="lw-fallback"><div class="lw-snapshot"')
    assert "&lt;/script&gt;&lt;script&gt;alert(4)" in second.data["text/html"] and "<script" not in second.data["text/html"]
    for where in ("vscode", "colab"):
        if where == "vscode":
            monkeypatch.setenv("VSCODE_PID", "1")
        else:
            monkeypatch.delenv("VSCODE_PID")
            monkeypatch.setitem(sys.modules, "google.colab", object())
        with capture_output() as cap:
            display(v)
        (only,) = cap.outputs
        assert "application/vnd.jupyter.widget-view+json" in only.data and "lw-snapshot" in only.data["text/html"], where


def test_saved_page_is_self_contained_and_inert(tmp_path):
    v = payload_view()
    path = v.save_html(tmp_path / "view.html")
    page = path.read_text()
    assert "<img" not in page.replace("<img src=x", "")  # no img element anywhere
    assert page.count("<script") == 3  # state, bundle, mount: nothing from the payloads
    assert "http://" not in page and "https://" not in page and "src=\"" not in page.replace('src="data:', "")
    assert "default-src 'none'" in page
    state = json.loads(page.split('data-lw-state="lw-view-0">', 1)[1].split("</script>", 1)[0])
    assert state["_offline"] is True and state["class_names"][1] == "</script><script>alert(4)</script>"
