"""The shared base of every live view: explanation state in traits, hand toggles answered by the model.

What a view shows comes from two places: the explanation (labels, weights, fit: the same for every
kind) and its domain (``domain.view_state()``: tokens, image, columns). Which traits exist, who may
write them and how is declared once in :mod:`.schema`.

A **request** is what the user asks the model about: the features ``off``, the what-if ``edits`` and the
selected ``label``. Every write of a front-end-writable trait is validated first (:mod:`.validation`):

- from the front end (``set_state``): the whole message is checked before anything is applied; an
  invalid one is rejected whole, the front end is sent back the last valid state, ``rejected`` says why
  (shown as a line in the view) and the kernel gets no traceback. A valid message is applied at once
  and its request is answered on a worker thread, so rapid clicks coalesce: while the model works,
  newer requests replace older ones and only the latest is computed next; an answer is published only
  for the request it was computed for (the view treats it as current only while ``off`` and ``edits``
  still equal it).
- from Python (``view.off = [3]``): an invalid value raises ``TraitError``; a valid one is answered
  before the assignment returns, so scripts and executed notebooks see (and save) the answer.
"""
from __future__ import annotations

import base64
import json
import pathlib
import threading
from contextlib import contextmanager
from dataclasses import dataclass

import anywidget
import numpy as np
import traitlets as t

from ..core.explanation import Counterfactual, Explanation
from .schema import front_end_writable
from .trust import run_curves, run_stability, trust_state
from .validation import Rejected, check_changes

STATIC = pathlib.Path(__file__).resolve().parent.parent / "static"
IPYWIDGETS_TRAITS = ("layout", "tabbable", "tooltip", "_dom_classes")


FALLBACK_CLASS = "lw-fallback"  # the snapshot output after a live view; widget.css hides it where the view renders


def _one_frame_per_output() -> bool:
    """Front ends where our stylesheet cannot hide the output after the view: Colab draws every output in
    a frame of its own; VS Code's output containers are not JupyterLab's (its kernels inherit VSCODE_*
    variables). There the view keeps one output, the snapshot inside it."""
    import os
    import sys

    return "google.colab" in sys.modules or any(k.startswith("VSCODE_") for k in os.environ)


def split_display(bundle, kind: str) -> list[tuple[dict, dict]]:
    """The ``(data, metadata)`` outputs that display a view: its widget output without the snapshot,
    then the snapshot in an output of its own (marked, so exporters can drop it); or the bundle as it
    is when it has no snapshot or the front end draws outputs apart."""
    data = dict(bundle[0] if isinstance(bundle, tuple) else bundle or {})
    html = data.get("text/html")
    if not html or _one_frame_per_output():
        return [(data, {})] if data else []
    del data["text/html"]
    data["text/plain"] = ""  # the snapshot output below says what this is
    snapshot = {"text/html": f'<div class="{FALLBACK_CLASS}">{html}</div>',
                "text/plain": f"lime_widgets {kind} view (static snapshot; the live view needs a notebook front end)"}
    return [(data, {}), (snapshot, {"lime_widgets": {"fallback": True}})]


def _static_file(name: str) -> pathlib.Path:
    path = STATIC / name
    if not path.exists():
        raise FileNotFoundError(
            f"lime_widgets' front end is not built ({path} is missing). Install the package with "
            "`pip install .` (it runs npm), or build it by hand: `npm --prefix js install && npm --prefix js run build`"
        )
    return path


@dataclass(frozen=True)
class Request:
    """What the model is asked about: features switched off, what-if edits {id: value}, the label shown."""

    off: tuple[int, ...] = ()
    edits: tuple[tuple[int, object], ...] = ()
    label: int = 0

    @classmethod
    def of(cls, view) -> Request:
        edits = getattr(view, "edits", None) or {}
        return cls(tuple(view.off), tuple(sorted((int(k), v) for k, v in edits.items())), int(view.label))

    def answers_same(self, other: Request | None) -> bool:
        """True when ``other`` asks the model the same question (the label changes no model output)."""
        return other is not None and (self.off, self.edits) == (other.off, other.edits)


def explanation_state(exp: Explanation, chart_limit: int | None = None) -> dict:
    """The traits every explanation view shares, from the explanation."""
    if exp.mode == "classification" or exp.multi_output:  # classes, or the columns of several regression outputs
        labels = list(exp.top_labels) if exp.top_labels else exp.explained_labels
        if exp.mode == "classification" and exp.num_outputs == 2 and len(labels) == 1:
            labels.append(1 - labels[0])  # a binary model: both classes can be picked
        fits = {l: exp.label_fit(l) for l in labels}
        class_names = list(exp.class_names)
        if exp.mode == "classification":
            proba, value_range = [float(p) for p in exp.predict_proba], None
        else:
            proba = [float(v) for v in exp.predicted_value]
            # each column on its own scale: the model's min and max of that column over the samples
            value_range = {str(int(l)): [float(exp.min_value[l]), float(exp.max_value[l])] for l in labels}
    else:
        labels, fits = [0], {0: exp.fit(1)}
        class_names = [exp.class_names[0] if exp.class_names else "value"]
        proba, value_range = [exp.predicted_value], [exp.min_value, exp.max_value]
    d = exp.num_features_total
    num_features = int(getattr(exp, "num_features", 10) or 10)
    per_label = {
        "weights": lambda f: [float(x) for x in f.dense(d)],
        "selected": lambda f: [int(i) for i, _ in f.local_exp()],
        "intercept": lambda f: float(f.intercept),
        "score": lambda f: float(f.score),
        "local_pred": lambda f: float(f.local_pred),
    }
    state = {name: {str(int(l)): get(f) for l, f in fits.items()} for name, get in per_label.items()}
    return dict(
        state,
        mode=exp.mode,
        class_names=class_names,
        labels=labels,
        label=labels[0],
        feature_names=[str(n) for n in exp.feature_names],
        proba=proba,
        value_range=value_range,
        num_features=min(num_features, chart_limit) if chart_limit else num_features,
        num_samples=int(exp.num_samples),
        seed=int(exp.seed),
        model_stats=exp.model_stats,
        off=[],
        **trust_state(exp, labels if exp.mode == "classification" or exp.multi_output else [0]),
    )


def _error_message(exc: BaseException) -> str:
    message = str(exc)
    cause = exc.__cause__
    if cause is not None and str(cause) and str(cause) not in message:
        message = f"{message}\n{type(cause).__name__}: {cause}"
    return message


def plain(value):
    """``value`` with every bytes object in it (at any depth of dicts and lists) as base64 text."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def label_key(exp: Explanation, label: int) -> int:
    """The view's key of an explained label (one regression value: label 0 in the view, 1 in lime's map)."""
    return 0 if exp.mode == "regression" and not exp.multi_output else int(label)


def answer_of(exp: Explanation, request: Request) -> dict:
    """The counterfactual trait value of ``exp`` for ``request``: the model's answer, or its error as text."""
    asked = {"off": list(request.off), "edits": {str(j): v for j, v in request.edits}}
    try:
        cf = exp.counterfactual(request.off, dict(request.edits))
    except Exception as exc:  # the user's model failed: say so in the view, keep the kernel alive
        return {**asked, "proba": None, "error": _error_message(exc), "input": None}
    proba = [float(p) for p in np.atleast_1d(cf.model)]
    surrogate = {str(label_key(exp, l)): float(v) for l, v in cf.surrogate.items()}
    return {**asked, "proba": proba, "error": None, "surrogate": surrogate, **exp.domain.answer_state(cf)}


class ValidatedWidget(anywidget.AnyWidget):
    """An anywidget whose front-end writes pass :func:`check_changes` whole before anything is applied."""

    _esm = _static_file("widget.js")
    _css = _static_file("widget.css")
    kind_name = ""

    def set_state(self, sync_data):
        writable = front_end_writable(self.kind_name)
        ours = {k: v for k, v in sync_data.items() if k not in IPYWIDGETS_TRAITS}
        try:
            bad = sorted(set(ours) - writable)
            if bad:
                raise Rejected(f"{', '.join(bad)} can only be set from Python")
            clean = check_changes(self, ours)
        except Rejected as exc:
            self._reject(str(exc), list(sync_data))
            return
        with self._front_end_write():
            super().set_state({**sync_data, **clean})
        if getattr(self, "rejected", ""):
            self.rejected = ""

    def _reject(self, message: str, names: list[str]):
        """Keep the last valid state: say why, and send the front end back what it had before the write."""
        if self.has_trait("rejected"):
            self.rejected = message if len(message) <= 300 else message[:297] + "..."
        known = [n for n in names if self.has_trait(n)]
        if known:
            self.send_state(known)

    @contextmanager
    def _front_end_write(self):
        yield

    def _validated(self, proposal):
        try:
            return check_changes(self, {proposal["trait"].name: proposal["value"]})[proposal["trait"].name]
        except Rejected as exc:
            raise t.TraitError(str(exc)) from None


class RequestView(ValidatedWidget):
    """A view whose front-end writes of ``off`` (and ``edits``) are requests answered on a worker thread.

    Subclasses define ``_answer(request) -> dict`` (what to publish, never raising for a model failure)
    and ``_publish(answer)``; this class coalesces rapid requests and answers Python assignments at once.
    The traits every such view shares (the single views and the compare view: ``EC`` in schema.py) are
    declared here once.
    """

    mode = t.Unicode("classification").tag(sync=True)
    class_names = t.List(t.Unicode()).tag(sync=True)
    labels = t.List(t.Int()).tag(sync=True)
    label = t.Int(0).tag(sync=True)
    feature_names = t.List(t.Unicode()).tag(sync=True)
    num_features = t.Int(10).tag(sync=True)
    num_samples = t.Int(0).tag(sync=True)
    seed = t.Int(0).tag(sync=True)
    off = t.List().tag(sync=True)
    rejected = t.Unicode("").tag(sync=True)

    def _init_requests(self):
        self._lock = threading.Lock()
        self._wanted: Request | None = None
        self._unanswered = False  # the worker has a hand check to answer
        self._jobs: list = []  # other work for the worker (trust checks), after the hand checks
        self._worker: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()
        self._deferred: list[bool] | None = None  # inside a front-end write: was a request changed?

    def _answer(self, request: Request) -> dict:
        raise NotImplementedError

    def _publish(self, answer: dict):
        raise NotImplementedError

    @contextmanager
    def _front_end_write(self):
        """Requests changed by a front-end message are answered once, on the worker, after all of it applied."""
        self._deferred = []
        try:
            yield
        finally:
            changed, self._deferred = bool(self._deferred), None
            if changed:
                self._request(Request.of(self))

    def _on_request(self, change):
        if self._deferred is not None:
            self._deferred.append(True)
            return
        request = Request.of(self)
        with self._lock:
            self._wanted = request
        self._publish(self._answer(request))

    def _request(self, wanted: Request):
        with self._lock:
            self._wanted = wanted
            self._unanswered = True
            self._wake()

    def _submit(self, job):
        """Run ``job()`` on the worker, after any hand check waiting (trust checks: stability, curves)."""
        with self._lock:
            self._jobs.append(job)
            self._wake()

    def _wake(self):  # with the lock held
        self._idle.clear()
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._work, name="lime_widgets-toggle", daemon=True)
            self._worker.start()

    def _work(self):
        while True:
            with self._lock:
                job = None if self._unanswered else (self._jobs.pop(0) if self._jobs else None)
                if job is None and not self._unanswered:
                    self._worker = None
                    self._idle.set()
                    return
            if job is not None:
                job()
            else:
                self._answer_waiting()

    def _answer_waiting(self):
        """Answer the latest hand check if one waits (also called between the seeds of a stability check).
        A newer request that arrived while the model worked is answered next instead."""
        with self._lock:
            if not self._unanswered:
                return
            wanted = self._wanted
        answer = self._answer(wanted)
        with self._lock:
            if wanted.answers_same(self._wanted):
                self._unanswered = False
                self._publish(answer)

    def wait(self, timeout: float | None = 30.0) -> bool:
        """Block until the answer to the latest toggle is published (True) or ``timeout`` passes."""
        return self._idle.wait(timeout)

    def toggle(self, feature_id: int):
        """Switch one feature off, or back on, as a click in the view does."""
        self.off = sorted(set(self.off) ^ {int(feature_id)})

    def reset(self):
        """Every feature back on, every edit undone."""
        with self.hold_trait_notifications():
            if self.has_trait("edits"):
                self.edits = {}
            self.off = []

    def request(self) -> Request:
        return Request.of(self)

    def view_state(self) -> dict:
        """The synced state as plain JSON (what a saved notebook or an exported page renders)."""
        names = [n for n in self.trait_names(sync=True) if not n.startswith("_") and n not in IPYWIDGETS_TRAITS]
        return json.loads(json.dumps({n: plain(getattr(self, n)) for n in names}, allow_nan=False))

    def save_html(self, path, title: str | None = None) -> pathlib.Path:
        """Write ONE self-contained HTML file that renders this view offline (no kernel, no network)."""
        from .export import standalone_html

        path = pathlib.Path(path)
        path.write_text(standalone_html([self.view_state()], title=title or f"lime_widgets {self.kind_name} explanation"), encoding="utf-8")
        return path

    def _snapshot(self) -> str:
        """The static text/html picture of the view (for places that render no widgets)."""
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return bundle
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        try:
            data["text/html"] = self._snapshot()
        except Exception:  # a snapshot must never break the live view
            pass
        return bundle

    def _ipython_display_(self):
        """Two outputs where the snapshot would otherwise be lost: the live view, then the snapshot.

        nbconvert's HTML (and any renderer of saved widget state) uses ONLY the widget-view entry of an
        output whose model is in the saved state, and offline that entry renders as nothing. So the
        static snapshot goes into an output of its own (see :func:`split_display`); where the live view
        renders, our stylesheet hides that next output. Colab draws each output in its own frame, where
        no stylesheet reaches the next one: there the view keeps the one output it always had."""
        from IPython.display import display

        for data, metadata in split_display(self._repr_mimebundle_(), self.kind_name):
            display(data, raw=True, metadata=metadata)


class ExplanationView(RequestView):
    """Base of the live views. A subclass per domain kind declares ``kind_name`` and its domain's traits
    (registered with :func:`.registry.register`); everything else is shared."""

    kind = t.Unicode("").tag(sync=True)
    weights = t.Dict().tag(sync=True)
    selected = t.Dict().tag(sync=True)
    intercept = t.Dict().tag(sync=True)
    score = t.Dict().tag(sync=True)
    local_pred = t.Dict().tag(sync=True)
    proba = t.List(t.Float()).tag(sync=True)
    value_range = t.Union([t.List(t.Float()), t.Dict()], allow_none=True, default_value=None).tag(sync=True)
    model_stats = t.Dict().tag(sync=True)
    counterfactual = t.Dict().tag(sync=True)
    history = t.List().tag(sync=True)
    intervals = t.Dict().tag(sync=True)
    ties = t.Dict().tag(sync=True)
    warnings = t.Dict().tag(sync=True)
    stability_seeds = t.Int(0).tag(sync=True)
    stability = t.Dict().tag(sync=True)
    curves_label = t.Int(-1).tag(sync=True)
    curves = t.Dict().tag(sync=True)

    MAX_HISTORY = 1000  # hand checks kept (the oldest go first)

    def __init__(self, explanation: Explanation, **kwargs):
        domain = explanation.domain
        if domain.kind != self.kind_name:
            raise TypeError(f"{type(self).__name__} shows {self.kind_name} explanations, not {domain.kind}")
        self.explanation = explanation
        self._init_requests()
        state = explanation_state(explanation, domain.chart_limit)
        # the surrogate of every label the view offers (a binary model's both classes), by the view's label key
        self._surrogates = {key: (state["intercept"][key], np.asarray(state["weights"][key])) for key in state["intercept"]}
        state.update(domain.view_state(), kind=self.kind_name, counterfactual=self._answer(Request()))
        state.update(kwargs)
        super().__init__(**state)
        self.observe(self._on_request, names=[n for n in ("off", "edits") if self.has_trait(n)])
        self.observe(self._on_trust_request, names=["stability_seeds", "curves_label"])

    @t.validate("label", "off", "edits", "show_boundaries", "overlay_opacity", "top_k", "stability_seeds", "curves_label")
    def _validate_write(self, proposal):
        return self._validated(proposal)

    # ---- answering ----------------------------------------------------------------------
    def _answer(self, request: Request) -> dict:
        """The counterfactual trait value for ``request``: the model's answer (with the surrogate's estimate of
        every label the view offers), or its error as text."""
        answer = answer_of(self.explanation, request)
        if answer["error"] is None:
            edits = {int(k): v for k, v in answer["edits"].items()}
            answer["surrogate"] = self._surrogate_at(self.explanation.domain.point(request.off, edits).z)
        return answer

    def _surrogate_at(self, z) -> dict:
        """The surrogate's estimate of every label the view offers at the interpretable row ``z``."""
        z = np.asarray(z, dtype=float)
        return {key: float(icpt + w @ z) for key, (icpt, w) in self._surrogates.items()}

    def _counterfactual(self, request: Request) -> Counterfactual:
        return self.explanation.counterfactual(request.off, dict(request.edits))

    def _publish(self, answer: dict):
        with self.hold_sync():
            self.counterfactual = answer
            self.model_stats = self.explanation.model_stats
            if answer["off"] or answer["edits"]:  # a hand check (nothing off or edited is the original)
                self.history = (self.history + [self._check_record(answer)])[-self.MAX_HISTORY :]

    def _check_record(self, answer: dict) -> dict:
        surrogate = answer.get("surrogate")
        if surrogate is None:  # the model failed: the surrogate's estimate still stands
            edits = {int(k): v for k, v in answer["edits"].items()}
            surrogate = self._surrogate_at(self.explanation.domain.point(answer["off"], edits).z)
        return {"off": answer["off"], "edits": answer["edits"], "model": answer["proba"], "surrogate": surrogate, "error": answer["error"]}

    def history_frame(self):
        """The hand checks as a pandas DataFrame: one row per check, the model's output and the surrogate's
        estimate per explained label, and their gap."""
        import pandas as pd

        rows = []
        for i, check in enumerate(self.history):
            row = {"check": i + 1, "off": [self.feature_names[j] for j in check["off"]], "edits": check["edits"], "error": check["error"]}
            for key, estimate in check["surrogate"].items():
                name = self.class_names[int(key)] if self.mode == "classification" else "value"
                model = check["model"][int(key)] if check["model"] is not None else float("nan")
                row[f"model {name}"], row[f"surrogate {name}"], row[f"gap {name}"] = model, estimate, model - estimate
            rows.append(row)
        return pd.DataFrame(rows)

    # ---- trust checks on request (the trust panel's buttons) ---------------------------------
    def _on_trust_request(self, change):
        name, value = change["name"], int(change["new"])
        if value == (0 if name == "stability_seeds" else -1):  # no request (the kernel sets it back when answered)
            return
        job = (lambda: self._check_stability(value)) if name == "stability_seeds" else (lambda: self._draw_curves(value))
        if self._deferred is not None:  # from the front end: on the worker
            if name == "stability_seeds":
                self.stability = {**self.stability, "state": "running", "done": 0, "total": value - 1, "message": ""}
            else:
                self.curves = {**self.curves, "state": "running", "label": value, "message": ""}
            self._submit(job)
        else:  # from Python: answered before the assignment returns
            job()

    def _explained_keys(self) -> list[int]:
        """The view's labels the explanation itself explained (a binary model's other class is only offered)."""
        explained = {label_key(self.explanation, l) for l in self.explanation.explained_labels}
        return [l for l in self.labels if l in explained]

    def _check_stability(self, seeds: int):
        def publish(value):
            self.stability = value

        result = run_stability(self.explanation, self._explained_keys(), seeds, publish, between=self._answer_waiting)
        with self.hold_sync():
            self.stability, self.stability_seeds = result, 0
            self.model_stats = self.explanation.model_stats

    def _draw_curves(self, label: int):
        result = run_curves(self.explanation, label, self.curves)
        with self.hold_sync():
            self.curves, self.curves_label = result, -1
            self.model_stats = self.explanation.model_stats

    def check_stability(self, seeds: int = 10) -> dict:
        """Re-explain with ``seeds`` seeds in all (as the view's "Check stability" button does); the
        result, also shown in the view: per label Jaccard, VSI, CSI and each weight's spread."""
        self.stability_seeds = seeds
        return self.stability

    def draw_curves(self, label: int | None = None) -> dict:
        """The deletion and insertion curves of ``label`` (default: the selected one), shown in the view."""
        label = self.label if label is None else int(label)
        self.curves_label = label
        return self.curves["labels"].get(str(label), {})

    # ---- the Python API -------------------------------------------------------------------
    def answer(self) -> Counterfactual:
        """The engine's Counterfactual for the current request (input, model output, surrogate)."""
        return self._counterfactual(self.request())

    def estimate(self) -> dict:
        """The surrogate's estimate per label for the current request (no model call): the explained labels,
        and a binary model's other class, which the view offers too."""
        request = self.request()
        found = self.explanation.surrogate_estimate(request.off, dict(request.edits))
        if self.explanation.mode == "classification":
            z = self.explanation.domain.point(request.off, dict(request.edits)).z
            found.update({int(k): v for k, v in self._surrogate_at(z).items() if int(k) not in found})
        return found

    # ---- sharing --------------------------------------------------------------------------
    def _snapshot_picture(self) -> bytes | None:
        """A PNG for the static snapshot (images: the image under its heat overlay)."""
        return None

    def _snapshot(self) -> str:
        from .snapshot import snapshot_html

        return snapshot_html(self.view_state(), picture_png=self._snapshot_picture())
