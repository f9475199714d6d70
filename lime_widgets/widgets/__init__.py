"""Live views (anywidgets) over explanations."""
from .base import ExplanationView
from .image import ImageView
from .pick import PickView
from .tabular import TabularView
from .text import TextView

__all__ = ["ExplanationView", "ImageView", "PickView", "TabularView", "TextView"]
