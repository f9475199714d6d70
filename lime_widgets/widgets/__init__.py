"""Live views (anywidgets) over explanations."""
from .base import ExplanationView
from .compare import CompareView
from .image import ImageView
from .pick import PickView
from .tabular import TabularView
from .text import TextView

__all__ = ["CompareView", "ExplanationView", "ImageView", "PickView", "TabularView", "TextView"]
