"""Live views (anywidgets) over explanations."""
from .base import ExplanationView
from .image import ImageView
from .text import TextView

__all__ = ["ExplanationView", "ImageView", "TextView"]
