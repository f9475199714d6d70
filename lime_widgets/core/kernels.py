"""Distances from each sample to the instance, and the kernel that turns them into weights."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

__all__ = ["exponential_kernel", "make_kernel_fn", "mask_distances"]


def exponential_kernel(d: np.ndarray, kernel_width: float) -> np.ndarray:
    """lime's default kernel: sqrt(exp(-d^2 / width^2))."""
    d = np.asarray(d, dtype=float)
    return np.sqrt(np.exp(-(d**2) / kernel_width**2))


def make_kernel_fn(kernel: Callable | None, kernel_width: float) -> Callable[[np.ndarray], np.ndarray]:
    """Bind a kernel ``kernel(distances, kernel_width)`` (lime's signature) to its width."""
    if kernel_width is None or not np.isfinite(kernel_width) or kernel_width <= 0:
        raise ValueError(f"kernel_width must be a positive number, got {kernel_width!r}")
    if kernel is None:
        kernel = exponential_kernel
    elif not callable(kernel):
        raise TypeError("kernel must be a function kernel(distances, kernel_width)")
    return partial(kernel, kernel_width=float(kernel_width))


def mask_distances(masks: np.ndarray, metric: str | Callable = "cosine", reference: np.ndarray | None = None) -> np.ndarray:
    """Distance of each row of ``masks`` to ``reference`` (row 0 by default).

    For binary masks against the all-on row the cosine distance has a closed form,
    ``1 - sqrt(|z| / d)``, which is what lime computes through sklearn; other metrics go through
    sklearn's ``pairwise_distances``.
    """
    masks = np.asarray(masks)
    if reference is None:
        reference = masks[0]
    reference = np.asarray(reference, dtype=float).reshape(1, -1)
    if (
        isinstance(metric, str)
        and metric == "cosine"
        and masks.dtype == bool
        and reference.size
        and np.all(reference == 1)
    ):
        d = masks.shape[1]
        return 1.0 - np.sqrt(np.count_nonzero(masks, axis=1) / d)
    from sklearn.metrics import pairwise_distances

    return pairwise_distances(masks.astype(float), reference, metric=metric).ravel()
