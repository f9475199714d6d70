"""The compare view: one instance, 2 to 4 models explained on the same sampled rows, one click asks them all.

The instance is shown once (its domain's ``view_state()`` in the ``instance`` trait, rendered by the
domain's own input piece in the front end); ``models`` holds each model's explanation state (weights,
probabilities, fit), ``agreement`` how far their explanations agree, and ``answers`` each model's answer
to the current request (``off``, and ``edits`` for table rows), computed on the worker like the single
view's ``counterfactual``. A model that fails shows its error; the others' answers still show.
"""
from __future__ import annotations

import traitlets as t

from ..core.explanation import Counterfactual
from .base import Request, RequestView, answer_of, explanation_state, label_key
from .registry import register

__all__ = ["CompareView"]

MODEL_KEYS = ("weights", "selected", "intercept", "score", "local_pred", "proba", "value_range", "model_stats")


@register
class CompareView(RequestView):
    """Models side by side on one instance. ``view.explanations`` maps each name to its Explanation;
    ``view.off`` (and ``view.edits`` for table rows) is the request every model answers; ``view.answer()``
    maps each name to its Counterfactual; ``view.agreement`` compares the explanations."""

    kind_name = "compare"
    kind = t.Unicode("compare").tag(sync=True)
    domain = t.Unicode("").tag(sync=True)
    instance = t.Dict().tag(sync=True)
    models = t.List(t.Dict()).tag(sync=True)
    agreement = t.Dict().tag(sync=True)
    agreement_k = t.Int(5).tag(sync=True)
    edits = t.Dict().tag(sync=True)
    answers = t.List(t.Dict()).tag(sync=True)

    def __init__(self, explanations: dict, top_k: int = 5, **kwargs):
        from ..compare import check_names

        explanations = check_names(explanations, what="explanations")
        first = next(iter(explanations.values()))
        if any(e.domain.origin is not first.domain.origin for e in explanations.values()):
            raise ValueError("compared explanations must share one domain (use lime_widgets.compare)")
        if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
            raise ValueError(f"top_k must be a positive integer, got {top_k!r}")
        self.explanation = first  # the shared domain and labels: what validation checks writes against
        self.explanations = explanations
        self._init_requests()
        state = self._initial_state(top_k)
        state.update(kwargs)
        super().__init__(**state)
        self.observe(self._on_request, names=["off", "edits"])

    def _initial_state(self, top_k: int) -> dict:
        from ..compare import agreement

        domain = self.explanation.domain
        states = {name: explanation_state(e, domain.chart_limit) for name, e in self.explanations.items()}
        shared = states[next(iter(states))]
        models = [{"name": name, **{k: s[k] for k in MODEL_KEYS}} for name, s in states.items()]
        k = min(int(top_k), domain.num_features)
        agree = {
            str(label_key(self.explanation, l)): [{k2: v for k2, v in row.items() if k2 != "union"} for row in agreement(self.explanations, l, k)]
            for l in (shared["labels"] if self.explanation.mode == "classification" else [1])
        }
        return dict(
            kind="compare", domain=domain.kind, instance=domain.view_state(), models=models, agreement=agree, agreement_k=k,
            answers=self._answer(Request())["answers"],
            **{n: shared[n] for n in ("mode", "class_names", "labels", "label", "feature_names", "num_features", "num_samples", "seed")},
        )

    @t.validate("label", "off", "edits")
    def _validate_write(self, proposal):
        return self._validated(proposal)

    # ---- answering ----------------------------------------------------------------------
    def _answer(self, request: Request) -> dict:
        answers = []
        for exp in self.explanations.values():
            answers.append({**answer_of(exp, request), "model_stats": exp.model_stats})
        return {"off": list(request.off), "edits": {str(j): v for j, v in request.edits}, "answers": answers}

    def _publish(self, answer: dict):
        self.answers = answer["answers"]

    # ---- the Python API -------------------------------------------------------------------
    def answer(self) -> dict[str, Counterfactual]:
        """Each model's Counterfactual for the current request {name: Counterfactual}; a model that
        fails raises here (the view shows its error instead)."""
        request = self.request()
        return {name: e.counterfactual(request.off, dict(request.edits)) for name, e in self.explanations.items()}

    def estimate(self) -> dict[str, dict]:
        """Each model's surrogate estimate per explained label for the current request (no model call)."""
        request = self.request()
        return {name: e.surrogate_estimate(request.off, dict(request.edits)) for name, e in self.explanations.items()}

    def agreement_frame(self, label: int | None = None):
        """The agreement of each pair of models for ``label`` (default: the selected one) as a DataFrame."""
        import pandas as pd

        key = str(self.label if label is None else label)
        return pd.DataFrame(self.agreement[key])

    # ---- sharing --------------------------------------------------------------------------
    def _snapshot(self) -> str:
        from .snapshot import compare_snapshot_html

        return compare_snapshot_html(self)
