"""lime's ``lime.lime_image``, for switching by changing imports: ``from lime_widgets.lime_image import
LimeImageExplainer``."""
from .image import ImageExplanation, LimeImageExplainer, SegmentationAlgorithm, explain_image

__all__ = ["ImageExplanation", "LimeImageExplainer", "SegmentationAlgorithm", "explain_image"]
