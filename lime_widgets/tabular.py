"""Tabular rows: feature conditions as interpretable features, and the lime-compatible explainer."""
from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

import numpy as np

from .core.engine import BaseExplainer
from .core.evaluator import Neighborhood, Point
from .core.explanation import Explanation
from .core.kernels import make_kernel_fn
from .tabular_stats import BinDraws, Bins, ColumnCodec, FrequencyDraws, fit_column_bins

__all__ = ["LimeTabularExplainer", "TabularDomain", "TabularExplanation", "explain_tabular"]


class TabularDomain:
    """One row against the training statistics.

    With discretization every feature's interpretable value is 1 when a sample falls in the same bin
    (or category) as the row, else 0; without, continuous features keep their standardised value.
    Samples draw a bin (category) per feature from its training frequencies and, for continuous
    features, a value from the bin's truncated normal.
    """

    distance_scale = 1.0

    def __init__(self, explainer: LimeTabularExplainer, row):
        self.x = explainer.codec.encode_row(row)
        self.explainer = explainer
        self.codec = explainer.codec
        self.num_features = len(self.codec.names)
        self.discretized = explainer.bins is not None
        e = explainer
        self.instance_bin = {j: int(np.searchsorted(b.borders, self.x[j])) for j, b in (e.bins or {}).items()}
        self.feature_names = self._feature_names()

    @cached_property
    def values(self) -> list[str]:
        """The row's values as people read them."""
        return [self.codec.display(j, self.x[j]) for j in range(self.num_features)]

    # ---- names ----------------------------------------------------------------------------
    def condition(self, j: int, value: float | None = None) -> str:
        name = self.codec.names[j]
        if j in self.codec.categories:
            return f"{name}={self.codec.categories[j][int(self.x[j] if value is None else value)]}"
        if self.discretized:
            bins = self.explainer.bins[j]
            return bins.name(name, self.instance_bin[j] if value is None else int(bins.index(value)))
        return name

    def _feature_names(self) -> list[str]:
        return [self.condition(j) for j in range(self.num_features)]

    def map_exp_ids(self, exp, **kwargs):
        return [(self.feature_names[f], w) for f, w in exp]

    # ---- sampling -------------------------------------------------------------------------
    def sample(self, rng: np.random.Generator, num_samples: int) -> Neighborhood:
        """Every column at once: categories and bins drawn from their training frequencies, then, for
        continuous columns, a value from the drawn bin's truncated normal (or, without discretization,
        a normal scaled by the training std around the mean or the row)."""
        e, n, d = self.explainer, num_samples, self.num_features
        raw = np.empty((n, d))
        Z = np.empty((n, d), dtype=bool if self.discretized else float)  # discretized: every feature is in / out
        cats = tuple(sorted(self.codec.categories))
        binned = tuple(j for j in range(d) if j not in self.codec.categories and self.discretized)
        gauss = [j for j in range(d) if j not in self.codec.categories and not self.discretized]
        if cats:
            draws = e.draws(cats)
            codes = draws.value_table.take(draws.draw(rng, n))
            raw[:, cats] = codes
            Z[:, cats] = codes == self.x[list(cats)]
        if binned:
            draws = e.draws(binned)
            positions = np.array([draws.position_of(c, self.instance_bin[j]) for c, j in enumerate(binned)])
            if len(binned) == d:
                draws.fill(rng, raw, Z, positions)
            else:
                values, same = np.empty((n, len(binned))), np.empty((n, len(binned)), dtype=bool)
                draws.fill(rng, values, same, positions)
                raw[:, list(binned)], Z[:, list(binned)] = values, same
        if gauss:
            centre = self.x[gauss] if e.sample_around_instance else e.mean[gauss]
            raw[:, gauss] = rng.standard_normal((n, len(gauss))) * e.scale[gauss] + centre
            Z[:, gauss] = (raw[:, gauss] - e.mean[gauss]) / e.scale[gauss]
        raw[0] = self.x
        Z[0] = self.z0
        return Neighborhood(Z=Z, realize=lambda rows: self.codec.decode(raw[rows]), keys=None)

    @cached_property
    def z0(self) -> np.ndarray:
        """The row's own interpretable values."""
        return self._z(self.x)

    def _z(self, row: np.ndarray) -> np.ndarray:
        e = self.explainer
        z = np.empty(self.num_features)
        for j in range(self.num_features):
            if j in self.codec.categories:
                z[j] = float(row[j] == self.x[j])
            elif self.discretized:
                z[j] = float(e.bins[j].index(row[j]) == self.instance_bin[j])
            else:
                z[j] = (row[j] - e.mean[j]) / e.scale[j]
        return z

    def distances(self, Z: np.ndarray, metric="euclidean") -> np.ndarray:
        if isinstance(metric, str) and metric == "euclidean":
            if Z.dtype == bool:  # in / out of the row's bin: the distance counts the features that moved
                return np.sqrt(np.count_nonzero(Z != Z[0], axis=1).astype(float))
            return np.sqrt(np.einsum("ij,ij->i", Z - Z[0], Z - Z[0]))
        from sklearn.metrics import pairwise_distances

        return pairwise_distances(Z.astype(float), Z[:1].astype(float), metric=metric).ravel()

    # ---- hand edits -----------------------------------------------------------------------
    def off_value(self, j: int) -> float:
        """Where feature j goes when switched off: out of the row's bin (or category), deterministically.

        Numeric: the training mean of the values outside the row's bin (without discretization, the
        training mean). Categorical: the most frequent other category.
        """
        e = self.explainer
        if j in self.codec.categories:
            values, freqs = e.category_values[j], e.category_freqs[j]
            order = np.argsort(-freqs, kind="stable")
            for k in order:
                if values[k] != self.x[j]:
                    return float(values[k])
            raise ValueError(f"{self.codec.names[j]!r} has a single category; it cannot be switched off")
        if self.discretized:
            column = e.training[:, j]
            outside = column[e.bins[j].index(column) != self.instance_bin[j]]
            if outside.size == 0:
                raise ValueError(f"every training value of {self.codec.names[j]!r} is in the row's bin; it cannot be switched off")
            return float(outside.mean())
        return float(e.mean[j])

    def edit(self, off: Iterable[int] = (), set: dict | None = None) -> np.ndarray:
        d = self.num_features
        off = sorted({int(i) for i in off})
        bad = [i for i in off if not 0 <= i < d]
        if bad:
            raise IndexError(f"feature ids {bad} do not exist; this explanation has features 0..{d - 1}")
        row = self.x.copy()
        for j in off:
            row[j] = self.off_value(j)
        for key, value in (set or {}).items():
            j = self.feature_index(key)
            if j in off:
                raise ValueError(f"feature {self.codec.names[j]!r} is both switched off and set")
            if j in self.codec.categories:
                row[j] = self.codec.code(j, value)
            else:
                try:
                    row[j] = float(value)
                except (TypeError, ValueError):
                    raise ValueError(f"feature {self.codec.names[j]!r} is numeric; got {value!r}") from None
                if not np.isfinite(row[j]):
                    raise ValueError(f"feature {self.codec.names[j]!r} must be a finite number; got {value!r}")
        return row

    def feature_index(self, key) -> int:
        if isinstance(key, (int, np.integer)) and 0 <= int(key) < self.num_features:
            return int(key)
        names = self.codec.names
        if str(key) in names:
            return names.index(str(key))
        raise KeyError(f"no feature {key!r}; features: {', '.join(names)}")

    def point(self, off: Iterable[int] = (), set: dict | None = None) -> Point:
        row = self.edit(off, set)
        batch = self.codec.decode(row[None, :])
        single = batch.iloc[0] if hasattr(batch, "iloc") else batch[0]
        return Point(key=row.tobytes(), z=self._z(row), input=single, batch=batch)


class TabularExplanation(Explanation):
    """An Explanation of a table row (lime's accessors, plus conditions and what-if edits)."""

    @property
    def conditions(self) -> list[str]:
        return self.domain.feature_names

    def counterfactual(self, off: Iterable[int] = (), set: dict | None = None):
        """``off``: features moved out of the row's bin (or category); ``set``: {feature: new value}."""
        return super().counterfactual(off, set=set)

    def surrogate_estimate(self, off: Iterable[int] = (), set: dict | None = None):
        return super().surrogate_estimate(off, set=set)


class LimeTabularExplainer(BaseExplainer):
    """Explains classifiers and regressors on table rows; lime 0.2.0.1's arguments and defaults.

    Beyond lime: a pandas DataFrame as training data (names and categorical columns are taken from
    it, categories may be strings) and a Series or 1-D array as the row; a model trained on a
    DataFrame (sklearn's ``feature_names_in_``) receives DataFrames; every call with the same seed
    is reproducible; ``counterfactual(off=..., set=...)`` for what-if edits.
    """

    explanation_class = TabularExplanation

    def __init__(
        self,
        training_data,
        mode="classification",
        training_labels=None,
        feature_names=None,
        categorical_features=None,
        categorical_names=None,
        kernel_width=None,
        kernel=None,
        verbose=False,
        class_names=None,
        feature_selection="auto",
        discretize_continuous=True,
        discretizer="quartile",
        sample_around_instance=False,
        random_state=None,
        training_data_stats=None,
        multi_label=None,
    ):
        if mode not in ("classification", "regression"):
            raise ValueError(f"mode must be 'classification' or 'regression', got {mode!r}")
        self.mode = mode
        self.multi_label = multi_label
        self.codec, self.training = ColumnCodec.from_training(training_data, feature_names, categorical_features, categorical_names)
        n, d = self.training.shape
        if n < 2:
            raise ValueError("training_data needs at least two rows")
        if not np.all(np.isfinite(self.training)):
            cols = [self.codec.names[j] for j in range(d) if not np.all(np.isfinite(self.training[:, j]))]
            raise ValueError(f"training columns {cols} have missing or infinite values; fill or drop them first")
        stats = _check_stats(training_data_stats)
        constant = [self.codec.names[j] for j in np.flatnonzero((self.training == self.training[0]).all(axis=0))]
        if constant and not (stats is not None and discretize_continuous):  # with lime's stats the data may be a placeholder
            raise ValueError(
                f"training columns {constant} are constant: LIME cannot perturb a feature that never varies. Drop them"
            )
        self.random_state = random_state
        self.verbose = verbose
        self.class_names = class_names
        self.feature_selection = feature_selection
        self.sample_around_instance = bool(sample_around_instance)
        self.kernel_width = float(np.sqrt(d) * 0.75 if kernel_width is None else kernel_width)
        self.kernel_fn = make_kernel_fn(kernel, self.kernel_width)
        self.mean = self.training.mean(axis=0)
        std = self.training.std(axis=0)
        self.scale = np.where(std > 0, std, 1.0)
        labels = None if training_labels is None else np.asarray(training_labels)
        self.bins: dict[int, Bins] | None = None
        self.bin_values, self.bin_freqs = {}, {}
        if discretize_continuous:
            continuous = [j for j in range(d) if j not in self.codec.categories]
            if not isinstance(discretizer, str):  # an object with lime's discretizer interface
                fitted, values, counts = _from_discretizer(discretizer, self.training, continuous, self.codec.names)
            elif stats is not None:  # lime's precomputed statistics replace the training data's
                fitted = [
                    Bins(
                        borders=np.asarray(stats["bins"][j], dtype=float),
                        **{k: np.asarray(stats[k][j], dtype=float) for k in ("means", "stds", "mins", "maxs")},
                    )
                    for j in continuous
                ]
                values = [np.asarray(stats["feature_values"][j]) for j in continuous]
                counts = [np.asarray(stats["feature_frequencies"][j], dtype=float) for j in continuous]
            else:
                fitted, counts = fit_column_bins(self.training[:, continuous], discretizer, labels, seed=0) if continuous else ([], [])
                values = [np.flatnonzero(c) for c in counts]  # lime draws only the bins the training data fills
                counts = [c[v] for c, v in zip(counts, values)]
            self.bins = dict(zip(continuous, fitted))
            for j, v, c in zip(continuous, values, counts):
                self.bin_values[j], self.bin_freqs[j] = v, c / c.sum()
        self.discretizer = discretizer if discretize_continuous else None
        self.category_values, self.category_freqs = {}, {}
        for j in self.codec.categories:
            if stats is not None and j in stats["feature_values"]:  # lime's stats list the values; we sample codes
                values = np.asarray([self.codec.code(j, v) for v in stats["feature_values"][j]], dtype=float)
                counts = np.asarray(stats["feature_frequencies"][j], dtype=float)
            else:
                values, counts = np.unique(self.training[:, j], return_counts=True)
            self.category_values[j], self.category_freqs[j] = values, counts / counts.sum()
        for j in self.codec.categories:  # categorical features are compared, not scaled
            self.mean[j], self.scale[j] = 0.0, 1.0
        # lime's attributes: the columns sampled from frequencies (every column when discretized), and per
        # column the values drawn (bin indices, or the categories' values) with their frequencies
        self.categorical_names = categorical_names or {}
        self.categorical_features = sorted([*self.codec.categories, *self.bin_values])
        self.feature_values, self.feature_frequencies = {}, {}
        for j in self.categorical_features:
            if j in self.bin_values:
                self.feature_values[j], self.feature_frequencies[j] = [int(v) for v in self.bin_values[j]], self.bin_freqs[j]
            else:
                cats = self.codec.categories[j]
                self.feature_values[j] = [cats[int(v)] if j not in self.codec.by_value else int(v) for v in self.category_values[j]]
                self.feature_frequencies[j] = self.category_freqs[j]

    @property
    def feature_names(self) -> list[str]:
        return list(self.codec.names)

    def draws(self, columns: tuple[int, ...]):
        """The (cached) sampler of ``columns``: BinDraws for binned continuous columns, FrequencyDraws
        for categorical ones."""
        cache = self.__dict__.setdefault("_draws", {})
        if columns not in cache:
            if all(j in self.codec.categories for j in columns):
                cache[columns] = FrequencyDraws([self.category_freqs[j] for j in columns], [self.category_values[j] for j in columns])
            else:
                cache[columns] = BinDraws([self.bins[j] for j in columns], [self.bin_values[j] for j in columns], [self.bin_freqs[j] for j in columns])
        return cache[columns]

    def _wants_frame(self, model) -> bool:
        names = getattr(model, "feature_names_in_", None)
        return names is not None and [str(n) for n in names] == self.codec.names

    def explain_instance(
        self,
        data_row,
        predict_fn,
        labels=(1,),
        top_labels=None,
        num_features=10,
        num_samples=5000,
        distance_metric="euclidean",
        model_regressor=None,
        *,
        batch_size: int = 5000,
        random_state=None,
        progress=None,
    ) -> TabularExplanation:
        """Explain ``data_row`` for ``predict_fn`` (a callable on a batch of rows, or an sklearn model)."""
        domain = TabularDomain(self, data_row)
        codec = self.codec
        if not codec.frame and self._wants_frame(predict_fn):
            import pandas as pd

            codec = _FrameCodec(self.codec, pd)
            domain.codec = codec
        return self._explain(
            domain,
            predict_fn,
            labels=labels,
            top_labels=top_labels,
            num_features=num_features,
            num_samples=num_samples,
            distance_metric=distance_metric,
            model_regressor=model_regressor,
            random_state=random_state,
            batch_size=batch_size,
            progress=progress,
        )


STATS_KEYS = ("means", "mins", "maxs", "stds", "feature_values", "feature_frequencies")


def _check_stats(stats):
    """lime's ``training_data_stats``: per feature index, per-bin means, stds, mins and maxs, the values
    and frequencies to sample bins (or categories) from, and the bin borders ('bins'; when missing,
    read from 'maxs', which lime builds as the borders followed by the column's maximum)."""
    if stats is None:
        return None
    missing = [k for k in STATS_KEYS if k not in stats]
    if missing:
        raise ValueError(f"training_data_stats is missing {missing}; it needs {list(STATS_KEYS)} (and 'bins', the borders)")
    out = {k: {int(f): v for f, v in stats[k].items()} for k in STATS_KEYS}
    out["bins"] = {int(f): v for f, v in stats["bins"].items()} if "bins" in stats else {f: list(v)[:-1] for f, v in out["maxs"].items()}
    return out


DISCRETIZER_ATTRIBUTES = ("lambdas", "means", "stds", "mins", "maxs")


def _from_discretizer(discretizer, training: np.ndarray, continuous: list[int], names: list[str]):
    """Bins, drawable bins and their training counts from a discretizer object with lime's interface
    (``lambdas``, ``means``, ``stds``, ``mins``, ``maxs`` per column: ``lime_widgets.discretize`` or lime's own)."""
    missing = [a for a in DISCRETIZER_ATTRIBUTES if not hasattr(discretizer, a)]
    if missing:
        raise ValueError(
            "discretizer must be 'quartile', 'decile', 'entropy' or a discretizer object (lime_widgets.discretize."
            f"QuartileDiscretizer, ..., or lime's); got {type(discretizer).__name__}, which has no {', '.join(missing)}"
        )
    binned = sorted(int(j) for j in discretizer.lambdas)
    if binned != continuous:
        raise ValueError(
            f"the discretizer bins columns {binned}, but the explainer's continuous columns are {continuous}: "
            "build the discretizer with the same categorical_features"
        )
    fitted, values, counts = [], [], []
    for j in continuous:
        mins = np.asarray(discretizer.mins[j], dtype=float)
        bins = Bins(borders=mins[1:], mins=mins, **{k: np.asarray(getattr(discretizer, k)[j], dtype=float) for k in ("maxs", "means", "stds")})
        if not bins.means.size == bins.stds.size == bins.maxs.size == bins.borders.size + 1:
            raise ValueError(f"the discretizer's statistics of column {names[j]!r} do not have one entry per bin")
        which = np.asarray(discretizer.lambdas[j](training[:, j]), dtype=np.intp)
        count = np.bincount(which, minlength=bins.borders.size + 1).astype(float)
        fitted.append(bins)
        values.append(np.flatnonzero(count))
        counts.append(count[values[-1]])
    return fitted, values, counts


class _FrameCodec:
    """The codec of a numpy-trained explainer, handing DataFrames to a model fitted on one."""

    def __init__(self, codec: ColumnCodec, pd):
        self._codec, self._pd = codec, pd

    def __getattr__(self, name):
        return getattr(self._codec, name)

    def decode(self, matrix):
        return self._pd.DataFrame(self._codec.decode(matrix), columns=self._codec.names)


def explain_tabular(model, row, training_data, **options):
    """Explain one table ``row`` for ``model`` and return the live view (a widget).

    ``options`` are the keywords of ``LimeTabularExplainer`` and its ``explain_instance``
    (feature_names, categorical_features, class_names, mode, num_features, random_state, ...).
    """
    from .text import split_options
    from .widgets.progress import live_view
    from .widgets.tabular import TabularView

    ctor, call = split_options(options, LimeTabularExplainer.__init__, LimeTabularExplainer.explain_instance)
    progress = call.pop("progress", None)
    return live_view(
        TabularView, lambda p: LimeTabularExplainer(training_data, **ctor).explain_instance(row, model, progress=p, **call), progress
    )
