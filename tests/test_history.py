"""The record of hand checks: every answered request is kept with the model's output and the surrogate's estimate."""
import json

import numpy as np
import pytest

import lime_widgets as lw

DOC = "a witty and moving film, but the ending is dull and far too long"


def test_three_toggles_make_three_records(rt_pipeline):
    view = lw.explain_text(rt_pipeline, DOC, class_names=["rotten", "fresh"], num_samples=600, random_state=0, progress=False)
    assert view.history == []
    words = [view.feature_names.index(w) for w in ("dull", "witty", "long")]
    view.toggle(words[0])  # from Python: answered at once
    view.set_state({"off": sorted(words[:2])})  # from the front end: on the worker
    assert view.wait(10)
    view.set_state({"off": sorted(words)})
    assert view.wait(10)
    assert len(view.history) == 3
    exp = view.explanation
    for check, off in zip(view.history, (words[:1], words[:2], words)):
        assert check["off"] == sorted(off) and check["error"] is None
        cf = exp.counterfactual(off)
        np.testing.assert_allclose(check["model"], rt_pipeline.predict_proba([cf.input])[0], atol=1e-12)
        assert check["surrogate"] == {"1": pytest.approx(exp.surrogate_estimate(off)[1])}
    view.reset()  # the original is not a hand check
    assert len(view.history) == 3
    saved = json.loads(json.dumps(view.view_state()))
    assert saved["history"] == view.history  # saved with the notebook and in save_html
    frame = view.history_frame()
    assert list(frame["check"]) == [1, 2, 3] and frame["off"][0] == ["dull"]
    np.testing.assert_allclose(frame["gap fresh"], frame["model fresh"] - frame["surrogate fresh"])


def test_a_failed_check_is_recorded_with_the_estimate():
    state = {"fail": False}

    def flaky(texts):
        if state["fail"]:
            raise RuntimeError("out of memory")
        return np.tile([0.4, 0.6], (len(texts), 1))

    view = lw.explain_text(flaky, "one two three", num_samples=20, random_state=0, progress=False)
    view.explanation.evaluator.cache.clear()
    state["fail"] = True
    view.toggle(0)
    (check,) = view.history
    assert check["model"] is None and "out of memory" in check["error"]
    assert check["surrogate"]["1"] == pytest.approx(view.explanation.surrogate_estimate([0])[1])
