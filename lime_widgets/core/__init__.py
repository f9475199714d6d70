"""The domain-free LIME engine (imports nothing from ipywidgets)."""
from .engine import explain
from .evaluator import Evaluator, Neighborhood, Point
from .explanation import Counterfactual, Explanation
from .kernels import exponential_kernel, make_kernel_fn, mask_distances
from .model import ModelAdapter, ModelError, ModelOutputError
from .sampling import bernoulli_masks, removal_masks, resolve_seed
from .surrogate import FEATURE_SELECTION_METHODS, SurrogateFit, fit_surrogates

__all__ = [
    "Counterfactual", "Explanation", "FEATURE_SELECTION_METHODS", "Evaluator", "Neighborhood", "Point", "ModelAdapter",
    "ModelError", "ModelOutputError", "SurrogateFit", "bernoulli_masks", "explain", "exponential_kernel",
    "fit_surrogates", "make_kernel_fn", "mask_distances", "removal_masks", "resolve_seed",
]
