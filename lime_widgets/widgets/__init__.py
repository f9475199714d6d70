"""Live views (anywidgets) over explanations."""
from .base import ExplanationView
from .image import ImageView
from .tabular import TabularView
from .text import TextView

__all__ = ["ExplanationView", "ImageView", "TabularView", "TextView"]
