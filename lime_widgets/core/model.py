"""The model adapter: calls a user's model in bounded batches and checks what comes back."""
from __future__ import annotations

import time
import warnings
from dataclasses import dataclass

import numpy as np

from .adapters import TorchModel, recognise

__all__ = ["ModelAdapter", "ModelError", "ModelOutputError", "ModelStats"]


class ModelError(RuntimeError):
    """The user's model raised an exception; the original is chained as ``__cause__``."""


class ModelOutputError(ValueError):
    """The user's model returned something LIME cannot use."""


@dataclass
class ModelStats:
    calls: int = 0
    rows: int = 0
    seconds: float = 0.0
    unnormalised_rows: int = 0  # classification rows whose sum is not 1 (within 1e-3), and the range of their sums
    row_sum_min: float = float("inf")
    row_sum_max: float = float("-inf")
    path: str | None = None  # how the model is reached: "white-box: ..." or "black-box: <reason>"

    def as_dict(self) -> dict:
        out = {"calls": self.calls, "rows": self.rows, "seconds": round(self.seconds, 6), "unnormalised_rows": self.unnormalised_rows}
        if self.path is not None:
            out["path"] = self.path
        return out


def _describe(model) -> str:
    name = getattr(model, "__name__", None) or type(model).__name__
    return name


def _num_rows(batch) -> int:
    """Rows of a batch: a sequence, an array or a sparse matrix (which has no len)."""
    shape = getattr(batch, "shape", None)
    return int(shape[0]) if shape is not None and len(shape) else len(batch)


AUTO_BATCH = 1000  # batch_size=None: the first call's rows
CALL_SECONDS = 1.0  # batch_size=None: later calls take as many rows as the model answered in this long


class ModelAdapter:
    """Wraps a model so that it is called on batches of at most ``batch_size`` inputs.

    ``batch_size=None`` starts at ``AUTO_BATCH`` inputs per call, then lets a fast model take more at
    once: as many as it answered in ``CALL_SECONDS`` so far (never fewer than ``AUTO_BATCH``). A
    scikit-learn pipeline that scores 1000 documents in 0.1 s then gets the rest of a 5000-sample
    explanation in one call, as lime gives it, without paying its fixed cost per call five times; a
    slow model keeps calls of 1000, so progress moves and an interrupt is heard between them.

    ``model`` is an sklearn-like estimator (``predict_proba`` in classification mode, ``predict`` in
    regression mode), a callable on a batch, or a model ``adapters.recognise`` knows (a transformers
    text-classification pipeline, a PyTorch module). Classification output must be an (n, k) array of
    probabilities (rows summing to 1 unless ``multi_label``: independent probabilities per label);
    regression output (n,) values or (n, k) values (several targets, or logits), explained per column.
    """

    def __init__(self, model, mode: str = "classification", batch_size: int | None = 1000, multi_label: bool | None = None):
        if mode not in ("classification", "regression"):
            raise ValueError(f"mode must be 'classification' or 'regression', got {mode!r}")
        if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1):
            raise ValueError(f"batch_size must be a positive integer or None (grow with the model's speed), got {batch_size!r}")
        self.model = model
        self.mode = mode
        self.grows = batch_size is None
        self.batch_size = AUTO_BATCH if batch_size is None else int(batch_size)
        self.name = _describe(model)
        self.class_names: list[str] | None = None  # what the model says its outputs are called
        recognised = recognise(model)
        if recognised is not None:
            self._fn, self.name, self.class_names = recognised.fn, recognised.name, recognised.class_names
            if recognised.regression and mode == "classification":
                raise ValueError(f"{self.name} is a regression model (config.problem_type='regression'); pass mode='regression'")
            if multi_label is None and mode == "classification":
                multi_label = recognised.multi_label
        elif mode == "classification":
            if hasattr(model, "predict_proba"):
                self._fn, self.name = model.predict_proba, f"{self.name}.predict_proba"
            elif callable(model):
                self._fn = model
            elif hasattr(model, "predict"):
                raise TypeError(
                    f"{self.name} has predict but no predict_proba; LIME explains class probabilities. "
                    "Use a probabilistic classifier, or mode='regression' to explain predict()"
                )
            else:
                raise TypeError(f"the model must be callable or have predict_proba; got {type(model).__name__}")
        else:
            if callable(model):
                self._fn = model
            elif hasattr(model, "predict"):
                self._fn, self.name = model.predict, f"{self.name}.predict"
            else:
                raise TypeError(f"the model must be callable or have predict; got {type(model).__name__}")
        if multi_label and mode == "regression":
            raise ValueError("multi_label=True declares independent class probabilities; it needs mode='classification'")
        self.multi_label = bool(multi_label)
        self.stats = ModelStats()
        self.num_outputs: int | None = None
        self._warned_sum = False

    def call_size(self) -> int:
        """How many inputs the next call may take: ``batch_size``, or with ``batch_size=None`` as many as
        the model answered in ``CALL_SECONDS`` so far, at least ``AUTO_BATCH``."""
        st = self.stats
        if not self.grows or st.rows < self.batch_size or st.seconds <= 0:
            return self.batch_size
        return max(self.batch_size, int(CALL_SECONDS * st.rows / st.seconds))

    def calls(self, inputs):
        """The model's output on ``inputs`` (a sequence or array of model inputs), one call at a time:
        ``(rows, output)`` per call of at most ``call_size()`` inputs."""
        n, lo = _num_rows(inputs), 0
        while lo < n:
            k = self.call_size()
            yield min(k, n - lo), self._call_batch(inputs if lo == 0 and k >= n else inputs[lo : lo + k])
            lo += k

    def __call__(self, inputs) -> np.ndarray:
        """The model's output on ``inputs`` (a sequence or array of model inputs), in batches."""
        outs = [out for _, out in self.calls(inputs)]
        if not outs:
            return np.zeros((0, self.num_outputs or 1))
        return np.concatenate(outs, axis=0)

    def call_batch(self, batch) -> np.ndarray:
        """One call of the model; ``batch`` must not exceed ``call_size()``."""
        if _num_rows(batch) > self.call_size():
            return self(batch)
        return self._call_batch(batch)

    def _call_batch(self, batch) -> np.ndarray:
        n = _num_rows(batch)
        t0 = time.perf_counter()
        try:
            raw = self._fn(batch)
        except Exception as exc:  # the user's model: keep its traceback as the cause
            raise ModelError(
                f"the model {self.name} raised {type(exc).__name__}: {exc} (on a batch of {n} inputs)"
            ) from exc
        finally:
            self.stats.calls += 1
            self.stats.rows += n
            self.stats.seconds += time.perf_counter() - t0
        return self._validate(raw, n)

    def _validate(self, raw, n: int) -> np.ndarray:
        try:
            out = np.asarray(raw, dtype=float)
        except (TypeError, ValueError) as exc:
            raise ModelOutputError(
                f"the model {self.name} returned {type(raw).__name__}, which is not a numeric array"
            ) from exc
        if self.mode == "regression":
            if out.ndim == 2 and out.shape[1] == 1:
                out = out[:, 0]
            if out.ndim not in (1, 2):
                raise ModelOutputError(
                    f"in regression mode the model {self.name} must return one value per input, shape ({n},), "
                    f"or one row of values per input, shape ({n}, k); got shape {out.shape}"
                )
        elif out.ndim == 1:
            raise ModelOutputError(
                f"the model {self.name} returned a 1-D array of shape {out.shape}; classification needs class "
                f"probabilities of shape ({n}, n_classes). Pass predict_proba, not predict, or use mode='regression'"
            )
        elif out.ndim != 2:
            raise ModelOutputError(f"the model {self.name} must return an array of shape ({n}, n_classes); got shape {out.shape}")
        if out.shape[0] != n:
            raise ModelOutputError(
                f"the model {self.name} returned {out.shape[0]} rows for {n} inputs; it must return one row per input"
            )
        if not np.all(np.isfinite(out)):
            bad = int(np.count_nonzero(~np.isfinite(out).reshape(n, -1).all(axis=1)))
            raise ModelOutputError(f"the model {self.name} returned NaN or infinite values for {bad} of {n} inputs")
        k = 1 if out.ndim == 1 else out.shape[1]
        if self.num_outputs is not None and k != self.num_outputs:
            raise ModelOutputError(
                f"the model {self.name} returned {k} columns, but earlier {self.num_outputs}; "
                f"the number of {'classes' if self.mode == 'classification' else 'outputs'} must not change"
            )
        if self.mode == "classification" and n:
            self._check_probabilities(out)
        self.num_outputs = k
        return out

    def _check_probabilities(self, out: np.ndarray):
        """Classification outputs are probabilities; rows that do not sum to 1 are counted (and, unless the
        model is declared multi-label, warned about once)."""
        if out.min() < -1e-6 or out.max() > 1 + 1e-6:
            fix = ("Wrap the module as lime_widgets.torch_model(module, preprocess, softmax=True), " if isinstance(self._fn, TorchModel)
                   else "Apply a softmax, ")
            raise ModelOutputError(
                f"the model {self.name} returned values in [{out.min():.4g}, {out.max():.4g}], which are not "
                "probabilities (expected values in [0, 1]: not logits, log-probabilities or labels). "
                f"{fix}or use mode='regression' to explain the scores"
            )
        if self.multi_label:
            return
        sums = out.sum(axis=1)
        off = np.abs(sums - 1.0) > 1e-3
        if off.any():
            self.stats.unnormalised_rows += int(np.count_nonzero(off))
            self.stats.row_sum_min = min(self.stats.row_sum_min, float(sums[off].min()))
            self.stats.row_sum_max = max(self.stats.row_sum_max, float(sums[off].max()))
            if not self._warned_sum:
                self._warned_sum = True
                warnings.warn(
                    f"the rows returned by {self.name} do not sum to 1; LIME explains each column on its own, "
                    "but check that these are class probabilities (independent probabilities per label: "
                    "declare multi_label=True)",
                    stacklevel=5,
                )
