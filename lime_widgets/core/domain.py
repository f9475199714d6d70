"""The contract between a domain (text, image, table row) and the engine and views.

A domain is one instance cut into ``num_features`` interpretable features. The engine asks it for a
seeded neighbourhood (``sample``), the distances of its rows to the instance (``distances``) and hand-made
points (``point``: some features switched off, some set to what-if values); the views ask it for the
domain-specific part of what they show (``view_state``) and of each answer (``answer_state``). Nothing
else crosses the seam: a new domain is one subclass of :class:`Domain`, one view module registering
its ``kind`` and one JS view.

Feature ids and what-if values pass :func:`check_feature_ids` and :meth:`Domain.check_edits` before
anything acts on them, whoever sends them (the user, a front end, the engine).
"""
from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import numpy as np

from .evaluator import Neighborhood, Point, mask_key, mask_keys

__all__ = ["Domain", "MaskDomain", "check_feature_ids"]


def check_feature_ids(ids, num_features: int, what: str = "feature ids") -> tuple[int, ...]:
    """``ids`` as a sorted tuple of unique ints in ``0..num_features-1``, or a ValueError saying what is wrong.

    Linear in ``len(ids)``, and a list longer than the number of features is refused before it is read.
    """
    if isinstance(ids, (str, bytes, Mapping)) or not isinstance(ids, Iterable):
        raise ValueError(f"{what} must be a list of integers, not {type(ids).__name__}")
    if isinstance(ids, np.ndarray) and ids.ndim != 1:
        raise ValueError(f"{what} must be a flat list of integers")
    ids = list(ids) if not isinstance(ids, (list, tuple)) else ids
    if len(ids) > num_features:
        raise ValueError(f"{len(ids)} {what} given, but this explanation has only {num_features} features")
    out = []
    for i in ids:
        if isinstance(i, (bool, np.bool_)) or not isinstance(i, (int, np.integer)):
            raise ValueError(f"{what} must be integers; got {i!r}")
        out.append(int(i))
    bad = [i for i in out if not 0 <= i < num_features]
    if bad:
        raise ValueError(f"{what} {bad[:5]} do not exist; this explanation has features 0..{num_features - 1}")
    unique = sorted(set(out))
    if len(unique) != len(out):
        raise ValueError(f"{what} must not repeat; got {sorted(out)[:10]}")
    return tuple(unique)


class Domain(abc.ABC):
    """One instance as interpretable features; see the module docstring for who asks what."""

    kind: ClassVar[str]  # the view kind that shows this domain ("text", "image", "tabular")
    feature_names: list[str]
    chart_limit: ClassVar[int | None] = None  # at most this many bars in the weight chart (None: num_features)

    @property
    @abc.abstractmethod
    def num_features(self) -> int: ...

    @abc.abstractmethod
    def sample(self, rng: np.random.Generator, num_samples: int) -> Neighborhood:
        """``num_samples`` interpretable rows (row 0 the instance itself) and how to build their model inputs."""

    @abc.abstractmethod
    def distances(self, Z: np.ndarray, metric="cosine") -> np.ndarray:
        """Distance of each row of ``Z`` to the instance (row 0), as lime measures it for this domain."""

    @abc.abstractmethod
    def point(self, off: Iterable[int] = (), edits: Mapping | None = None) -> Point:
        """The instance with the features ``off`` switched off and ``edits`` {feature: value} applied."""

    @abc.abstractmethod
    def view_state(self) -> dict:
        """The domain's own synced traits of its view (JSON values or bytes), as the schema declares them."""

    @property
    def origin(self) -> Domain:
        """The domain this one was derived from (a model-specific view of the same instance), else itself."""
        return self.__dict__.get("_origin", self)

    def answer_state(self, point: Point) -> dict:
        """What the view shows of one answered point besides the model's output (``counterfactual`` extras)."""
        return {"input": None}

    def map_exp_ids(self, exp, **kwargs) -> list[tuple[Any, float]]:
        return [(self.feature_names[f], w) for f, w in exp]

    def check_off(self, off) -> tuple[int, ...]:
        return check_feature_ids(off, self.num_features)

    def check_edits(self, edits: Mapping | None) -> dict[int, Any]:
        """What-if values by feature id; domains whose features can only be switched off accept none."""
        if edits:
            raise ValueError(f"{self.kind} features can only be switched off, not edited; got edits {dict(edits)!r}")
        return {}


class MaskDomain(Domain):
    """A domain whose interpretable row is a binary mask and whose ``realize(masks)`` builds inputs.

    Subclasses define ``num_features``, ``sample_masks(rng, n)``, ``realize(masks)`` and ``distances``.
    Sampling and hand toggles both go through ``realize``.
    """

    @abc.abstractmethod
    def sample_masks(self, rng: np.random.Generator, num_samples: int) -> np.ndarray: ...

    @abc.abstractmethod
    def realize(self, masks: np.ndarray): ...

    def sample(self, rng: np.random.Generator, num_samples: int) -> Neighborhood:
        Z = self.sample_masks(rng, num_samples)
        return Neighborhood(Z=Z, realize=lambda idx: self.realize(Z[idx]), keys=mask_keys(Z))

    def mask(self, off: Iterable[int]) -> np.ndarray:
        mask = np.ones(self.num_features, dtype=bool)
        mask[list(self.check_off(off))] = False
        return mask

    def point(self, off: Iterable[int] = (), edits: Mapping | None = None) -> Point:
        self.check_edits(edits)
        mask = self.mask(off)
        batch = self.realize(mask[None, :])
        return Point(key=mask_key(mask), z=mask, input=batch[0], batch=batch)
