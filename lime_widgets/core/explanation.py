"""Explanation: what the engine learned about one instance, with lime's accessors."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .evaluator import Evaluator
from .surrogate import SurrogateFit

__all__ = ["Counterfactual", "Explanation"]


@dataclass(frozen=True)
class Counterfactual:
    """The instance with the features ``off`` switched off, as the model and the surrogate see it.

    ``input`` is the model input built by the same path the sampler uses; ``model`` the model's
    output on it (1-D over classes or regression columns, or a float for a single regression value); ``surrogate`` maps each
    explained label to the surrogate's estimate (intercept + the weights of the features still on).
    """

    off: tuple[int, ...]
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
        multi_label: bool = False,
    ):
        self.domain = domain
        self.mode = mode
        self.class_names = class_names
        self.seed = seed
        self.random_state = seed
        self.num_samples = num_samples
        self.num_features = num_features
        self.kernel_width = kernel_width
        self.feature_selection = feature_selection
        self.top_labels = top_labels
        self.labels = list(labels)
        self.evaluator = evaluator
        self.neighborhood = neighborhood or {}
        self.multi_label = bool(multi_label)  # the outputs are independent probabilities per label
        self._fits = fits
        self.local_exp: dict[int, list[tuple[int, float]]] = {}
        self.intercept: dict[int, float] = {}
        self.score: dict[int, float] = {}
        self.local_pred: dict[int, float] = {}
        output = np.atleast_1d(np.asarray(model_output, dtype=float))
        self.num_outputs = output.size
        if mode == "classification":
            self.predict_proba = output
            for label, fit in fits.items():
                self._store(label, fit)
        elif self.num_outputs > 1:
            # several values (targets, logits): each explained column is a label, as classes are; the
            # value, min and max are per column
            self.predict_proba = None
            values = self.neighborhood.get("Y")
            self.predicted_value = output
            self.min_value = np.min(values, axis=0) if values is not None else output
            self.max_value = np.max(values, axis=0) if values is not None else output
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
        if self.mode != "classification" and not self.multi_output:
            raise NotImplementedError("Not supported for regression explanations.")
        return list(self.top_labels) if self.top_labels else list(self.local_exp.keys())

    def as_map(self) -> dict[int, list[tuple[int, float]]]:
        return self.local_exp

    @property
    def multi_output(self) -> bool:
        """A regression explanation of several columns (each a label), not lime's single value."""
        return self.mode == "regression" and self.num_outputs > 1

    def _check_label(self, label: int) -> int:
        label = 1 if self.mode == "regression" and not self.multi_output else int(label)
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
        elif self.multi_output:
            ax.set_title(f"Local explanation for {self.class_names[label]}")
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

    def surrogate_estimate(self, off: Iterable[int] = (), **edits) -> dict[int, float]:
        """The surrogate's prediction for each explained label with the features ``off`` switched off."""
        return self.surrogate_at(self.domain.point(off, **edits).z)

    def counterfactual(self, off: Iterable[int] = (), **edits) -> Counterfactual:
        """Switch the features ``off`` off: the model input, the model's answer and the surrogate's.

        The input is built by the same path the sampler used, and the model's answer comes from the
        same cache (a mask seen while sampling is answered without calling the model).
        """
        point = self.domain.point(off, **edits)
        y = self.evaluator.answer(point)
        model = float(y[0]) if self.mode == "regression" and not self.multi_output else np.array(y, dtype=float)
        return Counterfactual(
            off=tuple(sorted({int(i) for i in off})),
            mask=np.asarray(point.z),
            input=point.input,
            model=model,
            surrogate=self.surrogate_at(point.z),
        )

    # ---- views (lime's show_in_notebook / as_html / save_to_file) -----------------------------
    def to_view(self):
        """The live view of this explanation (a widget; imports the front end on first use)."""
        from ..widgets import ImageView, TabularView, TextView

        kinds = {"TextDomain": TextView, "ImageDomain": ImageView, "TabularDomain": TabularView}
        view_class = kinds.get(type(self.domain).__name__)
        if view_class is None:
            raise TypeError(f"no view for explanations of {type(self.domain).__name__}")
        return view_class(self)

    def show_in_notebook(self, **kwargs):
        """Display the live view in the notebook (lime's method, now interactive)."""
        from IPython.display import display

        view = self.to_view()
        display(view)
        return view

    def as_html(self, **kwargs) -> str:
        """One self-contained HTML page of the view (renders offline; toggles show the estimate)."""
        from ..widgets.export import standalone_html

        return standalone_html([self.to_view().view_state()])

    def save_to_file(self, file_path, **kwargs):
        """Write ``as_html()`` to ``file_path``."""
        with open(file_path, "w", encoding="utf-8") as fh:
            fh.write(self.as_html())

    def __repr__(self) -> str:
        labels = ", ".join(str(l) for l in self.explained_labels)
        return (
            f"<{type(self).__name__} of {self.domain.num_features} features, labels [{labels}], "
            f"{self.num_samples} samples, seed {self.seed}>"
        )
