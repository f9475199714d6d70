"""The trust panel's kernel side: what every explanation view shows about how far to trust it.

Cheap, from the explanation alone (no model call), at view creation: each shown weight's 95 %
interval, the tied neighbours among the top features, the engine's warnings (``trust_state``).
On request from the view (a button writes ``stability_seeds`` or ``curves_label``), on the view's
worker thread: the stability check across seeds and the deletion / insertion curves
(``run_stability``, ``run_curves``), published as the ``stability`` and ``curves`` traits.

Keys are the view's label keys (``str(label)``; regression: ``"0"`` for the engine's label 1).
"""
from __future__ import annotations

import math

import numpy as np

from ..core.stability import measure

__all__ = ["IDLE_CURVES", "IDLE_STABILITY", "curves_value", "run_curves", "run_stability", "trust_state"]

IDLE_STABILITY = {"state": "idle", "done": 0, "total": 0, "message": "", "labels": {}}
IDLE_CURVES = {"state": "idle", "label": -1, "message": "", "labels": {}}
CHEAP_ERRORS = (ValueError, ArithmeticError, np.linalg.LinAlgError)


def _engine_label(exp, label: int) -> int:
    return 1 if exp.mode == "regression" else int(label)


def _finite(values) -> list[float]:
    out = [float(v) for v in values]
    if not all(math.isfinite(v) for v in out):
        raise ValueError("the model returned a value that is not a finite number (NaN or infinity)")
    return out


def _intervals(exp, label: int) -> dict:
    try:
        found = exp.confidence_intervals(_engine_label(exp, label))
    except (CHEAP_ERRORS + (KeyError,)):  # no samples kept, a surrogate without least-squares intervals, a class only offered
        return {}
    return {str(f): [lo, hi] for f, (lo, hi) in found.items() if math.isfinite(lo) and math.isfinite(hi)}


def _ties(exp, label: int) -> list:
    try:
        return [[int(a), int(b)] for a, b in exp.tied_features(_engine_label(exp, label))]
    except (CHEAP_ERRORS + (KeyError,)):
        return []


def _warnings(exp, label: int) -> list:
    try:
        return [str(w) for w in exp.warnings(_engine_label(exp, label))]
    except (CHEAP_ERRORS + (KeyError,)):
        return []


def trust_state(exp, labels) -> dict:
    """The trust traits computed from the explanation (no model call): intervals, ties, warnings."""
    keys = [str(int(label)) for label in labels]
    return {
        "intervals": {k: _intervals(exp, int(k)) for k in keys},
        "ties": {k: _ties(exp, int(k)) for k in keys},
        "warnings": {k: _warnings(exp, int(k)) for k in keys},
        "stability": dict(IDLE_STABILITY),
        "curves": dict(IDLE_CURVES),
    }


def _stability_of(exp, explanations, label: int) -> dict:
    """One label's measures; ``k`` as compared: num_features, or every feature when there are fewer
    (lime's image default num_features is 100,000)."""
    st = measure(explanations, _engine_label(exp, label), exp.num_features)
    return {
        "k": min(int(st.k), exp.domain.num_features), "seeds": len(st.seeds),
        "jaccard": st.jaccard, "jaccard_min": st.jaccard_min, "vsi": st.vsi, "csi": st.csi,
        "spread": {str(f): [s["min"], s["max"]] for f, s in st.spread.items()},
    }


def run_stability(exp, labels, seeds: int, publish, between=None) -> dict:
    """Re-explain with ``seeds`` seeds in all (the original's included), calling ``publish(value)`` with
    the progress after each one and ``between()`` (e.g. to answer a waiting hand check); the final
    value of the ``stability`` trait is returned (state "done", or "error" with the message)."""

    def progress(done, total):
        publish({**IDLE_STABILITY, "state": "running", "done": int(done), "total": int(total)})
        if between is not None:
            between()

    try:
        result = exp.stability(seeds - 1, _engine_label(exp, labels[0]), progress=progress)
        per_label = {str(int(l)): _stability_of(exp, result.explanations, int(l)) for l in labels}
    except Exception as exc:  # the user's model failed while re-explaining: say so, keep the kernel alive
        return {**IDLE_STABILITY, "state": "error", "message": _message(exc)}
    total = len(result.explanations) - 1
    return {**IDLE_STABILITY, "state": "done", "done": total, "total": total, "labels": per_label}


def _curve(curve) -> dict:
    return {"model": _finite(curve.model), "random": _finite(curve.random.model), "auc": float(curve.auc), "random_auc": float(curve.random.auc)}


def curves_value(previous: dict, state: str, label: int, message: str = "", add: dict | None = None) -> dict:
    labels = dict(previous.get("labels") or {})
    if add is not None:
        labels[str(int(label))] = add
    return {"state": state, "label": int(label), "message": message, "labels": labels}


def run_curves(exp, label: int, previous: dict) -> dict:
    """The ``curves`` trait with the deletion and insertion curves of ``label`` added (or the error)."""
    try:
        engine = _engine_label(exp, label)
        found = {"deletion": _curve(exp.deletion_curve(engine)), "insertion": _curve(exp.insertion_curve(engine))}
    except Exception as exc:  # the user's model failed: say so in the view
        return curves_value(previous, "error", label, _message(exc))
    return curves_value(previous, "done", label, add=found)


def _message(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 500 else text[:497] + "..."
