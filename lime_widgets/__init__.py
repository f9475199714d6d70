"""lime_widgets: LIME explanations you can touch in a notebook."""
from .core import Counterfactual, Explanation, ModelError, ModelOutputError
from .image import ImageExplanation, LimeImageExplainer, SegmentationAlgorithm, explain_image
from .tabular import LimeTabularExplainer, TabularExplanation, explain_tabular
from .text import LimeTextExplainer, explain_text

__version__ = "0.1.0"
__all__ = [
    "Counterfactual", "Explanation", "ImageExplanation", "LimeImageExplainer", "LimeTabularExplainer", "LimeTextExplainer", "ModelError",
    "ModelOutputError", "SegmentationAlgorithm", "TabularExplanation", "explain_image", "explain_tabular", "explain_text",
]
