"""Training-data statistics for tabular LIME: column encoding, bins, and bin distributions.

lime 0.2.0.1's scheme: continuous columns are cut at quartiles (deciles, or the thresholds of a
depth-3 entropy tree fitted on the labels); each bin remembers the mean, std, min and max of the
training values that fall in it, so a sampled bin can be turned back into a value drawn from a
normal truncated to the bin. Categorical columns (and, after discretization, every column) are
sampled from their training frequencies.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["ColumnCodec", "Bins", "fit_bins", "DISCRETIZERS"]

DISCRETIZERS = ("quartile", "decile", "entropy")


@dataclass
class ColumnCodec:
    """How the columns of the user's table map to a float matrix (categories become integer codes)."""

    names: list[str]
    categorical: list[int]
    categories: dict[int, list] = field(default_factory=dict)  # code -> original value
    frame: bool = False  # the user gave a DataFrame: the model gets one back
    dtypes: dict | None = None

    @classmethod
    def from_training(cls, data, feature_names=None, categorical_features=None, categorical_names=None):
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - pandas is optional
            pd = None
        cat = categorical_features
        if pd is not None and isinstance(data, pd.DataFrame):
            names = [str(c) for c in data.columns] if feature_names is None else [str(n) for n in feature_names]
            columns = list(data.columns)
            if cat is None:
                cat = [i for i, c in enumerate(columns) if not pd.api.types.is_numeric_dtype(data[c]) or pd.api.types.is_bool_dtype(data[c])]
            else:
                cat = [columns.index(c) if not isinstance(c, (int, np.integer)) else int(c) for c in cat]
            categories = {}
            matrix = np.empty(data.shape, dtype=float)
            for i, c in enumerate(columns):
                col = data[c]
                if i in cat:
                    if col.isna().any():
                        raise ValueError(f"training column {names[i]!r} has missing values; fill or drop them first")
                    values = sorted(col.unique().tolist(), key=_sort_key)
                    categories[i] = values
                    lookup = {v: k for k, v in enumerate(values)}
                    matrix[:, i] = [lookup[v] for v in col.tolist()]
                else:
                    matrix[:, i] = pd.to_numeric(col, errors="raise").to_numpy(dtype=float)
            codec = cls(names=names, categorical=sorted(cat), categories=categories, frame=True, dtypes={c: data[c].dtype for c in columns})
            codec.columns = columns
            return codec, matrix
        arr = np.asarray(data)
        if arr.ndim != 2:
            raise ValueError(f"training_data must be a 2-D array or a DataFrame; got shape {arr.shape}")
        try:
            matrix = arr.astype(float)
        except (TypeError, ValueError):
            raise ValueError(
                "training_data has non-numeric values; pass a pandas DataFrame (string categories are encoded "
                "for you) or integer-encode the categorical columns"
            ) from None
        d = arr.shape[1]
        names = [str(i) for i in range(d)] if feature_names is None else [str(n) for n in feature_names]
        cat = sorted(int(c) for c in (cat or []))
        categories = {}
        for i in cat:
            codes = np.unique(matrix[:, i])
            if not np.all(codes == np.round(codes)) or codes.min() < 0:
                raise ValueError(f"categorical column {names[i]!r} must hold non-negative integer codes")
            labels = (categorical_names or {}).get(i)
            top = int(codes.max())
            categories[i] = [labels[k] if labels is not None and k < len(labels) else k for k in range(top + 1)]
        codec = cls(names=names, categorical=cat, categories=categories, frame=False)
        codec.columns = None
        return codec, matrix

    def __post_init__(self):
        if len(set(self.names)) != len(self.names):
            raise ValueError("feature_names must be unique")

    def encode_row(self, row) -> np.ndarray:
        """The user's row (Series, dict, list, array) as a float vector of values and category codes."""
        d = len(self.names)
        if hasattr(row, "index") and hasattr(row, "to_numpy") and getattr(row, "ndim", 1) == 1:  # pandas Series
            keys = list(row.index)
            cols = getattr(self, "columns", None) or self.names
            if set(cols) <= set(keys):
                values = [row[c] for c in cols]
            else:
                values = row.tolist()
        elif isinstance(row, dict):
            cols = getattr(self, "columns", None) or self.names
            missing = [c for c in cols if c not in row]
            if missing:
                raise ValueError(f"the row has no value for {missing}")
            values = [row[c] for c in cols]
        else:
            arr = np.asarray(row, dtype=object)
            if arr.ndim == 2 and arr.shape[0] == 1:
                arr = arr[0]
            if arr.ndim != 1:
                raise ValueError(f"the row to explain must be 1-D; got shape {arr.shape}")
            values = arr.tolist()
        if len(values) != d:
            raise ValueError(f"the row has {len(values)} values but the training data has {d} columns")
        out = np.empty(d, dtype=float)
        for i, v in enumerate(values):
            if i in self.categories:
                out[i] = self.code(i, v)
            else:
                try:
                    out[i] = float(v)
                except (TypeError, ValueError):
                    raise ValueError(f"feature {self.names[i]!r} is numeric; got {v!r}") from None
                if not np.isfinite(out[i]):
                    raise ValueError(f"the row has a missing or infinite value for feature {self.names[i]!r}")
        return out

    def code(self, i: int, value) -> int:
        cats = self.categories[i]
        for k, c in enumerate(cats):
            if _same(c, value):
                return k
        if not self.frame and isinstance(value, (int, float, np.integer, np.floating)) and float(value).is_integer() and 0 <= int(value) < len(cats):
            return int(value)
        shown = ", ".join(repr(c) for c in cats[:20])
        raise ValueError(f"{value!r} is not a known category of {self.names[i]!r}; known: {shown}")

    def decode(self, matrix: np.ndarray):
        """The model's view of encoded rows: a DataFrame with the original columns, or the float matrix."""
        if not self.frame:
            return matrix
        import pandas as pd

        data = {}
        for i, c in enumerate(self.columns):
            col = matrix[:, i]
            if i not in self.categories:
                data[c] = col
                continue
            values = np.asarray(self.categories[i], dtype=object)[col.astype(int)]
            dt = self.dtypes[c]
            if isinstance(dt, pd.CategoricalDtype):
                data[c] = pd.Categorical(values, categories=dt.categories)
            elif pd.api.types.is_numeric_dtype(dt) or pd.api.types.is_bool_dtype(dt):
                data[c] = pd.Series(values).astype(dt).to_numpy()
            else:
                data[c] = values
        return pd.DataFrame(data, columns=self.columns)

    def display(self, i: int, value: float) -> str:
        if i in self.categories:
            return str(self.categories[i][int(value)])
        return format_value(value)


def format_value(v: float) -> str:
    """A number as people read it: about four significant digits, no exponent, no trailing zeros
    (42 -> "42", 7.11 -> "7.11", 0.03456 -> "0.03456", 1326.4 -> "1326.4")."""
    v = float(v)
    if v == 0 or not np.isfinite(v):
        return "0" if v == 0 else str(v)
    digits = 1 if abs(v) >= 100 else max(2, 3 - int(np.floor(np.log10(abs(v)))))
    text = f"{v:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _sort_key(v):
    return (0, v) if isinstance(v, (int, float, np.integer, np.floating)) else (1, str(v))


def _same(a, b) -> bool:
    try:
        return bool(a == b) or str(a) == str(b)
    except Exception:
        return False


@dataclass
class Bins:
    """The bins of one continuous column: borders, and per bin the training mean/std/min/max."""

    borders: np.ndarray
    means: np.ndarray
    stds: np.ndarray
    mins: np.ndarray
    maxs: np.ndarray

    def index(self, x):
        return np.searchsorted(self.borders, x)

    def names(self, name: str) -> list[str]:
        q = self.borders
        out = [f"{name} <= {q[0]:.2f}"]
        out += [f"{q[i]:.2f} < {name} <= {q[i + 1]:.2f}" for i in range(len(q) - 1)]
        out.append(f"{name} > {q[-1]:.2f}")
        return out


def truncated_normal(lo, hi, mu, sd, rng: np.random.Generator, rounds: int = 8) -> np.ndarray:
    """Draws from N(mu, sd) truncated to [lo, hi], elementwise; an empty interval (lo == hi) gives lo."""
    lo, hi, mu, sd = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lo, hi, mu, sd)))
    a, b, mu, sd = standardise_bins(lo, hi, mu, sd)
    return mu + sd * truncated_standard_normal(a, b, rng, rounds)


def standardise_bins(lo, hi, mu, sd):
    """(a, b, mu, sd) of each interval, with an empty interval turned into the constant lo (sd 0, no bounds)."""
    empty = ~(hi > lo)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(empty, -np.inf, (lo - mu) / sd)
        b = np.where(empty, np.inf, (hi - mu) / sd)
    return a, b, np.where(empty, lo, mu), np.where(empty, 0.0, sd)


def truncated_standard_normal(a, b, rng: np.random.Generator, rounds: int = 8) -> np.ndarray:
    """Standard normal draws truncated to [a, b], elementwise.

    Rejection first (LIME's bins hold most of their own normal's mass, so nearly all draws are kept at
    once; later rounds work on the few rejected draws only); what is still rejected after ``rounds``
    (intervals far in a tail) is drawn by inverting the normal CDF, reflected into the left tail where
    it keeps its precision.
    """
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    z = rng.standard_normal(a.shape)
    flat_z, flat_a, flat_b = z.reshape(-1), np.ravel(a), np.ravel(b)
    todo = np.flatnonzero((flat_z < flat_a) | (flat_z > flat_b))
    for _ in range(rounds):
        if todo.size == 0:
            break
        fresh = rng.standard_normal(todo.size)
        flat_z[todo] = fresh
        todo = todo[(fresh < flat_a[todo]) | (fresh > flat_b[todo])]
    if todo.size:
        from scipy.special import ndtr, ndtri

        ta, tb = flat_a[todo], flat_b[todo]
        flip = ta > 0
        a2, b2 = np.where(flip, -tb, ta), np.where(flip, -ta, tb)
        pa, pb = ndtr(a2), ndtr(b2)
        t = ndtri(pa + rng.random(ta.shape) * (pb - pa))
        flat_z[todo] = np.clip(np.where(flip, -t, t), ta, tb)
    return z


def _borders(column: np.ndarray, method: str, labels, seed: int) -> np.ndarray:
    if method == "quartile":
        q = np.percentile(column, [25, 50, 75])
    elif method == "decile":
        q = np.percentile(column, [10, 20, 30, 40, 50, 60, 70, 80, 90])
    else:
        from sklearn.tree import DecisionTreeClassifier

        tree = DecisionTreeClassifier(criterion="entropy", max_depth=3, random_state=seed)
        tree.fit(column.reshape(-1, 1), labels)
        q = tree.tree_.threshold[np.where(tree.tree_.children_left > -1)]
        q = np.sort(q) if q.size else np.array([np.median(column)])
    return np.unique(q)


def fit_bins(column: np.ndarray, method: str = "quartile", labels=None, seed: int = 0) -> Bins:
    if method not in DISCRETIZERS:
        raise ValueError(f"discretizer must be one of {', '.join(DISCRETIZERS)}; got {method!r}")
    if method == "entropy" and labels is None:
        raise ValueError("the entropy discretizer needs training_labels")
    q = _borders(column, method, labels, seed)
    idx = np.searchsorted(q, column)
    k = len(q) + 1
    counts = np.bincount(idx, minlength=k)
    seen = np.maximum(counts, 1)
    means = np.bincount(idx, weights=column, minlength=k) / seen  # empty bins: mean 0, std 0, as lime
    stds = np.sqrt(np.bincount(idx, weights=(column - means[idx]) ** 2, minlength=k) / seen) + 1e-11
    mins = np.concatenate([[column.min()], q])
    maxs = np.concatenate([q, [column.max()]])
    return Bins(borders=q, means=means, stds=stds, mins=mins, maxs=maxs)
