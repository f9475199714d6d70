"""Faithfulness curves (deletion and insertion, Petsiuk et al. 2018, "RISE").

Deletion switches the features off one at a time, most supportive first; insertion starts with all
of them off and switches them on in the same order. At each step the model is asked through the
domain's own hand-edit path (``domain.point(off)``: the same inputs a hand toggle builds; for
tabular rows, "off" moves a feature out of the row's bin or category) and the explanation's
evaluator (one model call per batch; a mask seen before comes from the cache). The order: the
explanation's selected features by their weight towards the label, largest first, with the
features it did not select (weight 0: the explanation says nothing about their order) in between
the positive and the negative ones, in a random order seeded by the explanation's seed.
So a faithful explanation makes the deletion curve fall fast and the insertion curve rise fast.
The baseline is the same curve along a random order seeded by the explanation's seed.
``auc`` is the area under the model's curve with the steps scaled to [0, 1] (trapezoids): lower
than the random order's is better for deletion, higher for insertion.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .evaluator import Neighborhood
from .trust import explained_label

__all__ = ["Curve", "faithfulness_curve", "feature_order"]


@dataclass
class Curve:
    kind: str  # "deletion" or "insertion"
    label: int
    order: np.ndarray  # feature ids in the order they are switched off (deletion) or on (insertion)
    steps: np.ndarray  # number of features switched so far, 0..d
    model: np.ndarray  # the model's output for the label at each step
    surrogate: np.ndarray  # the surrogate's estimate at each step
    auc: float
    random: Curve | None = None

    def __repr__(self) -> str:
        base = "" if self.random is None else f", random order AUC {self.random.auc:.3f}"
        return f"<{self.kind} curve of label {self.label}: {len(self.steps)} steps, AUC {self.auc:.3f}{base}>"


def feature_order(exp, label: int) -> np.ndarray:
    """Selected features with positive weight (largest first), the unselected ones (in a random order
    seeded by the explanation's seed), then the negative ones (the most negative last)."""
    weights = dict(exp.as_map()[label])
    positive = sorted((f for f, w in weights.items() if w > 0), key=lambda f: -weights[f])
    negative = sorted((f for f, w in weights.items() if w <= 0), key=lambda f: -weights[f])
    rest = [f for f in range(exp.domain.num_features) if f not in weights]
    rest = np.random.default_rng([exp.seed, 0x0DE7]).permutation(rest).tolist()
    return np.array(positive + rest + negative, dtype=int)


def _concat(batches):
    first = batches[0]
    if isinstance(first, np.ndarray):
        return np.concatenate(batches)
    if hasattr(first, "tocsr"):  # a white-box text model's rows (scipy.sparse)
        from scipy import sparse

        return sparse.vstack(batches, format="csr")
    if hasattr(first, "iloc"):
        import pandas as pd

        return pd.concat(batches, ignore_index=True)
    return [x for b in batches for x in b]


def _offs(order: np.ndarray, kind: str) -> list[np.ndarray]:
    d = len(order)
    if kind == "deletion":
        return [order[:t] for t in range(d + 1)]
    return [order[t:] for t in range(d + 1)]


def _walk(exp, label: int, order: np.ndarray, kind: str):
    """The model's and the surrogate's answers at every step of one order (one evaluator pass).

    The steps' inputs are built again when the model is asked, a batch at a time, so no more than a
    batch of them (e.g. images) is held at once; steps answered from the cache are never rebuilt."""
    offs = _offs(order, kind)
    keys, zs = [], []
    for off in offs:
        point = exp.domain.point(off)
        keys.append(point.key)
        zs.append(np.asarray(point.z))
    idx = np.arange(len(offs))

    def realize(rows):
        return _concat([exp.domain.point(offs[i]).batch for i in idx[rows]])

    Y = exp.evaluator.score(Neighborhood(Z=np.stack(zs), realize=realize, keys=keys))
    model = Y[:, 0] if exp.mode == "regression" else Y[:, label]
    surrogate = np.array([exp.surrogate_at(z)[label] for z in zs])
    return model, surrogate


def _auc(values: np.ndarray) -> float:
    x = np.linspace(0.0, 1.0, len(values))
    return float(np.sum((values[1:] + values[:-1]) * np.diff(x)) / 2) if len(values) > 1 else float(values[0])


def faithfulness_curve(exp, kind: str, label=None) -> Curve:
    """The deletion or insertion curve of ``label`` with its random-order baseline."""
    if kind not in ("deletion", "insertion"):
        raise ValueError(f"kind must be 'deletion' or 'insertion', got {kind!r}")
    label = explained_label(exp, label)
    steps = np.arange(exp.domain.num_features + 1)
    curves = []
    rng = np.random.default_rng([exp.seed, 0x5EED])
    for order in (feature_order(exp, label), rng.permutation(exp.domain.num_features)):
        model, surrogate = _walk(exp, label, order, kind)
        curves.append(Curve(kind=kind, label=label, order=order, steps=steps, model=model, surrogate=surrogate, auc=_auc(model)))
    curves[0].random = curves[1]
    return curves[0]
