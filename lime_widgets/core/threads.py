"""Run the surrogate's small linear algebra on one BLAS thread.

LIME's matrices are small (d x d Gram matrices, n x d blocks with d in the tens or hundreds). A
multithreaded BLAS hands such products to its worker threads, which sleep between the calls of one
explanation; waking them costs more than the product, and when another process keeps a core busy
(a notebook server, a browser) each wake-up waits for the scheduler: on a 2-core machine the
surrogate fit went from about 1 ms to 50 ms. The model itself keeps every thread it wants: only
the engine's own work runs inside ``one_blas_thread()``.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

__all__ = ["one_blas_thread"]

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
    """Limit BLAS to one thread for the block, then restore what was there, from the same thread
    (OpenBLAS takes its thread count from the main thread; elsewhere this changes nothing)."""
    try:
        limit = _controller().limit(limits=1, user_api="blas")
    except Exception:  # no threadpoolctl, or a BLAS it cannot drive: run as is
        limit = None
    try:
        yield
    finally:
        if limit is not None:
            limit.restore_original_limits()
