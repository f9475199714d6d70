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

__all__ = ["ColumnCodec", "Bins", "BinDraws", "FrequencyDraws", "fit_column_bins", "entropy_borders", "DISCRETIZERS"]

DISCRETIZERS = ("quartile", "decile", "entropy")


@dataclass
class ColumnCodec:
    """How the columns of the user's table map to a float matrix (categories become integer codes)."""

    names: list[str]
    categorical: list[int]
    categories: dict[int, list] = field(default_factory=dict)  # code -> original value
    frame: bool = False  # the user gave a DataFrame: the model gets one back
    dtypes: dict | None = None
    sparse: bool = False  # the user gave a scipy.sparse matrix: the model gets CSR rows back
    by_value: set = field(default_factory=set)  # categorical columns whose codes are their values (0, 1, 2, ...)

    @classmethod
    def from_training(cls, data, feature_names=None, categorical_features=None, categorical_names=None):
        """The codec of the user's training data and the data as a float matrix (categories as codes)."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - pandas is optional
            pd = None
        if pd is not None and isinstance(data, pd.DataFrame):
            return cls._from_frame(pd, data, feature_names, categorical_features)
        sparse = _is_sparse(data)
        if sparse:  # sampled and binned as a dense table; the model is handed CSR rows, as it was trained on
            cells = data.shape[0] * data.shape[1]
            if cells > MAX_DENSE_CELLS:
                raise ValueError(
                    f"training_data is a sparse {data.shape[0]} x {data.shape[1]} matrix; lime_widgets works on it densely and "
                    f"takes at most {MAX_DENSE_CELLS:,} cells: pass a sample of its rows (the statistics need a few thousand)"
                )
            data = data.toarray()
        arr = np.asarray(data)
        if arr.ndim != 2:
            raise ValueError(f"training_data must be a 2-D array, a scipy.sparse matrix or a DataFrame; got shape {arr.shape}")
        try:
            matrix = arr.astype(float)
        except (TypeError, ValueError):
            raise ValueError(
                "training_data has non-numeric values; pass a pandas DataFrame (string categories are encoded "
                "for you) or integer-encode the categorical columns"
            ) from None
        d = arr.shape[1]
        names = [str(i) for i in range(d)] if feature_names is None else [str(n) for n in feature_names]
        _check_names(names, d)
        cat = sorted(int(c) for c in ([] if categorical_features is None else categorical_features))
        bad = [c for c in cat if not 0 <= c < d]
        if bad:
            raise ValueError(f"categorical_features {bad} are not columns of the training data (0..{d - 1})")
        categories, by_value = _encode_categories(matrix, cat, names, categorical_names or {})
        codec = cls(names=names, categorical=cat, categories=categories, frame=False, sparse=sparse, by_value=by_value)
        codec.columns = None
        return codec, matrix

    @classmethod
    def _from_frame(cls, pd, data, feature_names, cat):
        names = [str(c) for c in data.columns] if feature_names is None else [str(n) for n in feature_names]
        _check_names(names, data.shape[1])
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

    def __post_init__(self):
        if len(set(self.names)) != len(self.names):
            raise ValueError("feature_names must be unique")

    def encode_row(self, row) -> np.ndarray:
        """The user's row (Series, dict, list, array) as a float vector of values and category codes."""
        d = len(self.names)
        if _is_sparse(row):
            row = row.toarray()
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
        numeric = isinstance(value, (int, float, np.integer, np.floating))
        if i in self.by_value and numeric and float(value).is_integer() and 0 <= int(value) < len(cats):  # a code named by categorical_names
            return int(value)
        shown = ", ".join(repr(c) for c in cats[:20])
        raise ValueError(f"{value!r} is not a known category of {self.names[i]!r}; known: {shown}")

    def decode(self, matrix: np.ndarray):
        """The model's view of encoded rows: a DataFrame with the original columns, a CSR matrix (sparse
        training data), or the float matrix, categories as the values the training data held."""
        if not self.frame:
            coded = [i for i in self.categories if i not in self.by_value]
            if coded:
                matrix = np.array(matrix, dtype=float, copy=True)
                for i in coded:
                    matrix[:, i] = np.asarray(self.categories[i], dtype=float)[matrix[:, i].astype(np.intp)]
            if self.sparse:
                from scipy import sparse

                return sparse.csr_matrix(matrix)
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


MAX_DENSE_CELLS = 50_000_000


def _is_sparse(data) -> bool:
    try:
        from scipy import sparse
    except ImportError:  # pragma: no cover - scipy comes with scikit-learn
        return False
    return sparse.issparse(data)


def _check_names(names: list[str], d: int) -> None:
    if len(names) != d:
        raise ValueError(f"feature_names has {len(names)} names, but the training data has {d} columns")


def format_value(v: float) -> str:
    """A number as people read it: about four significant digits, no exponent, no trailing zeros
    (42 -> "42", 7.11 -> "7.11", 0.03456 -> "0.03456", 1326.4 -> "1326.4")."""
    v = float(v)
    if v == 0 or not np.isfinite(v):
        return "0" if v == 0 else str(v)
    digits = 1 if abs(v) >= 100 else max(2, 3 - int(np.floor(np.log10(abs(v)))))
    text = f"{v:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _encode_categories(matrix: np.ndarray, cat: list[int], names: list[str], categorical_names: dict):
    """Each categorical column's categories (code -> value), re-encoding ``matrix`` in place where its values are
    not already the codes 0, 1, 2, ...; and the columns whose codes are their values."""
    categories, by_value = {}, set()
    for i in cat:
        codes = np.unique(matrix[:, i])
        labels = categorical_names.get(i)
        if np.all(codes == np.round(codes)) and codes.min() >= 0:  # codes 0, 1, 2, ...: a code is its value
            top = int(codes.max())
            categories[i] = [labels[k] if labels is not None and k < len(labels) else k for k in range(top + 1)]
            by_value.add(i)
        elif labels is not None:
            raise ValueError(
                f"categorical_names names the codes 0, 1, 2, ... of column {names[i]!r}, but it holds other values "
                f"({', '.join(format_value(v) for v in codes[:5])}{', ...' if codes.size > 5 else ''})"
            )
        else:  # any numbers (negative, fractional): each distinct value is a category, in order
            categories[i] = [int(v) if float(v).is_integer() else float(v) for v in codes]
            matrix[:, i] = np.searchsorted(codes, matrix[:, i])
    return categories, by_value


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

    def name(self, name: str, k: int) -> str:
        """lime's condition for bin ``k`` of the column called ``name``."""
        q = self.borders
        if k == 0:
            return f"{name} <= {q[0]:.2f}"
        if k == len(q):
            return f"{name} > {q[-1]:.2f}"
        return f"{q[k - 1]:.2f} < {name} <= {q[k]:.2f}"


def standardise_bins(lo, hi, mu, sd):
    """(a, b, mu, sd) of each interval, with an empty interval turned into the constant lo (sd 0, no bounds)."""
    empty = ~(hi > lo)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(empty, -np.inf, (lo - mu) / sd)
        b = np.where(empty, np.inf, (hi - mu) / sd)
    return a, b, np.where(empty, lo, mu), np.where(empty, 0.0, sd)


def truncated_standard_normal(a, b, rng: np.random.Generator, rounds: int = 8, out: np.ndarray | None = None) -> np.ndarray:
    """Standard normal draws truncated to [a, b], elementwise.

    Rejection first (LIME's bins hold most of their own normal's mass, so nearly all draws are kept at
    once; later rounds work on the few rejected draws only); what is still rejected after ``rounds``
    (intervals far in a tail) is drawn by inverting the normal CDF, reflected into the left tail where
    it keeps its precision. ``out``: a C-ordered float array of a's shape to draw into.
    """
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    z = rng.standard_normal(a.shape) if out is None else rng.standard_normal(out=out)
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


PERCENTILES = {"quartile": [25, 50, 75], "decile": [10, 20, 30, 40, 50, 60, 70, 80, 90]}


def _borders(X: np.ndarray, method: str, labels, seed: int) -> list[np.ndarray]:
    """Each column's distinct bin borders: percentiles of all columns in one call, or the thresholds of
    a depth-3 entropy tree per column."""
    if method in PERCENTILES:
        Q = np.percentile(X, PERCENTILES[method], axis=0).T  # (m, k), each row sorted
        keep = np.ones(Q.shape, dtype=bool)
        keep[:, 1:] = Q[:, 1:] > Q[:, :-1]
        return [q[k] for q, k in zip(Q, keep)]
    return entropy_borders(X, labels, seed)


def entropy_borders(X: np.ndarray, labels, seed: int) -> list[np.ndarray]:
    """Each column's thresholds in a depth-3 entropy tree fitted on ``labels`` (its median if none)."""
    from sklearn.tree import DecisionTreeClassifier

    out = []
    for column in X.T:
        tree = DecisionTreeClassifier(criterion="entropy", max_depth=3, random_state=seed)
        tree.fit(column.reshape(-1, 1), labels)
        q = tree.tree_.threshold[np.where(tree.tree_.children_left > -1)]
        out.append(np.unique(q) if q.size else np.array([np.median(column)]))
    return out


def fit_column_bins(X: np.ndarray, method: str = "quartile", labels=None, seed: int = 0) -> tuple[list[Bins], list[np.ndarray]]:
    """The Bins of every column of ``X`` (n, m) and each column's training count per bin.

    Bin statistics of all columns come from one bincount over (column, bin) cells; empty bins get
    mean 0 and std 0, as lime's."""
    if method not in DISCRETIZERS:
        raise ValueError(f"discretizer must be one of {', '.join(DISCRETIZERS)}; got {method!r}")
    if method == "entropy" and labels is None:
        raise ValueError("the entropy discretizer needs training_labels")
    X = np.ascontiguousarray(X, dtype=float)
    n, m = X.shape
    borders = _borders(X, method, labels, seed)
    width = max(len(q) for q in borders) + 1
    padded = np.full((m, width - 1), np.inf)
    for j, q in enumerate(borders):
        padded[j, : len(q)] = q
    cell = np.zeros((n, m), dtype=np.intp)  # bin of each value: how many borders lie below it
    for t in range(width - 1):
        cell += X > padded[:, t]
    cell += np.arange(m) * width
    cells = cell.ravel()
    counts = np.bincount(cells, minlength=m * width)
    seen = np.maximum(counts, 1)
    means = np.bincount(cells, weights=X.ravel(), minlength=m * width) / seen
    stds = np.sqrt(np.bincount(cells, weights=(X.ravel() - means[cells]) ** 2, minlength=m * width) / seen) + 1e-11
    counts, means, stds = (v.reshape(m, width) for v in (counts, means, stds))
    lows, highs = X.min(axis=0), X.max(axis=0)
    bins = []
    for j, q in enumerate(borders):
        k = len(q) + 1
        bins.append(
            Bins(
                borders=q,
                means=means[j, :k],
                stds=stds[j, :k],
                mins=np.concatenate([[lows[j]], q]),
                maxs=np.concatenate([q, [highs[j]]]),
            )
        )
    return bins, [counts[j, : len(q) + 1] for j, q in enumerate(borders)]


class FrequencyDraws:
    """Draws, for m columns at once, a position in each column's value list with that list's frequencies.

    Inverse-CDF: a uniform draw per cell counts the cumulative frequencies it passes (all but each
    column's last, which takes whatever rounding leaves). Rows are drawn a block at a time, so the
    temporaries stay a few tens of kilobytes whatever the number of samples."""

    CELLS = 16384  # cells (rows x columns) per block

    def __init__(self, freqs: list[np.ndarray], values: list | None = None):
        self.width = max(len(f) for f in freqs)
        self.thresholds = np.full((len(freqs), self.width - 1), np.inf)
        for j, f in enumerate(freqs):
            self.thresholds[j, : len(f) - 1] = np.cumsum(f)[:-1]
        self.offsets = np.arange(len(freqs)) * self.width  # of column j's first cell in a flat (m, width) table
        self.value_table = None if values is None else self.table(values)  # what each position stands for

    def blocks(self, n: int):
        rows = max(1, self.CELLS // len(self.thresholds))
        for lo in range(0, n, rows):
            yield lo, min(lo + rows, n)

    def cells(self, rng: np.random.Generator, rows: int) -> np.ndarray:
        """(rows, m) drawn cells: flat (column, position) indices into a ``table``."""
        u = rng.random((rows, len(self.thresholds)))
        cells = np.add(u >= self.thresholds[:, 0], self.offsets) if self.width > 1 else np.tile(self.offsets, (rows, 1))
        for t in range(1, self.width - 1):
            cells += u >= self.thresholds[:, t]
        return cells

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """(n, m) drawn cells."""
        return np.concatenate([self.cells(rng, hi - lo) for lo, hi in self.blocks(n)])

    def table(self, per_column: list, fill=0.0) -> np.ndarray:
        """``per_column[j][k]`` for every column's positions, flattened: what ``table.take(cells)`` reads."""
        out = np.full((len(per_column), self.width), fill, dtype=float)
        for j, v in enumerate(per_column):
            out[j, : len(v)] = v
        return out.ravel()


class BinDraws:
    """Samples of m continuous columns: a bin per cell from the training frequencies, then a value from
    that bin's truncated normal. ``values[j]`` lists the bins column j can draw (lime keeps the bins the
    training data fills), ``freqs[j]`` their frequencies."""

    def __init__(self, bins: list[Bins], values: list[np.ndarray], freqs: list[np.ndarray]):
        self.draws = FrequencyDraws(freqs)
        per_bin = {k: [getattr(b, k)[np.asarray(v, dtype=np.intp)] for b, v in zip(bins, values)] for k in ("mins", "maxs", "means", "stds")}
        lo, hi, mu, sd = (self.draws.table(per_bin[k]) for k in ("mins", "maxs", "means", "stds"))
        self.a, self.b, self.mu, self.sd = standardise_bins(lo, hi, mu, sd)
        self.values = [np.asarray(v, dtype=np.intp) for v in values]

    def position_of(self, j: int, bin_index: int) -> int:
        """Where bin ``bin_index`` sits in column j's drawable bins (-1: never drawn)."""
        hit = np.flatnonzero(self.values[j] == bin_index)
        return int(hit[0]) if hit.size else -1

    def fill(self, rng: np.random.Generator, values: np.ndarray, same: np.ndarray, positions: np.ndarray) -> None:
        """Fill ``values`` (n, m, C-ordered) with samples and ``same`` (n, m) with whether each cell drew
        the bin at ``positions`` (m,), a block of rows at a time."""
        target = positions + self.draws.offsets
        for lo, hi in self.draws.blocks(len(values)):
            cells = self.draws.cells(rng, hi - lo)
            z = truncated_standard_normal(self.a.take(cells), self.b.take(cells), rng, out=values[lo:hi])
            z *= self.sd.take(cells)
            z += self.mu.take(cells)
            np.equal(cells, target, out=same[lo:hi])


@dataclass
class TrainingStats:
    """All a row's explanation needs to know of the training data, as a value (no explainer, no matrix).

    ``mean`` / ``scale`` standardise continuous columns without discretization (categorical columns: 0 / 1);
    ``minimum`` / ``maximum`` bound the what-if editors; ``bins`` (None without discretization) cut each
    continuous column, ``bin_values`` / ``bin_freqs`` list the bins a column draws and how often, and
    ``category_values`` / ``category_freqs`` the same for categories.
    """

    codec: ColumnCodec
    mean: np.ndarray
    scale: np.ndarray
    minimum: np.ndarray
    maximum: np.ndarray
    bins: dict[int, Bins] | None
    bin_values: dict[int, np.ndarray]
    bin_freqs: dict[int, np.ndarray]
    category_values: dict[int, np.ndarray]
    category_freqs: dict[int, np.ndarray]
    sample_around_instance: bool = False
    _draws: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def discretized(self) -> bool:
        return self.bins is not None

    def draws(self, columns: tuple[int, ...]):
        """The (cached) sampler of ``columns``: BinDraws for binned continuous columns, FrequencyDraws for
        categorical ones."""
        if columns not in self._draws:
            if all(j in self.codec.categories for j in columns):
                self._draws[columns] = FrequencyDraws([self.category_freqs[j] for j in columns], [self.category_values[j] for j in columns])
            else:
                self._draws[columns] = BinDraws([self.bins[j] for j in columns], [self.bin_values[j] for j in columns],
                                                [self.bin_freqs[j] for j in columns])
        return self._draws[columns]

    def mean_outside_bin(self, j: int, own_bin: int) -> float | None:
        """The training mean of column j's values outside bin ``own_bin`` (None if every value is in it):
        the bins' own means weighted by their frequencies."""
        values, freqs = self.bin_values[j], self.bin_freqs[j]
        other = values != own_bin
        weight = freqs[other].sum()
        if weight <= 0:
            return None
        return float(freqs[other] @ self.bins[j].means[values[other].astype(np.intp)] / weight)

    def most_frequent_other(self, j: int, own: float) -> float | None:
        """Column j's most frequent training category other than ``own`` (None if it has no other)."""
        values, freqs = self.category_values[j], self.category_freqs[j]
        for k in np.argsort(-freqs, kind="stable"):
            if values[k] != own:
                return float(values[k])
        return None
