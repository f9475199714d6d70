"""lime's ``lime.wrappers``: ``lime_widgets.wrappers.scikit_image.SegmentationAlgorithm`` and ``BaseWrapper``."""
from __future__ import annotations

from ..utils.generic_utils import has_arg as _accepts

__all__ = ["BaseWrapper"]


class BaseWrapper:
    """A function with fixed keyword parameters (lime's wrapper base): ``target_fn`` and ``target_params``;
    ``set_params`` replaces the parameters after checking that ``target_fn`` takes them;
    ``filter_params(fn)`` keeps those ``fn`` takes."""

    def __init__(self, target_fn=None, **target_params):
        self.target_fn = target_fn
        self.target_params = target_params

    def _target(self):
        if self.target_fn is None:
            if not callable(self):
                raise TypeError("this wrapper has no target_fn and is not callable itself")
            return self.__call__
        if not callable(self.target_fn):
            raise AttributeError(f"target_fn must be callable; got {type(self.target_fn).__name__}")
        return self.target_fn

    def _check_params(self, parameters):
        """ValueError naming the first of ``parameters`` (names, or a dict) that the target does not take."""
        fn = self._target()
        if isinstance(parameters, str) or not hasattr(parameters, "__iter__"):
            raise TypeError(f"parameters must be a list or a dict of names; got {type(parameters).__name__}")
        for name in parameters:
            if not _accepts(fn, name):
                raise ValueError(f"{name} is not a parameter of {getattr(fn, '__name__', type(fn).__name__)}")

    def set_params(self, **params):
        self._check_params(params)
        self.target_params = params

    def filter_params(self, fn, override=None) -> dict:
        """The parameters among ``target_params`` that ``fn`` takes, updated with ``override``."""
        kept = {k: v for k, v in self.target_params.items() if _accepts(fn, k)}
        kept.update(override or {})
        return kept
