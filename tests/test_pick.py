"""Many instances in parallel (joblib, dask) and submodular pick."""
import signal

import numpy as np
import pytest

from lime_widgets import LimeTabularExplainer, LimeTextExplainer
from lime_widgets.pick import SubmodularPick, explain_many, submodular_pick


def lime_greedy(W, num_exps_desired):
    """lime 0.2.0.1's greedy pick over W, as it is written there (the reference)."""
    importance = np.sum(abs(W), axis=0) ** 0.5
    remaining = set(range(len(W)))
    V = []
    for _ in range(num_exps_desired):
        best, best_ind = 0, None
        for i in remaining:
            current = np.dot((np.sum(abs(W)[V + [i]], axis=0) > 0), importance)
            if current >= best:
                best, best_ind = current, i
        V.append(best_ind)
        remaining -= {best_ind}
    return V


@pytest.mark.parametrize("seed", range(6))
def test_pick_equals_lime_greedy(seed):
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(40, 25)) * (rng.random((40, 25)) < 0.2)
    if seed == 5:
        W[:, :] = 0
        W[[3, 7, 9], 0] = 1.0  # ties everywhere
    V, coverage = submodular_pick(W, 6)
    assert V == lime_greedy(W, 6)
    assert all(a <= b for a, b in zip(coverage, coverage[1:]))


def test_explain_many_is_seeded_per_instance(rt_corpus, rt_pipeline):
    docs = rt_corpus[0][4000:4006]
    ex = LimeTextExplainer(random_state=3)
    a = explain_many(ex, docs, rt_pipeline.predict_proba, num_samples=300)
    b = explain_many(ex, docs, rt_pipeline.predict_proba, num_samples=300, n_jobs=2)
    assert [e.local_exp for e in a] == [e.local_exp for e in b]
    assert len({e.seed for e in a}) == len(docs)
    # each instance's explanation replays from its own recorded seed
    again = ex.explain_instance(docs[2], rt_pipeline.predict_proba, num_samples=300, random_state=a[2].seed)
    assert again.local_exp == a[2].local_exp


def test_dask_cluster_gives_the_sequential_explanations():
    distributed = pytest.importorskip("distributed", reason="dask.distributed is in the 'cluster' extra")
    import joblib
    from sklearn.datasets import load_breast_cancer
    from sklearn.ensemble import RandomForestClassifier

    data = load_breast_cancer()
    X, y = data.data, data.target
    rf = RandomForestClassifier(n_estimators=30, random_state=0).fit(X[:400], y[:400])
    ex = LimeTabularExplainer(X[:400], feature_names=list(data.feature_names), random_state=0)
    rows = X[400:408]
    sequential = explain_many(ex, rows, rf.predict_proba, num_samples=1000)

    def too_long(signum, frame):  # a result that cannot travel back makes dask wait forever: fail instead
        raise TimeoutError("the dask cluster gave no explanations within 120 s")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(120)
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None) as cluster, distributed.Client(cluster):
            with joblib.parallel_backend("dask"):
                clustered = explain_many(ex, rows, rf.predict_proba, num_samples=1000)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    for s, c in zip(sequential, clustered):
        assert [f for f, _ in s.local_exp[1]] == [f for f, _ in c.local_exp[1]]
        assert np.allclose(s.weights(1), c.weights(1), rtol=1e-12, atol=1e-15)
        assert s.seed == c.seed


def test_submodular_pick_text(rt_corpus, rt_pipeline):
    docs = rt_corpus[0][4000:4030]
    ex = LimeTextExplainer(random_state=0)
    sp = SubmodularPick(ex, docs, rt_pipeline.predict_proba, sample_size=12, num_exps_desired=3, num_features=5, num_samples=300)
    assert len(sp.explanations) == 12 and len(sp.V) == 3 == len(sp.sp_explanations)
    assert sp.V == lime_greedy(sp.W, 3)
    assert sp.coverage[-1] <= sp.total_importance + 1e-12
    sp2 = SubmodularPick(ex, docs, rt_pipeline.predict_proba, sample_size=12, num_exps_desired=3, num_features=5, num_samples=300)
    assert list(sp2.sample_indices) == list(sp.sample_indices) and sp2.V == sp.V
    with pytest.raises(ValueError, match="'sample' or 'full'"):
        SubmodularPick(ex, docs, rt_pipeline.predict_proba, method="some")
    with pytest.warns(UserWarning, match="larger than the data"):
        SubmodularPick(ex, docs[:3], rt_pipeline.predict_proba, sample_size=10, num_exps_desired=2, num_samples=50)


def test_pick_view(rt_corpus, rt_pipeline, tmp_path):
    import json

    docs = rt_corpus[0][4000:4020]
    sp = SubmodularPick(LimeTextExplainer(random_state=0), docs, rt_pipeline.predict_proba, sample_size=10, num_exps_desired=3,
            num_features=5, num_samples=200)
    view = sp.view()
    items = view.gallery.items
    assert [it["index"] for it in items] == [int(sp.sample_indices[i]) for i in sp.V]
    first = sp.sp_explanations[0]
    label = first.top_labels[0]
    assert items[0]["features"] == [[n, w] for n, w in first.as_list(label=label)[:5]]
    assert items[0]["proba"] == first.predict_proba[label] and items[0]["kind"] == "text"
    assert view.gallery.coverage == sp.coverage and view.gallery.num_explained == 10
    assert view.slot.children == ()
    view.gallery.set_state({"opened": 1})  # a click on the second card
    (live,) = view.slot.children
    assert live.explanation is sp.sp_explanations[1]
    view.gallery.set_state({"opened": -1})
    assert view.slot.children == ()
    page = view.save_html(tmp_path / "pick.html").read_text()
    assert 'id="lw-pick-gallery"' in page and 'id="lw-pick-view-2"' in page
    state = json.loads(page.split('data-lw-state="lw-pick-gallery">', 1)[1].split("</script>", 1)[0])
    assert state["kind"] == "pick" and len(state["items"]) == 3


def test_explain_many_reports_instances_and_silences_per_instance_bars(monkeypatch):
    import lime_widgets.core.engine as engine

    class Spy:
        random_state = 0

        def __init__(self):
            self.calls = []

        def explain_instance(self, instance, predict_fn, **kwargs):
            self.calls.append(kwargs)
            return instance

    spy = Spy()
    seen = []
    assert explain_many(spy, [10, 11, 12], None, progress=lambda done, total: seen.append((done, total))) == [10, 11, 12]
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert all(c["progress"] is False for c in spy.calls)

    bars = []

    class Bar:
        def __init__(self, total, unit, delay):
            self.total, self.unit, self.delay, self.n, self.closed = total, unit, delay, 0, False
            bars.append(self)

        def update(self, k):
            self.n += k

        def close(self):
            self.closed = True

    monkeypatch.setattr(engine, "_progress_bar", Bar)
    explain_many(spy, [1, 2], None)
    explain_many(spy, [1, 2, 3], None, progress=True)
    explain_many(spy, [1], None, progress=False)
    assert [(b.total, b.unit, b.delay, b.n, b.closed) for b in bars] == [(2, "instances", 1.0, 2, True), (3, "instances", 0, 3, True)]
