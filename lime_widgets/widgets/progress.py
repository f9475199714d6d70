"""Progress of a long explanation, shown in the notebook by our own front end.

``explain_text``, ``explain_image`` and ``explain_tabular`` compute through :func:`live_view`. Inside a
Jupyter kernel with the default ``progress=None``, scoring the perturbed samples shows a small
:class:`ProgressView` (samples scored / total, elapsed time, how to stop) once it has run for
``SHOW_AFTER`` seconds, updated at most ``UPDATES_PER_SECOND`` times a second plus the final count.

- done: the progress output is replaced by an empty output (``update_display`` with no data) and the
  widget is closed, so neither the live notebook nor a saved one keeps a stale bar; the function
  returns the live view as before (the cell displays it).
- interrupted (the kernel's ■ button: ``KeyboardInterrupt`` in the model): the progress view stays and
  says "Interrupted after N / total samples"; the ``KeyboardInterrupt`` propagates, the kernel lives on.
- the model raised: the progress view stays and shows the message (as text); the exception propagates.

Outside a kernel, and with ``progress=False`` / ``True`` / a callable, the engine's own behaviour is
unchanged (nothing / a tqdm bar always / the user's callback; ``None`` outside a kernel: tqdm after 1 s).
"""
from __future__ import annotations

import time
from collections.abc import Callable

import anywidget
import traitlets as t

from .base import _static_file

__all__ = ["ProgressView", "LiveProgress", "live_view", "showing", "in_kernel"]

STATES = ("running", "done", "interrupted", "error")
SHOW_AFTER = 0.5  # seconds of scoring before the progress view appears (fast explanations show none)
UPDATES_PER_SECOND = 10
_clock = time.monotonic  # tests replace it


class ProgressView(anywidget.AnyWidget):
    """How far scoring the perturbed samples of one explanation has got (``kind == "progress"``)."""

    _esm = _static_file("widget.js")
    _css = _static_file("widget.css")

    kind = t.Unicode("progress").tag(sync=True)
    done = t.Int(0).tag(sync=True)
    total = t.Int(0).tag(sync=True)
    state = t.Enum(STATES, default_value="running").tag(sync=True)
    message = t.Unicode("").tag(sync=True)
    elapsed = t.Float(0.0).tag(sync=True)
    unit = t.Enum(("samples", "instances"), default_value="samples").tag(sync=True)  # what is counted

    def summary(self) -> str:
        """One line of plain text (the display's text/plain, for places without widgets)."""
        counts = f"{self.done:,} / {self.total:,}"
        samples = self.unit == "samples"
        if self.state == "done":
            did = f"scored {self.total:,} perturbed samples" if samples else f"explained {self.total:,} instances"
            return f"LIME: {did} in {self.elapsed:.1f} s"
        if self.state == "interrupted":
            return f"LIME: interrupted after {counts} {self.unit} ({self.elapsed:.1f} s)"
        if self.state == "error":
            return f"LIME: {'the model' if samples else 'explaining'} failed after {counts} {self.unit}: {self.message}"
        pct = f" ({100 * self.done // self.total}%)" if self.total else ""
        doing = "scoring perturbed samples" if samples else "explaining instances"
        return f"LIME: {doing} {counts}{pct} \u00b7 {self.elapsed:.1f} s"

    def __repr__(self) -> str:
        return self.summary()

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            data = bundle[0] if isinstance(bundle, tuple) else bundle
            data["text/plain"] = self.summary()
        return bundle


def in_kernel() -> bool:
    """True inside a Jupyter kernel (IPython with a ``kernel``), not in plain Python or a terminal IPython."""
    try:
        import IPython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return False
    shell = IPython.get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _message(exc: BaseException) -> str:
    message = str(exc) or type(exc).__name__
    cause = exc.__cause__
    if cause is not None and str(cause) and str(cause) not in message:
        message = f"{message}\n{type(cause).__name__}: {cause}"
    return message


class LiveProgress:
    """The progress display of one explanation: ``report(done, total)`` is the engine's callback."""

    def __init__(self, show_after: float | None = None, interval: float | None = None, unit: str = "samples"):
        self.unit = unit
        self.show_after = SHOW_AFTER if show_after is None else show_after
        self.interval = 1.0 / UPDATES_PER_SECOND if interval is None else interval
        self.start = _clock()
        self.last = None  # when the view was last updated
        self.done = self.total = 0
        self.view: ProgressView | None = None
        self.handle = None
        self.broken = False

    def elapsed(self) -> float:
        return round(_clock() - self.start, 3)

    def report(self, done: int, total: int):
        self.done, self.total = int(done), int(total)
        if self.broken:
            return
        now = _clock()
        try:
            if self.view is None:
                if now - self.start >= self.show_after:
                    self._show(now)
                return
            if self.done < self.total and now - self.last < self.interval:
                return  # throttled; the final count always goes out
            self._push(now)
        except Exception:  # showing progress must never break the explanation itself
            self.broken = True

    def _show(self, now):
        from IPython.display import display

        self.view = ProgressView(done=self.done, total=self.total, elapsed=self.elapsed(), unit=self.unit)
        self.last = now
        self.handle = display(self.view, display_id=True)

    def _push(self, now, **extra):
        self.last = now
        with self.view.hold_sync():
            self.view.done, self.view.total, self.view.elapsed = self.done, self.total, self.elapsed()
            for name, value in extra.items():
                setattr(self.view, name, value)

    def finish(self):
        """Done: remove the progress output (an empty display in its place) and close the widget."""
        if self.view is None:
            return
        try:
            self._push(_clock(), state="done")  # what a notebook executed by nbclient keeps (it ignores comm_close)
            if self.handle is not None:
                self.handle.update({}, raw=True)
        finally:
            layout = getattr(self.view, "layout", None)
            self.view.close()
            if layout is not None:
                layout.close()  # its Layout model too, else a saved notebook keeps that

    def stop(self, state: str, message: str = ""):
        """Interrupted or failed: the view stays and says so (best effort: never masks the exception). A model
        that fails before the view appeared (on its first batch, say) still gets the view, with the error."""
        try:
            if self.view is None:
                if state != "error" or self.broken:
                    return
                self._show(_clock())
            self._push(_clock(), state=state, message=message)
            if self.handle is not None:
                self.handle.update(self.view)  # refresh the output's text/plain too
        except Exception:  # pragma: no cover - a closed comm must not hide the user's exception
            pass


class showing:
    """``with showing(live):`` around a long computation that reports to ``live``: the progress is removed
    when it ends and kept (saying so) when it is interrupted or fails. An interrupt ends as a short
    ``KeyboardInterrupt`` raised here, saying how far it got: the notebook shows a few frames, not the
    engine's dozen."""

    def __init__(self, live: LiveProgress):
        self.live = live

    def __enter__(self) -> LiveProgress:
        return self.live

    def __exit__(self, kind, exc, tb):
        if kind is None:
            self.live.finish()
        elif issubclass(kind, KeyboardInterrupt):
            self.live.stop("interrupted")
            raise KeyboardInterrupt(f"LIME stopped after {self.live.done:,} / {self.live.total:,} {self.live.unit}") from None
        elif issubclass(kind, Exception):
            self.live.stop("error", _message(exc))
        return False


def live_view(compute: Callable, progress=None):
    """The live view of ``compute(progress)``'s explanation, with the progress shown in the notebook when that
    is ours to do.

    ``compute(progress)`` runs the explanation with ``progress`` as the engine's progress option and
    returns the Explanation. With ``progress=None`` inside a Jupyter kernel it gets a callback that
    drives a :class:`ProgressView`; otherwise ``progress`` is passed through untouched.
    """
    from .registry import view_for

    if progress is not None or not in_kernel():
        return view_for(compute(progress))
    with showing(LiveProgress()) as live:
        view = view_for(compute(live.report))
    return view
