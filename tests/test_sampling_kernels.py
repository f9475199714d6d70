import numpy as np
import pytest
from scipy import stats

from lime_widgets.core import bernoulli_masks, exponential_kernel, make_kernel_fn, mask_distances, removal_masks, resolve_seed


@pytest.fixture(params=["selection", "sort"])
def removal_path(request, monkeypatch):
    """Both ways removal_masks draws its subsets: selection sampling (small d) and the row-wise sort (large d)."""
    from lime_widgets.core import sampling

    if request.param == "sort":
        monkeypatch.setattr(sampling, "SELECTION_MAX_FEATURES", 0)
    return request.param


def test_removal_masks_row0_on_and_sizes_uniform(removal_path):
    rng = np.random.default_rng(0)
    d, n = 7, 70001
    m = removal_masks(rng, n, d)
    assert m.shape == (n, d) and m.dtype == bool
    assert m[0].all()
    removed = d - m[1:].sum(axis=1)
    assert removed.min() == 1 and removed.max() == d
    counts = np.bincount(removed, minlength=d + 1)[1:]
    assert stats.chisquare(counts).pvalue > 1e-3
    # given its size, the removed subset is uniform: every feature equally often
    per_feature = (~m[1:]).sum(axis=0)
    assert stats.chisquare(per_feature).pvalue > 1e-3


def test_removal_masks_subsets_of_one_size_are_equally_likely(removal_path):
    """Given its size, every subset is equally likely: d = 5, all C(5, 2) = 10 pairs, and C(5, 3) triples."""
    from itertools import combinations

    d, n = 5, 120001
    m = removal_masks(np.random.default_rng(11), n, d)
    off = ~m[1:]
    code = off @ (1 << np.arange(d))
    for size in (2, 3):
        subsets = [sum(1 << j for j in c) for c in combinations(range(d), size)]
        counts = np.array([np.count_nonzero(code == s) for s in subsets])
        assert counts.sum() == np.count_nonzero(off.sum(axis=1) == size)
        assert stats.chisquare(counts).pvalue > 1e-3, counts


def test_removal_masks_selection_removes_exactly_its_size_at_the_ends():
    """Selection sampling removes exactly s, for s = 1 and s = d too, over many rows and several d."""
    for d in (1, 2, 3, 64, 256):
        rng = np.random.default_rng(d)
        m = removal_masks(rng, 4001, d)
        sizes = np.random.default_rng(d).integers(1, d + 1, size=4000)
        assert np.array_equal(d - m[1:].sum(axis=1), sizes)


def test_removal_masks_remove_exactly_their_size_even_when_keys_tie(monkeypatch):
    from lime_widgets.core import sampling

    monkeypatch.setattr(sampling, "SELECTION_MAX_FEATURES", 0)  # the sort path, where ties matter

    class CoarseKeys:
        """A generator whose uniform keys take 8 values only, so most rows have ties at their threshold."""

        def __init__(self, seed):
            self.rng = np.random.default_rng(seed)
            self.sizes = None

        def integers(self, *args, **kwargs):
            self.sizes = self.rng.integers(*args, **kwargs)
            return self.sizes

        def random(self, shape, dtype=np.float64):
            return (np.floor(self.rng.random(shape) * 8) / 8).astype(dtype)

        def choice(self, *args, **kwargs):
            return self.rng.choice(*args, **kwargs)

    rng = CoarseKeys(3)
    d = 9
    m = removal_masks(rng, 20001, d)
    assert np.array_equal(d - m[1:].sum(axis=1), rng.sizes)
    assert stats.chisquare((~m[1:]).sum(axis=0)).pvalue > 1e-3


def test_removal_masks_seeded(removal_path):
    a = removal_masks(np.random.default_rng(5), 100, 13)
    b = removal_masks(np.random.default_rng(5), 100, 13)
    c = removal_masks(np.random.default_rng(6), 100, 13)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_bernoulli_masks_half():
    m = bernoulli_masks(np.random.default_rng(1), 20001, 30)
    assert m[0].all()
    assert abs(m[1:].mean() - 0.5) < 0.01


def test_cosine_closed_form_matches_sklearn():
    from sklearn.metrics import pairwise_distances

    m = removal_masks(np.random.default_rng(2), 300, 11)
    ref = pairwise_distances(m.astype(float), np.ones((1, 11)), metric="cosine").ravel()
    assert np.allclose(mask_distances(m, "cosine"), ref, atol=1e-12)
    assert np.allclose(mask_distances(m, "euclidean"), np.sqrt((~m).sum(1)))


def test_default_kernel_is_lime_kernel():
    d = np.array([0.0, 10.0, 25.0, 50.0])
    assert np.allclose(exponential_kernel(d, 25), np.sqrt(np.exp(-(d**2) / 625)))
    fn = make_kernel_fn(lambda d, kernel_width: np.exp(-d / kernel_width), 2.0)
    assert np.allclose(fn(np.array([2.0])), np.exp(-1))
    with pytest.raises(ValueError, match="kernel_width"):
        make_kernel_fn(None, 0)


def test_resolve_seed():
    assert resolve_seed(7) == 7
    s = resolve_seed(None)
    assert isinstance(s, int) and s >= 0
    assert resolve_seed(np.random.RandomState(3)) == resolve_seed(np.random.RandomState(3))
    with pytest.raises(TypeError):
        resolve_seed("seven")
