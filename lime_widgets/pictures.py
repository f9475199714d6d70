"""Images as the views send them: 8-bit RGB for display, PNG bytes, and the superpixel label map as
little-endian integers."""
from __future__ import annotations

import io

import numpy as np

__all__ = ["display_uint8", "png_bytes", "segments_payload"]


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


def segments_payload(segments: np.ndarray) -> tuple[bytes, str]:
    """The label map as bytes of the smallest little-endian integer type that holds it, and that type."""
    top = int(segments.max()) if segments.size else 0
    dtype = "uint8" if top < 256 else "uint16" if top < 65536 else "int32"
    return np.ascontiguousarray(segments, dtype=np.dtype(dtype).newbyteorder("<")).tobytes(), dtype
