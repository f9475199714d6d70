"""Explanation: what the engine learned about one instance, with lime's accessors."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .evaluator import Evaluator
from .surrogate import SurrogateFit

__all__ = ["Counterfactual", "Explanation"]


@dataclass(frozen=True)
class Counterfactual:
    """The instance with the features ``off`` switched off, as the model and the surrogate see it.

    ``edits`` are the what-if values applied ({feature id: value}; tabular rows only); ``input`` is the
    model input built by the same path the sampler uses; ``model`` the model's
    output on it (1-D over classes, or a float in regression mode); ``surrogate`` maps each
    explained label to the surrogate's estimate (intercept + the weights of the features still on).
    """

    off: tuple[int, ...]
    edits: dict = field(repr=False)
    mask: np.ndarray = field(repr=False)
    input: Any = field(repr=False)
    model: Any
    surrogate: dict


class Explanation:
    """A LIME explanation of one instance (lime-compatible accessors, plus what the view needs)."""

    def __init__(
        self,
        *,
        domain,
        mode: str,
        class_names: list[str],
        fits: dict[int, SurrogateFit],
        model_output: np.ndarray,
        top_labels: list[int] | None,
        labels: list[int],
        seed: int,
        num_samples: int,
        num_features: int,
        kernel_width: float,
        feature_selection: str,
        evaluator: Evaluator,
        neighborhood: dict | None = None,
    ):
        self.domain = domain
        self.mode = mode
        self.class_names = class_names
        self.seed = seed
        self.num_samples = num_samples
        self.num_features = num_features
        self.kernel_width = kernel_width
        self.feature_selection = feature_selection
        self.top_labels = top_labels
        self.labels = list(labels)
        self.evaluator = evaluator
        self.neighborhood = neighborhood or {}
        self._fits = fits
        self.local_exp: dict[int, list[tuple[int, float]]] = {}
        self.intercept: dict[int, float] = {}
        self.score: dict[int, float] = {}
        self.local_pred: dict[int, float] = {}
        if mode == "classification":
            self.predict_proba = np.asarray(model_output, dtype=float)
            for label, fit in fits.items():
                self._store(label, fit)
        else:
            # lime's convention: label 1 carries the explanation of the value, label 0 its negation
            self.predict_proba = None
            values = self.neighborhood.get("Y")
            self.predicted_value = float(model_output[0])
            self.min_value = float(np.min(values)) if values is not None else self.predicted_value
            self.max_value = float(np.max(values)) if values is not None else self.predicted_value
            fit = fits[0]
            self._fits = {1: fit}
            self._store(1, fit)
            self.local_exp[0] = [(f, -w) for f, w in self.local_exp[1]]

    def _store(self, label: int, fit: SurrogateFit):
        self.local_exp[label] = fit.local_exp()
        self.intercept[label] = fit.intercept
        self.score[label] = fit.score
        self.local_pred[label] = fit.local_pred

    # ---- lime's accessors -------------------------------------------------------------
    def available_labels(self) -> list[int]:
        if self.mode != "classification":
            raise NotImplementedError("Not supported for regression explanations.")
        return list(self.top_labels) if self.top_labels else list(self.local_exp.keys())

    def as_map(self) -> dict[int, list[tuple[int, float]]]:
        return self.local_exp

    def _check_label(self, label: int) -> int:
        label = 1 if self.mode == "regression" else int(label)
        if label not in self.local_exp:
            raise KeyError(
                f"label {label} was not explained; explained labels: {sorted(self._fits)}. "
                "Pass labels=(...) or top_labels=... to explain_instance"
            )
        return label

    def as_list(self, label: int = 1, **kwargs) -> list[tuple[str, float]]:
        """[(feature name, weight)] for ``label``, largest |weight| first (lime's as_list)."""
        label = self._check_label(label)
        return self.domain.map_exp_ids(self.local_exp[label], **kwargs)

    def as_pyplot_figure(self, label: int = 1, figsize=(4, 4), **kwargs):
        import matplotlib.pyplot as plt

        label = self._check_label(label)
        exp = self.as_list(label=label, **kwargs)
        fig = plt.figure(figsize=figsize)
        vals = [w for _, w in exp][::-1]
        names = [n for n, _ in exp][::-1]
        pos = np.arange(len(exp)) + 0.5
        ax = fig.gca()
        ax.barh(pos, vals, align="center", color=["#2b7bba" if v > 0 else "#d6604d" for v in vals])
        ax.set_yticks(pos, names)
        ax.axvline(0, color="0.5", lw=0.8)
        if self.mode == "classification":
            ax.set_title(f"Local explanation for class {self.class_names[label]}")
        else:
            ax.set_title("Local explanation")
        fig.tight_layout()
        return fig

    # ---- beyond lime ------------------------------------------------------------------
    @property
    def feature_names(self) -> list[str]:
        return self.domain.feature_names

    @property
    def num_features_total(self) -> int:
        return self.domain.num_features

    @property
    def model_stats(self) -> dict:
        return self.evaluator.adapter.stats.as_dict()

    @property
    def explained_labels(self) -> list[int]:
        return list(self._fits)

    def fit(self, label: int) -> SurrogateFit:
        return self._fits[self._check_label(label)]

    def weights(self, label: int = 1) -> np.ndarray:
        """Dense weight vector over all interpretable features (0 where not selected)."""
        return self._fits[self._check_label(label)].dense(self.domain.num_features)

    def surrogate_at(self, z: np.ndarray) -> dict[int, float]:
        """The surrogate's prediction for each explained label at the interpretable row ``z``."""
        z = np.asarray(z, dtype=float)
        return {label: float(fit.intercept + fit.coef @ z[fit.used]) for label, fit in self._fits.items()}

    def surrogate_estimate(self, off: Iterable[int] = (), edits: Mapping | None = None) -> dict[int, float]:
        """The surrogate's prediction for each explained label with the features ``off`` switched off (and,
        for table rows, the what-if ``edits`` {feature: value} applied)."""
        return self.surrogate_at(self.domain.point(off, edits).z)

    def counterfactual(self, off: Iterable[int] = (), edits: Mapping | None = None) -> Counterfactual:
        """Switch the features ``off`` off (and apply ``edits``): the model input, the model's answer and
        the surrogate's.

        The input is built by the same path the sampler used, and the model's answer comes from the
        same cache (a mask seen while sampling is answered without calling the model).
        """
        off = self.domain.check_off(off)
        edits = self.domain.check_edits(edits)
        point = self.domain.point(off, edits)
        y = self.evaluator.answer(point)
        model = float(y[0]) if self.mode == "regression" else np.array(y, dtype=float)
        return Counterfactual(
            off=off,
            edits=edits,
            mask=np.asarray(point.z),
            input=point.input,
            model=model,
            surrogate=self.surrogate_at(point.z),
        )

    def __repr__(self) -> str:
        labels = ", ".join(str(l) for l in self.explained_labels)
        return (
            f"<{type(self).__name__} of {self.domain.num_features} features, labels [{labels}], "
            f"{self.num_samples} samples, seed {self.seed}>"
        )
