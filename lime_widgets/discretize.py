"""Discretizers with lime's interface (``lime.discretize``), for ``LimeTabularExplainer(discretizer=...)``.

A discretizer cuts each continuous column at the borders its ``bins(data, labels)`` returns and keeps,
per column, lime's attributes: ``names`` (the condition of each bin), ``lambdas`` (value -> bin),
``means``, ``stds``, ``mins``, ``maxs`` (per bin, of the training values in it). ``discretize`` maps
values to bins; ``undiscretize`` draws a value in each bin from a normal truncated to it. Subclass
``BaseDiscretizer`` and define ``bins`` for a custom binning, as with lime; a discretizer object made
by lime itself is accepted by the explainer as well.
"""
from __future__ import annotations

import numpy as np

from .tabular_stats import PERCENTILES, Bins, entropy_borders, truncated_standard_normal

__all__ = ["BaseDiscretizer", "DecileDiscretizer", "EntropyDiscretizer", "QuartileDiscretizer", "StatsDiscretizer"]


def _generator(random_state) -> np.random.Generator:
    """A numpy Generator from lime's kinds of random_state: None, an int, a RandomState or a Generator."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(random_state.randint(0, 2**31 - 1))
    return np.random.default_rng(random_state)


class BaseDiscretizer:
    """Bins every column not in ``categorical_features``; subclasses say where the borders are (``bins``).

    ``data_stats`` (lime's: 'means', 'stds', 'mins', 'maxs' per column, and 'bins' for
    ``StatsDiscretizer``) replaces the statistics computed from ``data``.
    """

    def __init__(self, data, categorical_features, feature_names, labels=None, random_state=None, data_stats=None):
        data = np.asarray(data, dtype=float)
        if data.ndim != 2:
            raise ValueError(f"data must be a 2-D array; got shape {data.shape}")
        if len(feature_names) != data.shape[1]:
            raise ValueError(f"feature_names has {len(feature_names)} names, but data has {data.shape[1]} columns")
        categorical = {int(c) for c in categorical_features}
        self.to_discretize = [j for j in range(data.shape[1]) if j not in categorical]
        self.data_stats = data_stats
        self.random_state = random_state
        self._rng = _generator(random_state)
        self.names, self.lambdas = {}, {}
        self.means, self.stds, self.mins, self.maxs = {}, {}, {}, {}
        borders = [np.unique(np.asarray(q, dtype=float)) for q in self.bins(data, labels)]
        if len(borders) != len(self.to_discretize):
            raise ValueError(f"bins() returned borders for {len(borders)} columns; {len(self.to_discretize)} columns are to discretize")
        if data_stats:
            for key in ("means", "stds", "mins", "maxs"):
                getattr(self, key).update({int(j): list(v) for j, v in data_stats[key].items()})
        for j, q in zip(self.to_discretize, borders):
            if q.size == 0:
                raise ValueError(f"bins() returned no border for column {feature_names[j]!r}")
            column = data[:, j]
            self.lambdas[j] = lambda x, q=q: np.searchsorted(q, x)
            bins = Bins(borders=q, means=np.zeros(q.size + 1), stds=np.zeros(q.size + 1), mins=np.zeros(q.size + 1), maxs=np.zeros(q.size + 1))
            self.names[j] = [bins.name(str(feature_names[j]), k) for k in range(q.size + 1)]
            if data_stats:
                continue
            which = self.lambdas[j](column)
            counts = np.bincount(which, minlength=q.size + 1)
            seen = np.maximum(counts, 1)
            means = np.bincount(which, weights=column, minlength=q.size + 1) / seen
            spread = np.bincount(which, weights=(column - means[which]) ** 2, minlength=q.size + 1) / seen
            self.means[j] = means.tolist()  # empty bins: mean 0, std 0 (plus lime's 1e-11)
            self.stds[j] = (np.sqrt(spread) + 1e-11).tolist()
            self.mins[j] = [float(column.min()), *q.tolist()]
            self.maxs[j] = [*q.tolist(), float(column.max())]

    def bins(self, data, labels):
        """The borders of each column in ``to_discretize`` (a list of 1-D arrays), to be defined by subclasses."""
        raise NotImplementedError("a discretizer defines bins(data, labels): the borders of each column to discretize")

    def discretize(self, data):
        """The bin of every value of the discretized columns (other columns unchanged); 1-D or 2-D data."""
        out = np.array(data, dtype=float, copy=True)
        for j, to_bin in self.lambdas.items():
            if out.ndim == 1:
                out[j] = int(to_bin(out[j]))
            else:
                out[:, j] = to_bin(out[:, j]).astype(int)
        return out

    def get_undiscretize_values(self, feature, values):
        """A value in each bin of ``values`` (bin indices of ``feature``): a draw from the bin's normal
        (its training mean and std) truncated to the bin; a bin whose bounds coincide gives that bound."""
        values = np.asarray(values, dtype=np.intp)
        lo, hi = (np.asarray(getattr(self, k)[feature], dtype=float)[values] for k in ("mins", "maxs"))
        mu, sd = (np.asarray(getattr(self, k)[feature], dtype=float)[values] for k in ("means", "stds"))
        a, b = (lo - mu) / sd, (hi - mu) / sd
        out = a.copy()
        draw = a != b
        if draw.any():
            out[draw] = truncated_standard_normal(a[draw], b[draw], self._rng) * sd[draw] + mu[draw]
        return out

    def undiscretize(self, data):
        """Values for bins: each discretized column's bin indices replaced by a value drawn in the bin."""
        out = np.array(data, dtype=float, copy=True)
        for j in self.means:
            if out.ndim == 1:
                out[j] = self.get_undiscretize_values(j, np.array([out[j]]).astype(int))[0]
            else:
                out[:, j] = self.get_undiscretize_values(j, out[:, j].astype(int))
        return out


class QuartileDiscretizer(BaseDiscretizer):
    """Borders at the 25th, 50th and 75th percentiles."""

    def __init__(self, data, categorical_features, feature_names, labels=None, random_state=None):
        super().__init__(data, categorical_features, feature_names, labels=labels, random_state=random_state)

    def bins(self, data, labels):
        return list(np.percentile(data[:, self.to_discretize], PERCENTILES["quartile"], axis=0).T)


class DecileDiscretizer(BaseDiscretizer):
    """Borders at the 10th, 20th, ..., 90th percentiles."""

    def __init__(self, data, categorical_features, feature_names, labels=None, random_state=None):
        super().__init__(data, categorical_features, feature_names, labels=labels, random_state=random_state)

    def bins(self, data, labels):
        return list(np.percentile(data[:, self.to_discretize], PERCENTILES["decile"], axis=0).T)


class EntropyDiscretizer(BaseDiscretizer):
    """Borders at the thresholds of a depth-3 entropy tree fitted on ``labels`` (at most 8 bins)."""

    def __init__(self, data, categorical_features, feature_names, labels=None, random_state=None):
        if labels is None:
            raise ValueError("the entropy discretizer needs labels (training_labels)")
        super().__init__(data, categorical_features, feature_names, labels=labels, random_state=random_state)

    def bins(self, data, labels):
        seed = self.random_state if isinstance(self.random_state, (int, np.integer)) else 0
        return entropy_borders(data[:, self.to_discretize], labels, int(seed))


class StatsDiscretizer(BaseDiscretizer):
    """Borders and statistics given, not computed: ``data_stats['bins']`` per column, and lime's
    'means', 'stds', 'mins', 'maxs'."""

    def __init__(self, data, categorical_features, feature_names, labels=None, random_state=None, data_stats=None):
        if not data_stats or "bins" not in data_stats:
            raise ValueError("StatsDiscretizer needs data_stats with 'bins', 'means', 'stds', 'mins' and 'maxs'")
        super().__init__(data, categorical_features, feature_names, labels=labels, random_state=random_state, data_stats=data_stats)

    def bins(self, data, labels):
        given = {int(j): v for j, v in self.data_stats["bins"].items()}
        return [np.asarray(given[j], dtype=float) for j in self.to_discretize]
