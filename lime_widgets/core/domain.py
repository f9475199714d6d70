"""What text and image share: features that are either on or off, sampled as binary masks."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .evaluator import Neighborhood, Point, mask_key, mask_keys

__all__ = ["MaskDomain"]


class MaskDomain:
    """A domain whose interpretable row is a binary mask and whose ``realize(masks)`` builds inputs.

    Subclasses define ``num_features``, ``sample_masks(rng, n)``, ``realize(masks)`` and
    ``distances``. Sampling and hand toggles both go through ``realize``.
    """

    def sample(self, rng: np.random.Generator, num_samples: int) -> Neighborhood:
        Z = self.sample_masks(rng, num_samples)
        return Neighborhood(Z=Z, realize=lambda idx: self.realize(Z[idx]), keys=mask_keys(Z))

    def mask(self, off: Iterable[int]) -> np.ndarray:
        d = self.num_features
        ids = sorted({int(i) for i in off})
        bad = [i for i in ids if not 0 <= i < d]
        if bad:
            raise IndexError(f"feature ids {bad} do not exist; this explanation has features 0..{d - 1}")
        mask = np.ones(d, dtype=bool)
        mask[ids] = False
        return mask

    def point(self, off: Iterable[int] = ()) -> Point:
        mask = self.mask(off)
        batch = self.realize(mask[None, :])
        return Point(key=mask_key(mask), z=mask, input=batch[0], batch=batch)
