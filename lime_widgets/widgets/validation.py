"""Validation at the edge: every value written to a trait the front end may write is checked here first.

``check_changes(view, changes)`` returns the canonical value of every changed trait or raises
:class:`Rejected` naming the first problem; nothing is applied by it. The views call it for a front-end
message before any observer runs (all of the message or nothing), and from traitlets validators for
assignments made in Python, so both paths obey the same rules. Every check is linear in the size of the
value, and a list longer than the view could ever hold is refused before it is read.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

__all__ = ["Rejected", "check_changes"]


class Rejected(ValueError):
    """A write that breaks the view's schema; its message says what was wrong, in a line."""


def _int(name, value) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise Rejected(f"{name} must be an integer, not {_show(value)}")
    return int(value)


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _label(view, value, new):
    label = _int("label", value)
    labels = new.get("labels", view.labels)
    if label not in labels:
        raise Rejected(f"label {label} was not explained; explained labels: {list(labels)}")
    return label


def _off(view, value, new):
    try:
        return list(view.explanation.domain.check_off(value))
    except ValueError as exc:
        raise Rejected(f"off: {exc}") from None


def _edits(view, value, new):
    domain = view.explanation.domain
    if not isinstance(value, Mapping):
        raise Rejected(f"edits must be a dict {{feature: value}}, not {_show(value)}")
    try:
        checked = domain.check_edits(value)
    except ValueError as exc:
        raise Rejected(f"edits: {exc}") from None
    return {str(j): v for j, v in sorted(checked.items())}


def _boolean(name):
    def check(view, value, new):
        if not isinstance(value, (bool, np.bool_)):
            raise Rejected(f"{name} must be true or false, not {_show(value)}")
        return bool(value)

    return check


def _opacity(view, value, new):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise Rejected(f"overlay_opacity must be a number, not {_show(value)}")
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise Rejected(f"overlay_opacity must be between 0 and 1, not {_show(value)}")
    return float(value)


def _top_k(view, value, new):
    k = _int("top_k", value)
    d = len(view.feature_names)
    if not 1 <= k <= max(1, d):
        raise Rejected(f"top_k must be between 1 and {d}, not {k}")
    return k


def _opened(view, value, new):
    position = _int("opened", value)
    if not -1 <= position < len(view.items):
        raise Rejected(f"opened must be -1 or a card position 0..{len(view.items) - 1}, not {position}")
    return position


MAX_STABILITY_SEEDS = 50


def _stability_seeds(view, value, new):
    seeds = _int("stability_seeds", value)
    if seeds != 0 and not 2 <= seeds <= MAX_STABILITY_SEEDS:
        raise Rejected(f"stability_seeds must be 0 (none) or a number of seeds 2..{MAX_STABILITY_SEEDS}, not {seeds}")
    return seeds


def _curves_label(view, value, new):
    label = _int("curves_label", value)
    labels = view._explained_keys() if hasattr(view, "_explained_keys") else new.get("labels", view.labels)
    if label != -1 and label not in labels:
        raise Rejected(f"curves_label must be -1 (none) or an explained label {list(labels)}, not {label}")
    return label


CHECKS = {
    "label": _label,
    "off": _off,
    "edits": _edits,
    "show_boundaries": _boolean("show_boundaries"),
    "overlay_opacity": _opacity,
    "top_k": _top_k,
    "opened": _opened,
    "stability_seeds": _stability_seeds,
    "curves_label": _curves_label,
}


def check_changes(view, changes: Mapping) -> dict:
    """The canonical values of ``changes`` {trait: value} for ``view``, checked one by one and then
    together (a feature is never both off and edited); raises :class:`Rejected`."""
    out = {}
    for name, value in changes.items():
        check = CHECKS.get(name)
        if check is None:
            raise Rejected(f"{name} is not a setting the view can change")
        out[name] = check(view, value, changes)
    if "off" in out or "edits" in out:
        off = out.get("off", getattr(view, "off", []))
        edits = out.get("edits", getattr(view, "edits", {}))
        both = sorted(set(off) & {int(k) for k in edits})
        if both:
            raise Rejected(f"features {both} are both switched off and edited; a feature is either off or edited")
    return out
