"""The live tabular view: one line per feature, switches and what-if value editors."""
from __future__ import annotations

import traitlets as t

from .base import ExplanationView
from .registry import register


@register
class TabularView(ExplanationView):
    """Switch features off or edit their values; the model answers beside the surrogate.

    ``view.off`` lists the features switched off; ``view.edits`` maps a feature (id or column name)
    to a what-if value (a feature is either off or edited). ``view.answer()`` is the engine's
    Counterfactual for both.
    """

    kind_name = "tabular"
    columns = t.List(t.Dict()).tag(sync=True)
    edits = t.Dict().tag(sync=True)
