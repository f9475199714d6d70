"""lime_widgets: LIME explanations you can touch in a notebook."""
from .core import Counterfactual, Explanation, ModelError, ModelOutputError
from .text import LimeTextExplainer, explain_text

__version__ = "0.1.0"
__all__ = [
    "Counterfactual", "Explanation", "LimeTextExplainer", "ModelError", "ModelOutputError", "explain_text",
]
