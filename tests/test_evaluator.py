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


def test_distinct_masks_go_in_order_as_slices_and_a_second_neighborhood_reuses_answers():
    rng = np.random.default_rng(1)
    Z = np.unique(rng.random((300, 12)) < 0.5, axis=0)
    seen = []
    nbhd = Neighborhood(Z=Z, realize=lambda rows: seen.append(rows) or Z[rows].astype(float), keys=mask_keys(Z))
    model = CountingModel()
    ev = Evaluator(ModelAdapter(model, batch_size=100))
    assert np.allclose(ev.score(nbhd), expected(Z))
    assert all(isinstance(r, slice) for r in seen) and [r.start for r in seen] == list(range(0, len(Z), 100))
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


def test_inputs_are_built_one_batch_ahead_and_failures_surface_in_order():
    import threading

    import pytest

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


def test_an_evaluator_pickles_with_its_answers():
    import pickle

    Z = np.random.default_rng(4).random((50, 6)) < 0.5
    ev = Evaluator(ModelAdapter(CountingModel(), batch_size=20))
    ev.score(neighborhood(Z))
    again = pickle.loads(pickle.dumps(ev))
    assert set(again.cache) == set(mask_keys(Z)) and again.hits == ev.hits
    assert np.allclose(again.answer(Point(key=mask_key(Z[3]), z=Z[3], input=None, batch=None)), expected(Z[3:4])[0])
