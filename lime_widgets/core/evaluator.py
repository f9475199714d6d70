"""The one path from interpretable rows to model outputs, shared by sampling and by hand toggles.

A domain turns its instance into a ``Neighborhood``: the interpretable rows ``Z`` (row 0 is the
instance), a way to build the model inputs of any subset of rows (an index array, or a slice when
the neighborhood has no keys), and, where equal rows mean equal inputs (masks), a cache key per row.
A hand edit is a ``Point``: one interpretable row, its model
input and its key. The ``Evaluator`` asks the model (through the adapter, in batches of at most
``batch_size``) and remembers every answer by key, so a mask seen while sampling, or toggled
before, is answered without calling the model again, and duplicate masks are scored once.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .model import ModelAdapter

__all__ = ["Evaluator", "Neighborhood", "Point", "mask_key", "mask_keys"]


def mask_key(mask: np.ndarray) -> bytes:
    return np.packbits(np.asarray(mask, dtype=bool)).tobytes()


def mask_keys(masks: np.ndarray) -> list[bytes]:
    packed = np.ascontiguousarray(np.packbits(np.asarray(masks, dtype=bool), axis=1))
    return packed.view(np.dtype((np.void, packed.shape[1]))).ravel().tolist()


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


LOOKAHEAD_BYTES = 8 * 2**20  # about how much of the next batches' inputs the helper thread builds in one call


def _approx_bytes(inputs) -> int | None:
    """About how much memory a batch of model inputs holds (None: a kind we cannot tell)."""
    if isinstance(inputs, np.ndarray):
        return inputs.nbytes
    data = getattr(inputs, "data", None)  # a scipy sparse matrix
    if isinstance(data, np.ndarray) and hasattr(inputs, "indices"):
        return data.nbytes + inputs.indices.nbytes
    if isinstance(inputs, (list, tuple)) and inputs and all(isinstance(x, str) for x in inputs[:8]):
        return sum(map(len, inputs))
    return None


def _merged(chunks):
    """The rows of several consecutive chunks as one chunk: a slice when they are contiguous slices."""
    if all(isinstance(c, slice) for c in chunks):
        return slice(chunks[0].start, chunks[-1].stop)
    return np.concatenate(chunks)


def _realized(realize, chunks, alongside=None):
    """The model inputs of the chunks of rows, in order: the first chunk's, then groups of the next
    chunks' inputs, each built in one call, with the building moved off the model's way.

    The first chunk is built by a helper thread while ``alongside`` (a ``SideJob``) runs in the calling
    thread, before the model is first called. Then, while the model scores, the helper builds the next
    chunks, as many in one call as fit in about ``LOOKAHEAD_BYTES`` (judged by the first chunk's size):
    each time the helper comes back for the GIL, a model that holds it (a tokenizer, Python between
    trees) must stop and wait, so a few long calls cost the model less than one per chunk. At most two
    groups exist at a time. With one chunk there is no helper (starting one cost more than it hid,
    about 2 ms for a tabular explanation) and the job runs when its result is asked. When the scoring
    stops early (the model raised, an interrupt), queued work is dropped and the running piece finishes
    before the error goes on: no thread outlives the call."""
    if len(chunks) <= 1:
        for chunk in chunks:
            yield realize(chunk)
        return
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lime-realize")
    try:
        ahead = pool.submit(realize, chunks[0])
        if alongside is not None:
            alongside.run()
        first = ahead.result()
        size = _approx_bytes(first)
        per_group = 1 if not size else max(1, LOOKAHEAD_BYTES // size)
        groups = [chunks[i : i + per_group] for i in range(1, len(chunks), per_group)]
        ahead = pool.submit(realize, _merged(groups[0]))
        yield first
        for g in range(len(groups)):
            inputs = ahead.result()
            if g + 1 < len(groups):
                ahead = pool.submit(realize, _merged(groups[g + 1]))
            yield inputs
            del inputs
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class Evaluator:
    def __init__(self, adapter: ModelAdapter):
        self.adapter = adapter
        self._cache: dict[bytes, np.ndarray] = {}
        self._scored: list[tuple[list[bytes], np.ndarray]] = []  # filed into the cache when first needed
        self._filing = threading.Lock()  # a view's worker thread and the kernel may both ask
        self.hits = 0
        self.checks = {"calls": 0, "rows": 0, "seconds": 0.0, "cached": 0, "failed": 0}  # hand-made points asked

    def __getstate__(self):  # explanations travel between processes (explain_many): the lock stays behind
        _ = self.cache  # file what was scored
        return {k: v for k, v in self.__dict__.items() if k != "_filing"}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._filing = threading.Lock()

    @property
    def cache(self) -> dict[bytes, np.ndarray]:
        """Every answer so far, by key."""
        if self._scored:
            with self._filing:
                while self._scored:
                    keys, Y = self._scored.pop(0)
                    self._cache.update(zip(keys, Y))
        return self._cache

    def score(self, nbhd: Neighborhood, progress: Callable[[int, int], None] | None = None, alongside=None) -> np.ndarray:
        """Model outputs for every row of the neighborhood (n x k; regression: n x 1).

        Rows whose key was answered before, or repeats an earlier row, are not sent to the model.
        ``alongside``: a ``SideJob`` (work that needs no model output), run while the helper thread
        builds the first batch; its ``result()`` is ready (or runs it) once this returns."""
        n = nbhd.Z.shape[0]
        keys = nbhd.keys
        rows = None  # every row, in order: batches are slices
        answered = []  # (row, answer) of first occurrences answered by earlier calls
        if keys is not None:
            first = dict(zip(reversed(keys), range(n - 1, -1, -1)))  # each key's first row
            known = self.cache if (self._cache or self._scored) else {}
            todo = [i for k, i in first.items() if k not in known] if known else first.values()
            answered = [(i, known[k]) for k, i in first.items() if k in known] if known else []
            if len(todo) < n:
                rows = np.sort(np.fromiter(todo, dtype=np.intp, count=len(todo)))
        total = n if rows is None else len(rows)
        self.hits += n - total
        bs = self.adapter.batch_size
        chunks = [slice(lo, min(lo + bs, total)) if rows is None else rows[lo : lo + bs] for lo in range(0, total, bs)]
        outputs = []
        if progress is not None:
            progress(0, total)
        built = _realized(nbhd.realize, chunks, alongside)
        done = 0
        try:
            for inputs in built:  # the first chunk, then groups of chunks: each cut into model calls
                for rows_scored, out in self.adapter.calls(inputs):
                    outputs.append(out[:, None] if out.ndim == 1 else out)
                    done += rows_scored
                    if progress is not None:
                        progress(done, total)
        finally:
            built.close()
        if rows is None:
            Y = np.concatenate(outputs, axis=0)
        else:  # first occurrences from the model or from earlier calls; repeats take their first's answer
            width = outputs[0].shape[1] if outputs else np.size(answered[0][1])
            Y = np.empty((n, width))
            if outputs:
                Y[rows] = np.concatenate(outputs, axis=0)
            for i, y in answered:
                Y[i] = y
            Y = Y[np.fromiter(map(first.__getitem__, keys), dtype=np.intp, count=n)]
        if keys is not None:
            self._scored.append((keys, Y))
        return Y

    def answer(self, point: Point) -> np.ndarray:
        """The model's output for one hand-made point (from the cache when seen before)."""
        cache = self.cache
        y = cache.get(point.key)
        if y is not None:
            self.hits += 1
            self.checks["cached"] += 1
            return y
        stats = self.adapter.stats
        calls, rows, seconds = stats.calls, stats.rows, stats.seconds
        try:
            out = self.adapter.call_batch(point.batch)
        except Exception:
            self.checks["failed"] += 1
            raise
        finally:
            self.checks["calls"] += stats.calls - calls
            self.checks["rows"] += stats.rows - rows
            self.checks["seconds"] = round(self.checks["seconds"] + stats.seconds - seconds, 6)
        y = out[0] if out.ndim == 2 else out[:1]
        cache[point.key] = y
        return y

