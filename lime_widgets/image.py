"""Images: superpixels as interpretable features, and the lime-compatible image explainer."""
from __future__ import annotations

import inspect

import numpy as np

from .core.domain import MaskDomain
from .core.engine import BaseExplainer
from .core.kernels import make_kernel_fn, mask_distances
from .core.sampling import bernoulli_masks, resolve_seed
from .explanation import Explanation

__all__ = ["ImageDomain", "ImageExplanation", "LimeImageExplainer", "SegmentationAlgorithm", "explain_image"]

MIN_SIDE = 8


class SegmentationAlgorithm:
    """A scikit-image segmentation with fixed parameters: ``SegmentationAlgorithm('quickshift',
    kernel_size=4, max_dist=200, ratio=0.2)``; also 'slic' and 'felzenszwalb'. Parameters the
    algorithm does not take are an error. ``random_seed`` is passed to quickshift as its ``rng``."""

    def __init__(self, algo_type: str, **target_params):
        from skimage import segmentation

        algos = {"quickshift": segmentation.quickshift, "slic": segmentation.slic, "felzenszwalb": segmentation.felzenszwalb}
        if algo_type not in algos:
            raise ValueError(f"algo_type must be one of {', '.join(algos)}; got {algo_type!r}")
        self.algo_type = algo_type
        self.target_fn = algos[algo_type]
        params = dict(target_params)
        if "random_seed" in params:
            seed = params.pop("random_seed")
            if "rng" in inspect.signature(self.target_fn).parameters:
                params["rng"] = seed
        accepted = inspect.signature(self.target_fn).parameters
        unknown = [k for k in params if k not in accepted]
        if unknown:
            raise TypeError(f"{algo_type} takes no parameter(s) {unknown}; it takes {[p for p in accepted if p != 'image']}")
        self.target_params = params

    def __call__(self, image: np.ndarray) -> np.ndarray:
        return self.target_fn(image, **self.target_params)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.target_params.items())
        return f"SegmentationAlgorithm({self.algo_type!r}, {args})"


def _as_rgb(image) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)  # lime's gray2rgb
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f"the image must be (h, w), (h, w, 1) or (h, w, 3); got shape {image.shape}")
    if not np.issubdtype(image.dtype, np.number) or image.dtype == bool:
        raise TypeError(f"the image must hold numbers, not {image.dtype}")
    if np.issubdtype(image.dtype, np.floating) and not np.all(np.isfinite(image)):
        bad = int(np.count_nonzero(~np.isfinite(image).all(axis=2)))
        raise ValueError(f"the image has NaN or infinite values in {bad} pixels")
    h, w = image.shape[:2]
    if min(h, w) < MIN_SIDE:
        raise ValueError(f"the image is {h}x{w} pixels; LIME needs at least {MIN_SIDE}x{MIN_SIDE} to make superpixels")
    return image


class ImageDomain(MaskDomain):
    """An image cut into superpixels; a mask hides the superpixels that are off.

    ``segments`` is relabelled to 0..d-1. ``fudged`` is the image every hidden pixel takes its value
    from: each superpixel's own mean colour (``hide_color=None``, lime's default) or a fixed colour.
    """

    kind = "image"
    chart_limit = 10  # lime's default num_features (100000) keeps every superpixel; the chart shows ten

    def __init__(self, image, segments, hide_color=None):
        self.image = _as_rgb(image)
        seg = np.asarray(segments)
        if seg.shape != self.image.shape[:2]:
            raise ValueError(
                f"the label map has shape {seg.shape} but the image is {self.image.shape[:2]}; "
                "the segmentation function must return one label per pixel"
            )
        if not np.issubdtype(seg.dtype, np.integer):
            if np.issubdtype(seg.dtype, np.floating) and np.all(np.isfinite(seg)) and np.all(seg == np.round(seg)):
                seg = seg.astype(np.int64)
            else:
                raise ValueError(f"the label map must hold integer labels, not {seg.dtype}")
        values, inverse = np.unique(seg, return_inverse=True)
        if len(values) < 2:
            raise ValueError(
                "the segmentation produced a single superpixel; LIME needs at least two. Use a finer segmentation "
                "(e.g. SegmentationAlgorithm('slic', n_segments=50)) or a more detailed image"
            )
        self.segments = inverse.reshape(seg.shape).astype(np.int32)
        self._num_features = len(values)
        self.feature_names = [f"superpixel {i}" for i in range(self.num_features)]
        flat = self.image.reshape(-1, 3)
        seg_flat = self.segments.ravel()
        counts = np.bincount(seg_flat, minlength=self.num_features)
        if hide_color is None:
            means = np.stack([np.bincount(seg_flat, weights=flat[:, c].astype(float), minlength=self.num_features) for c in range(3)], axis=1)
            means /= counts[:, None]
            colours = means
        else:
            colours = np.broadcast_to(np.asarray(hide_color, dtype=float), (self.num_features, 3))
        fudged = np.empty_like(self.image)
        # assign like lime does (into the image's dtype: integer images truncate the mean)
        fudged.reshape(-1, 3)[:] = colours[seg_flat]
        self.fudged = fudged
        self.hide_color = hide_color
        # whole pixels as single items (a void of the 3 channels), so hiding superpixels is one
        # contiguous fill and one masked copy per batch, for any dtype
        self.image = np.ascontiguousarray(self.image)
        self._pixel = np.dtype((np.void, 3 * self.image.dtype.itemsize))
        self._image_px = self.image.reshape(-1, 3).view(self._pixel).ravel()
        self._fudged_px = np.ascontiguousarray(fudged).reshape(-1, 3).view(self._pixel).ravel()
        self._segments_flat = seg_flat.astype(np.intp)
        _, first_pixel = np.unique(seg_flat, return_index=True)
        self.hide_colors = fudged.reshape(-1, 3)[first_pixel]  # what a hidden superpixel shows

    @property
    def num_features(self) -> int:
        return self._num_features

    def realize(self, masks: np.ndarray) -> np.ndarray:
        """The batch of images with the superpixels that are off hidden (vectorised over the batch)."""
        masks = np.asarray(masks, dtype=bool)
        keep = np.take(masks, self._segments_flat, axis=1)  # (b, pixels), C-ordered
        out = np.empty(keep.shape, self._pixel)
        out[...] = self._image_px
        np.copyto(out, self._fudged_px, where=~keep)
        return out.view(self.image.dtype).reshape((len(masks),) + self.image.shape)

    def sample_masks(self, rng, num_samples):
        return bernoulli_masks(rng, num_samples, self.num_features)

    def distances(self, masks, metric="cosine"):
        return mask_distances(masks, metric)

    def map_exp_ids(self, exp, **kwargs):
        return list(exp)

    def view_state(self) -> dict:
        from .pictures import display_uint8, png_bytes, segments_payload

        seg, dtype = segments_payload(self.segments)
        colours = display_uint8(np.asarray(self.hide_colors).reshape(-1, 1, 3)).reshape(-1, 3)
        return {
            "image_png": png_bytes(self.image),
            "segments": seg,
            "segments_dtype": dtype,
            "segments_shape": list(self.segments.shape),
            "hide_colors": [[int(c) for c in rgb] for rgb in colours],
            "top_k": min(5, self.num_features),
        }


class ImageExplanation(Explanation):
    """An Explanation over superpixels, with lime's ``image``, ``segments`` and ``get_image_and_mask``."""

    @property
    def image(self) -> np.ndarray:
        return self.domain.image

    @property
    def segments(self) -> np.ndarray:
        return self.domain.segments

    def get_image_and_mask(self, label, positive_only=True, negative_only=False, hide_rest=False, num_features=5, min_weight=0.0):
        """lime's picture of the explanation: (image, mask) with the top superpixels of ``label``."""
        if label not in self.local_exp:
            raise KeyError(f"label {label} is not in the explanation; explained: {sorted(self.local_exp)}")
        if positive_only and negative_only:
            raise ValueError("positive_only and negative_only cannot be true at the same time")
        segments, image = self.segments, self.image
        exp = self.local_exp[label]
        mask = np.zeros(segments.shape, segments.dtype)
        temp = np.zeros(image.shape) if hide_rest else image.copy()
        if positive_only or negative_only:
            if positive_only:
                fs = [f for f, w in exp if w > 0 and w > min_weight][:num_features]
            else:
                fs = [f for f, w in exp if w < 0 and abs(w) > min_weight][:num_features]
            for f in fs:
                temp[segments == f] = image[segments == f]
                mask[segments == f] = 1
            return temp, mask
        for f, w in exp[:num_features]:
            if abs(w) < min_weight:
                continue
            c = 0 if w < 0 else 1
            mask[segments == f] = -1 if w < 0 else 1
            temp[segments == f] = image[segments == f]
            temp[segments == f, c] = np.max(image)
        return temp, mask


class LimeImageExplainer(BaseExplainer):
    """Explains image classifiers with LIME over superpixels; lime 0.2.0.1's arguments and defaults.

    Beyond lime: ``mode='regression'``; seeds make every call reproducible; perturbed images are built
    per batch by one vectorised select, so memory is bounded by ``batch_size``, not ``num_samples``.
    """

    explanation_class = ImageExplanation

    def __init__(self, kernel_width=0.25, kernel=None, verbose=False, feature_selection="auto", random_state=None, mode="classification"):
        self.kernel_width = kernel_width
        self.kernel_fn = make_kernel_fn(kernel, kernel_width)
        self.verbose = verbose
        self.feature_selection = feature_selection
        self.random_state = random_state
        if mode not in ("classification", "regression"):
            raise ValueError(f"mode must be 'classification' or 'regression', got {mode!r}")
        self.mode = mode

    def explain_instance(
        self,
        image,
        classifier_fn,
        labels=(1,),
        hide_color=None,
        top_labels=5,
        num_features=100000,
        num_samples=1000,
        batch_size=10,
        segmentation_fn=None,
        distance_metric="cosine",
        model_regressor=None,
        random_seed=None,
        progress=None,
        *,
        random_state=None,
        class_names=None,
    ) -> ImageExplanation:
        """Explain ``image`` for ``classifier_fn`` (a callable on a batch of images (n, h, w, 3))."""
        seed = resolve_seed(self.random_state if random_state is None else random_state)
        rgb = _as_rgb(image)
        if segmentation_fn is None:
            segmentation_fn = SegmentationAlgorithm(
                "quickshift", kernel_size=4, max_dist=200, ratio=0.2, random_seed=seed % 1000 if random_seed is None else random_seed
            )
        elif not callable(segmentation_fn):
            raise TypeError("segmentation_fn must be a function image -> label map")
        domain = ImageDomain(rgb, segmentation_fn(rgb), hide_color=hide_color)
        return self._explain(
            domain,
            classifier_fn,
            labels=labels,
            top_labels=top_labels,
            num_features=num_features,
            num_samples=num_samples,
            distance_metric=distance_metric,
            model_regressor=model_regressor,
            random_state=seed,
            class_names=class_names,
            batch_size=batch_size,
            progress=progress,
        )


def explain_image(model, image, **options):
    """Explain ``image`` for ``model`` and return the live view (a widget).

    ``options`` are the keywords of ``LimeImageExplainer`` and its ``explain_instance``
    (class_names, top_labels, num_samples, hide_color, segmentation_fn, random_state, ...).
    """
    from .live import explain_live

    return explain_live(LimeImageExplainer, image, model, options)
