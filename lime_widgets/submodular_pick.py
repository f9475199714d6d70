"""lime's ``lime.submodular_pick``, for switching by changing imports: ``from lime_widgets.submodular_pick
import SubmodularPick``."""
from .pick import SubmodularPick, explain_many

__all__ = ["SubmodularPick", "explain_many"]
