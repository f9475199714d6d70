"""Run the surrogate's small linear algebra on one BLAS thread.

LIME's matrices are small (d x d Gram matrices, n x d blocks with d in the tens or hundreds). A
multithreaded BLAS hands such products to its worker threads, which sleep between the calls of one
explanation; waking them costs more than the product, and when another process keeps a core busy
(a notebook server, a browser) each wake-up waits for the scheduler: on a 2-core machine the
surrogate fit went from about 1 ms to 50 ms. Only the engine's own work runs inside
``one_blas_thread()``, never while the model runs: the model keeps every thread it wants.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

__all__ = ["SideJob", "one_blas_thread"]

_lock = threading.Lock()
_controllers = []


def _controller():
    with _lock:
        if not _controllers:
            from threadpoolctl import ThreadpoolController

            _controllers.append(ThreadpoolController())  # finds the BLAS libraries loaded so far
    return _controllers[0]


@contextmanager
def one_blas_thread():
    """Limit BLAS to one thread for the block, then restore what was there. The count is one per BLAS
    library for the whole process: a limit set in any thread holds in every thread until restored."""
    try:
        limit = _controller().limit(limits=1, user_api="blas")
    except Exception:  # no threadpoolctl, or a BLAS it cannot drive: run as is
        limit = None
    try:
        yield
    finally:
        if limit is not None:
            limit.restore_original_limits()


class SideJob:
    """Work that needs no model output (kernel weights, the samples' Gram matrix or the dual's kernel and
    factor), run by the evaluator in the calling thread, inside ``one_blas_thread()``, while its helper
    thread builds the first batch of inputs, before the model is called.

    Not while the model scores: a second thread running Python between numpy calls makes a model that
    often releases and retakes the GIL (a random forest, tree by tree; a tokenizer) wait for it each
    time; measured here, a 2 ms job slowed a 150 ms random forest batch to 380 ms.

    ``run()`` keeps the value or the exception (raised by ``result()``, so a model's error, which comes
    while scoring, still comes first); ``result()`` runs the job when it never ran (nothing to score)."""

    def __init__(self, fn):
        self._fn = fn
        self._done = False
        self._value = self._error = None

    def run(self) -> None:
        if self._done:
            return
        try:
            with one_blas_thread():
                self._value = self._fn()
        except Exception as exc:  # raised by result(), after scoring, where it was raised before
            self._error = exc
        self._done = True

    def result(self):
        if not self._done:
            self.run()
        if self._error is not None:
            raise self._error
        return self._value
