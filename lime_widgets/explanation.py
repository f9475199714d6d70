"""The public Explanation: the engine's explanation plus its views (lime's ``show_in_notebook``,
``as_html`` and ``save_to_file``, now live). Mirrors lime's ``lime.explanation`` module path."""
from __future__ import annotations

from .core.explanation import Counterfactual
from .core.explanation import Explanation as EngineExplanation

__all__ = ["Counterfactual", "Explanation"]


class Explanation(EngineExplanation):
    """A LIME explanation of one instance (lime-compatible accessors, trust measures, and its live view)."""

    def to_view(self):
        """The live view of this explanation (a widget; imports the front end on first use)."""
        from .widgets.registry import view_for

        return view_for(self)

    def show_in_notebook(self, **kwargs):
        """Display the live view in the notebook (lime's method, now interactive)."""
        from IPython.display import display

        view = self.to_view()
        display(view)
        return view

    def as_html(self, **kwargs) -> str:
        """One self-contained HTML page of the view (renders offline; toggles show the estimate)."""
        from .widgets.export import standalone_html

        return standalone_html([self.to_view().view_state()])

    def save_to_file(self, file_path, **kwargs):
        """Write ``as_html()`` to ``file_path``."""
        with open(file_path, "w", encoding="utf-8") as fh:
            fh.write(self.as_html())
