"""The live text view: the document with clickable, coloured words."""
from __future__ import annotations

import traitlets as t

from .base import ExplanationView


class TextView(ExplanationView):
    """Clickable highlighted text, class-probability bars, and hand toggles answered by the model.

    ``view.explanation`` is the Explanation behind it; ``view.off`` the feature ids switched off;
    ``view.counterfactual`` the model's answer for them (``view.answer()`` as an engine object).
    """

    _kind = "text"
    tokens = t.List().tag(sync=True)
    bow = t.Bool(True).tag(sync=True)
    mask_string = t.Unicode("").tag(sync=True)

    def _domain_state(self, exp) -> dict:
        dom = exp.domain
        return dict(
            tokens=[[tok, int(f)] for tok, f in zip(dom.tokens, dom.token_feature)],
            bow=bool(dom.bow),
            mask_string=str(dom.mask_string),
        )

    def _input_for_state(self, cf_input):
        return str(cf_input)
