"""lime's API that users touch: module paths that mirror lime's, discretizer objects, sparse training data,
training_data_stats over placeholder data, categorical columns of any numbers, lime's explainer attributes,
IndexedString / IndexedCharacters and LimeBase. lime 0.2.0.1 (installed for the tests) is the reference."""
import collections
import importlib

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

lime = pytest.importorskip("lime", reason="lime (the reference) is not installed")

from lime_widgets import discretize as ours_discretize  # noqa: E402
from lime_widgets.lime_tabular import LimeTabularExplainer  # noqa: E402

# lime's modules and the names in them that users touch, each under the same path in lime_widgets
MIRRORED = {
    "lime_tabular": ["LimeTabularExplainer", "RecurrentTabularExplainer"],
    "lime_text": ["LimeTextExplainer", "IndexedString", "IndexedCharacters"],
    "lime_image": ["LimeImageExplainer", "ImageExplanation"],
    "submodular_pick": ["SubmodularPick"],
    "discretize": ["BaseDiscretizer", "QuartileDiscretizer", "DecileDiscretizer", "EntropyDiscretizer", "StatsDiscretizer"],
    "lime_base": ["LimeBase"],
    "wrappers.scikit_image": ["SegmentationAlgorithm", "BaseWrapper"],
    "utils.generic_utils": ["has_arg"],
}


@pytest.mark.parametrize("module", sorted(MIRRORED))
def test_module_paths_mirror_lime(module):
    theirs = importlib.import_module(f"lime.{module}")
    mine = importlib.import_module(f"lime_widgets.{module}")
    for name in MIRRORED[module]:
        assert hasattr(theirs, name), f"lime.{module} has no {name}: the list is wrong"
        assert callable(getattr(mine, name)), f"lime_widgets.{module}.{name} is missing"


@pytest.fixture(scope="module")
def iris():
    data = load_iris()
    model = LogisticRegression(max_iter=500).fit(data.data, data.target)
    return data.data, data.target, list(data.feature_names), model


def weights_match(a, b, label=1, atol=1e-9):
    fa, fb = a.local_exp[label], b.local_exp[label]
    return [f for f, _ in fa] == [f for f, _ in fb] and np.allclose([w for _, w in fa], [w for _, w in fb], atol=atol)


# ---- discretizers ----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["Quartile", "Decile", "Entropy"])
def test_discretizer_matches_lime(iris, kind):
    X, y, names, _ = iris
    ours = getattr(ours_discretize, f"{kind}Discretizer")(X, [1], names, y, random_state=0)
    theirs = getattr(lime.discretize, f"{kind}Discretizer")(X, [1], names, y, random_state=0)
    assert ours.names == theirs.names and ours.to_discretize == theirs.to_discretize == [0, 2, 3]
    for j in ours.to_discretize:
        for key in ("means", "stds", "mins", "maxs"):
            np.testing.assert_allclose(getattr(ours, key)[j], getattr(theirs, key)[j], rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(ours.discretize(X), theirs.discretize(X))
    np.testing.assert_array_equal(ours.discretize(X[3]), theirs.discretize(X[3]))


def test_undiscretize_draws_inside_the_bins_and_follows_its_seed(iris):
    X, y, names, _ = iris
    bins = ours_discretize.QuartileDiscretizer(X, [], names, y, random_state=3).discretize(X)
    draws = [ours_discretize.QuartileDiscretizer(X, [], names, y, random_state=s).undiscretize(bins) for s in (3, 3, 4)]
    np.testing.assert_array_equal(draws[0], draws[1])
    assert not np.array_equal(draws[0], draws[2])
    again = ours_discretize.QuartileDiscretizer(X, [], names, y, random_state=3)
    np.testing.assert_array_equal(again.discretize(draws[0]), bins)  # every drawn value lies in its bin
    row = again.undiscretize(bins[0])
    assert row.shape == (4,) and np.array_equal(again.discretize(row), bins[0])


def test_custom_discretizer_subclass(iris):
    X, y, names, model = iris

    class Halves(ours_discretize.BaseDiscretizer):
        def bins(self, data, labels):
            return [np.array([np.median(data[:, j])]) for j in self.to_discretize]

    halves = Halves(X, [], names, y)
    assert halves.names[0] == [f"{names[0]} <= 5.80", f"{names[0]} > 5.80"]
    explainer = LimeTabularExplainer(X, feature_names=names, discretizer=halves, random_state=0)
    exp = explainer.explain_instance(X[0], model.predict_proba, num_samples=300)
    assert all(("<=" in n) != (">" in n.replace("<=", "")) for n, _ in exp.as_list())


def test_discretizer_object_is_accepted(iris):
    X, y, names, model = iris
    by_name = LimeTabularExplainer(X, feature_names=names, random_state=0).explain_instance(X[5], model.predict_proba, num_samples=500)
    for module in (ours_discretize, lime.discretize):
        disc = module.QuartileDiscretizer(X, [], names, y, random_state=1)
        explainer = LimeTabularExplainer(X, feature_names=names, discretizer=disc, random_state=0)
        exp = explainer.explain_instance(X[5], model.predict_proba, num_samples=500)
        assert weights_match(exp, by_name)  # lime's bin means differ in the last bits (another summation order)
    entropy = ours_discretize.EntropyDiscretizer(X, [], names, y, random_state=0)
    a = LimeTabularExplainer(X, feature_names=names, discretizer=entropy, random_state=0).explain_instance(X[5], model.predict_proba, num_samples=500)
    b = LimeTabularExplainer(X, feature_names=names, discretizer="entropy", training_labels=y, random_state=0).explain_instance(
        X[5], model.predict_proba, num_samples=500
    )
    assert a.as_map() == b.as_map()


def test_discretizer_object_errors(iris):
    X, y, names, _ = iris
    with pytest.raises(ValueError, match="the discretizer bins columns \\[0, 1, 2, 3\\], but the explainer's continuous columns are \\[0, 2, 3\\]"):
        LimeTabularExplainer(X, categorical_features=[1], discretizer=ours_discretize.QuartileDiscretizer(X, [], names))
    with pytest.raises(ValueError, match="has no lambdas"):
        LimeTabularExplainer(X, discretizer=object())
    with pytest.raises(ValueError, match="discretizer must be one of"):
        LimeTabularExplainer(X, discretizer="median")
    with pytest.raises(ValueError, match="needs labels"):
        ours_discretize.EntropyDiscretizer(X, [], names)


# ---- training data -----------------------------------------------------------------------------
def test_sparse_training_data(iris):
    X, _, names, model = iris
    seen = []

    def predict(rows):
        seen.append(sp.issparse(rows))
        return model.predict_proba(rows)

    dense = LimeTabularExplainer(X, feature_names=names, random_state=0).explain_instance(X[7], model.predict_proba, num_samples=400)
    explainer = LimeTabularExplainer(sp.csr_matrix(X), feature_names=names, random_state=0)
    exp = explainer.explain_instance(sp.csr_matrix(X)[7], predict, num_samples=400)
    assert weights_match(exp, dense) and all(seen)  # the same samples (a sparse predict_proba rounds differently); CSR rows in
    assert sp.issparse(exp.counterfactual([0]).input)
    again = explainer.explain_instance(X[7], model.predict_proba, num_samples=400)  # a dense row also works
    assert weights_match(again, dense)


def lime_style_stats(X, names):
    """training_data_stats built as lime's documentation shows: from a discretizer and the discretized data."""
    disc = lime.discretize.QuartileDiscretizer(X, [], names, random_state=0)
    discretized = disc.discretize(X)
    values, frequencies = {}, {}
    for j in range(X.shape[1]):
        counts = collections.Counter(discretized[:, j])
        values[j], frequencies[j] = map(list, zip(*counts.items()))  # in order of appearance, as lime's tests build them
    return {
        "means": disc.means, "stds": disc.stds, "mins": disc.mins, "maxs": disc.maxs,
        "bins": {j: b.tolist() for j, b in enumerate(disc.bins(X, None))},
        "feature_values": values, "feature_frequencies": frequencies,
    }


def test_training_data_stats_with_placeholder_data(iris):
    X, _, names, model = iris
    stats = lime_style_stats(X, names)
    real = LimeTabularExplainer(X, feature_names=names, random_state=0, training_data_stats=stats)
    placeholder = LimeTabularExplainer(np.zeros((2, 4)), feature_names=names, random_state=0, training_data_stats=stats)
    a = real.explain_instance(X[60], model.predict_proba, num_samples=500)
    b = placeholder.explain_instance(X[60], model.predict_proba, num_samples=500)
    assert a.as_map() == b.as_map()  # the statistics, not the data, decide the samples
    by_data = LimeTabularExplainer(X, feature_names=names, random_state=0).explain_instance(X[60], model.predict_proba, num_samples=500)
    assert weights_match(a, by_data, atol=0.05)  # the same statistics, frequencies listed in another order
    no_bins = dict(stats)
    del no_bins["bins"]  # lime's list of required keys has no 'bins': the borders are read from 'maxs'
    c = LimeTabularExplainer(np.zeros((2, 4)), feature_names=names, random_state=0, training_data_stats=no_bins)
    assert c.explain_instance(X[60], model.predict_proba, num_samples=500).as_map() == a.as_map()
    with pytest.raises(ValueError, match=r"missing \['stds'\]"):
        LimeTabularExplainer(X, training_data_stats={k: v for k, v in stats.items() if k != "stds"})
    with pytest.raises(ValueError, match="constant"):  # without lime's stats a constant column is still refused
        LimeTabularExplainer(np.zeros((2, 4)))


def test_categorical_columns_of_any_numbers():
    rng = np.random.default_rng(0)
    n = 400
    odd_values = np.array([-1.0, 0.5, 3.0])
    codes = rng.integers(0, 3, n)
    X_odd = np.column_stack([rng.normal(size=n), odd_values[codes]])
    X_codes = np.column_stack([X_odd[:, 0], codes])
    seen = set()

    def model_on(values):
        def predict(rows):
            rows = np.asarray(rows)
            seen.update(rows[:, 1].tolist())
            p = 1 / (1 + np.exp(-(rows[:, 0] + 2 * (rows[:, 1] == values[2]))))
            return np.column_stack([1 - p, p])

        return predict

    odd = LimeTabularExplainer(X_odd, feature_names=["x", "c"], categorical_features=[1], random_state=0)
    exp = odd.explain_instance(X_odd[0], model_on(odd_values), num_samples=600)
    assert seen == set(odd_values.tolist())  # the model sees the values the training data holds
    ref = LimeTabularExplainer(X_codes, feature_names=["x", "c"], categorical_features=[1], random_state=0).explain_instance(
        X_codes[0], model_on([0, 1, 2]), num_samples=600
    )
    assert weights_match(exp, ref)  # the same samples as with codes 0, 1, 2
    assert f"c={X_odd[0, 1]:g}" in [n for n, _ in exp.as_list()]
    assert odd.feature_values[1] == [-1, 0.5, 3]
    with pytest.raises(ValueError, match="categorical_names names the codes"):
        LimeTabularExplainer(X_odd, categorical_features=[1], categorical_names={1: ["a", "b", "c"]})
    with pytest.raises(ValueError, match=r"categorical_features \[5\] are not columns"):
        LimeTabularExplainer(X_odd, categorical_features=[5])


def test_lime_attributes_match_lime(iris):
    X, y, names, _ = iris
    Xc = np.column_stack([X, y])  # a categorical column
    for kwargs in ({}, {"discretize_continuous": False}, {"discretizer": "decile"}):
        theirs = lime.lime_tabular.LimeTabularExplainer(Xc, categorical_features=[4], random_state=0, **kwargs)
        ours = LimeTabularExplainer(Xc, categorical_features=[4], random_state=0, **kwargs)
        assert ours.categorical_features == theirs.categorical_features
        assert ours.feature_names == theirs.feature_names
        assert ours.feature_values == {j: [float(v) for v in vs] for j, vs in theirs.feature_values.items()}
        assert set(ours.feature_frequencies) == set(theirs.feature_frequencies)
        for j, f in theirs.feature_frequencies.items():
            np.testing.assert_allclose(ours.feature_frequencies[j], f, rtol=1e-12)


def test_feature_names_of_the_wrong_length():
    with pytest.raises(ValueError, match="feature_names has 1 names, but the training data has 2 columns"):
        LimeTabularExplainer(np.array([[0.0, 1.0], [1.0, 0.0]]), feature_names=["only"])
    with pytest.raises(ValueError, match="feature_names has 3 names, but data has 2 columns"):
        ours_discretize.QuartileDiscretizer(np.array([[0.0, 1.0], [1.0, 0.0]]), [], ["a", "b", "c"])


# ---- text ------------------------------------------------------------------------------------------
STRINGS = ["Please, take your time. Please", "This is a good movie. This, it is a great movie.", "aabbccddaa", "é à, ü — ok"]


@pytest.mark.parametrize("bow", [True, False])
@pytest.mark.parametrize("text", STRINGS)
def test_indexed_string_matches_lime(text, bow):
    from lime.lime_text import IndexedString as Theirs

    from lime_widgets.lime_text import IndexedString as Ours

    ours, theirs = Ours(text, bow=bow), Theirs(text, bow=bow)
    assert ours.as_list == list(theirs.as_list) and list(ours.as_np) == list(theirs.as_np)
    assert list(ours.string_start) == list(theirs.string_start)
    assert ours.inverse_vocab == list(theirs.inverse_vocab) and ours.num_words() == theirs.num_words()
    assert [list(np.atleast_1d(p)) for p in ours.positions] == [list(np.atleast_1d(p)) for p in theirs.positions]
    rng = np.random.default_rng(0)
    for _ in range(5):
        remove = sorted(rng.choice(ours.num_words(), size=rng.integers(0, ours.num_words() + 1), replace=False).tolist())
        assert ours.inverse_removing(remove) == theirs.inverse_removing(remove)
    for i in range(ours.num_words()):
        assert ours.word(i) == theirs.word(i)
        assert list(np.atleast_1d(ours.string_position(i))) == list(np.atleast_1d(theirs.string_position(i)))


def test_indexed_string_with_a_tokenizer_and_characters():
    from lime.lime_text import IndexedCharacters as TheirChars
    from lime.lime_text import IndexedString as Theirs

    from lime_widgets.lime_text import IndexedCharacters, IndexedString

    def pairs(s):
        return [s[i : i + 2] for i in range(0, len(s) - 1, 2)]

    ours, theirs = IndexedString("aabbccddaa", pairs), Theirs("aabbccddaa", pairs)
    assert ours.inverse_vocab == list(theirs.inverse_vocab) and ours.positions == [list(p) for p in theirs.positions]
    assert ours.inverse_removing([0]) == theirs.inverse_removing([0]) == "bbccdd"
    chars, their_chars = IndexedCharacters("abca"), TheirChars("abca")
    assert chars.inverse_vocab == list(their_chars.inverse_vocab) and chars.inverse_removing([0]) == their_chars.inverse_removing([0])


# ---- LimeBase -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["none", "forward_selection", "highest_weights"])
def test_lime_base_matches_lime(method):
    from lime.lime_base import LimeBase as Theirs

    from lime_widgets.lime_base import LimeBase

    rng = np.random.default_rng(0)
    Z = rng.integers(0, 2, size=(300, 8)).astype(float)
    Z[0] = 1
    Y = np.column_stack([Z @ rng.normal(size=8) + rng.normal(scale=0.1, size=300), rng.random(300)])
    distances = np.sqrt(((Z - Z[0]) ** 2).sum(axis=1))

    def kernel(d):
        return np.sqrt(np.exp(-(d**2) / 2.0**2))

    ours = LimeBase(kernel).explain_instance_with_data(Z, Y, distances, 0, 4, feature_selection=method)
    theirs = Theirs(kernel, random_state=0).explain_instance_with_data(Z, Y, distances, 0, 4, feature_selection=method)
    assert ours[0] == pytest.approx(theirs[0], abs=1e-8)
    assert [f for f, _ in ours[1]] == [f for f, _ in theirs[1]]
    np.testing.assert_allclose([w for _, w in ours[1]], [w for _, w in theirs[1]], atol=1e-8)
    assert ours[2] == pytest.approx(theirs[2], abs=1e-8) and ours[3] == pytest.approx(float(np.ravel(theirs[3])[0]), abs=1e-8)
    with pytest.raises(ValueError, match="label 2 does not exist"):
        LimeBase(kernel).explain_instance_with_data(Z, Y, distances, 2, 4)


# ---- RecurrentTabularExplainer --------------------------------------------------------------------------
def test_recurrent_explainer_matches_lime():
    from lime.lime_tabular import RecurrentTabularExplainer as Theirs

    from lime_widgets.lime_tabular import RecurrentTabularExplainer

    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 4, 2))
    shapes = set()

    def model(seqs):
        shapes.add(seqs.shape[1:])
        p = 1 / (1 + np.exp(-(2 * seqs[:, 3, 0] - seqs[:, 1, 1])))  # feature a at the last step, b two steps before
        return np.column_stack([1 - p, p])

    ours = RecurrentTabularExplainer(X, feature_names=["a", "b"], random_state=0)
    theirs = Theirs(X, feature_names=["a", "b"], random_state=0)
    assert ours.feature_names == theirs.feature_names == ["a_t-3", "a_t-2", "a_t-1", "a_t-0", "b_t-3", "b_t-2", "b_t-1", "b_t-0"]
    mine = ours.explain_instance(X[0], model, num_features=2, num_samples=3000)
    ref = theirs.explain_instance(X[0], model, num_features=2, num_samples=3000)
    assert shapes == {(4, 2)}
    assert mine.as_list()[0][0] == ref.as_list()[0][0] == "a_t-0 > 0.61"
    assert mine.as_list()[0][1] == pytest.approx(ref.as_list()[0][1], abs=0.08)
    with pytest.raises(ValueError, match=r"data_row must have shape \(4, 2\)"):
        ours.explain_instance(X[0].T, model)
    with pytest.raises(ValueError, match="must be 3-D"):
        RecurrentTabularExplainer(X[:, :, 0])


def test_segmentation_algorithm_set_params_and_base_wrapper():
    from lime_widgets.wrappers.scikit_image import BaseWrapper, SegmentationAlgorithm

    seg = SegmentationAlgorithm("slic", n_segments=10, start_label=0)
    image = np.zeros((20, 20, 3))
    image[:, 10:] = 1
    seg.set_params(n_segments=4, start_label=0)
    assert seg.target_params == {"n_segments": 4, "start_label": 0} and seg(image).max() >= 1
    with pytest.raises(TypeError, match=r"slic takes no parameter\(s\) \['kernel_size'\]"):
        seg.set_params(kernel_size=3)
    assert seg.target_params == {"n_segments": 4, "start_label": 0}  # unchanged by the refused call

    def fn(a, b, c=True):
        return a + b if c else a

    wrapper = BaseWrapper(fn, a=1, b=2, d=3)
    assert wrapper.filter_params(fn) == {"a": 1, "b": 2} and wrapper.filter_params(fn, override={"c": False}) == {"a": 1, "b": 2, "c": False}
    with pytest.raises(ValueError, match="d is not a parameter of fn"):
        wrapper.set_params(a=1, d=3)
    with pytest.raises(TypeError, match="a list or a dict"):
        wrapper._check_params("a")
    with pytest.raises(AttributeError, match="target_fn must be callable"):
        BaseWrapper([1, 2]).set_params(a=1)


def test_has_arg():
    from lime_widgets.utils.generic_utils import has_arg

    class Callable:
        def __call__(self, message, *args, flag=True, **kwargs):
            return message

    def fn(a, b=1):
        return a

    assert has_arg(fn, "a") and has_arg(fn, "b") and not has_arg(fn, "c")
    assert has_arg(Callable(), "message") and has_arg(Callable(), "flag")
    assert not has_arg(Callable(), "args") and not has_arg(Callable(), "kwargs") and not has_arg(3, "a")
