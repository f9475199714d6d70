"""Several models explained on one instance, fairly: one domain, one seed, the same sampled rows.

``compare(models, instance, **options)`` returns the compare view (one instance, one explanation per
model, one click asks every model). ``compare_explanations`` is the engine part (no widgets):

- the domain comes from the arguments: ``training_data=`` means a table row (tabular); a ``str``
  instance a document (text); an array of shape (h, w) or (h, w, 1|3|4) an image;
- the first model is explained by the domain's lime-style explainer (``LimeTextExplainer``,
  ``LimeImageExplainer``, ``LimeTabularExplainer`` with the options split between constructor and
  ``explain_instance`` by name); every other model by the same explainer's engine call on the SAME
  domain object with the first explanation's seed, so every model is scored on the same sampled rows
  Z (each through its own Evaluator and cache) and explained for the same labels;
- :func:`agreement` measures how far the explanations agree (Spearman rank correlation of the weights
  over the union of the models' top features, and the overlap of their top-k features).
"""
from __future__ import annotations

import inspect
from collections.abc import Mapping

import numpy as np

__all__ = ["agreement", "check_models", "check_names", "compare", "compare_explanations", "explainer_for"]

MIN_MODELS, MAX_MODELS = 2, 4


def check_names(models, what: str = "models") -> dict:
    """``models`` (or explanations) as a dict {name: ...} of 2 to 4 unique non-empty names, or an error."""
    if not isinstance(models, Mapping):
        raise TypeError(f"{what} must be a dict {{name: model}} of {MIN_MODELS} to {MAX_MODELS} models, not {type(models).__name__}")
    if not MIN_MODELS <= len(models) <= MAX_MODELS:
        raise ValueError(f"compare takes {MIN_MODELS} to {MAX_MODELS} models; got {len(models)}")
    names = list(models)
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"model names must be non-empty strings; got {name!r}")
    stripped = [n.strip() for n in names]
    if len(set(stripped)) != len(stripped):
        raise ValueError(f"model names must be unique; got {names}")
    return dict(models)


def check_models(models) -> dict:
    """``models`` as a dict {name: model}, or a ValueError/TypeError saying what is wrong."""
    models = check_names(models)
    for name, model in models.items():
        if model is None or not (callable(model) or hasattr(model, "predict_proba") or hasattr(model, "predict")):
            raise TypeError(f"model {name!r} is not a model: pass a callable on a batch of inputs or a fitted sklearn estimator")
    return dict(models)


def explainer_for(instance, options: dict):
    """The lime-style explainer class, its positional arguments and the options left, for ``instance``.

    ``training_data`` in ``options``: tabular; a ``str``: text; an array (h, w) or (h, w, c): image."""
    from .image import LimeImageExplainer
    from .tabular import LimeTabularExplainer
    from .text import LimeTextExplainer

    options = dict(options)
    if "training_data" in options:
        return LimeTabularExplainer, (options.pop("training_data"),), options
    if isinstance(instance, str):
        return LimeTextExplainer, (), options
    shape = np.shape(instance)
    if len(shape) == 2 or (len(shape) == 3 and shape[2] in (1, 3, 4)):
        return LimeImageExplainer, (), options
    raise TypeError(
        "compare could not tell the domain: pass a str (a document), an image array of shape (h, w) or (h, w, 3), "
        f"or a table row with training_data=...; got {type(instance).__name__} of shape {shape}"
    )


def _engine_call(explainer, instance, first_model, call: dict, first) -> dict:
    """The engine options of the first explanation (its explain_instance's, defaults filled in), to
    explain the other models on the same domain, seed and labels."""
    from .core.engine import explain

    bound = inspect.signature(explainer.explain_instance).bind(instance, first_model, **call)
    bound.apply_defaults()
    engine_params = set(inspect.signature(explain).parameters)
    kwargs = {k: v for k, v in bound.arguments.items() if k in engine_params}
    kwargs.pop("progress", None)
    kwargs.update(random_state=first.seed, labels=list(first.labels), top_labels=None)
    if first.mode == "classification":
        kwargs["class_names"] = list(first.class_names)
    return kwargs


def _check_frames(explainer, models: dict):
    """A tabular explainer hands the model arrays or DataFrames; every model must want the same."""
    wants = getattr(explainer, "_wants_frame", None)
    if wants is None or explainer.codec.frame:
        return
    kinds = {name: wants(m) for name, m in models.items()}
    if len(set(kinds.values())) > 1:
        raise ValueError(
            "these models were fitted on different inputs (some on DataFrames, some on arrays): "
            f"{kinds}; fit them the same way, or pass functions that take the same kind of batch"
        )


def compare_explanations(models, instance, progress=None, **options) -> dict:
    """One explanation per model {name: Explanation} on one domain and one seed (see the module docstring)."""
    from .live import split_options

    models = check_models(models)
    explainer_class, args, options = explainer_for(instance, options)
    ctor, call = split_options(options, explainer_class.__init__, explainer_class.explain_instance)
    explainer = explainer_class(*args, **ctor)
    _check_frames(explainer, models)
    names = list(models)
    out = {}
    for i, name in enumerate(names):
        try:
            if i == 0:
                first = explainer.explain_instance(instance, models[name], progress=progress, **call)
                out[name] = first
                engine_call = _engine_call(explainer, instance, models[name], call, first)
            else:
                # the same domain (tokens, masks); a white-box view of it belongs to the first model alone
                domain = first.domain.strings() if hasattr(first.domain, "strings") else first.domain
                _check_outputs(first, domain, name, models[name], names[0], engine_call.get("batch_size", 1000))
                out[name] = explainer._explain(domain, models[name], progress=progress, **engine_call)
        except Exception as exc:
            exc.add_note(f"(while explaining model {name!r})")
            raise
    return out


def _check_outputs(first, domain, name: str, model, first_name: str, batch_size: int):
    """One call of ``model`` on the instance: it must return as many outputs as the first model did."""
    from .core.model import ModelAdapter

    if first.mode != "classification":
        return
    k = ModelAdapter(model, mode=first.mode, batch_size=batch_size)(domain.point().batch).shape[1]
    if k != len(first.predict_proba):
        raise ValueError(
            f"model {name!r} returns {k} classes but {first_name!r} returns {len(first.predict_proba)}; "
            "compared models must predict the same classes"
        )


def _spearman(a: np.ndarray, b: np.ndarray) -> float | None:
    from scipy.stats import spearmanr

    if len(a) < 2 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return None
    rho = spearmanr(a, b).statistic
    return None if not np.isfinite(rho) else float(rho)


def top_features(exp, label: int, k: int) -> list[int]:
    """The ``k`` features of largest |weight| the explanation selected for ``label``."""
    return [int(f) for f, _ in _label_fit(exp, label).local_exp()[:k]]


def _label_fit(exp, label: int):
    """The surrogate of ``label`` (one regression value: lime's label 1; a binary model's other class too)."""
    return exp.fit(1) if exp.mode == "regression" and not exp.multi_output else exp.label_fit(label)


def agreement(explanations: dict, label: int, k: int = 5) -> list[dict]:
    """Per pair of models: Spearman's rank correlation of their weights over the union of their top-k
    features (None when undefined), and the share of top-k features they have in common."""
    names = list(explanations)
    out = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            ea, eb = explanations[a], explanations[b]
            ta, tb = top_features(ea, label, k), top_features(eb, label, k)
            union = sorted(set(ta) | set(tb))
            d = ea.num_features_total
            wa, wb = _label_fit(ea, label).dense(d)[union], _label_fit(eb, label).dense(d)[union]
            kk = max(len(ta), len(tb), 1)
            out.append({"a": a, "b": b, "spearman": _spearman(wa, wb), "overlap": len(set(ta) & set(tb)) / kk, "k": kk, "union": union})
    return out


def compare(models, instance, **options):
    """Explain ``instance`` for every model in ``models`` (a dict of 2 to 4 named models) on the same
    sampled rows and return the compare view: the instance once, each model's weights, probabilities
    and fit, the models' agreement; a click switches a feature off for every model and asks each.

    ``options`` are the domain explainer's options (``class_names``, ``num_samples``, ``random_state``,
    ``num_features``, ...); ``training_data=`` makes it a table row; ``top_k`` (default 5) is the k of
    the agreement measures and of the top features marked in the input.
    """
    from .widgets.compare import CompareView

    top_k = options.pop("top_k", 5)
    progress = options.pop("progress", None)
    explanations = compare_explanations(models, instance, progress=progress, **options)
    return CompareView(explanations, top_k=top_k)
