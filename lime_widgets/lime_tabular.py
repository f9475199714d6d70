"""lime's ``lime.lime_tabular``, for switching by changing imports: ``from lime_widgets.lime_tabular import
LimeTabularExplainer``. lime's ``RecurrentTabularExplainer`` is not offered (see the README's "Switching
from lime")."""
from .tabular import LimeTabularExplainer, TabularExplanation, explain_tabular

__all__ = ["LimeTabularExplainer", "TabularExplanation", "explain_tabular"]
