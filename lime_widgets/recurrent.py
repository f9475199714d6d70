"""lime's ``RecurrentTabularExplainer``: tabular LIME for models on sequences, input (n, timesteps, features)."""
from __future__ import annotations

import numpy as np

from .core.adapters import recognise
from .tabular import LimeTabularExplainer, TabularExplanation

__all__ = ["RecurrentTabularExplainer"]


class RecurrentTabularExplainer(LimeTabularExplainer):
    """Each (feature, timestep) is a column, named ``{feature}_t-{k}`` (k steps before the last), in
    lime's order (a feature's timesteps together); training data, rows and the model keep their
    (n, timesteps, features) shape: the explainer flattens them and hands the model 3-D batches.
    As in lime, ``categorical_features`` are indices of the flattened columns."""

    def __init__(self, training_data, mode="classification", training_labels=None, feature_names=None, categorical_features=None,
                 categorical_names=None, kernel_width=None, kernel=None, verbose=False, class_names=None, feature_selection="auto",
                 discretize_continuous=True, discretizer="quartile", random_state=None, **options):
        data = np.asarray(training_data)
        if data.ndim != 3:
            raise ValueError(f"training_data must be 3-D, (n_samples, n_timesteps, n_features); got shape {data.shape}")
        n, self.n_timesteps, self.n_features = data.shape
        if feature_names is None:
            feature_names = [str(j) for j in range(self.n_features)]
        if len(feature_names) != self.n_features:
            raise ValueError(f"feature_names has {len(feature_names)} names, but the training data has {self.n_features} features")
        names = [f"{name}_t-{self.n_timesteps - 1 - t}" for name in feature_names for t in range(self.n_timesteps)]
        super().__init__(
            self._flatten(data), mode=mode, training_labels=training_labels, feature_names=names,
            categorical_features=categorical_features, categorical_names=categorical_names, kernel_width=kernel_width, kernel=kernel,
            verbose=verbose, class_names=class_names, feature_selection=feature_selection, discretize_continuous=discretize_continuous,
            discretizer=discretizer, random_state=random_state, **options,
        )

    def _flatten(self, data: np.ndarray) -> np.ndarray:
        return np.transpose(data, (0, 2, 1)).reshape(len(data), self.n_timesteps * self.n_features)

    def _sequences(self, rows) -> np.ndarray:
        rows = np.asarray(rows)
        return np.transpose(rows.reshape(len(rows), self.n_features, self.n_timesteps), (0, 2, 1))

    def _model_on_sequences(self, model):
        recognised = recognise(model)
        if recognised is not None:
            call = recognised.fn
        elif self.mode == "classification" and hasattr(model, "predict_proba"):
            call = model.predict_proba
        elif not callable(model) and hasattr(model, "predict"):
            call = model.predict
        else:
            call = model

        def on_sequences(rows):
            return call(self._sequences(rows))

        on_sequences.__name__ = getattr(model, "__name__", type(model).__name__)
        return on_sequences

    def explain_instance(self, data_row, classifier_fn, labels=(1,), top_labels=None, num_features=10, num_samples=5000,
                         distance_metric="euclidean", model_regressor=None, **options) -> TabularExplanation:
        """Explain ``data_row`` (timesteps, features) for ``classifier_fn`` on (n, timesteps, features) batches."""
        row = np.asarray(data_row)
        if row.shape != (self.n_timesteps, self.n_features):
            raise ValueError(f"data_row must have shape ({self.n_timesteps}, {self.n_features}), (timesteps, features); got {row.shape}")
        return super().explain_instance(
            self._flatten(row[None])[0], self._model_on_sequences(classifier_fn), labels=labels, top_labels=top_labels,
            num_features=num_features, num_samples=num_samples, distance_metric=distance_metric, model_regressor=model_regressor, **options,
        )
