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
    model input built by the same path the sampler uses; ``model`` the model's output on it (1-D over
    classes or regression columns, or a float for a single regression value); ``surrogate`` maps each
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
        multi_label: bool = False,
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
        self._explanation_stats = evaluator.adapter.stats.as_dict()  # what explaining cost, before any hand check
        self.neighborhood = neighborhood or {}
        self.multi_label = bool(multi_label)  # the outputs are independent probabilities per label
        self._fits = fits
        self.local_exp: dict[int, list[tuple[int, float]]] = {}
        self.intercept: dict[int, float] = {}
        self.score: dict[int, float] = {}
        self.local_pred: dict[int, float] = {}
        output = np.atleast_1d(np.asarray(model_output, dtype=float))
        self.num_outputs = output.size
        self.predict_proba = output if mode == "classification" else None
        if mode == "regression":
            self._store_values(output)
        if mode == "classification" or self.num_outputs > 1:
            for label, fit in fits.items():
                self._store(label, fit)
        else:  # lime's convention: label 1 carries the explanation of the value, label 0 its negation
            self._fits = {1: fits[0]}
            self._store(1, fits[0])
            self.local_exp[0] = [(f, -w) for f, w in self.local_exp[1]]

    def _store_values(self, output: np.ndarray):
        """Regression: the value at the instance and its range over the samples; per column when there are
        several (targets, logits: each explained column is a label, as classes are)."""
        values = self.neighborhood.get("Y")
        if self.num_outputs > 1:
            self.predicted_value = output
            self.min_value = np.min(values, axis=0) if values is not None else output
            self.max_value = np.max(values, axis=0) if values is not None else output
        else:
            self.predicted_value = float(output[0])
            self.min_value = float(np.min(values)) if values is not None else self.predicted_value
            self.max_value = float(np.max(values)) if values is not None else self.predicted_value

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
        """What explaining cost the model (``calls``, ``rows``, ``seconds``; ``path``: how the model was reached)
        and, under ``checks``, the hand checks since (asked, answered from the cache, failed)."""
        return {**self._explanation_stats, "checks": dict(self.evaluator.checks)}

    @property
    def explained_labels(self) -> list[int]:
        return list(self._fits)

    def fit(self, label: int) -> SurrogateFit:
        return self._fits[self._check_label(label)]

    def label_fit(self, label: int) -> SurrogateFit:
        """The surrogate of any class: an explained one's, or one fitted now for a class that was not explained,
        on the same samples, kernel weights and feature selection (one small solve, then kept). It does not
        change ``as_map()``: the view uses it to offer every class of a binary model."""
        if self.mode != "classification":
            return self.fit(label)
        label = int(label)
        if label in self._fits:
            return self._fits[label]
        if not 0 <= label < self.num_outputs:
            raise KeyError(f"the model has no class {label}; it returns {self.num_outputs} classes")
        extra = self.__dict__.setdefault("_extra_fits", {})
        if label not in extra:
            from .surrogate import fit_surrogates

            nb, regressor = self.neighborhood, (self.settings or {}).get("model_regressor")
            extra[label] = fit_surrogates(nb["Z"], nb["Y"], nb["weights"], [label], self.num_features,
                                          feature_selection=self.feature_selection, model_regressor=regressor)[label]
        return extra[label]

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
        if off or edits:
            y = self.evaluator.answer(point)
        else:  # the instance itself: the model's answer is known (it is no hand check)
            y = self.predict_proba if self.mode == "classification" else np.atleast_1d(self.predicted_value)
        model = float(y[0]) if self.mode == "regression" and not self.multi_output else np.array(y, dtype=float)
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
        ) + "".join(f"\n  warning: {w}" for w in self._repr_warnings())

    # ---- trust: how far to trust this explanation (core/trust.py, stability.py, curves.py) -----------
    settings: dict | None = None  # the engine's settings for this explanation (re-explaining with other seeds)
    unseparated: list[int] | None = None  # num_samples='auto': features still unseparated at the cap

    def confidence_intervals(self, label=None, level: float = 0.95) -> dict[int, tuple[float, float]]:
        """``{feature_id: (low, high)}``: intervals of the weights of ``as_map()[label]`` (label None: the top label)."""
        from .trust import confidence_intervals

        return confidence_intervals(self, label, level)

    def tied_features(self, label=None, level: float = 0.95) -> list[tuple[int, int]]:
        """Pairs of neighbouring top features whose |weight| intervals overlap."""
        from .trust import tied_features

        return tied_features(self, label, level)

    def stability(self, seeds=10, label=None, progress=None):
        """Re-explain with other seeds (same domain, model cache and settings); Jaccard, VSI, CSI, spread."""
        from .stability import stability

        return stability(self, seeds, label, progress)

    def deletion_curve(self, label=None):
        """The model's output as the features are switched off, most supportive first (and a random order)."""
        from .curves import faithfulness_curve

        return faithfulness_curve(self, "deletion", label)

    def insertion_curve(self, label=None):
        """The model's output as the features are switched on from all off, most supportive first."""
        from .curves import faithfulness_curve

        return faithfulness_curve(self, "insertion", label)

    def warnings(self, label=None) -> list[str]:
        """Short warnings: low R², a surrogate estimate outside [0, 1], unnormalised model rows, ties."""
        from .trust import explanation_warnings

        return explanation_warnings(self, label)

    def _repr_warnings(self) -> list[str]:
        try:
            return self.warnings()
        except Exception:  # a repr never fails
            return []
