"""The one scoring path: batches, duplicate masks scored once, answers remembered for hand toggles."""
import numpy as np

from lime_widgets.core.evaluator import Evaluator, Neighborhood, Point, mask_key, mask_keys
from lime_widgets.core.model import ModelAdapter


class CountingModel:
    def __init__(self):
        self.rows = []

    def __call__(self, X):
        X = np.asarray(X, dtype=float)
        self.rows.append(len(X))
        p = 1 / (1 + np.exp(-(X @ np.arange(1, X.shape[1] + 1) - X.shape[1])))
        return np.column_stack([1 - p, p])


def neighborhood(Z, keyed=True):
    return Neighborhood(Z=Z, realize=lambda rows: Z[rows].astype(float), keys=mask_keys(Z) if keyed else None)


def expected(Z):
    return CountingModel()(Z)


def test_duplicate_masks_are_scored_once_and_every_row_gets_its_answer():
    rng = np.random.default_rng(0)
    Z = rng.random((500, 4)) < 0.5  # 16 distinct masks
    model = CountingModel()
    ev = Evaluator(ModelAdapter(model, batch_size=5))
    Y = ev.score(neighborhood(Z))
    distinct = len(set(mask_keys(Z)))
    assert sum(model.rows) == distinct and max(model.rows) <= 5
    assert ev.hits == len(Z) - distinct
    assert np.allclose(Y, expected(Z))
    # a hand toggle of a mask seen while sampling is answered from the cache
    calls = len(model.rows)
    y = ev.answer(Point(key=mask_key(Z[7]), z=Z[7], input=None, batch=Z[7:8].astype(float)))
    assert len(model.rows) == calls and np.allclose(y, expected(Z[7:8])[0])


def test_distinct_masks_go_in_order_as_slices_and_a_second_neighborhood_reuses_answers(monkeypatch):
    from lime_widgets.core import evaluator

    monkeypatch.setattr(evaluator, "LOOKAHEAD_BYTES", 2 * 100 * 12 * 8)  # two batches of 100 x 12 floats
    rng = np.random.default_rng(1)
    Z = np.unique(rng.random((300, 12)) < 0.5, axis=0)
    seen = []
    nbhd = Neighborhood(Z=Z, realize=lambda rows: seen.append(rows) or Z[rows].astype(float), keys=mask_keys(Z))
    model = CountingModel()
    ev = Evaluator(ModelAdapter(model, batch_size=100))
    assert np.allclose(ev.score(nbhd), expected(Z))
    # built as the first batch, then the rest two batches per call; scored in batches of 100, in order
    assert len(Z) > 200 and all(isinstance(r, slice) for r in seen)
    assert [(r.start, r.stop) for r in seen] == [(0, 100), (100, min(300, len(Z)))] + ([(300, len(Z))] if len(Z) > 300 else [])
    assert model.rows == [100, 100, len(Z) - 200]
    # half old, half new masks: only the new ones reach the model
    Z2 = np.vstack([Z[: len(Z) // 2], ~Z[: len(Z) // 2]])
    Z2 = Z2[np.unique(mask_keys(Z2), return_index=True)[1]]
    new = len(set(mask_keys(Z2)) - set(mask_keys(Z)))
    before = sum(model.rows)
    assert np.allclose(ev.score(neighborhood(Z2)), expected(Z2))
    assert sum(model.rows) - before == new
    # nothing new at all: no model call
    before = len(model.rows)
    assert np.allclose(ev.score(neighborhood(Z[::-1])), expected(Z[::-1]))
    assert len(model.rows) == before


def test_unkeyed_rows_are_all_scored_in_slices():
    Z = np.tile(np.array([[True, False, True]]), (40, 1))  # equal rows, but no keys: all scored
    model = CountingModel()
    ev = Evaluator(ModelAdapter(model, batch_size=16))
    assert np.allclose(ev.score(neighborhood(Z, keyed=False)), expected(Z))
    assert model.rows == [16, 16, 8] and ev.hits == 0


def test_inputs_are_built_one_batch_ahead_and_failures_surface_in_order(monkeypatch):
    import threading

    import pytest

    from lime_widgets.core import evaluator

    monkeypatch.setattr(evaluator, "LOOKAHEAD_BYTES", 1)  # one batch per call

    Z = np.unique(np.random.default_rng(2).random((400, 10)) < 0.5, axis=0)[:300]
    built, scored = [], []

    def realize(rows):
        built.append(rows.start)
        if rows.start == 200:
            raise ValueError("cannot build batch 3")
        return Z[rows].astype(float)

    def model(X):
        scored.append(len(built))  # how many batches existed when the model got this one
        return CountingModel()(X)

    ev = Evaluator(ModelAdapter(model, batch_size=100))
    with pytest.raises(ValueError, match="batch 3"):
        ev.score(Neighborhood(Z=Z, realize=realize, keys=mask_keys(Z)))
    assert built == [0, 100, 200] and scored[0] >= 1 and len(scored) == 2

    def interrupted(X):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Evaluator(ModelAdapter(interrupted, batch_size=100)).score(neighborhood(Z))
    assert not [t for t in threading.enumerate() if t.name.startswith("lime-realize")]


def test_the_rest_is_built_in_one_call_while_the_model_scores_the_first_batch():
    """Small inputs: the helper builds every batch after the first in one call (few trips for the GIL);
    the model still gets batches of at most batch_size, in order; a failure there comes before the
    second batch is scored."""
    import threading

    import pytest

    Z = np.unique(np.random.default_rng(2).random((700, 10)) < 0.5, axis=0)[:500]
    built, scored = [], []

    def realize(rows):
        built.append((rows.start, rows.stop, threading.current_thread().name.startswith("lime-realize")))
        return Z[rows].astype(float)

    model = CountingModel()
    assert np.allclose(Evaluator(ModelAdapter(model, batch_size=100)).score(Neighborhood(Z=Z, realize=realize, keys=mask_keys(Z))), expected(Z))
    assert len(Z) > 400 and built == [(0, 100, True), (100, len(Z), True)] and model.rows == [100] * 4 + [len(Z) - 400]

    def failing(rows):
        if rows.start:
            raise ValueError("cannot build the rest")
        return Z[rows].astype(float)

    def counted(X):
        scored.append(len(X))
        return CountingModel()(X)

    with pytest.raises(ValueError, match="the rest"):
        Evaluator(ModelAdapter(counted, batch_size=100)).score(Neighborhood(Z=Z, realize=failing, keys=mask_keys(Z)))
    assert scored == [100] and not [t for t in threading.enumerate() if t.name.startswith("lime-realize")]


def test_an_evaluator_pickles_with_its_answers():
    import pickle

    Z = np.random.default_rng(4).random((50, 6)) < 0.5
    ev = Evaluator(ModelAdapter(CountingModel(), batch_size=20))
    ev.score(neighborhood(Z))
    again = pickle.loads(pickle.dumps(ev))
    assert set(again.cache) == set(mask_keys(Z)) and again.hits == ev.hits
    assert np.allclose(again.answer(Point(key=mask_key(Z[3]), z=Z[3], input=None, batch=None)), expected(Z[3:4])[0])
