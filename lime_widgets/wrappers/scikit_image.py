"""lime's ``lime.wrappers.scikit_image``, for switching by changing imports: ``from
lime_widgets.wrappers.scikit_image import SegmentationAlgorithm``."""
from ..image import SegmentationAlgorithm
from . import BaseWrapper

__all__ = ["BaseWrapper", "SegmentationAlgorithm"]
