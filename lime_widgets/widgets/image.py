"""The live image view: the image with clickable superpixels and a heat overlay."""
from __future__ import annotations

import io

import numpy as np
import traitlets as t

from .base import ExplanationView


def display_uint8(image: np.ndarray) -> np.ndarray:
    """The image as 8-bit RGB for display: floats in [0, 1] are scaled, everything is clipped."""
    img = np.asarray(image)
    if img.dtype == np.uint8:
        return img
    img = img.astype(float)
    if np.issubdtype(np.asarray(image).dtype, np.floating) and img.size and img.max() <= 1.0 and img.min() >= 0.0:
        img = img * 255.0
    elif np.asarray(image).dtype == np.uint16:
        img = img / 257.0
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def png_bytes(image: np.ndarray) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(display_uint8(image), mode="RGB").save(buf, format="PNG", optimize=False, compress_level=6)
    return buf.getvalue()


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


def segments_payload(segments: np.ndarray) -> tuple[bytes, str]:
    top = int(segments.max()) if segments.size else 0
    dtype = "uint8" if top < 256 else "uint16" if top < 65536 else "int32"
    return np.ascontiguousarray(segments, dtype=np.dtype(dtype).newbyteorder("<")).tobytes(), dtype


class ImageView(ExplanationView):
    """Superpixels you can switch off, a heat overlay, and the model's answer beside the surrogate's."""

    _kind = "image"
    image_png = t.Bytes(b"").tag(sync=True)
    segments = t.Bytes(b"").tag(sync=True)
    segments_dtype = t.Unicode("uint8").tag(sync=True)
    segments_shape = t.List(t.Int()).tag(sync=True)
    hide_colors = t.List(t.List(t.Int())).tag(sync=True)
    show_boundaries = t.Bool(True).tag(sync=True)
    overlay_opacity = t.Float(0.45, min=0.0, max=1.0).tag(sync=True)
    top_k = t.Int(5, min=1).tag(sync=True)

    def _domain_state(self, exp) -> dict:
        dom = exp.domain
        seg, dtype = segments_payload(dom.segments)
        colours = display_uint8(np.asarray(dom.hide_colors).reshape(-1, 1, 3)).reshape(-1, 3)
        return dict(
            image_png=png_bytes(dom.image),
            segments=seg,
            segments_dtype=dtype,
            segments_shape=list(dom.segments.shape),
            hide_colors=[[int(c) for c in rgb] for rgb in colours],
            top_k=min(5, dom.num_features),
            # lime's default num_features (100000) keeps every superpixel in the surrogate; the chart
            # shows the ten strongest
            num_features=min(int(exp.num_features), 10),
        )

    def _snapshot_picture(self) -> bytes:
        dom = self.explanation.domain
        weights = self.weights[str(self.label)]
        return png_bytes(overlay_picture(dom.image, dom.segments, weights, self.off, self.hide_colors, self.overlay_opacity))
