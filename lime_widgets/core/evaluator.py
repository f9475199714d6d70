"""The one path from interpretable rows to model outputs, shared by sampling and by hand toggles.

A domain turns its instance into a ``Neighborhood``: the interpretable rows ``Z`` (row 0 is the
instance), a way to build the model inputs of any subset of rows (an index array, or a slice when
the neighborhood has no keys), and, where equal rows mean equal inputs (masks), a cache key per row. A hand edit is a ``Point``: one interpretable row, its model
input and its key. The ``Evaluator`` asks the model (through the adapter, in batches of at most
``batch_size``) and remembers every answer by key, so a mask seen while sampling, or toggled
before, is answered without calling the model again, and duplicate masks are scored once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .model import ModelAdapter

__all__ = ["Evaluator", "Neighborhood", "Point", "mask_key", "mask_keys"]


def mask_key(mask: np.ndarray) -> bytes:
    return np.packbits(np.asarray(mask, dtype=bool)).tobytes()


def mask_keys(masks: np.ndarray) -> list[bytes]:
    return [row.tobytes() for row in np.packbits(np.asarray(masks, dtype=bool), axis=1)]


@dataclass
class Neighborhood:
    Z: np.ndarray
    realize: Callable[[np.ndarray], Any] = field(repr=False)
    keys: list[bytes] | None = field(default=None, repr=False)


@dataclass
class Point:
    """One hand-made input: its cache key, interpretable row, model input, and a model-ready batch of it."""

    key: bytes
    z: np.ndarray
    input: Any = field(repr=False)
    batch: Any = field(repr=False)


class Evaluator:
    def __init__(self, adapter: ModelAdapter):
        self.adapter = adapter
        self.cache: dict[bytes, np.ndarray] = {}
        self.hits = 0

    def score(self, nbhd: Neighborhood, progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Model outputs for every row of the neighborhood (n x k; regression: n x 1)."""
        n = nbhd.Z.shape[0]
        keys = nbhd.keys
        if keys is None:
            rows = range(n)
        else:
            todo: dict[bytes, int] = {}
            for i, key in enumerate(keys):
                if key not in self.cache and key not in todo:
                    todo[key] = i
            self.hits += n - len(todo)
            rows = np.fromiter(todo.values(), dtype=int, count=len(todo))
        total = len(rows)
        bs = self.adapter.batch_size
        outputs = [] if keys is None else None
        if progress is not None:
            progress(0, total)
        for lo in range(0, total, bs):
            idx = rows[lo : lo + bs] if keys is not None else slice(lo, min(lo + bs, total))  # a slice: no copy
            out = self.adapter.call_batch(nbhd.realize(idx))
            if out.ndim == 1:
                out = out[:, None]
            if keys is None:
                outputs.append(out)
            else:
                for i, y in zip(idx, out):
                    self.cache[keys[i]] = y
            if progress is not None:
                progress(min(lo + bs, total), total)
        if keys is None:
            return np.concatenate(outputs, axis=0)
        return np.stack([self.cache[k] for k in keys])

    def answer(self, point: Point) -> np.ndarray:
        """The model's output for one hand-made point (from the cache when seen before)."""
        y = self.cache.get(point.key)
        if y is None:
            out = self.adapter.call_batch(point.batch)
            y = out[0] if out.ndim == 2 else out[:1]
            self.cache[point.key] = y
        else:
            self.hits += 1
        return y

