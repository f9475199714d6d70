"""Live views (anywidgets) over explanations."""
from .base import ExplanationView
from .text import TextView

__all__ = ["ExplanationView", "TextView"]
