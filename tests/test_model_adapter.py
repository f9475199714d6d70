import numpy as np
import pytest

from lime_widgets import LimeTextExplainer, ModelError, ModelOutputError
from lime_widgets.core import ModelAdapter


def proba(n, k=2):
    p = np.full((n, k), 1.0 / k)
    return p


def test_sklearn_estimator_and_callable(rt_pipeline):
    a = ModelAdapter(rt_pipeline)
    out = a(["a fine film", "a dull film"])
    assert out.shape == (2, 2) and np.allclose(out.sum(1), 1)
    assert a.stats.calls == 1 and a.stats.rows == 2 and a.stats.seconds > 0
    b = ModelAdapter(lambda xs: proba(len(xs), 3))
    assert b(["x"] * 5).shape == (5, 3)


def test_batches_never_exceed_batch_size():
    seen = []

    def model(xs):
        if len(xs) > 64:
            raise AssertionError("too many rows")
        seen.append(len(xs))
        return proba(len(xs))

    exp = LimeTextExplainer(random_state=0).explain_instance(
        " ".join(f"w{i}" for i in range(40)), model, num_samples=1000, batch_size=64
    )
    assert max(seen) <= 64 and sum(seen) == exp.model_stats["rows"]
    assert exp.model_stats["calls"] == len(seen) >= 1000 // 64


DOC200 = " ".join(f"w{i}" for i in range(200))


def test_by_default_a_fast_model_gets_the_rest_in_one_call_and_a_slow_one_batches_of_1000(monkeypatch):
    """batch_size=None (text's default): the first call takes 1000 documents; then a model that answers
    1000 in well under CALL_SECONDS gets the rest at once (its fixed cost per call paid twice, not five
    times); one that takes longer keeps calls of 1000 (progress moves, interrupts are heard)."""
    import time

    from lime_widgets.core import model as model_module

    fast = []
    explainer = LimeTextExplainer(random_state=0)
    exp = explainer.explain_instance(DOC200, lambda xs: fast.append(len(xs)) or proba(len(xs)), num_samples=5000, progress=False)
    assert len(fast) == 2 and fast[0] == 1000 and fast[1] > 3900 and exp.model_stats["calls"] == 2  # (a few repeated masks are scored once)
    monkeypatch.setattr(model_module, "CALL_SECONDS", 0.001)  # 1000 rows in 5 ms is now slow
    slow, seen = [], []

    def model(xs):
        slow.append(len(xs))
        time.sleep(0.005)
        return proba(len(xs))

    LimeTextExplainer(random_state=0).explain_instance(DOC200, model, num_samples=5000, progress=lambda d, t: seen.append(d))
    assert slow[:4] == [1000] * 4 and len(slow) == 5 and seen == sorted(seen) and seen[-1] == sum(slow)
    # an explicit batch_size is a cap, however fast the model
    fixed = []
    monkeypatch.setattr(model_module, "CALL_SECONDS", 1.0)
    explainer.explain_instance(DOC200, lambda xs: fixed.append(len(xs)) or proba(len(xs)), num_samples=5000, batch_size=1000, progress=False)
    assert fixed[:4] == [1000] * 4 and len(fixed) == 5


def test_call_size_follows_the_rate_seen_so_far():
    from lime_widgets.core import model as model_module

    a = ModelAdapter(lambda xs: proba(len(xs)), batch_size=None)
    assert a.grows and a.call_size() == 1000
    a.stats.rows, a.stats.seconds = 1000, 0.1  # 10,000 rows a second
    assert a.call_size() == int(model_module.CALL_SECONDS * 10_000)
    a.stats.rows, a.stats.seconds = 2000, 8.0  # slower than 1000 a second: never below 1000
    assert a.call_size() == 1000
    a.stats.rows, a.stats.seconds = 3, 1e-6  # hand toggles of one row say little: not before 1000 rows
    assert a.call_size() == 1000
    b = ModelAdapter(lambda xs: proba(len(xs)), batch_size=50)
    b.stats.rows, b.stats.seconds = 1000, 0.001
    assert not b.grows and b.call_size() == 50


@pytest.mark.parametrize("bad", [0, -3, 1.5, True, "100"])
def test_batch_size_must_be_a_positive_integer_or_none(bad):
    with pytest.raises(ValueError, match="batch_size must be a positive integer or None"):
        ModelAdapter(lambda xs: proba(len(xs)), batch_size=bad)


@pytest.mark.parametrize(
    "model, message",
    [
        (lambda xs: proba(len(xs) + 1), r"returned \d+ rows for \d+ inputs"),
        (lambda xs: np.zeros(len(xs)), "1-D array"),
        (lambda xs: np.full((len(xs), 2), np.nan), "NaN or infinite"),
        (lambda xs: np.full((len(xs), 2), np.inf), "NaN or infinite"),
        (lambda xs: np.full((len(xs), 2), -0.7), "not probabilities"),
        (lambda xs: np.full((len(xs), 2), 3.0), "not probabilities"),
        (lambda xs: [["a", "b"]] * len(xs), "not a numeric array"),
        (lambda xs: np.zeros((len(xs), 2, 2)), "must return an array of shape"),
    ],
)
def test_bad_outputs_are_named(model, message):
    with pytest.raises(ModelOutputError, match=message):
        LimeTextExplainer().explain_instance("a good film", model, num_samples=20)


def test_model_exception_keeps_its_traceback():
    def broken(xs):
        raise KeyError("vocabulary missing")

    with pytest.raises(ModelError, match="raised KeyError") as info:
        LimeTextExplainer().explain_instance("a good film", broken, num_samples=20)
    assert isinstance(info.value.__cause__, KeyError)
    import traceback

    assert "broken" in "".join(traceback.format_exception(info.value.__cause__))


def test_rows_not_summing_to_one_warn():
    with pytest.warns(UserWarning, match="do not sum to 1"):
        LimeTextExplainer().explain_instance("a good film", lambda xs: np.full((len(xs), 2), 0.2), num_samples=20)


def test_classifier_without_predict_proba():
    from sklearn.svm import LinearSVC

    with pytest.raises(TypeError, match="no predict_proba"):
        ModelAdapter(LinearSVC())


def test_regression_output_shape():
    a = ModelAdapter(lambda xs: np.ones((len(xs), 2, 2)), mode="regression")
    with pytest.raises(ModelOutputError, match="one value per input"):
        a(["x", "y"])
    assert ModelAdapter(lambda xs: np.ones((len(xs), 3)), mode="regression")(["x", "y"]).shape == (2, 3)  # several columns
    b = ModelAdapter(lambda xs: np.ones((len(xs), 1)), mode="regression")
    assert b(["x", "y"]).shape == (2,)


def test_cache_answers_repeated_masks_without_the_model():
    calls = []

    def model(xs):
        calls.append(list(xs))
        return np.array([[1 - 0.1 * x.count("good"), 0.1 * x.count("good")] for x in xs])

    exp = LimeTextExplainer(random_state=0).explain_instance("good good bad film", model, num_samples=400)
    # 3 distinct words: at most 2^3 distinct masks, each scored once
    assert exp.model_stats["rows"] <= 8
    before = exp.model_stats["calls"]
    assert exp.model_stats["checks"] == {"calls": 0, "rows": 0, "seconds": 0.0, "cached": 0, "failed": 0}
    cf = exp.counterfactual([0])
    assert exp.model_stats["calls"] == before and len(calls) == before  # seen while sampling: answered from the cache
    assert exp.model_stats["checks"]["cached"] == 1 and exp.model_stats["checks"]["calls"] == 0
    assert cf.input == "  bad film"


def test_model_calls_split_between_the_explanation_and_the_hand_checks():
    def model(xs):
        return np.array([[0.5, 0.5]] * len(xs))

    exp = LimeTextExplainer(random_state=0).explain_instance(" ".join(f"w{i}" for i in range(30)), model, num_samples=50)
    spent = dict(exp.model_stats)
    exp.counterfactual(list(range(0, 30, 2)))  # a mask no sample had
    exp.counterfactual(list(range(0, 30, 2)))  # the same again: from the cache
    stats = exp.model_stats
    assert {k: stats[k] for k in ("calls", "rows")} == {k: spent[k] for k in ("calls", "rows")}  # the explanation's own
    assert (stats["checks"]["calls"], stats["checks"]["rows"], stats["checks"]["cached"]) == (1, 1, 1)
    assert exp.evaluator.adapter.stats.calls == spent["calls"] + 1


def test_interrupt_reaches_the_user_unwrapped():
    """Ctrl-C (a kernel interrupt) during a long explanation stops it as KeyboardInterrupt, not ModelError."""
    calls = []

    def model(xs):
        calls.append(len(xs))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return proba(len(xs))

    with pytest.raises(KeyboardInterrupt):
        LimeTextExplainer().explain_instance(" ".join(f"w{i}" for i in range(30)), model, num_samples=2000, batch_size=100)
    assert len(calls) == 3


def test_progress_callback_counts_scored_samples():
    seen = []
    exp = LimeTextExplainer(random_state=0).explain_instance(
        " ".join(f"w{i}" for i in range(30)), lambda xs: proba(len(xs)), num_samples=1000, batch_size=300, progress=lambda d, t: seen.append((d, t))
    )
    assert seen[0] == (0, exp.model_stats["rows"]) and seen[-1] == (exp.model_stats["rows"],) * 2
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) == exp.model_stats["calls"] + 1
