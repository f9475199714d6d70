"""Models exactly linear in the interpretable features, for text, image and tabular (the trust tests).

Each builder returns the explainer-ready pieces and a model f = c + sum_j lam_j z_j (+ noise), where
z_j is 1 when feature j is as in the instance: a word present, a superpixel intact, a value in the
instance's bin.
"""
import numpy as np

from lime_widgets import LimeImageExplainer, LimeTabularExplainer, LimeTextExplainer

WORDS = [f"w{j}" for j in range(20)]
DOC = " ".join(WORDS)


def word_mask(texts, words=WORDS):
    index = {w: j for j, w in enumerate(words)}
    M = np.zeros((len(texts), len(words)), dtype=bool)
    for i, t in enumerate(texts):
        for w in t.split():
            M[i, index[w]] = True
    return M


def text_model(lam, c=0.0, classification=False, words=WORDS):
    lam = np.asarray(lam, dtype=float)

    def f(texts):
        p = c + word_mask(texts, words) @ lam
        return np.column_stack([1 - p, p]) if classification else p

    return f


def grid_image(side=32, cells=4, seed=0):
    rng = np.random.default_rng(seed)
    image = rng.integers(30, 226, size=(side, side, 3)).astype(np.uint8)
    step = side // cells
    rows, cols = np.indices((side, side)) // step
    segments = rows * cells + cols
    return image, segments


def image_model(lam, image, segments, c=0.0, classification=False):
    lam = np.asarray(lam, dtype=float)
    d = int(segments.max()) + 1

    def f(batch):
        batch = np.asarray(batch)
        visible = np.stack([np.all(batch[:, segments == j] == image[segments == j], axis=(1, 2)) for j in range(d)], axis=1)
        p = c + visible @ lam
        return np.column_stack([1 - p, p]) if classification else p

    return f


def image_explain(lam, c=0.0, classification=False, **options):
    image, segments = grid_image()
    model = image_model(lam, image, segments, c, classification)
    mode = "classification" if classification else "regression"
    explainer = LimeImageExplainer(mode=mode, feature_selection=options.pop("feature_selection", "none"), random_state=options.pop("random_state", 0))
    defaults = dict(labels=(1,), top_labels=None, num_samples=1000, segmentation_fn=lambda im: segments, hide_color=0)
    return explainer.explain_instance(image, model, **{**defaults, **options})


def tabular_setup(d=5, seed=0):
    X = np.random.default_rng(seed).normal(size=(400, d))
    return X, X[7]


def tabular_model(explainer, row, lam, c=0.0, classification=False):
    lam = np.asarray(lam, dtype=float)
    bins = explainer.bins
    home = [int(bins[j].index(row[j])) for j in range(len(lam))]

    def f(rows):
        rows = np.asarray(rows, dtype=float)
        same = np.column_stack([bins[j].index(rows[:, j]) == home[j] for j in range(len(lam))])
        p = c + same @ lam
        return np.column_stack([1 - p, p]) if classification else p

    return f


def tabular_explain(lam, c=0.0, classification=False, **options):
    X, row = tabular_setup(len(lam))
    mode = "classification" if classification else "regression"
    selection, seed = options.pop("feature_selection", "none"), options.pop("random_state", 0)
    explainer = LimeTabularExplainer(X, mode=mode, feature_selection=selection, random_state=seed)
    model = tabular_model(explainer, row, lam, c, classification)
    return explainer.explain_instance(row, model, **{"num_features": len(lam), "num_samples": 2000, **options})


def text_explain(lam, c=0.0, classification=False, **options):
    mode = "classification" if classification else "regression"
    explainer = LimeTextExplainer(mode=mode, feature_selection=options.pop("feature_selection", "none"), random_state=options.pop("random_state", 0))
    return explainer.explain_instance(DOC, text_model(lam, c, classification), **{"num_features": len(lam), "num_samples": 1000, **options})
