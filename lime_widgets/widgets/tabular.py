"""The live tabular view: one line per feature, switches and what-if value editors."""
from __future__ import annotations

import numpy as np
import traitlets as t

from .base import ExplanationView


def _num(x) -> float | None:
    return None if x is None else float(x)


class TabularView(ExplanationView):
    """Switch features off or edit their values; the model answers beside the surrogate.

    ``view.off`` lists the features switched off; ``view.edits`` maps a feature (id or column name)
    to a what-if value. ``view.answer()`` is the engine's Counterfactual for both.
    """

    _kind = "tabular"
    _request_traits = ("off", "edits")
    columns = t.List(t.Dict()).tag(sync=True)
    edits = t.Dict().tag(sync=True)

    def _domain_state(self, exp) -> dict:
        dom = exp.domain
        e = dom.explainer
        cols = []
        for j, name in enumerate(dom.codec.names):
            categorical = j in dom.codec.categories
            col = {
                "name": name,
                "value": dom.values[j],
                "condition": dom.feature_names[j],
                "type": "categorical" if categorical else "numeric",
                "categories": [str(c) for c in dom.codec.categories[j]] if categorical else None,
                "raw": str(dom.codec.categories[j][int(dom.x[j])]) if categorical else float(dom.x[j]),
                "off_value": dom.codec.display(j, dom.off_value(j)),
                "min": None if categorical else float(e.training[:, j].min()),
                "max": None if categorical else float(e.training[:, j].max()),
                "borders": [float(b) for b in e.bins[j].borders] if (dom.discretized and not categorical) else None,
                "bin": dom.instance_bin.get(j) if not categorical else None,
                "mean": None if categorical or dom.discretized else float(e.mean[j]),
                "scale": None if categorical or dom.discretized else float(e.scale[j]),
                "z0": float(dom._z(dom.x)[j]),
            }
            cols.append(col)
        return dict(columns=cols, edits={})

    def _initial_spec(self) -> tuple:
        return ((), ())

    def _edits(self) -> tuple:
        dom = self.explanation.domain
        out = {}
        for key, value in self.edits.items():
            j = dom.feature_index(int(key) if str(key).lstrip("-").isdigit() else key)
            out[j] = value
        return tuple(sorted(out.items()))

    def _spec(self) -> tuple:
        edits = self._edits()
        edited = {j for j, _ in edits}
        return (tuple(j for j in self.off if j not in edited), edits)

    def _counterfactual(self, spec):
        return self.explanation.counterfactual(spec[0], set=dict(spec[1]))

    def _estimate(self, spec) -> dict:
        return self.explanation.surrogate_estimate(spec[0], set=dict(spec[1]))

    def _spec_state(self, spec) -> dict:
        return {"off": list(spec[0]), "edits": {str(j): v for j, v in spec[1]}}

    def _answer_extra(self, cf, spec) -> dict:
        dom = self.explanation.domain
        row = dom.edit(spec[0], dict(spec[1]))
        return {
            "row": [dom.codec.display(j, row[j]) for j in range(dom.num_features)],
            "conditions": [dom.condition(j, row[j]) for j in range(dom.num_features)],
        }

    def _normalise(self, change) -> bool:
        if change["name"] == "edits":
            dom = self.explanation.domain
            clean = {}
            for key, value in change["new"].items():
                try:
                    j = dom.feature_index(int(key) if str(key).lstrip("-").isdigit() else key)
                except KeyError:
                    continue  # no such feature: dropped (the trait is rewritten without it)
                if isinstance(value, (float, int, np.floating, np.integer)) and j not in dom.codec.categories:
                    value = float(value)
                clean[str(j)] = value
            if clean != change["new"]:
                self.edits = clean
                return False
            return True
        return super()._normalise(change)
