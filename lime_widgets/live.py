"""The ``explain_text`` / ``explain_image`` / ``explain_tabular`` entry points: one lime-style explainer,
one explanation, returned as its live view (with progress shown in the notebook while it runs)."""
from __future__ import annotations

import inspect

__all__ = ["explain_live", "split_options"]


def split_options(options: dict, *callables) -> list[dict]:
    """Split keyword options between functions by their signatures; unknown names are an error."""
    out = [dict() for _ in callables]
    for key, value in options.items():
        for i, fn in enumerate(callables):
            if key in inspect.signature(fn).parameters:
                out[i][key] = value
                break
        else:
            known = sorted({p for fn in callables for p in inspect.signature(fn).parameters if p != "self"})
            raise TypeError(f"unknown option {key!r}; known options: {', '.join(known)}")
    return out


def explain_live(explainer_class, instance, model, options: dict, explainer_args: tuple = ()):
    """Explain ``instance`` for ``model`` with ``explainer_class(*explainer_args, **ctor options)`` and return
    the live view of the explanation. ``options`` are split between the explainer's constructor and its
    ``explain_instance`` by name; ``progress`` works as in the engine, and inside a Jupyter kernel its
    default shows our progress view."""
    from .widgets.progress import live_view

    ctor, call = split_options(options, explainer_class.__init__, explainer_class.explain_instance)
    progress = call.pop("progress", None)

    def compute(report):
        return explainer_class(*explainer_args, **ctor).explain_instance(instance, model, progress=report, **call)

    return live_view(compute, progress)
