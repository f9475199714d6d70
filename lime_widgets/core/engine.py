"""The domain-free LIME procedure: sample masks, score them, weight them, fit the surrogate."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .evaluator import Evaluator
from .explanation import Explanation
from .model import ModelAdapter
from .sampling import resolve_seed, sample_rng
from .surrogate import fit_surrogates, resolve_feature_selection
from .threads import one_blas_thread

__all__ = ["BaseExplainer", "explain"]


def _resolve_labels(mode, model_output, labels, top_labels, num_outputs):
    if mode == "regression":
        return [0], None
    if top_labels:
        top_labels = int(top_labels)
        order = np.argsort(-model_output, kind="stable")[: min(top_labels, num_outputs)]
        return [int(l) for l in order], [int(l) for l in order]
    labels = [int(l) for l in labels]
    if not labels:
        raise ValueError("labels is empty: name the classes to explain, or pass top_labels")
    bad = [l for l in labels if not 0 <= l < num_outputs]
    if bad:
        raise ValueError(
            f"labels {bad} do not exist: the model returns {num_outputs} classes (0..{num_outputs - 1})"
        )
    return labels, None


def _progress_bar(total: int, unit: str, delay: float):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit=unit, desc="LIME", leave=False, delay=delay)


def _progress(progress, unit: str = "sample"):
    """A progress callback ``report(done, total)`` (or None), and how to close it.

    ``None`` (the default): a tqdm bar (a widget in notebooks) that shows itself only when the work
    takes more than a second and vanishes when done; ``True``: always; ``False``: none; a callable
    ``progress(done, total)`` is called as it is. Used for the samples of one explanation and for the
    instances of ``explain_many``.
    """
    if progress is False:
        return None, lambda: None
    if callable(progress):
        return progress, lambda: None
    state = {}

    def report(done, total):
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = _progress_bar(total, unit, 0 if progress else 1.0)
        bar.update(done - bar.n)

    def close():
        if "bar" in state:
            state["bar"].close()

    return report, close


def _class_names(mode: str, class_names, k: int) -> list[str]:
    if mode != "classification":
        return ["value"] if class_names is None else [str(c) for c in class_names]
    if class_names is None:
        return [str(i) for i in range(k)]
    class_names = [str(c) for c in class_names]
    if len(class_names) != k:
        raise ValueError(f"class_names has {len(class_names)} names, but the model returns {k} classes")
    return class_names


def _score(nbhd, evaluator: Evaluator, progress) -> np.ndarray:
    report, close = _progress(progress)
    try:
        return evaluator.score(nbhd, progress=report)
    finally:
        close()


def _print_fits(fits, y0):
    """What lime prints with ``verbose=True``."""
    for label, fit in fits.items():
        print("Intercept", fit.intercept)
        print("Prediction_local", [fit.local_pred])
        print("Right:", y0[label])


def explain(
    domain,
    model,
    *,
    mode: str = "classification",
    labels=(1,),
    top_labels=None,
    num_features: int = 10,
    num_samples: int = 5000,
    distance_metric="cosine",
    kernel_fn: Callable,
    kernel_width: float,
    feature_selection: str = "auto",
    model_regressor=None,
    random_state=None,
    class_names=None,
    batch_size: int = 1000,
    verbose: bool = False,
    progress=None,
    explanation_class: type = Explanation,
) -> Explanation:
    """Explain ``domain``'s instance (a :class:`~lime_widgets.core.domain.Domain`) for ``model``: sample its
    neighbourhood, score it through one Evaluator, weight it by the kernel and fit the surrogate of every
    label on one shared design."""
    if num_samples is None or int(num_samples) < 2:
        raise ValueError(f"num_samples must be at least 2, got {num_samples!r}")
    resolve_feature_selection(feature_selection, int(num_features))
    num_samples = int(num_samples)
    seed = resolve_seed(random_state)
    adapter = model if isinstance(model, ModelAdapter) else ModelAdapter(model, mode=mode, batch_size=batch_size)
    evaluator = Evaluator(adapter)
    nbhd = domain.sample(sample_rng(seed), num_samples)
    Y = _score(nbhd, evaluator, progress)
    labels, top = _resolve_labels(mode, Y[0], labels, top_labels, Y.shape[1])
    class_names = _class_names(mode, class_names, Y.shape[1])
    with one_blas_thread():
        distances = domain.distances(nbhd.Z, distance_metric)
        weights = np.asarray(kernel_fn(distances), dtype=float)
        fits = fit_surrogates(
            nbhd.Z, Y, weights, labels, num_features, feature_selection=feature_selection, model_regressor=model_regressor
        )
    if verbose:
        _print_fits(fits, Y[0])
    return explanation_class(
        domain=domain,
        mode=mode,
        class_names=class_names,
        fits=fits,
        model_output=Y[0] if mode == "classification" else Y[0, :1],
        top_labels=top,
        labels=labels,
        seed=seed,
        num_samples=num_samples,
        num_features=int(num_features),
        kernel_width=kernel_width,
        feature_selection=feature_selection,
        evaluator=evaluator,
        neighborhood={"Z": nbhd.Z, "Y": Y[:, 0] if mode == "regression" else Y, "weights": weights, "distances": distances},
    )


class BaseExplainer:
    """What every lime-style explainer holds between calls: mode, kernel, feature selection,
    verbosity, class names and seed. ``_explain`` runs the engine with them."""

    explanation_class = Explanation
    class_names = None

    def _explain(self, domain, model, *, random_state=None, class_names=None, **call) -> Explanation:
        return explain(
            domain,
            model,
            mode=self.mode,
            kernel_fn=self.kernel_fn,
            kernel_width=self.kernel_width,
            feature_selection=self.feature_selection,
            verbose=self.verbose,
            random_state=self.random_state if random_state is None else random_state,
            class_names=self.class_names if class_names is None else class_names,
            explanation_class=self.explanation_class,
            **call,
        )
