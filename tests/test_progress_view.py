"""Progress of long explanations in the notebook: lime_widgets/widgets/progress.py and its use by
explain_text / explain_image / explain_tabular. The kernel and IPython's display functions are faked;
a fake clock makes timing (when the view appears, throttling) exact."""
from __future__ import annotations

import types

import numpy as np
import pandas as pd
import pytest
from traitlets import TraitError

import lime_widgets as lw
from lime_widgets.core.model import ModelError
from lime_widgets.widgets import progress as P
from lime_widgets.widgets.progress import ProgressView

DOC = " ".join(f"w{i}" for i in range(40))


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


class Handle:
    def __init__(self, log, obj):
        self.log, self.obj = log, obj
        self.updates = []

    def update(self, obj, **kwargs):
        self.updates.append((obj, kwargs))
        self.log.append(("update", obj, kwargs))


class FakeNotebook:
    """A fake kernel: get_ipython() has a ``kernel``; display(obj, display_id=True) returns a handle."""

    def __init__(self, monkeypatch):
        import IPython
        import IPython.display

        self.log = []
        self.handles = []
        monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))
        monkeypatch.setattr(IPython.display, "display", self.display)

    def display(self, obj, display_id=None, **kwargs):
        assert display_id is True, "the progress view needs a display id (to be removed later)"
        h = Handle(self.log, obj)
        self.handles.append(h)
        self.log.append(("display", obj))
        return h

    @property
    def views(self):
        return [h.obj for h in self.handles if isinstance(h.obj, ProgressView)]


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(P, "_clock", c)
    return c


@pytest.fixture
def nb(monkeypatch):
    return FakeNotebook(monkeypatch)


def counting_model(clock, seconds=0.04, fail_on=None, exc=None):
    """Two classes from the share of words kept; advances the fake clock per batch; may raise."""
    calls = []

    def model(texts):
        calls.append(len(texts))
        if fail_on is not None and len(calls) == fail_on:
            raise exc
        clock.t += seconds
        p = np.array([len(t.split()) / 40.0 for t in texts])
        return np.column_stack([1 - p, p])

    model.calls = calls
    return model


def record(view):
    """Every value ``done`` takes on the view, with the total at that moment."""
    seen = []
    view.observe(lambda ch: seen.append((ch["new"], view.total)), names="done")
    return seen


def test_in_kernel_only_with_a_kernel(monkeypatch):
    import IPython

    assert P.in_kernel() is False  # pytest: no IPython shell at all
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace())  # terminal IPython
    assert P.in_kernel() is False
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    assert P.in_kernel() is True


def test_progress_rises_to_total_throttled_and_is_removed(nb, clock, monkeypatch):
    model = counting_model(clock, seconds=0.04)
    shown = []
    orig_show = P.LiveProgress._show

    def show(self, now):
        orig_show(self, now)
        shown.append(((self.view.done, self.view.total), self.view, record(self.view)))

    monkeypatch.setattr(P.LiveProgress, "_show", show)
    view = lw.explain_text(model, DOC, num_samples=3000, batch_size=100, random_state=0)
    assert isinstance(view, lw.widgets.TextView)
    (first, pv, seen), = shown
    total = view.explanation.model_stats["rows"]
    assert total > 2500 and len(model.calls) == -(-total // 100)
    assert nb.views == [pv] and all(t == total for _, t in seen)
    values = [d for d, _ in seen]
    # shown once scoring had run SHOW_AFTER = 0.5 s: after ceil(0.5 / 0.04) = 13 batches of 0.04 s;
    # then throttled to one update per 0.1 s, i.e. every 3rd batch, plus the final count: monotonic
    assert first == (1300, total)
    assert values == list(range(1600, total, 300)) + [total]
    span = len(model.calls) * 0.04
    assert len(seen) <= (span - P.SHOW_AFTER) * P.UPDATES_PER_SECOND + 1 < len(model.calls)
    assert pv.elapsed == pytest.approx(span, abs=0.05)
    # done: the progress output is replaced by an empty one and the widget is closed
    (h,) = nb.handles
    assert h.updates == [({}, {"raw": True})]
    assert pv.comm is None and pv.layout.comm is None  # closed: a saved notebook keeps no state of it
    assert pv.state == "done" and pv.done == total


def test_fast_explanation_shows_nothing(nb, clock):
    model = counting_model(clock, seconds=0.001)
    view = lw.explain_text(model, DOC, num_samples=500, batch_size=100, random_state=0)
    assert isinstance(view, lw.widgets.TextView)
    assert nb.log == []


def test_keyboard_interrupt_on_third_batch(nb, clock, monkeypatch):
    monkeypatch.setattr(P, "SHOW_AFTER", 0.0)
    model = counting_model(clock, seconds=0.01, fail_on=3, exc=KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt, match=r"stopped after 500 / [\d,]+ samples") as caught:
        lw.explain_text(model, DOC, num_samples=2000, batch_size=250, random_state=0)
    assert len(model.calls) == 3
    # a short traceback: the caller, explain_text, explain_live, live_view and the progress that raised it (not the engine)
    assert caught.value.__suppress_context__ and len(caught.traceback) <= 5
    (pv,) = nb.views
    assert pv.state == "interrupted"
    assert pv.done == 2 * 250 and pv.total > 1500
    assert pv.comm is not None  # the view stays (live, and in saved widget state)
    (h,) = nb.handles
    assert [u[0] for u in h.updates] == [pv]  # re-displayed: the output's text/plain says so too
    assert pv._repr_mimebundle_()[0]["text/plain"] == f"LIME: interrupted after 500 / {pv.total:,} samples ({pv.elapsed:.1f} s)"
    assert "application/vnd.jupyter.widget-view+json" in pv._repr_mimebundle_()[0]


def test_model_error_shows_its_message(nb, clock, monkeypatch):
    monkeypatch.setattr(P, "SHOW_AFTER", 0.0)
    model = counting_model(clock, fail_on=2, exc=ValueError("bad <b>batch</b> & more"))
    with pytest.raises(ModelError) as err:
        lw.explain_text(model, DOC, num_samples=1000, batch_size=200, random_state=0)
    assert isinstance(err.value.__cause__, ValueError)
    (pv,) = nb.views
    assert pv.state == "error" and pv.done == 200
    assert "ValueError: bad <b>batch</b> & more" in pv.message
    assert pv.message == str(err.value)
    assert pv.summary().startswith("LIME: the model failed after 200 / ")


def test_a_model_failing_on_its_first_batch_still_shows_the_error(nb, clock):
    model = counting_model(clock, fail_on=1, exc=ValueError("wrong input shape"))
    with pytest.raises(ModelError):
        lw.explain_text(model, DOC, num_samples=1000, batch_size=200, random_state=0)
    (pv,) = nb.views  # shown at once, although SHOW_AFTER had not passed
    assert pv.state == "error" and pv.done == 0 and "wrong input shape" in pv.message


def test_interrupt_before_the_view_appears_shows_nothing(nb, clock):
    model = counting_model(clock, seconds=0.01, fail_on=3, exc=KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        lw.explain_text(model, DOC, num_samples=2000, batch_size=250, random_state=0)
    assert nb.log == []


def test_outside_a_kernel_no_progress_view(clock, monkeypatch):
    made = []
    monkeypatch.setattr(P, "ProgressView", lambda **kw: made.append(kw))
    seen = []
    model = counting_model(clock, seconds=1.0)
    view = lw.explain_text(model, DOC, num_samples=600, batch_size=100, random_state=0, progress=lambda d, t: seen.append((d, t)))
    assert made == [] and seen[-1][0] == seen[-1][1] > 0
    view = lw.explain_text(model, DOC, num_samples=600, batch_size=100, random_state=0, progress=False)
    view = lw.explain_text(model, DOC, num_samples=600, batch_size=100, random_state=0)  # tqdm (after 1 s)
    assert made == [] and isinstance(view, lw.widgets.TextView)


@pytest.mark.parametrize("option", ["callable", False, True])
def test_in_a_kernel_explicit_progress_is_the_engines(nb, clock, monkeypatch, option):
    monkeypatch.setattr(P, "SHOW_AFTER", 0.0)
    seen = []
    progress = (lambda d, t: seen.append((d, t))) if option == "callable" else option
    lw.explain_text(counting_model(clock), DOC, num_samples=600, batch_size=100, random_state=0, progress=progress)
    assert nb.log == []
    if option == "callable":
        assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1] > 0


def test_same_explanation_with_and_without_the_view(nb, clock, monkeypatch):
    monkeypatch.setattr(P, "SHOW_AFTER", 0.0)
    a = lw.explain_text(counting_model(clock), DOC, num_samples=800, batch_size=100, random_state=3)
    b = lw.explain_text(counting_model(clock), DOC, num_samples=800, batch_size=100, random_state=3, progress=False)
    assert len(nb.views) == 1
    assert a.weights == b.weights and a.intercept == b.intercept


def test_image_and_tabular_entry_points(nb, clock, monkeypatch):
    monkeypatch.setattr(P, "SHOW_AFTER", 0.0)
    image = np.random.default_rng(0).integers(0, 255, (24, 24, 3)).astype(np.uint8)
    def grid(img):
        return (np.arange(24)[:, None] // 6) * 4 + np.arange(24)[None, :] // 6

    def classify(images):
        clock.t += 0.01
        m = np.asarray(images, float).mean(axis=(1, 2, 3)) / 255
        return np.column_stack([1 - m, m])

    iv = lw.explain_image(classify, image, segmentation_fn=grid, num_samples=120, batch_size=40, random_state=0, top_labels=2)
    assert isinstance(iv, lw.widgets.ImageView)
    X = pd.DataFrame({"a": np.linspace(0, 1, 50), "b": np.linspace(1, 3, 50) ** 2})

    def f(rows):
        clock.t += 0.01
        s = 1 / (1 + np.exp(-(np.asarray(rows)[:, 0] - 0.5)))
        return np.column_stack([1 - s, s])

    tv = lw.explain_tabular(f, X.iloc[3], X, num_samples=300, batch_size=100, random_state=0)
    assert isinstance(tv, lw.widgets.TabularView)
    assert len(nb.views) == 2
    for h in nb.handles:
        assert h.obj.done == h.obj.total > 0
        assert h.updates == [({}, {"raw": True})] and h.obj.comm is None
    with pytest.raises(KeyboardInterrupt):
        lw.explain_tabular(lambda rows: (_ for _ in ()).throw(KeyboardInterrupt()), X.iloc[3], X, num_samples=300, random_state=0)
    assert nb.views[-1].state == "interrupted" and nb.views[-1].done == 0


def test_summary_text():
    v = ProgressView(done=2000, total=5000, elapsed=1.25)
    assert v.summary() == "LIME: scoring perturbed samples 2,000 / 5,000 (40%) \u00b7 1.2 s"
    assert repr(v) == v.summary()
    v.state = "done"
    assert v.summary().startswith("LIME: scored 5,000 perturbed samples")
    with pytest.raises(TraitError):
        v.state = "bogus"
    assert v.kind == "progress"
    v.close()


def test_a_failing_display_never_breaks_the_explanation(clock, monkeypatch):
    import IPython
    import IPython.display

    monkeypatch.setattr(P, "SHOW_AFTER", 0.0)
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))

    def display(*a, **k):
        raise RuntimeError("no frontend")

    monkeypatch.setattr(IPython.display, "display", display)
    view = lw.explain_text(counting_model(clock), DOC, num_samples=500, batch_size=100, random_state=0)
    assert isinstance(view, lw.widgets.TextView)


class SlowExplainer:
    """An explainer whose explanations take 0.3 s of the fake clock each; may be interrupted."""

    random_state = 0

    def __init__(self, clock, interrupt_on=None):
        self.clock, self.interrupt_on, self.calls = clock, interrupt_on, 0

    def explain_instance(self, instance, predict_fn, **kwargs):
        self.calls += 1
        if self.calls == self.interrupt_on:
            raise KeyboardInterrupt
        self.clock.t += 0.3
        return instance


def test_explain_many_counts_instances_in_the_progress_view(nb, clock):
    from lime_widgets.pick import explain_many

    assert explain_many(SlowExplainer(clock), list(range(6)), None) == list(range(6))
    (pv,) = nb.views
    assert pv.unit == "instances" and pv.total == 6 and pv.done == 6 and pv.state == "done"
    assert [u[0] for u in nb.handles[0].updates] == [{}]  # removed when done
    assert pv.summary() == "LIME: explained 6 instances in 1.8 s"


def test_explain_many_interrupted_keeps_the_view_and_says_how_far(nb, clock):
    from lime_widgets.pick import explain_many

    with pytest.raises(KeyboardInterrupt, match=r"stopped after 3 / 6 instances"):
        explain_many(SlowExplainer(clock, interrupt_on=4), list(range(6)), None)
    (pv,) = nb.views
    assert pv.state == "interrupted" and pv.done == 3 and pv.unit == "instances"


def test_explain_many_outside_a_kernel_uses_a_tqdm_bar(clock, monkeypatch):
    import lime_widgets.core.engine as engine
    import lime_widgets.pick as pick

    made = []
    monkeypatch.setattr(engine, "_progress_bar", lambda total, unit, delay: made.append((total, unit, delay)) or types.SimpleNamespace(n=0,
            update=lambda k: None, close=lambda: None))
    monkeypatch.setattr(P, "ProgressView", None)  # any attempt to build a view would fail
    assert pick.explain_many(SlowExplainer(clock), [1, 2], None) == [1, 2]
    assert made == [(2, "instances", 1.0)]
