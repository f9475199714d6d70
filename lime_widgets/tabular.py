"""Tabular rows: feature conditions as interpretable features, and the lime-compatible explainer."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from functools import cached_property

import numpy as np

from .core.domain import Domain
from .core.engine import BaseExplainer
from .core.evaluator import Neighborhood, Point
from .core.kernels import make_kernel_fn
from .explanation import Explanation
from .tabular_stats import Bins, ColumnCodec, TrainingStats, fit_column_bins

__all__ = ["LimeTabularExplainer", "TabularDomain", "TabularExplanation", "explain_tabular"]


class TabularDomain(Domain):
    """One row against the training statistics (a :class:`TrainingStats` value).

    With discretization every feature's interpretable value is 1 when a sample falls in the same bin
    (or category) as the row, else 0; without, continuous features keep their standardised value.
    Samples draw a bin (category) per feature from its training frequencies and, for continuous
    features, a value from the bin's truncated normal.
    """

    kind = "tabular"

    def __init__(self, stats: TrainingStats, row):
        self.stats = stats
        self.codec = stats.codec
        self.x = self.codec.encode_row(row)
        self.discretized = stats.discretized
        self.instance_bin = {j: int(np.searchsorted(b.borders, self.x[j])) for j, b in (stats.bins or {}).items()}
        self.feature_names = [self.condition(j) for j in range(self.num_features)]

    @property
    def num_features(self) -> int:
        return len(self.codec.names)

    @cached_property
    def values(self) -> list[str]:
        """The row's values as people read them."""
        return [self.codec.display(j, self.x[j]) for j in range(self.num_features)]

    def condition(self, j: int, value: float | None = None) -> str:
        """lime's name of the condition feature j's value (the row's by default) falls in."""
        name = self.codec.names[j]
        if j in self.codec.categories:
            return f"{name}={self.codec.categories[j][int(self.x[j] if value is None else value)]}"
        if self.discretized:
            bins = self.stats.bins[j]
            return bins.name(name, self.instance_bin[j] if value is None else int(bins.index(value)))
        return name

    # ---- sampling -------------------------------------------------------------------------
    def sample(self, rng: np.random.Generator, num_samples: int) -> Neighborhood:
        """Every column at once: categories and bins drawn from their training frequencies, then, for
        continuous columns, a value from the drawn bin's truncated normal (or, without discretization,
        a normal scaled by the training std around the mean or the row)."""
        st, n, d = self.stats, num_samples, self.num_features
        raw = np.empty((n, d))
        Z = np.empty((n, d), dtype=bool if self.discretized else float)  # discretized: every feature is in / out
        cats = tuple(sorted(self.codec.categories))
        binned = tuple(j for j in range(d) if j not in self.codec.categories and self.discretized)
        gauss = [j for j in range(d) if j not in self.codec.categories and not self.discretized]
        if cats:
            draws = st.draws(cats)
            codes = draws.value_table.take(draws.draw(rng, n))
            raw[:, cats] = codes
            Z[:, cats] = codes == self.x[list(cats)]
        if binned:
            self._sample_bins(rng, st.draws(binned), binned, raw, Z)
        if gauss:
            centre = self.x[gauss] if st.sample_around_instance else st.mean[gauss]
            raw[:, gauss] = rng.standard_normal((n, len(gauss))) * st.scale[gauss] + centre
            Z[:, gauss] = (raw[:, gauss] - st.mean[gauss]) / st.scale[gauss]
        raw[0] = self.x
        Z[0] = self.z0
        return Neighborhood(Z=Z, realize=lambda rows: self.codec.decode(raw[rows]), keys=None)

    def _sample_bins(self, rng, draws, binned, raw, Z):
        positions = np.array([draws.position_of(c, self.instance_bin[j]) for c, j in enumerate(binned)])
        if len(binned) == self.num_features:
            draws.fill(rng, raw, Z, positions)
            return
        values, same = np.empty((len(raw), len(binned))), np.empty((len(raw), len(binned)), dtype=bool)
        draws.fill(rng, values, same, positions)
        raw[:, list(binned)], Z[:, list(binned)] = values, same

    @cached_property
    def z0(self) -> np.ndarray:
        """The row's own interpretable values."""
        return self.z_of(self.x)

    def z_of(self, row: np.ndarray) -> np.ndarray:
        """The interpretable values of an encoded ``row`` (1 / 0 in or out of the row's bin or category;
        standardised without discretization)."""
        st = self.stats
        z = np.empty(self.num_features)
        for j in range(self.num_features):
            if j in self.codec.categories:
                z[j] = float(row[j] == self.x[j])
            elif self.discretized:
                z[j] = float(st.bins[j].index(row[j]) == self.instance_bin[j])
            else:
                z[j] = (row[j] - st.mean[j]) / st.scale[j]
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
        name = self.codec.names[j]
        if j in self.codec.categories:
            value = self.stats.most_frequent_other(j, self.x[j])
            if value is None:
                raise ValueError(f"{name!r} has a single category; it cannot be switched off")
            return value
        if self.discretized:
            value = self.stats.mean_outside_bin(j, self.instance_bin[j])
            if value is None:
                raise ValueError(f"every training value of {name!r} is in the row's bin; it cannot be switched off")
            return value
        return float(self.stats.mean[j])

    def feature_index(self, key) -> int:
        """Feature id of ``key``: an id, a column name, or an id written as ASCII digits."""
        if isinstance(key, (int, np.integer)) and not isinstance(key, (bool, np.bool_)) and 0 <= int(key) < self.num_features:
            return int(key)
        names = self.codec.names
        if str(key) in names:
            return names.index(str(key))
        if isinstance(key, str) and key.isascii() and key.isdigit() and int(key) < self.num_features:
            return int(key)
        raise ValueError(f"no feature {key!r}; features: {', '.join(names)}")

    def check_edits(self, edits) -> dict[int, float | str]:
        """``edits`` {feature id or name: value} checked: numbers finite for numeric features, a known
        category for categorical ones; returns {id: value} (numbers as floats, categories as given)."""
        if edits is None:
            return {}
        if not isinstance(edits, Mapping):
            raise ValueError(f"edits must be a dict {{feature: value}}, not {type(edits).__name__}")
        if len(edits) > self.num_features:
            raise ValueError(f"{len(edits)} edits given, but the row has only {self.num_features} features")
        out: dict[int, float | str] = {}
        for key, value in edits.items():
            j = self.feature_index(key)
            if j in out:
                raise ValueError(f"feature {self.codec.names[j]!r} is edited twice")
            out[j] = self._check_value(j, value)
        return out

    def _check_value(self, j: int, value):
        name = self.codec.names[j]
        if j in self.codec.categories:
            self.codec.code(j, value)  # raises for an unknown category
            return value
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ValueError(f"feature {name!r} is numeric; got {value!r}")
        if not np.isfinite(value):
            raise ValueError(f"feature {name!r} must be a finite number; got {value!r}")
        return float(value)

    def edit(self, off: Iterable[int] = (), edits: Mapping | None = None) -> np.ndarray:
        """The encoded row with the features ``off`` switched off and ``edits`` applied."""
        off = self.check_off(off)
        edits = self.check_edits(edits)
        row = self.x.copy()
        for j in off:
            row[j] = self.off_value(j)
        for j, value in edits.items():
            if j in off:
                raise ValueError(f"feature {self.codec.names[j]!r} is both switched off and edited")
            row[j] = self.codec.code(j, value) if j in self.codec.categories else value
        return row

    def point(self, off: Iterable[int] = (), edits: Mapping | None = None) -> Point:
        row = self.edit(off, edits)
        batch = self.codec.decode(row[None, :])
        single = batch.iloc[0] if hasattr(batch, "iloc") else batch[0]
        return Point(key=row.tobytes(), z=self.z_of(row), input=single, batch=batch)

    # ---- what the view shows --------------------------------------------------------------
    def view_state(self) -> dict:
        return {"columns": [self._column_state(j) for j in range(self.num_features)], "edits": {}}

    def _column_state(self, j: int) -> dict:
        st, codec = self.stats, self.codec
        categorical = j in codec.categories
        numeric_bins = self.discretized and not categorical
        plain = not categorical and not self.discretized
        return {
            "name": codec.names[j],
            "value": self.values[j],
            "condition": self.feature_names[j],
            "type": "categorical" if categorical else "numeric",
            "categories": [str(c) for c in codec.categories[j]] if categorical else None,
            "raw": str(codec.categories[j][int(self.x[j])]) if categorical else float(self.x[j]),
            "off_value": codec.display(j, self.off_value(j)),
            "min": None if categorical else float(st.minimum[j]),
            "max": None if categorical else float(st.maximum[j]),
            "borders": [float(b) for b in st.bins[j].borders] if numeric_bins else None,
            "bin": self.instance_bin.get(j) if numeric_bins else None,
            "mean": float(st.mean[j]) if plain else None,
            "scale": float(st.scale[j]) if plain else None,
            "z0": float(self.z0[j]),
        }

    def answer_state(self, cf) -> dict:
        row = self.edit(cf.off, cf.edits)
        return {
            "input": None,
            "row": [self.codec.display(j, row[j]) for j in range(self.num_features)],
            "conditions": [self.condition(j, row[j]) for j in range(self.num_features)],
        }


class TabularExplanation(Explanation):
    """An Explanation of a table row (lime's accessors, plus conditions and what-if edits:
    ``counterfactual(off=[...], edits={feature: value})``)."""

    @property
    def conditions(self) -> list[str]:
        return self.domain.feature_names


class LimeTabularExplainer(BaseExplainer):
    """Explains classifiers and regressors on table rows; lime 0.2.0.1's arguments and defaults.

    Beyond lime: a pandas DataFrame as training data (names and categorical columns are taken from
    it, categories may be strings) and a Series or 1-D array as the row; a model trained on a
    DataFrame (sklearn's ``feature_names_in_``) receives DataFrames; every call with the same seed
    is reproducible; ``counterfactual(off=..., edits=...)`` for what-if edits. ``stats`` holds what an
    explanation needs of the training data (a :class:`TrainingStats`).
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
        stats = _check_stats(training_data_stats)
        self._check_training(placeholder=stats is not None and discretize_continuous)
        d = self.training.shape[1]
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
            self._fit_bins(discretizer, labels, stats)
        self.discretizer = discretizer if discretize_continuous else None
        self._fit_categories(stats)
        self._lime_attributes(categorical_names)
        self.stats = TrainingStats(
            codec=self.codec, mean=self.mean, scale=self.scale,
            minimum=self.training.min(axis=0), maximum=self.training.max(axis=0),
            bins=self.bins, bin_values=self.bin_values, bin_freqs=self.bin_freqs,
            category_values=self.category_values, category_freqs=self.category_freqs,
            sample_around_instance=self.sample_around_instance,
        )

    def _check_training(self, placeholder: bool):
        """Enough finite rows; no constant column, unless lime's precomputed statistics stand in for the data
        (then the training data may be a placeholder)."""
        n, d = self.training.shape
        if n < 2:
            raise ValueError("training_data needs at least two rows")
        if not np.all(np.isfinite(self.training)):
            cols = [self.codec.names[j] for j in range(d) if not np.all(np.isfinite(self.training[:, j]))]
            raise ValueError(f"training columns {cols} have missing or infinite values; fill or drop them first")
        constant = [self.codec.names[j] for j in np.flatnonzero((self.training == self.training[0]).all(axis=0))]
        if constant and not placeholder:
            raise ValueError(
                f"training columns {constant} are constant: LIME cannot perturb a feature that never varies. Drop them"
            )

    def _fit_bins(self, discretizer, labels, stats):
        """Bins of the continuous columns: from a lime-style discretizer object, lime's precomputed statistics,
        or the training data."""
        continuous = [j for j in range(self.training.shape[1]) if j not in self.codec.categories]
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

    def _fit_categories(self, stats):
        """Each categorical column's values (codes) and frequencies, from lime's statistics or the training data
        (categorical columns are compared, not scaled: mean 0, scale 1)."""
        self.category_values, self.category_freqs = {}, {}
        for j in self.codec.categories:
            if stats is not None and j in stats["feature_values"]:  # lime's stats list the values; we sample codes
                values = np.asarray([self.codec.code(j, v) for v in stats["feature_values"][j]], dtype=float)
                counts = np.asarray(stats["feature_frequencies"][j], dtype=float)
            else:
                values, counts = np.unique(self.training[:, j], return_counts=True)
            self.category_values[j], self.category_freqs[j] = values, counts / counts.sum()
            self.mean[j], self.scale[j] = 0.0, 1.0

    def _lime_attributes(self, categorical_names):
        """lime's attributes: the columns sampled from frequencies (every column when discretized), and per
        column the values drawn (bin indices, or the categories' values) with their frequencies."""
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
        max_samples: int | None = None,
        batch_size: int = 5000,
        random_state=None,
        progress=None,
    ) -> TabularExplanation:
        """Explain ``data_row`` for ``predict_fn`` (a callable on a batch of rows, or an sklearn model).

        ``num_samples='auto'`` samples in rounds until the top features are separated (cap ``max_samples``, default 20,000).
        """
        stats = self.stats
        if not self.codec.frame and self._wants_frame(predict_fn):
            import pandas as pd

            stats = dataclasses.replace(stats, codec=_FrameCodec(self.codec, pd))
        return self._explain(
            TabularDomain(stats, data_row),
            predict_fn,
            labels=labels,
            top_labels=top_labels,
            num_features=num_features,
            num_samples=num_samples,
            max_samples=max_samples,
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
    from .live import explain_live

    return explain_live(LimeTabularExplainer, row, model, options, explainer_args=(training_data,))
