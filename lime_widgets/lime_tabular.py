"""lime's ``lime.lime_tabular``, for switching by changing imports: ``from lime_widgets.lime_tabular import
LimeTabularExplainer``."""
from .recurrent import RecurrentTabularExplainer
from .tabular import LimeTabularExplainer, TabularExplanation, explain_tabular

__all__ = ["LimeTabularExplainer", "RecurrentTabularExplainer", "TabularExplanation", "explain_tabular"]
