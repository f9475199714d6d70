"""The one path from masks to model outputs, shared by sampling and by hand toggles.

``MaskEvaluator`` realizes masks into model inputs through the domain, asks the model (through
the adapter, in batches of at most ``batch_size``), and remembers every answer by mask, so that a
mask seen while sampling, or toggled before, is answered without calling the model again.
Duplicate masks within one request are scored once.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .model import ModelAdapter

__all__ = ["MaskEvaluator", "mask_key"]


def mask_key(mask: np.ndarray) -> bytes:
    return np.packbits(np.asarray(mask, dtype=bool)).tobytes()


class MaskEvaluator:
    def __init__(self, domain, adapter: ModelAdapter):
        self.domain = domain
        self.adapter = adapter
        self.cache: dict[bytes, np.ndarray] = {}
        self.hits = 0

    def realize(self, masks: np.ndarray):
        """Model inputs for ``masks`` (the same inputs the model is asked about)."""
        return self.domain.realize(np.asarray(masks, dtype=bool))

    def __call__(self, masks: np.ndarray, progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Model outputs for each row of ``masks`` (n x k; regression: n x 1)."""
        masks = np.asarray(masks, dtype=bool)
        if masks.ndim != 2 or masks.shape[1] != self.domain.num_features:
            raise ValueError(
                f"masks must have shape (n, {self.domain.num_features}); got {masks.shape}"
            )
        packed = np.packbits(masks, axis=1)
        keys = [row.tobytes() for row in packed]
        todo: dict[bytes, int] = {}
        for i, key in enumerate(keys):
            if key not in self.cache and key not in todo:
                todo[key] = i
        self.hits += len(keys) - len(todo)
        rows = np.fromiter(todo.values(), dtype=int, count=len(todo))
        total = len(rows)
        done = 0
        bs = self.adapter.batch_size
        if progress is not None:
            progress(0, total)
        for lo in range(0, total, bs):
            idx = rows[lo : lo + bs]
            out = self.adapter.call_batch(self.domain.realize(masks[idx]))
            if out.ndim == 1:
                out = out[:, None]
            for i, y in zip(idx, out):
                self.cache[keys[i]] = y
            done += len(idx)
            if progress is not None:
                progress(done, total)
        return np.stack([self.cache[k] for k in keys]) if keys else np.zeros((0, 1))
