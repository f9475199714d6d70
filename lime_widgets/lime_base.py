"""lime's ``lime.lime_base``: ``LimeBase.explain_instance_with_data`` fits the weighted local surrogate on
perturbed data you made yourself (for a domain lime_widgets has no explainer for), with the same
feature selection and Ridge surrogate as the explainers."""
from __future__ import annotations

import numpy as np

from .core.surrogate import fit_surrogates, resolve_feature_selection

__all__ = ["LimeBase"]


class LimeBase:
    """``kernel_fn`` turns distances into sample weights. ``random_state`` is accepted for lime's
    signature; the fit itself is deterministic."""

    def __init__(self, kernel_fn, verbose=False, random_state=None):
        if not callable(kernel_fn):
            raise TypeError("kernel_fn must be a function of the distances")
        self.kernel_fn = kernel_fn
        self.verbose = verbose
        self.random_state = random_state

    def explain_instance_with_data(self, neighborhood_data, neighborhood_labels, distances, label, num_features,
                                   feature_selection="auto", model_regressor=None):
        """(intercept, [(feature id, weight)] by decreasing |weight|, R^2 score, local prediction) for
        ``label`` (a column of ``neighborhood_labels``); row 0 of ``neighborhood_data`` is the instance."""
        Z = np.asarray(neighborhood_data, dtype=float)
        Y = np.asarray(neighborhood_labels, dtype=float)
        Y = Y[:, None] if Y.ndim == 1 else Y
        if Z.ndim != 2 or Y.shape[0] != Z.shape[0]:
            raise ValueError(f"neighborhood_data must be 2-D with one row per row of neighborhood_labels; got {Z.shape} and {Y.shape}")
        if not 0 <= int(label) < Y.shape[1]:
            raise ValueError(f"label {label} does not exist: neighborhood_labels has {Y.shape[1]} columns")
        resolve_feature_selection(feature_selection, int(num_features))
        weights = np.asarray(self.kernel_fn(np.asarray(distances, dtype=float)), dtype=float)
        fit = fit_surrogates(Z, Y, weights, [int(label)], int(num_features), feature_selection=feature_selection,
                             model_regressor=model_regressor)[int(label)]
        if self.verbose:
            print("Intercept", fit.intercept)
            print("Prediction_local", [fit.local_pred])
            print("Right:", Y[0, int(label)])
        return fit.intercept, fit.local_exp(), fit.score, fit.local_pred
