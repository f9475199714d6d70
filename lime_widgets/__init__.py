"""lime_widgets: LIME explanations you can touch in a notebook."""
from .core import Counterfactual, Explanation, ModelError, ModelOutputError
from .image import ImageExplanation, LimeImageExplainer, SegmentationAlgorithm, explain_image
from .text import LimeTextExplainer, explain_text

__version__ = "0.1.0"
__all__ = [
    "Counterfactual", "Explanation", "ImageExplanation", "LimeImageExplainer", "LimeTextExplainer", "ModelError",
    "ModelOutputError", "SegmentationAlgorithm", "explain_image", "explain_text",
]
