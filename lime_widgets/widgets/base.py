"""The shared base of every live view: explanation state in traits, hand toggles answered by the model.

A toggle in the browser writes the ``off`` trait. The kernel answers through the explanation's
counterfactual path (the same realize + model path the sampler used, with its cache) and writes the
``counterfactual`` trait. Toggles from the browser are answered on a worker thread, so rapid clicks
coalesce: while the model works, newer masks replace older ones and only the latest is computed next;
an answer is only ever published for the mask it was computed for, and the view treats it as current
only while ``off`` still equals ``counterfactual.off``. ``off`` set from Python is answered at once,
before the assignment returns, so scripts and executed notebooks see (and save) the answer.
"""
from __future__ import annotations

import base64
import json
import pathlib
import threading

import anywidget
import numpy as np
import traitlets as t

from ..core.explanation import Explanation

STATIC = pathlib.Path(__file__).resolve().parent.parent / "static"


def _static_file(name: str) -> pathlib.Path:
    path = STATIC / name
    if not path.exists():
        raise FileNotFoundError(
            f"lime_widgets' front end is not built ({path} is missing). Install the package with "
            "`pip install .` (it runs npm), or build it by hand: `npm --prefix js install && npm --prefix js run build`"
        )
    return path


def _label_key(label) -> str:
    return str(int(label))


class ExplanationView(anywidget.AnyWidget):
    """Base of the live views. Subclasses set ``kind`` and add their domain's traits."""

    _esm = _static_file("widget.js")
    _css = _static_file("widget.css")

    kind = t.Unicode("").tag(sync=True)
    mode = t.Unicode("classification").tag(sync=True)
    class_names = t.List(t.Unicode()).tag(sync=True)
    labels = t.List(t.Int()).tag(sync=True)
    label = t.Int(0).tag(sync=True)
    feature_names = t.List(t.Unicode()).tag(sync=True)
    weights = t.Dict().tag(sync=True)
    selected = t.Dict().tag(sync=True)
    intercept = t.Dict().tag(sync=True)
    score = t.Dict().tag(sync=True)
    local_pred = t.Dict().tag(sync=True)
    proba = t.List(t.Float()).tag(sync=True)
    value_range = t.List(t.Float(), allow_none=True, default_value=None).tag(sync=True)
    num_features = t.Int(10).tag(sync=True)
    num_samples = t.Int(0).tag(sync=True)
    seed = t.Int(0).tag(sync=True)
    model_stats = t.Dict().tag(sync=True)
    off = t.List(t.Int()).tag(sync=True)
    counterfactual = t.Dict().tag(sync=True)

    def __init__(self, explanation: Explanation, **kwargs):
        self.explanation = explanation
        self._lock = threading.Lock()
        self._wanted: tuple | None = None
        self._worker: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()
        self._from_frontend = False
        state = self._explanation_state(explanation)
        state.update(self._domain_state(explanation))
        state.update(kwargs)
        super().__init__(**state)
        self.observe(self._on_request, names=list(self._request_traits))
        self.observe(self._on_label, names="label")

    # ---- state --------------------------------------------------------------------------
    def _explanation_state(self, exp: Explanation) -> dict:
        if exp.mode == "classification":
            labels = list(exp.top_labels) if exp.top_labels else exp.explained_labels
            fits = {l: exp.fit(l) for l in labels}
            class_names = list(exp.class_names)
            proba = [float(p) for p in exp.predict_proba]
            value_range = None
        elif exp.multi_output:  # several columns of values: the labels are the columns
            labels = list(exp.top_labels) if exp.top_labels else exp.explained_labels
            fits = {l: exp.fit(l) for l in labels}
            class_names = list(exp.class_names)
            proba = [float(v) for v in exp.predicted_value]
            value_range = [float(min(exp.min_value[l] for l in labels)), float(max(exp.max_value[l] for l in labels))]
        else:
            labels = [0]
            fits = {0: exp.fit(1)}
            class_names = [exp.class_names[0] if exp.class_names else "value"]
            proba = [exp.predicted_value]
            value_range = [exp.min_value, exp.max_value]
        d = exp.num_features_total
        state = dict(
            kind=self._kind,
            mode=exp.mode,
            class_names=class_names,
            labels=labels,
            label=labels[0],
            feature_names=[str(n) for n in exp.feature_names],
            weights={_label_key(l): [float(x) for x in f.dense(d)] for l, f in fits.items()},
            selected={_label_key(l): [int(i) for i, _ in f.local_exp()] for l, f in fits.items()},
            intercept={_label_key(l): float(f.intercept) for l, f in fits.items()},
            score={_label_key(l): float(f.score) for l, f in fits.items()},
            local_pred={_label_key(l): float(f.local_pred) for l, f in fits.items()},
            proba=proba,
            value_range=value_range,
            num_features=int(getattr(exp, "num_features", 10) or 10),
            num_samples=int(exp.num_samples),
            seed=int(exp.seed),
            model_stats=exp.model_stats,
            off=[],
        )
        state["counterfactual"] = self._answer(self._initial_spec())
        return state

    def _domain_state(self, exp: Explanation) -> dict:
        return {}

    def _initial_spec(self) -> tuple:
        return ((),)

    def _input_for_state(self, cf_input):
        return None

    # ---- what a request is ------------------------------------------------------------------
    # A request is everything the front end can change about the input: the features that are
    # off (and, for tabular rows, what-if edits). Subclasses with more add them here.
    _request_traits = ("off",)

    def _spec(self) -> tuple:
        return (tuple(self.off),)

    def _counterfactual(self, spec: tuple):
        return self.explanation.counterfactual(spec[0])

    def _estimate(self, spec: tuple) -> dict:
        return self.explanation.surrogate_estimate(spec[0])

    def _spec_state(self, spec: tuple) -> dict:
        return {"off": list(spec[0])}

    def _answer_extra(self, cf, spec: tuple) -> dict:
        return {}

    def _answer(self, spec: tuple) -> dict:
        """The counterfactual trait value for ``spec``: the model's answer, or its error as text."""
        try:
            cf = self._counterfactual(spec)
        except Exception as exc:  # the user's model failed: say so in the view, keep the kernel alive
            message = str(exc)
            cause = exc.__cause__
            if cause is not None and str(cause) and str(cause) not in message:
                message = f"{message}\n{type(cause).__name__}: {cause}"
            return {**self._spec_state(spec), "proba": None, "error": message, "input": None}
        proba = [float(p) for p in np.atleast_1d(cf.model)]
        return {**self._spec_state(spec), "proba": proba, "error": None, "input": self._input_for_state(cf.input), **self._answer_extra(cf, spec)}

    # ---- toggles ------------------------------------------------------------------------
    def set_state(self, sync_data):
        """Changes from the front end pass here: mark them so requests are answered asynchronously."""
        self._from_frontend = True
        try:
            super().set_state(sync_data)
        finally:
            self._from_frontend = False

    def _on_label(self, change):
        if change["new"] not in self.labels:
            self.label = change["old"] if change["old"] in self.labels else self.labels[0]

    def _normalise(self, change) -> bool:
        """Put a changed request trait in canonical form; True if it was already canonical."""
        if change["name"] != "off":
            return True
        d = len(self.feature_names)
        wanted = sorted({int(i) for i in change["new"] if 0 <= int(i) < d})
        if wanted != list(change["new"]):
            self.off = wanted  # re-enters the observer with the canonical value
            return False
        return True

    def _on_request(self, change):
        if not self._normalise(change):
            return
        spec = self._spec()
        if self._from_frontend:
            self._request(spec)
        else:
            with self._lock:
                self._wanted = spec
            self._publish(spec, self._answer(spec))

    def _request(self, wanted: tuple):
        with self._lock:
            self._wanted = wanted
            self._idle.clear()
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="lime_widgets-toggle", daemon=True)
                self._worker.start()

    def _work(self):
        while True:
            with self._lock:
                wanted = self._wanted
            answer = self._answer(wanted)
            with self._lock:
                if wanted != self._wanted:
                    continue  # a newer mask arrived while the model worked: answer that one instead
                self._publish(wanted, answer)
                self._worker = None
                self._idle.set()
                return

    def _publish(self, wanted, answer):
        with self.hold_sync():
            self.counterfactual = answer
            self.model_stats = self.explanation.model_stats

    def wait(self, timeout: float | None = 30.0) -> bool:
        """Block until the answer to the latest toggle is published (True) or ``timeout`` passes."""
        return self._idle.wait(timeout)

    def toggle(self, feature_id: int):
        """Switch one feature off, or back on, as a click in the view does."""
        off = set(self.off)
        off ^= {int(feature_id)}
        self.off = sorted(off)

    def reset(self):
        self.off = []

    def answer(self):
        """The engine's Counterfactual for the current request (input, model output, surrogate)."""
        return self._counterfactual(self._spec())

    def estimate(self) -> dict:
        """The surrogate's estimate per explained label for the current request (no model call)."""
        return self._estimate(self._spec())

    # ---- sharing --------------------------------------------------------------------------
    def view_state(self) -> dict:
        """The synced state as plain JSON (what a saved notebook or an exported page renders)."""
        names = [n for n in self.trait_names(sync=True) if not n.startswith("_") and n not in ("layout", "tabbable", "tooltip")]
        state = {}
        for n in names:
            value = getattr(self, n)
            state[n] = base64.b64encode(value).decode("ascii") if isinstance(value, (bytes, bytearray, memoryview)) else value
        return json.loads(json.dumps(state))

    def _snapshot_picture(self) -> bytes | None:
        """A PNG for the static snapshot (images: the image under its heat overlay)."""
        return None

    def save_html(self, path, title: str | None = None) -> pathlib.Path:
        """Write ONE self-contained HTML file that renders this view offline (no kernel, no network)."""
        from .export import standalone_html

        path = pathlib.Path(path)
        path.write_text(standalone_html([self.view_state()], title=title or f"lime_widgets {self._kind} explanation"), encoding="utf-8")
        return path

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return bundle
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        from .snapshot import snapshot_html

        try:
            data["text/html"] = snapshot_html(self.view_state(), picture_png=self._snapshot_picture())
        except Exception:  # a snapshot must never break the live view
            pass
        return bundle
