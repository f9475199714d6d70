"""lime's ``lime.wrappers.scikit_image``, for switching by changing imports: ``from
lime_widgets.wrappers.scikit_image import SegmentationAlgorithm``. lime's ``BaseWrapper`` (the base class of
its wrapper, not used to explain) is not offered."""
from ..image import SegmentationAlgorithm

__all__ = ["SegmentationAlgorithm"]
