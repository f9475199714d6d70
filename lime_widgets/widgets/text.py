"""The live text view: the document with clickable, coloured words."""
from __future__ import annotations

import traitlets as t

from .base import ExplanationView
from .registry import register


@register
class TextView(ExplanationView):
    """Clickable highlighted text, class-probability bars, and hand toggles answered by the model.

    ``view.explanation`` is the Explanation behind it; ``view.off`` the feature ids switched off;
    ``view.counterfactual`` the model's answer for them (``view.answer()`` as an engine object).
    """

    kind_name = "text"
    tokens = t.List().tag(sync=True)
    bow = t.Bool(True).tag(sync=True)
    mask_string = t.Unicode("").tag(sync=True)
    noun = t.List(t.Unicode(), default_value=["word", "words"], minlen=2, maxlen=2).tag(sync=True)

    @t.validate("noun")
    def _validate_noun(self, proposal):
        one, many = proposal["value"]
        if not (one.strip() and many.strip() and len(one) <= 40 and len(many) <= 40):
            raise t.TraitError(f"noun must be two short non-empty names (one, many), not {proposal['value']!r}")
        return [one, many]
