"""The live image view: the image with clickable superpixels and a heat overlay."""
from __future__ import annotations

import numpy as np
import traitlets as t

from ..pictures import display_uint8, png_bytes
from .base import ExplanationView
from .registry import register


def overlay_picture(image, segments, weights, off, hide_colors, opacity=0.45) -> np.ndarray:
    """The image with hidden superpixels painted and each superpixel tinted by its weight (numpy)."""
    from .snapshot import NEG, POS

    img = display_uint8(image).astype(float)
    w = np.asarray(weights, dtype=float)
    scale = np.abs(w).max() if w.size else 0.0
    hidden = np.zeros(len(w), dtype=bool)
    hidden[list(off)] = True
    img = np.where(hidden[segments][..., None], np.asarray(hide_colors, dtype=float)[segments], img)
    if scale > 0:
        ratio = np.abs(w) / scale
        alpha = np.where(w != 0, (0.25 + 0.75 * ratio) * opacity, 0.0)  # as the live view (js/src/pixels.js)
        colour = np.where((w > 0)[:, None], np.asarray(POS, float), np.asarray(NEG, float))
        a = alpha[segments][..., None]
        img = img * (1 - a) + colour[segments] * a
    edge = np.zeros(segments.shape, dtype=bool)
    edge[:, 1:] |= segments[:, 1:] != segments[:, :-1]
    edge[1:, :] |= segments[1:, :] != segments[:-1, :]
    img[edge] = img[edge] * 0.4 + np.array([255.0, 255.0, 0.0]) * 0.6  # 60% yellow, as the live view
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


@register
class ImageView(ExplanationView):
    """Superpixels you can switch off, a heat overlay, and the model's answer beside the surrogate's."""

    kind_name = "image"
    image_png = t.Bytes(b"").tag(sync=True)
    segments = t.Bytes(b"").tag(sync=True)
    segments_dtype = t.Unicode("uint8").tag(sync=True)
    segments_shape = t.List(t.Int()).tag(sync=True)
    hide_colors = t.List(t.List(t.Int())).tag(sync=True)
    show_boundaries = t.Bool(True).tag(sync=True)
    overlay_opacity = t.Float(0.6).tag(sync=True)  # strong enough to read over a photo
    top_k = t.Int(5).tag(sync=True)

    def _snapshot_picture(self) -> bytes:
        dom = self.explanation.domain
        weights = self.weights[str(self.label)]
        return png_bytes(overlay_picture(dom.image, dom.segments, weights, self.off, self.hide_colors, self.overlay_opacity))
