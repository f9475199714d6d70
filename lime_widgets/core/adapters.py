"""Recognisers for the models people have, so they can be passed as they are.

``recognise(model)`` returns a ``Recognised`` (the batch function the ``ModelAdapter`` calls, a name,
and what the model says about its outputs: class names, multi-label, regression) or None for an
ordinary estimator or callable. It knows:

- a Hugging Face ``transformers`` text-classification pipeline: called on a list of texts with
  ``top_k=None`` (every class, whatever the pipeline was built with), its answers (per text a list of
  ``{label, score}`` sorted by score, or a single dict) put back in the order of
  ``model.config.id2label``; the pipeline's own ``batch_size`` and device are used as they are;
- a PyTorch ``nn.Module`` (or one wrapped by ``torch_model`` with a preprocessing function): batches
  as tensors on the module's device, ``torch.no_grad()``, eval mode, outputs back as numpy.

Neither torch nor transformers is imported unless the model comes from them.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

__all__ = ["Recognised", "TorchModel", "recognise", "torch_model"]


@dataclass
class Recognised:
    fn: Callable
    name: str
    class_names: list[str] | None = None
    multi_label: bool | None = None  # the outputs are independent probabilities (None: not said)
    regression: bool = False  # the outputs are values, not probabilities


def recognise(model) -> Recognised | None:
    if isinstance(model, TorchModel):
        return Recognised(model, model.name, multi_label=True if model.sigmoid else None)
    if _is_transformers_pipeline(model):
        return _pipeline(model)
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(model, torch.nn.Module):
        wrapped = TorchModel(model)
        return Recognised(wrapped, wrapped.name)
    return None


# ---- transformers pipelines ------------------------------------------------------------------
def _is_transformers_pipeline(model) -> bool:
    return any(c.__module__.startswith("transformers.pipelines") for c in type(model).__mro__)


TEXT_TASKS = ("text-classification", "sentiment-analysis")
DEFAULT_PIPELINE_BATCH = 32


def _pipeline(pipe) -> Recognised:
    task = getattr(pipe, "task", None)
    if task not in TEXT_TASKS:
        raise TypeError(
            f"a transformers pipeline for {task!r} is not recognised (only text-classification pipelines are); "
            "pass a function that takes a batch of inputs and returns an (n, n_classes) array"
        )
    config = pipe.model.config
    id2label = {int(i): str(name) for i, name in config.id2label.items()}
    names = [id2label[i] for i in sorted(id2label)]
    index = {name: i for i, name in enumerate(names)}
    problem = getattr(config, "problem_type", None)
    fn = _PipelineCall(pipe, index)
    return Recognised(
        fn,
        f"{type(pipe).__name__}({getattr(config, 'name_or_path', '') or config.model_type})",
        class_names=names,
        multi_label=problem == "multi_label_classification" or (len(names) == 1 and problem != "regression"),  # one sigmoid
        regression=problem == "regression",
    )


class _PipelineCall:
    """Calls a text-classification pipeline on a batch of texts and returns (n, n_labels) scores."""

    def __init__(self, pipe, index: dict[str, int]):
        self.pipe = pipe
        self.index = index
        # the pipeline's own batch size when it was built with one; else a batch that keeps a CPU busy
        # (the pipeline's default of 1 runs the model once per text)
        self.batch_size = getattr(pipe, "_batch_size", None) or DEFAULT_PIPELINE_BATCH

    def __call__(self, texts) -> np.ndarray:
        texts = [str(t) for t in texts]
        answers = self.pipe(texts, top_k=None, batch_size=self.batch_size)
        if len(texts) == 1 and answers and isinstance(answers[0], dict):
            answers = [answers]  # one text: some versions return its list of labels unwrapped
        out = np.full((len(texts), len(self.index)), np.nan)
        for row, answer in enumerate(answers):
            for item in [answer] if isinstance(answer, dict) else answer:
                label = str(item["label"])
                if label not in self.index:
                    raise ValueError(f"the pipeline returned the label {label!r}, which is not in model.config.id2label {list(self.index)}")
                out[row, self.index[label]] = float(item["score"])
        missing = np.isnan(out).any(axis=1)
        if missing.any():
            got = int((~np.isnan(out[np.flatnonzero(missing)[0]])).sum())
            raise ValueError(f"the pipeline returned scores for {got} of {len(self.index)} labels; LIME needs every label's score")
        return out


# ---- PyTorch modules -------------------------------------------------------------------------
class TorchModel:
    """A PyTorch module as a model on batches: ``preprocess`` turns a batch (the list or array LIME
    builds: strings, or images as an (n, H, W, C) array) into the module's input, or ``transform``
    turns each input into a tensor and the results are stacked. Without either, the batch becomes a
    tensor as it is (floating arrays in the module's floating dtype). The module runs in eval mode
    under ``torch.no_grad()`` (its mode is restored afterwards); inputs go to ``device`` (default:
    where the module's parameters are; the module itself is never moved). ``softmax=True`` turns
    logits into class probabilities; ``sigmoid=True`` into independent (multi-label) probabilities.
    ``batch_size`` caps how many inputs go through the module at once (e.g. for GPU memory).
    """

    def __init__(self, module, preprocess=None, *, transform=None, device=None, softmax=False, sigmoid=False, batch_size=None):
        import torch

        if not isinstance(module, torch.nn.Module):
            raise TypeError(f"torch_model needs a torch.nn.Module; got {type(module).__name__}")
        if preprocess is not None and transform is not None:
            raise ValueError("pass preprocess (for the whole batch) or transform (for each input), not both")
        for name, fn in (("preprocess", preprocess), ("transform", transform)):
            if fn is not None and not callable(fn):
                raise TypeError(f"{name} must be a function; got {type(fn).__name__}")
        if softmax and sigmoid:
            raise ValueError("softmax and sigmoid exclude each other: softmax for classes, sigmoid for independent labels")
        if batch_size is not None and int(batch_size) < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
        self.module = module
        self.preprocess = preprocess
        self.transform = transform
        self.softmax = bool(softmax)
        self.sigmoid = bool(sigmoid)
        self.batch_size = None if batch_size is None else int(batch_size)
        tensors = [*module.parameters(), *module.buffers()]
        here = tensors[0].device if tensors else None
        self.device = torch.device(device) if device is not None else (here or torch.device("cpu"))
        if here is not None and not _same_device(here, self.device):
            raise ValueError(
                f"the module's parameters are on {here}, but device={str(self.device)!r}; move the module there first "
                f"(module.to({str(self.device)!r})): lime_widgets moves only the inputs"
            )
        floats = [p.dtype for p in tensors if p.is_floating_point()]
        self.dtype = floats[0] if floats else torch.get_default_dtype()
        self.name = type(module).__name__

    def __call__(self, batch) -> np.ndarray:
        import torch

        size = self.batch_size or max(len(batch), 1)
        was_training = self.module.training
        self.module.eval()
        try:
            with torch.no_grad():
                parts = [self._forward(batch[lo : lo + size]) for lo in range(0, len(batch), size)]
        finally:
            self.module.train(was_training)
        return np.concatenate(parts, axis=0) if parts else np.zeros((0, 0))

    def _forward(self, batch) -> np.ndarray:
        import torch

        if self.preprocess is not None:
            x = self.preprocess(batch)
        elif self.transform is not None:
            x = torch.stack([torch.as_tensor(self.transform(item)) for item in batch])
        else:
            x = batch
        x = self._tensor(x)
        out = self.module(**x) if isinstance(x, Mapping) else self.module(x)
        out = _logits(out)
        if self.softmax:
            out = torch.softmax(out.float(), dim=-1)
        elif self.sigmoid:
            out = torch.sigmoid(out.float())
        return out.detach().to("cpu", torch.float64).numpy()

    def _tensor(self, x):
        import torch

        if isinstance(x, Mapping):  # keyword inputs (a tokenizer's output): each entry to the device
            return {k: self._tensor(v) for k, v in x.items()}
        if not isinstance(x, torch.Tensor):
            arr = np.asarray(x)
            x = torch.as_tensor(np.ascontiguousarray(arr))
            if x.is_floating_point():
                x = x.to(self.dtype)
        return x.to(self.device)

    def __repr__(self) -> str:
        how = "softmax" if self.softmax else "sigmoid" if self.sigmoid else "raw outputs"
        return f"torch_model({self.name}, device={str(self.device)!r}, {how})"


def _same_device(a, b) -> bool:
    if a.type != b.type:
        return False
    return a.index is None or b.index is None or a.index == b.index


def _logits(out):
    """The tensor of scores in a module's output: itself, a model output's ``logits``, or the first item."""
    import torch

    if isinstance(out, torch.Tensor):
        return out
    logits = getattr(out, "logits", None)
    if logits is None and isinstance(out, dict):
        logits = out.get("logits")
    if logits is None and isinstance(out, (tuple, list)) and out:
        logits = out[0]
    if not isinstance(logits, torch.Tensor):
        raise TypeError(f"the module returned {type(out).__name__}; expected a tensor of scores (or an output with .logits)")
    return logits


def torch_model(module, preprocess=None, *, transform=None, device=None, softmax=False, sigmoid=False, batch_size=None) -> TorchModel:
    """A PyTorch module as a model LIME can call; see ``TorchModel``.

    Example: ``lw.torch_model(cnn, lambda imgs: imgs.transpose(0, 3, 1, 2) / 255.0, softmax=True)``.
    """
    return TorchModel(module, preprocess, transform=transform, device=device, softmax=softmax, sigmoid=sigmoid, batch_size=batch_size)
