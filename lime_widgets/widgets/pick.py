"""The SP-LIME gallery: the picked explanations as compact cards; opening one shows its live view."""
from __future__ import annotations

import base64
import pathlib

import ipywidgets
import numpy as np
import traitlets as t

from ..pictures import png_bytes
from .base import ValidatedWidget


def _kind(exp) -> str:
    return getattr(exp.domain, "kind", "other")


def _title(exp, index: int) -> str:
    kind = _kind(exp)
    if kind == "text":
        words = exp.domain.text.split()
        return " ".join(words[:14]) + (" …" if len(words) > 14 else "")
    return f"{'image' if kind == 'image' else 'row'} {index}"


def _thumbnail(exp, label) -> str | None:
    if _kind(exp) != "image":
        return None
    from .image import overlay_picture

    dom = exp.domain
    pic = overlay_picture(dom.image, dom.segments, exp.weights(label), (), np.asarray(dom.hide_colors), opacity=0.6)
    step = max(1, int(np.ceil(max(pic.shape[:2]) / 160)))
    return base64.b64encode(png_bytes(pic[::step, ::step])).decode("ascii")


def pick_items(pick) -> list[dict]:
    items = []
    for i in pick.V:
        exp = pick.explanations[i]
        index = int(pick.sample_indices[i])
        if exp.mode == "classification":
            label = (exp.top_labels or exp.explained_labels)[0]
            name, proba = exp.class_names[label], float(exp.predict_proba[label])
        else:
            label, name, proba = 1, "value", float(exp.predicted_value)
        items.append({
            "index": index,
            "kind": _kind(exp),
            "title": _title(exp, index),
            "label": str(name),
            "proba": proba,
            "score": float(exp.score[label]),
            "features": [[str(n), float(w)] for n, w in exp.as_list(label=label)[:5]],
            "thumb_png": _thumbnail(exp, label),
        })
    return items


class PickGallery(ValidatedWidget):
    kind_name = "pick"
    kind = t.Unicode("pick").tag(sync=True)
    items = t.List(t.Dict()).tag(sync=True)
    coverage = t.List(t.Float()).tag(sync=True)
    total_importance = t.Float(0.0).tag(sync=True)
    num_explained = t.Int(0).tag(sync=True)
    opened = t.Int(-1).tag(sync=True)

    @t.validate("opened")
    def _validate_write(self, proposal):
        return self._validated(proposal)


class PickView(ipywidgets.VBox):
    """The gallery above a slot where the live view of the opened explanation appears."""

    def __init__(self, pick, **kwargs):
        self.pick = pick
        self.gallery = PickGallery(
            items=pick_items(pick),
            coverage=[float(c) for c in pick.coverage],
            total_importance=float(pick.total_importance),
            num_explained=len(pick.explanations),
        )
        self.slot = ipywidgets.Box()
        self._views: dict[int, object] = {}
        super().__init__([self.gallery, self.slot], **kwargs)
        self.gallery.observe(self._on_open, names="opened")

    def view_of(self, position: int):
        """The live view of the picked explanation at ``position`` (made once, then reused)."""
        if position not in self._views:
            self._views[position] = self.pick.sp_explanations[position].to_view()
        return self._views[position]

    def _on_open(self, change):
        pos = change["new"]
        if 0 <= pos < len(self.pick.sp_explanations):
            self.slot.children = [self.view_of(pos)]
        else:
            self.slot.children = []

    def open_item(self, position: int):
        self.gallery.opened = int(position)

    def save_html(self, path, title: str = "lime_widgets SP-LIME pick") -> pathlib.Path:
        """One offline page: the gallery, then every picked view (toggles show the estimate)."""
        from .export import standalone_html

        gallery = {n: getattr(self.gallery, n) for n in ("kind", "items", "coverage", "total_importance", "num_explained", "opened")}
        states = [gallery] + [self.view_of(i).view_state() for i in range(len(self.pick.sp_explanations))]
        ids = ["lw-pick-gallery"] + [f"lw-pick-view-{i}" for i in range(len(self.pick.sp_explanations))]
        path = pathlib.Path(path)
        path.write_text(standalone_html(states, title=title, ids=ids), encoding="utf-8")
        return path
