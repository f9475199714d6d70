"""Image explanations: closed forms, agreement with lime, bad input, memory, and the view's state."""
import io
import tracemalloc

import numpy as np
import pytest
from skimage import data
from skimage.segmentation import slic
from sklearn.linear_model import LinearRegression

import lime_widgets as lw
from lime_widgets import LimeImageExplainer, SegmentationAlgorithm
from lime_widgets.image import ImageDomain


@pytest.fixture(scope="module")
def small_image():
    return data.astronaut()[::8, ::8].astype(float)  # 64 x 64 x 3


def seg_fn(image):
    return slic(image.astype(float) / 255.0, n_segments=30, compactness=10, start_label=0)


def linear_in_pixels(lam):
    return lambda batch: np.tensordot(np.asarray(batch, dtype=float), lam, axes=([1, 2, 3], [0, 1, 2]))


@pytest.mark.parametrize("hide_color", [None, (10.0, 200.0, 30.0)])
def test_closed_form_linear_in_pixels(small_image, hide_color):
    """Garreau & Mardaoui: weight_j -> sum_{u in j} lambda_u (x_u - xbar_u), xbar the hidden image."""
    lam = np.random.default_rng(0).normal(size=small_image.shape) * 1e-2
    explainer = LimeImageExplainer(mode="regression", feature_selection="none", random_state=0)
    errors = []
    for n in (100, 1000, 5000):
        exp = explainer.explain_instance(small_image, linear_in_pixels(lam), hide_color=hide_color, num_samples=n, segmentation_fn=seg_fn)
        dom = exp.domain
        contrib = lam * (dom.image - dom.fudged)
        expected = np.array([contrib[dom.segments == j].sum() for j in range(dom.num_features)])
        errors.append(np.abs(exp.weights(1) - expected).max() / np.abs(expected).max())
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 0.01


def test_exact_recovery_linear_in_mask(small_image):
    dom = ImageDomain(small_image, seg_fn(small_image))
    lam = np.random.default_rng(1).normal(size=dom.num_features) * 0.02

    def model(batch):
        batch = np.asarray(batch)
        visible = np.stack(
            [np.all(batch[:, dom.segments == j] == dom.image[dom.segments == j], axis=(1, 2)) for j in range(dom.num_features)], axis=1
        )
        p = 0.5 + visible @ lam - lam.sum() / 2
        return np.column_stack([1 - p, p])

    exp = LimeImageExplainer(feature_selection="none", random_state=0).explain_instance(
        small_image, model, labels=(1,), top_labels=None, num_samples=500, segmentation_fn=seg_fn, model_regressor=LinearRegression()
    )
    assert np.allclose(exp.weights(1), lam, atol=1e-10)
    assert exp.score[1] == pytest.approx(1.0)
    cf = exp.counterfactual([0, 2])
    assert cf.model[1] == pytest.approx(cf.surrogate[1], abs=1e-10)


def smooth_classifier(batch):
    b = np.asarray(batch, dtype=float) / 255.0
    h, w = b.shape[1:3]
    yy, xx = np.mgrid[0:h, 0:w]
    focus = np.exp(-((yy - h / 3) ** 2 + (xx - w / 2) ** 2) / (2 * (h / 5) ** 2))
    s = (b[..., 0] * focus).sum(axis=(1, 2)) / focus.sum() - (b[..., 2]).mean(axis=(1, 2))
    p = 1 / (1 + np.exp(-8 * (s - 0.1)))
    return np.column_stack([1 - p, p])


def test_agreement_with_lime(small_image):
    from lime.lime_image import LimeImageExplainer as Reference

    img = small_image.astype(np.uint8)
    ref = Reference(random_state=0).explain_instance(
        img, smooth_classifier, labels=(1,), top_labels=None, num_samples=4000, segmentation_fn=seg_fn, batch_size=100
    )
    ours = LimeImageExplainer(random_state=0).explain_instance(
        img, smooth_classifier, labels=(1,), top_labels=None, num_samples=4000, segmentation_fn=seg_fn, batch_size=100
    )
    d = ours.num_features_total
    a = np.zeros(d)
    for f, w in ref.local_exp[1]:
        a[f] = w
    b = ours.weights(1)
    assert np.corrcoef(a, b)[0, 1] >= 0.99
    def top(exp):
        return {f for f, _ in exp.local_exp[1][:5]}
    assert top(ref) == top(ours)


def test_get_image_and_mask_matches_lime(small_image):
    from lime.lime_image import ImageExplanation as RefExplanation

    exp = LimeImageExplainer(random_state=0).explain_instance(
        small_image.astype(np.uint8), smooth_classifier, top_labels=2, num_samples=300, segmentation_fn=seg_fn
    )
    ref = RefExplanation(exp.image, exp.segments)
    ref.local_exp = exp.local_exp
    for kwargs in [{}, {"positive_only": False}, {"positive_only": False, "negative_only": True}, {"hide_rest": True, "num_features": 3},
            {"positive_only": False, "min_weight": 0.01}]:
        for label in exp.top_labels:
            got = exp.get_image_and_mask(label, **kwargs)
            want = ref.get_image_and_mask(label, **kwargs)
            assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    with pytest.raises(ValueError):
        exp.get_image_and_mask(exp.top_labels[0], positive_only=True, negative_only=True)


def test_defaults_match_lime(small_image):
    seen = []

    def model(batch):
        seen.append(np.asarray(batch).shape)
        return smooth_classifier(batch)

    exp = LimeImageExplainer(random_state=0).explain_instance(small_image.astype(np.uint8), model, num_samples=50)
    assert exp.top_labels == [int(np.argmax(exp.predict_proba)), 1 - int(np.argmax(exp.predict_proba))]  # top_labels=5 of 2 classes
    assert max(s[0] for s in seen) <= 10 and all(s[1:] == (64, 64, 3) for s in seen)  # batch_size=10
    # the default segmentation is lime's quickshift(kernel_size=4, max_dist=200, ratio=0.2)
    from skimage.segmentation import quickshift

    ref = quickshift(small_image.astype(np.uint8), kernel_size=4, max_dist=200, ratio=0.2, rng=exp.seed % 1000)
    assert len(np.unique(ref)) == exp.num_features_total
    Z = exp.neighborhood["Z"]
    delta = 1 - np.sqrt(Z.sum(1) / Z.shape[1])
    assert np.allclose(exp.neighborhood["weights"], np.exp(-8 * delta**2))
    assert abs(Z[1:].mean() - 0.5) < 0.1


def test_counterfactual_and_hide_color(small_image):
    img = small_image.astype(np.uint8)
    exp = LimeImageExplainer(random_state=0).explain_instance(img, smooth_classifier, num_samples=100, segmentation_fn=seg_fn, hide_color=(1, 2, 3))
    cf = exp.counterfactual([4, 7])
    hidden = np.isin(exp.segments, [4, 7])
    assert np.all(cf.input[hidden] == (1, 2, 3)) and np.array_equal(cf.input[~hidden], img[~hidden])
    assert np.allclose(cf.model, smooth_classifier(cf.input[None])[0])
    exp = LimeImageExplainer(random_state=0).explain_instance(img, smooth_classifier, num_samples=100, segmentation_fn=seg_fn)
    cf = exp.counterfactual([4])
    sel = exp.segments == 4
    assert np.all(cf.input[sel] == img[sel].mean(axis=0).astype(np.uint8))  # its own mean colour (truncated, as lime)


def test_grayscale_input():
    gray = data.camera()[::8, ::8]
    shapes = []

    def model(batch):
        shapes.append(np.asarray(batch).shape)
        m = np.asarray(batch, dtype=float).mean(axis=(1, 2, 3)) / 255
        return np.column_stack([1 - m, m])

    exp = LimeImageExplainer(random_state=0).explain_instance(gray, model, num_samples=30)
    assert exp.image.shape == (64, 64, 3) and shapes[0][1:] == (64, 64, 3)


def test_bad_inputs(small_image):
    with pytest.raises(ValueError, match="single superpixel"):
        LimeImageExplainer().explain_instance(small_image, smooth_classifier, segmentation_fn=lambda im: np.zeros(im.shape[:2], int))
    with pytest.raises(ValueError, match="4x4 pixels"):
        LimeImageExplainer().explain_instance(np.zeros((4, 4, 3)), smooth_classifier)
    nan = small_image.copy()
    nan[3, 5, 1] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite values in 1 pixels"):
        LimeImageExplainer().explain_instance(nan, smooth_classifier)
    with pytest.raises(ValueError, match=r"label map has shape \(10, 10\)"):
        LimeImageExplainer().explain_instance(small_image, smooth_classifier, segmentation_fn=lambda im: np.zeros((10, 10), int))
    with pytest.raises(ValueError, match="must be \\(h, w\\)"):
        LimeImageExplainer().explain_instance(np.zeros((8, 8, 4)), smooth_classifier)
    with pytest.raises(TypeError, match="takes no parameter"):
        SegmentationAlgorithm("slic", kernel_size=4)
    with pytest.raises(ValueError, match="algo_type"):
        SegmentationAlgorithm("watershed")


@pytest.mark.parametrize("name, params", [("quickshift", dict(kernel_size=4, max_dist=200, ratio=0.2, random_seed=1)), ("slic",
        dict(n_segments=20, start_label=0)), ("felzenszwalb", dict(scale=100))])
def test_segmentation_algorithms(small_image, name, params):
    seg = SegmentationAlgorithm(name, **params)(small_image.astype(np.uint8))
    assert seg.shape == (64, 64) and len(np.unique(seg)) > 2


def test_memory_bounded_by_batch_not_samples(small_image):
    """Peak memory of an explanation does not grow with num_samples (images are built per batch)."""
    img = np.repeat(np.repeat(small_image, 2, 0), 2, 1)  # 128 x 128: one float image is 393 KB
    seg = seg_fn(img)
    peaks = []
    for n in (200, 2000):
        tracemalloc.start()
        LimeImageExplainer(random_state=0).explain_instance(img, smooth_classifier, num_samples=n, segmentation_fn=lambda im: seg, batch_size=10)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 1.5 * peaks[0], peaks  # 2000 unbatched images would be 786 MB


def test_image_view_state(small_image):
    from PIL import Image

    img = small_image.astype(np.uint8)
    v = lw.explain_image(smooth_classifier, img, num_samples=200, segmentation_fn=seg_fn, random_state=0, class_names=["cold", "warm"])
    exp = v.explanation
    assert v.kind == "image" and v.labels == exp.top_labels
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(v.image_png)).convert("RGB")), img)
    seg = np.frombuffer(v.segments, dtype="<" + {"uint8": "u1", "uint16": "u2", "int32": "i4"}[v.segments_dtype]).reshape(v.segments_shape)
    assert np.array_equal(seg, exp.segments)
    assert len(v.hide_colors) == exp.num_features_total == len(v.feature_names)
    j = 3
    assert v.hide_colors[j] == [int(c) for c in exp.domain.fudged[exp.segments == j][0]]
    v.set_state({"off": [1, j]})
    assert v.wait(10)
    assert v.counterfactual["off"] == [1, j]
    assert np.allclose(v.counterfactual["proba"], smooth_classifier(exp.counterfactual([1, j]).input[None])[0])
    state = v.view_state()
    assert isinstance(state["image_png"], str) and isinstance(state["segments"], str)  # base64 in saved pages
    bundle = v._repr_mimebundle_()[0]
    assert 'src="data:image/png;base64,' in bundle["text/html"]
