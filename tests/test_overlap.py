"""What needs no model output (kernel weights, the Gram matrix or the dual's kernel and factor) is built
while the helper thread builds the first batch, before the model is called: same numbers, same errors,
the model's BLAS threads untouched, no thread left."""
import threading

import numpy as np
import pytest

import lime_widgets.core.engine as engine
from lime_widgets import LimeTabularExplainer, LimeTextExplainer
from lime_widgets.core.dual import DualDesign
from lime_widgets.core.evaluator import Evaluator, Neighborhood, mask_keys
from lime_widgets.core.model import ModelAdapter, ModelError
from lime_widgets.core.sampling import removal_masks, sample_rng
from lime_widgets.core.surrogate import WeightedDesign, design_for, fit_surrogates
from lime_widgets.core.threads import SideJob

WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau".split()
DOC = " ".join(WORDS + WORDS[::2] + ["good", "bad", "fine"])


def text_model(strings):
    score = np.array([s.count("good") - s.count("bad") + 0.1 * s.count("alpha") + 0.05 * len(s.split()) / 30 for s in strings])
    p = 1 / (1 + np.exp(-score))
    return np.column_stack([1 - p, p])


def helper_threads():
    return [t for t in threading.enumerate() if t.name.startswith("lime-realize")]


def samples(n, d, seed=0):
    Z = removal_masks(sample_rng(seed), n, d)
    w = np.sqrt(np.exp(-(((1 - np.sqrt(Z.sum(1) / d)) * 100) ** 2) / 25**2))
    Y = np.random.default_rng(seed).random((n, 3))
    return Z, w, Y


def test_the_gram_built_before_the_model_outputs_equals_the_one_built_with_them():
    Z, w, Y = samples(3000, 40)
    after = WeightedDesign(Z, w, Y)
    before = WeightedDesign(Z, w).targets(Y)
    for name in ("gram", "xty", "yty", "y_mean", "x_mean"):
        assert np.array_equal(getattr(before, name), getattr(after, name)), name


@pytest.mark.parametrize("method", ["none", "highest_weights", "forward_selection", "lasso_path"])
@pytest.mark.parametrize("shape", [(600, 30), (60, 150)])  # primal, and dual (features outnumber samples)
def test_fits_on_a_design_prepared_beforehand_equal_the_fits_made_at_once(method, shape):
    Z, w, Y = samples(*shape, seed=shape[1])
    labels, nf = [0, 2], 6
    design = design_for(Z, w, method, nf)
    assert isinstance(design, DualDesign) == (shape[1] > shape[0])
    at_once = fit_surrogates(Z, Y, w, labels, nf, feature_selection=method)
    prepared = fit_surrogates(Z, Y, w, labels, nf, feature_selection=method, design=design)
    for label in labels:
        a, b = at_once[label], prepared[label]
        assert np.array_equal(a.used, b.used)
        assert np.array_equal(a.coef, b.coef) and a.intercept == b.intercept and a.score == b.score


def test_the_dual_prepares_its_factor_before_the_targets_exist():
    Z, w, Y = samples(50, 120)
    design = DualDesign(Z, w).prepare("highest_weights")
    assert design._K is not None and 0.01 in design._factors and not hasattr(design, "yt")


def test_the_side_job_runs_while_the_helper_builds_the_first_batch_and_before_the_model():
    Z = np.unique(np.random.default_rng(3).random((500, 12)) < 0.5, axis=0)[:400]
    side_running, first_built = threading.Event(), []
    order = []

    def realize(rows):
        if rows.start == 0:  # the first batch is built while the side job runs in the calling thread
            first_built.append(side_running.wait(timeout=30))
        return Z[rows].astype(float)

    def side():
        side_running.set()
        order.append(("side", threading.current_thread().name))
        return "built"

    def model(X):
        order.append(("model", len(X)))
        p = 1 / (1 + np.exp(-X.sum(1) + 6))
        return np.column_stack([1 - p, p])

    job = SideJob(side)
    Evaluator(ModelAdapter(model, batch_size=100)).score(Neighborhood(Z=Z, realize=realize, keys=mask_keys(Z)), alongside=job)
    assert first_built == [True] and job.result() == "built"
    assert order[0] == ("side", threading.current_thread().name) and [o[0] for o in order[1:]] == ["model"] * 4
    assert not helper_threads()


def test_a_side_job_that_never_started_runs_when_its_result_is_asked():
    Z = np.ones((3, 4), dtype=bool)
    ev = Evaluator(ModelAdapter(lambda X: np.tile([0.3, 0.7], (len(X), 1)), batch_size=10))
    nbhd = Neighborhood(Z=Z, realize=lambda rows: Z[rows].astype(float), keys=mask_keys(Z))
    ev.score(nbhd)
    job = SideJob(lambda: threading.current_thread().name)
    ev.score(nbhd, alongside=job)  # every mask answered before: no batch, no helper thread
    assert job.result() == threading.current_thread().name


def explain_text(**kw):
    return LimeTextExplainer(random_state=5, **kw.pop("explainer", {})).explain_instance(
        kw.pop("doc", DOC), kw.pop("model", text_model), num_samples=kw.pop("num_samples", 1200), batch_size=200, progress=False, **kw
    )


def same(a, b):
    assert a.as_map() == b.as_map() and a.score == b.score and a.intercept == b.intercept
    assert np.array_equal(a.neighborhood["weights"], b.neighborhood["weights"])


@pytest.mark.parametrize("case", ["text nf=10", "text nf=5", "dual", "tabular"])
def test_an_explanation_is_the_same_whether_the_design_is_built_before_or_after_scoring(case, monkeypatch):
    seen = []
    weigh = engine._weigh
    monkeypatch.setattr(engine, "_weigh", lambda *a: seen.append(threading.current_thread().name) or weigh(*a))

    def run():
        if case == "dual":
            return explain_text(explainer={"bow": False}, num_samples=60)  # 63 positions > 60 samples
        if case == "tabular":
            X = np.random.default_rng(0).normal(size=(200, 6))
            f = lambda rows: np.column_stack([1 / (1 + np.exp(rows @ np.arange(6))), 1 - 1 / (1 + np.exp(rows @ np.arange(6)))])  # noqa: E731
            return LimeTabularExplainer(X, random_state=2).explain_instance(X[0], f, num_samples=900, batch_size=200, progress=False)
        return explain_text(num_features=int(case[-2:].strip("=")))

    during = run()
    monkeypatch.setattr(engine, "OVERLAP", False)
    after = run()
    same(during, after)
    assert seen == [threading.current_thread().name] * 2


def test_a_model_that_raises_mid_run_gives_its_error_and_leaves_no_thread():
    calls = []

    def flaky(strings):
        calls.append(len(strings))
        if len(calls) == 3:
            raise RuntimeError("out of memory on the GPU")
        return text_model(strings)

    with pytest.raises(ModelError, match="out of memory on the GPU"):
        explain_text(model=flaky)
    assert len(calls) == 3 and not helper_threads()

    def interrupted(strings):
        calls.append(len(strings))
        if len(calls) == 5:
            raise KeyboardInterrupt
        return text_model(strings)

    with pytest.raises(KeyboardInterrupt):
        explain_text(model=interrupted)
    assert not helper_threads()


def test_bad_kernel_weights_are_reported_after_the_model_scored_as_before():
    calls = []

    def model(strings):
        calls.append(len(strings))
        return text_model(strings)

    with pytest.raises(ValueError, match="kernel weights must be finite"):
        LimeTextExplainer(kernel=lambda d, kernel_width: d * np.nan, random_state=0).explain_instance(
            DOC, model, num_samples=1000, batch_size=200, progress=False
        )
    assert len(calls) >= 4 and 0 < calls[-1] < 200 and not helper_threads()  # every batch, the last partial one too


def test_the_model_keeps_its_blas_threads_while_we_limit_ours():
    from threadpoolctl import threadpool_info

    def counts():
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    before, during = counts(), []

    def model(strings):
        during.append(counts())
        return text_model(strings)

    explain_text(model=model)
    assert counts() == before and during and all(c == before for c in during)  # the model never runs under our limit


def test_with_one_batch_there_is_no_helper_and_the_side_job_waits_for_its_result():
    Z = np.unique(np.random.default_rng(4).random((200, 8)) < 0.5, axis=0)[:100]
    job_threads, model_saw = [], []
    job = SideJob(lambda: job_threads.append(threading.current_thread().name) or "built")

    def model(X):
        model_saw.append((list(job_threads), [t.name for t in helper_threads()]))
        return np.tile([0.4, 0.6], (len(X), 1))

    nbhd = Neighborhood(Z=Z, realize=lambda rows: Z[rows].astype(float), keys=mask_keys(Z))
    Evaluator(ModelAdapter(model, batch_size=1000)).score(nbhd, alongside=job)
    assert model_saw == [([], [])]  # one batch: built here, no helper thread, the job not yet run
    assert job.result() == "built" and job_threads == [threading.current_thread().name]
