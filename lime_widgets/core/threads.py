"""Run the surrogate's small linear algebra on one BLAS thread.

LIME's matrices are small (d x d Gram matrices, n x d blocks with d in the tens or hundreds). A
multithreaded BLAS hands such products to its worker threads, which sleep between the calls of one
explanation; waking them costs more than the product, and when another process keeps a core busy
(a notebook server, a browser) each wake-up waits for the scheduler: on a 2-core machine the
surrogate fit went from about 1 ms to 50 ms. Only the engine's own work runs inside
``one_blas_thread()``; the model keeps every thread it wants, except while a ``SideJob`` runs beside it.
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
    factor), run by the evaluator's helper thread while the model scores, inside ``one_blas_thread()``.

    OpenBLAS's thread count is one number for the whole process (its "thread-local" setter changes it
    too in the pthreads builds numpy ships), so while the job runs a model calling numpy's BLAS from the
    main thread also gets one BLAS thread: for the milliseconds the job takes, about what the same work
    cost the model when it ran after scoring. Models with their own thread pools (torch, onnxruntime)
    are not touched.

    ``start(pool)`` hands it to a single-thread executor; ``result()`` waits for it and returns its
    value or raises its exception, and runs it in the calling thread when it never started (nothing to
    score, or cancelled because the scoring stopped early)."""

    def __init__(self, fn):
        self._fn = fn
        self._future = None

    def _run(self):
        with one_blas_thread():
            return self._fn()

    def start(self, pool) -> None:
        if self._future is None:
            self._future = pool.submit(self._run)

    def result(self):
        if self._future is None or self._future.cancelled():
            self._future = None
            return self._fn()
        return self._future.result()
