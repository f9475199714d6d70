"""lime_widgets: LIME explanations you can touch in a notebook."""
from .compare import compare, compare_explanations
from .core import Counterfactual, ModelError, ModelOutputError
from .core.adapters import TorchModel, torch_model
from .explanation import Explanation
from .image import ImageExplanation, LimeImageExplainer, SegmentationAlgorithm, explain_image
from .pick import SubmodularPick, explain_many
from .tabular import LimeTabularExplainer, TabularExplanation, explain_tabular
from .text import LimeTextExplainer, explain_text, sentences

__version__ = "0.1.0"
__all__ = [
    "Counterfactual", "Explanation", "ImageExplanation", "LimeImageExplainer", "LimeTabularExplainer", "LimeTextExplainer",
    "ModelError", "ModelOutputError", "SegmentationAlgorithm", "SubmodularPick", "explain_many", "TabularExplanation",
    "explain_image", "explain_tabular", "explain_text", "sentences", "compare", "compare_explanations",
    "CompareView", "ImageView", "PickView", "TabularView", "TextView", "TorchModel", "torch_model",
]


def __getattr__(name):
    # the views import anywidget and need the built front end: load them only when asked for, so the
    # engine works in scripts without either
    if name in ("CompareView", "ImageView", "PickView", "TabularView", "TextView"):
        from . import widgets

        return getattr(widgets, name)
    raise AttributeError(f"module 'lime_widgets' has no attribute {name!r}")
