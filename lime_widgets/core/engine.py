"""The domain-free LIME procedure: sample masks, score them, weight them, fit the surrogate."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .dual import check_memory
from .evaluator import Evaluator, Neighborhood
from .explanation import Explanation
from .model import ModelAdapter
from .sampling import resolve_seed, sample_rng
from .surrogate import design_for, fit_surrogates, resolve_feature_selection
from .threads import SideJob, one_blas_thread

__all__ = ["BaseExplainer", "explain"]


def _resolve_labels(mode, model_output, labels, top_labels, num_outputs):
    if mode == "regression" and num_outputs == 1:  # lime's convention: the one value, whatever labels say
        return [0], None
    # classes, or the columns of a regression model with several outputs, chosen the same way
    if top_labels:
        top_labels = int(top_labels)
        order = np.argsort(-model_output, kind="stable")[: min(top_labels, num_outputs)]
        return [int(l) for l in order], [int(l) for l in order]
    labels = [int(l) for l in labels]
    if not labels:
        raise ValueError("labels is empty: name the classes to explain, or pass top_labels")
    bad = [l for l in labels if not 0 <= l < num_outputs]
    if bad:
        what = "classes" if mode == "classification" else "columns"
        raise ValueError(
            f"labels {bad} do not exist: the model returns {num_outputs} {what} (0..{num_outputs - 1})"
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
        if getattr(bar, "total", total) != total:  # num_samples='auto' grows the total round by round
            bar.total = total
        bar.update(done - bar.n)

    def close():
        if "bar" in state:
            state["bar"].close()

    return report, close


OVERLAP = True  # build the weights and the design while the first batch is built (False: after scoring; for tests and timing)
AUTO_FIRST_ROUND = 1000  # num_samples="auto": the first round's samples; each round doubles the total
AUTO_MAX_SAMPLES = 20000  # its default cap
AUTO_LEVEL = 0.95  # the level of the weight intervals that must separate the top features


def _sample_plan(num_samples, max_samples) -> tuple[int, int | None]:
    """The first round's size and the cap (None: one round of ``num_samples``)."""
    if isinstance(num_samples, str):
        if num_samples != "auto":
            raise ValueError(f"num_samples must be a number of samples or 'auto', got {num_samples!r}")
        cap = AUTO_MAX_SAMPLES if max_samples is None else max_samples
        if isinstance(cap, bool) or not isinstance(cap, (int, np.integer)) or cap < 2:
            raise ValueError(f"max_samples must be an integer of at least 2, got {max_samples!r}")
        return min(AUTO_FIRST_ROUND, int(cap)), int(cap)
    if num_samples is None or isinstance(num_samples, bool) or int(num_samples) < 2:
        raise ValueError(f"num_samples must be at least 2 (or 'auto'), got {num_samples!r}")
    if max_samples is not None:
        raise ValueError("max_samples is the cap of num_samples='auto'; with a fixed num_samples leave it out")
    return int(num_samples), None


def _class_names(mode, class_names, k):
    """Names of the model's outputs: classes, or the columns of a regression model (one value: "value")."""
    if mode == "regression" and k == 1:
        return ["value"] if class_names is None else [str(c) for c in class_names]
    if class_names is None:
        return [str(i) for i in range(k)]
    class_names = [str(c) for c in class_names]
    if len(class_names) != k:
        what = "classes" if mode == "classification" else "columns"
        raise ValueError(f"class_names has {len(class_names)} names, but the model returns {k} {what}")
    return class_names


def _tail(nbhd: Neighborhood) -> Neighborhood:
    """A freshly sampled neighborhood without its row 0 (the instance, already scored)."""
    n = nbhd.Z.shape[0]

    def realize(idx):
        return nbhd.realize(np.arange(1, n)[idx])

    return Neighborhood(Z=nbhd.Z[1:], realize=realize, keys=None if nbhd.keys is None else nbhd.keys[1:])


def _grow(domain, evaluator, rng, Z, Y, total, report):
    """Append ``total - len(Z)`` new samples from the same generator, scored through the same evaluator."""
    offset = len(Z)
    new = _tail(domain.sample(rng, total - offset + 1))
    Ynew = evaluator.score(new, progress=None if report is None else (lambda done, _: report(offset + done, total)))
    return np.concatenate([Z, new.Z]), np.concatenate([Y, Ynew])


def _print_fits(fits, Y):
    """lime's verbose output."""
    for label, fit in fits.items():
        print("Intercept", fit.intercept)
        print("Prediction_local", [fit.local_pred])
        print("Right:", Y[0, label])


def _weigh(domain, Z, settings):
    """Everything the fit needs of the samples alone: distances, kernel weights and the design's
    statistics (the Gram matrix, or the dual's kernel and factor)."""
    distances = domain.distances(Z, settings["distance_metric"])
    weights = np.asarray(settings["kernel_fn"](distances), dtype=float)
    design = design_for(Z, weights, settings["feature_selection"], settings["num_features"], settings["model_regressor"])
    return distances, weights, design


def _fit(domain, Z, Y, labels, settings, weighed=None):
    """Fit every label; ``weighed``: ``_weigh``'s result, when it was built before the model was called."""
    distances, weights, design = _weigh(domain, Z, settings) if weighed is None else weighed
    fits = fit_surrogates(
        Z, Y, weights, labels, settings["num_features"],
        feature_selection=settings["feature_selection"], model_regressor=settings["model_regressor"], design=design,
    )
    return fits, weights, distances


def _sample_until_separated(domain, evaluator, rng, Z, Y, labels, settings, cap, report):
    """num_samples='auto': double the samples until, for every label, the top features are settled
    (``unseparated_features`` at ``AUTO_LEVEL``, judged as the feature selection picks), or the cap is reached. Returns Z, Y, the last
    round's fit (fits, weights, distances) and what stayed unseparated (empty when separated)."""
    from .intervals import ridge_alpha_of
    from .trust import unseparated_features

    alpha = ridge_alpha_of(settings["model_regressor"])
    k, method = settings["num_features"], resolve_feature_selection(settings["feature_selection"], settings["num_features"])
    while True:
        with one_blas_thread():
            fitted = _fit(domain, Z, Y, labels, settings)
            unseparated = unseparated_features(Z, Y[:, labels], fitted[1], k, AUTO_LEVEL, alpha, method)
        if not unseparated or len(Z) >= cap:
            return Z, Y, fitted, unseparated
        Z, Y = _grow(domain, evaluator, rng, Z, Y, min(2 * len(Z), cap), report)


def _sample_and_fit(domain, evaluator, rng, first, cap, settings, report):
    """Sample and score ``first`` rows, pick the labels, and fit them (num_samples='auto': in rounds up to
    ``cap``). Returns Z, Y, labels, top labels, (fits, weights, distances) and what stayed unseparated."""
    check_memory(cap or first, domain.num_features, feature_selection=settings["feature_selection"], num_selected=settings["num_features"])
    nbhd = domain.sample(rng, first)
    # one round: what needs no model output is built while the helper thread builds the first batch
    side = SideJob(lambda: _weigh(domain, nbhd.Z, settings)) if cap is None and OVERLAP else None
    Z, Y = nbhd.Z, evaluator.score(nbhd, progress=report, alongside=side)
    labels, top = _resolve_labels(settings["mode"], Y[0], settings["labels"], settings["top_labels"], Y.shape[1])
    if cap is None:
        weighed = None if side is None else side.result()
        with one_blas_thread():
            return Z, Y, labels, top, _fit(domain, Z, Y, labels, settings, weighed), None
    Z, Y, fitted, unseparated = _sample_until_separated(domain, evaluator, rng, Z, Y, labels, settings, cap, report)
    return Z, Y, labels, top, fitted, unseparated


def explain(
    domain,
    model,
    *,
    mode: str = "classification",
    labels=(1,),
    top_labels=None,
    num_features: int = 10,
    num_samples: int | str = 5000,
    max_samples: int | None = None,
    distance_metric="cosine",
    kernel_fn: Callable,
    kernel_width: float,
    feature_selection: str = "auto",
    model_regressor=None,
    random_state=None,
    class_names=None,
    batch_size: int = 1000,
    multi_label: bool | None = None,
    verbose: bool = False,
    progress=None,
    explanation_class: type = Explanation,
    evaluator: Evaluator | None = None,
) -> Explanation:
    """Explain ``domain``'s instance (a :class:`~lime_widgets.core.domain.Domain`) for ``model``: sample, score
    through one Evaluator (``evaluator``: an earlier explanation's, with its cache), weight, fit every label.
    ``num_samples='auto'``: rounds (1,000, then doubling) until the top features are separated, up to ``max_samples``."""
    first, cap = _sample_plan(num_samples, max_samples)
    resolve_feature_selection(feature_selection, int(num_features))
    settings = dict(
        mode=mode, labels=labels, top_labels=top_labels, num_features=int(num_features), num_samples=num_samples,
        max_samples=max_samples, distance_metric=distance_metric, kernel_fn=kernel_fn, kernel_width=kernel_width,
        feature_selection=feature_selection, model_regressor=model_regressor, class_names=class_names,
        batch_size=batch_size, explanation_class=explanation_class, multi_label=multi_label,
    )
    seed = resolve_seed(random_state)
    rng = sample_rng(seed)
    if evaluator is None:
        adapter = model if isinstance(model, ModelAdapter) else ModelAdapter(model, mode=mode, batch_size=batch_size, multi_label=multi_label)
        evaluator = Evaluator(adapter)
    report, close = _progress(progress)
    try:
        Z, Y, labels, top, (fits, weights, distances), unseparated = _sample_and_fit(
            domain, evaluator, rng, first, cap, settings, report
        )
    finally:
        close()
    class_names = _class_names(mode, evaluator.adapter.class_names if class_names is None else class_names, Y.shape[1])
    if verbose:
        _print_fits(fits, Y)
    one_value = mode == "regression" and Y.shape[1] == 1
    neighborhood = {"Z": Z, "Y": Y[:, 0] if one_value else Y, "weights": weights, "distances": distances}
    exp = explanation_class(
        domain=domain, mode=mode, class_names=class_names, fits=fits, model_output=Y[0], top_labels=top, labels=labels,
        seed=seed, num_samples=len(Z), num_features=int(num_features), kernel_width=kernel_width, feature_selection=feature_selection,
        evaluator=evaluator, neighborhood=neighborhood, multi_label=evaluator.adapter.multi_label,
    )
    exp.settings, exp.unseparated = settings, unseparated
    return exp


class BaseExplainer:
    """What every lime-style explainer holds between calls: mode, kernel, feature selection,
    verbosity, class names and seed. ``_explain`` runs the engine with them."""

    explanation_class = Explanation
    class_names = None
    multi_label = None

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
            multi_label=self.multi_label,
            explanation_class=self.explanation_class,
            **call,
        )
