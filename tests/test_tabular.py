"""Tabular explanations: closed form, agreement with lime, categorical data, what-if edits, bad input, view."""
import numpy as np
import pandas as pd
import pytest
from scipy.stats import truncnorm
from sklearn.compose import make_column_transformer
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder
from traitlets import TraitError

import lime_widgets as lw
from lime_widgets import LimeTabularExplainer


@pytest.fixture(scope="module")
def titanic():
    from lime_widgets.datasets import titanic

    X, y, names = titanic()
    pipe = make_pipeline(
        make_column_transformer((OneHotEncoder(handle_unknown="ignore"), ["gender", "class", "embarked"]), remainder="passthrough"),
        RandomForestClassifier(n_estimators=60, random_state=0),
    ).fit(X, y)
    return X, y, names, pipe


def truncated_bin_means(bins):
    return np.array([
        truncnorm.mean((bins.mins[k] - bins.means[k]) / bins.stds[k], (bins.maxs[k] - bins.means[k]) / bins.stds[k], loc=bins.means[k],
                scale=bins.stds[k])
        for k in range(len(bins.means))
    ])


def test_closed_form_linear_model_quartiles():
    """Garreau & von Luxburg: w_j -> (f_j / 3) sum_b (mu_{j,b(x)} - mu_{j,b}); unused features -> 0."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1000, 4)) * [1, 2, 0.5, 3] + [0, 1, -1, 5]
    f = np.array([0.3, -0.2, 0.5, 0.0])
    ex = LimeTabularExplainer(X, mode="regression", random_state=0, feature_selection="none")
    x = X[7]
    expected = []
    for j in range(4):
        mu = truncated_bin_means(ex.bins[j])
        assert np.allclose(ex.bin_freqs[j], 0.25)
        expected.append(f[j] / 3 * np.sum(mu[int(ex.bins[j].index(x[j]))] - mu))
    errors = []
    for n in (2000, 50000):
        w = ex.explain_instance(x, lambda A: np.asarray(A) @ f, num_samples=n, num_features=4).weights(1)
        errors.append(np.abs(w - expected).max())
    assert errors[1] < errors[0] and errors[1] < 0.02
    assert abs(w[3]) < 0.02 and abs(expected[0]) > 0.1


def test_agreement_with_lime_breast_cancer():
    from lime.lime_tabular import LimeTabularExplainer as Reference

    data = load_breast_cancer()
    X, y = data.data, data.target
    rf = RandomForestClassifier(n_estimators=100, random_state=0).fit(X[:400], y[:400])
    for i in (400, 410):
        ref = Reference(X[:400], feature_names=list(data.feature_names), random_state=0, feature_selection="none").explain_instance(X[i],
                rf.predict_proba, num_samples=50000, num_features=30)
        ours = LimeTabularExplainer(X[:400], feature_names=list(data.feature_names), random_state=0,
                feature_selection="none").explain_instance(X[i], rf.predict_proba, num_samples=50000, num_features=30)
        a = np.zeros(30)
        for f, w in ref.local_exp[1]:
            a[f] = w
        assert np.corrcoef(a, ours.weights(1))[0, 1] >= 0.99
        assert {n for n, _ in ref.as_list()[:5]} == {n for n, _ in ours.as_list()[:5]}
        assert set(dict(ref.as_list())) == set(dict(ours.as_list()))  # the same condition names


def test_agreement_with_lime_integer_categoricals(titanic):
    from lime.lime_tabular import LimeTabularExplainer as Reference

    X, y, _, _ = titanic
    cats = ["gender", "class", "embarked"]
    codes = {c: sorted(X[c].unique()) for c in cats}
    A = X.copy()
    for c in cats:
        A[c] = A[c].map({v: k for k, v in enumerate(codes[c])})
    A = A.to_numpy(dtype=float)
    idx = [list(X.columns).index(c) for c in cats]
    rf = RandomForestClassifier(n_estimators=60, random_state=0).fit(A, y)
    kw = dict(feature_names=list(X.columns), categorical_features=idx, categorical_names={i: codes[c] for i, c in zip(idx, cats)}, random_state=0)
    # a passenger whose top five is well defined: in lime's explanation the 5th and 6th |weight| differ
    # by at least 0.01 (the seed-to-seed noise at this sample size is a few thousandths)
    for row in range(60):
        probe = sorted((abs(w) for _, w in Reference(A, **kw).explain_instance(A[row], rf.predict_proba, num_samples=5000,
                num_features=7).as_list()), reverse=True)
        if probe[4] - probe[5] >= 0.01:
            break
    else:
        raise AssertionError("no passenger with a clear top five among the first 60")
    ref = Reference(A, **kw).explain_instance(A[row], rf.predict_proba, num_samples=40000, num_features=7)
    ours = LimeTabularExplainer(A, **kw).explain_instance(A[row], rf.predict_proba, num_samples=40000, num_features=7)
    a, b = dict(ref.as_list()), dict(ours.as_list())
    assert set(a) == set(b)
    names = sorted(a)
    assert np.corrcoef([a[n] for n in names], [b[n] for n in names])[0, 1] >= 0.99
    assert {n for n, _ in ref.as_list()[:5]} == {n for n, _ in ours.as_list()[:5]}


def test_dataframe_with_string_categories(titanic):
    X, y, names, pipe = titanic
    seen = []

    def model(frame):
        seen.append(frame)
        return pipe.predict_proba(frame)

    exp = LimeTabularExplainer(X, class_names=names, random_state=0).explain_instance(X.iloc[0], model, num_samples=500)
    assert isinstance(seen[0], pd.DataFrame) and list(seen[0].columns) == list(X.columns)
    assert set(seen[0]["gender"]) <= {"male", "female"} and seen[0]["age"].dtype.kind == "f"
    conds = dict(exp.as_list())
    assert "gender=male" in conds and any(c.startswith("age") or "< age <=" in c for c in conds)
    assert exp.predict_proba == pytest.approx(pipe.predict_proba(X.iloc[[0]])[0])
    # a 1-D array row works too, and so does an sklearn model passed directly
    exp2 = LimeTabularExplainer(X, random_state=0).explain_instance(X.iloc[0].to_numpy(), pipe, num_samples=500)
    assert exp2.as_list() == LimeTabularExplainer(X, random_state=0).explain_instance(X.iloc[0], pipe, num_samples=500).as_list()


def test_numpy_training_and_a_model_fitted_on_a_frame(titanic):
    X, y, _, _ = titanic
    num = X[["age", "fare", "sibsp", "parch"]]
    rf = RandomForestClassifier(n_estimators=20, random_state=0).fit(num, y)  # has feature_names_in_
    exp = LimeTabularExplainer(num.to_numpy(), feature_names=list(num.columns), random_state=0).explain_instance(num.to_numpy()[0], rf,
            num_samples=300)
    assert exp.predict_proba == pytest.approx(rf.predict_proba(num.iloc[[0]])[0])


def test_counterfactual_off_and_set(titanic):
    X, y, names, pipe = titanic
    exp = LimeTabularExplainer(X, class_names=names, random_state=0).explain_instance(X.iloc[0], pipe, num_samples=1000)
    row = X.iloc[0]
    assert row["gender"] == "male" and row["age"] == 42.0
    cf = exp.counterfactual(off=[0, 1])
    assert cf.input["gender"] == "female"  # the most frequent other category
    ages = X["age"].to_numpy()
    bins = exp.domain.stats.bins[1]
    outside = ages[bins.index(ages) != bins.index(42.0)]
    assert cf.input["age"] == pytest.approx(outside.mean())
    assert np.allclose(cf.model, pipe.predict_proba(cf.input.to_frame().T)[0])
    w = exp.weights(1)
    assert cf.surrogate[1] == pytest.approx(exp.intercept[1] + w.sum() - w[0] - w[1])
    # edits: explicit values; the estimate goes through the bins of the new row
    cf = exp.counterfactual(edits={"age": 40.0, "class": "1st"})
    assert cf.input["age"] == 40.0 and cf.input["class"] == "1st"
    same_bin = bins.index(40.0) == bins.index(42.0)
    expected = exp.intercept[1] + w.sum() - w[2] - (0 if same_bin else w[1])
    assert cf.surrogate[1] == pytest.approx(expected)
    with pytest.raises(ValueError, match="not a known category of 'class'"):
        exp.counterfactual(edits={"class": "4th"})
    with pytest.raises(ValueError, match="both switched off and edited"):
        exp.counterfactual(off=[1], edits={"age": 3})
    with pytest.raises(ValueError, match="no feature 'height'"):
        exp.counterfactual(edits={"height": 3})


def test_without_discretization_and_regression():
    data = load_breast_cancer()
    X = data.data[:, :5]
    f = np.array([1.0, -0.5, 0.0, 0.0, 0.2])
    ex = LimeTabularExplainer(X, mode="regression", discretize_continuous=False, random_state=0, feature_selection="none")
    from sklearn.linear_model import LinearRegression

    exp = ex.explain_instance(X[3], lambda A: np.asarray(A) @ f, num_samples=3000, num_features=5, model_regressor=LinearRegression())
    # standardised Gaussian sampling: the weight of feature j is f_j * std_j exactly (linear model)
    assert np.allclose(exp.weights(1), f * X.std(axis=0), rtol=1e-9, atol=1e-12)
    assert exp.predicted_value == pytest.approx(X[3] @ f)
    assert exp.min_value < exp.predicted_value < exp.max_value
    assert exp.as_list()[0][0] == "0"  # no feature_names: column numbers, as lime
    around = LimeTabularExplainer(X, mode="regression", discretize_continuous=False, sample_around_instance=True, random_state=0)
    Z = around.explain_instance(X[3], lambda A: np.asarray(A) @ f, num_samples=3000).neighborhood["Z"]
    assert np.allclose(Z[1:].mean(axis=0), (X[3] - X.mean(0)) / X.std(0), atol=0.1)


def test_discretizers_and_kernel_width():
    data = load_breast_cancer()
    X, y = data.data[:, :6], data.target
    for name, n_borders in [("quartile", 3), ("decile", 9)]:
        ex = LimeTabularExplainer(X, discretizer=name)
        assert all(len(b.borders) == n_borders for b in ex.bins.values())
    ex = LimeTabularExplainer(X, discretizer="entropy", training_labels=y)
    assert all(1 <= len(b.borders) <= 7 for b in ex.bins.values())
    with pytest.raises(ValueError, match="needs training_labels"):
        LimeTabularExplainer(X, discretizer="entropy")
    assert LimeTabularExplainer(X).kernel_width == pytest.approx(np.sqrt(6) * 0.75)


def test_bad_inputs(titanic):
    X, y, names, pipe = titanic
    bad = X.assign(const=1.0)
    with pytest.raises(ValueError, match=r"training columns \['const'\] are constant"):
        LimeTabularExplainer(bad)
    ex = LimeTabularExplainer(X)
    row = X.iloc[0].copy()
    row["age"] = np.nan
    with pytest.raises(ValueError, match="missing or infinite value for feature 'age'"):
        ex.explain_instance(row, pipe)
    row = X.iloc[0].copy()
    row["class"] = "captain's table"
    with pytest.raises(ValueError, match="not a known category of 'class'"):
        ex.explain_instance(row, pipe)
    with pytest.raises(ValueError, match="has 3 values but the training data has 7 columns"):
        ex.explain_instance(np.array([1.0, 2.0, 3.0]), pipe)
    with pytest.raises(ValueError, match="non-numeric values"):
        LimeTabularExplainer(X.to_numpy())


def test_tabular_view(titanic):
    X, y, names, pipe = titanic
    v = lw.explain_tabular(pipe, X.iloc[0], X, class_names=names, random_state=0, num_samples=1000)
    assert v.kind == "tabular" and [c["name"] for c in v.columns] == list(X.columns)
    age = v.columns[1]
    assert age["type"] == "numeric" and age["value"] == "42" and age["condition"] == "age > 39.00" and age["bin"] == 3
    assert v.columns[0]["categories"] == ["female", "male"] and v.columns[0]["off_value"] == "female"
    v.set_state({"off": [0], "edits": {"1": 5.0}})
    assert v.wait(10)
    cf = v.counterfactual
    assert cf["off"] == [0] and cf["edits"] == {"1": 5.0}
    assert cf["row"][:2] == ["female", "5"] and cf["conditions"][1] == "age <= 21.00"
    expected = v.explanation.counterfactual([0], edits={1: 5.0})
    assert np.allclose(cf["proba"], expected.model) and np.allclose(cf["proba"], pipe.predict_proba(expected.input.to_frame().T)[0])
    assert v.estimate()[1] == pytest.approx(expected.surrogate[1])
    v.edits = {"class": "1st"}  # Python may name features
    assert v.edits == {"2": "1st"} and v.counterfactual["row"][2] == "1st"
    with pytest.raises(TraitError, match="both switched off and edited"):  # a feature is off or edited, not both
        v.off = [0, 2]
    v.off = [0]
    assert v.counterfactual["off"] == [0] and v.counterfactual["edits"] == {"2": "1st"}
    v.set_state({"edits": {"2": "1st", "99": 3, "height": 2}})  # unknown features: rejected whole, not a kernel error
    assert v.wait(10) and v.edits == {"2": "1st"} and "no feature" in v.rejected
    v.set_state({"edits": {"2": "4th"}})  # an unknown category: the model is not asked, the view says why
    assert v.wait(10) and v.edits == {"2": "1st"}
    assert "not a known category of 'class'" in v.rejected and v.counterfactual["edits"] == {"2": "1st"}


@pytest.mark.parametrize("lo, hi, mu, sd", [(0, 1, 0.5, 0.3), (2, 10, 0, 1), (-10, -6, 0, 1), (-1, 3, 1, 2)])
def test_truncated_normal_matches_scipy(lo, hi, mu, sd):
    from scipy import stats

    from lime_widgets.tabular_stats import BinDraws, Bins

    def truncated_normal(lo, hi, mu, sd, n, rng):
        """Values of one bin [lo, hi] with training mean mu and std sd, drawn as sampling draws them."""
        bins = Bins(borders=np.array([]), means=np.array([mu]), stds=np.array([sd]), mins=np.array([lo]), maxs=np.array([hi]))
        values, same = np.empty((n, 1)), np.empty((n, 1), dtype=bool)
        BinDraws([bins], [np.array([0])], [np.array([1.0])]).fill(rng, values, same, np.array([0]))
        assert same.all()
        return values[:, 0]

    n = 20000
    x = truncated_normal(lo, hi, mu, sd, n, np.random.default_rng(0))
    assert x.min() >= lo and x.max() <= hi
    ref = stats.truncnorm((lo - mu) / sd, (hi - mu) / sd, loc=mu, scale=sd)
    assert stats.kstest(x, ref.cdf).pvalue > 1e-3
    assert truncated_normal(4.0, 4.0, 1.0, 1.0, 1, np.random.default_rng(0))[0] == 4.0


def test_training_data_stats_replace_the_training_statistics():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(500, 2))
    stats = {
        "bins": {0: [-1.0, 0.0, 1.0], 1: [0.0]},
        "means": {0: [-1.5, -0.5, 0.5, 1.5], 1: [-0.8, 0.8]},
        "stds": {0: [0.3, 0.3, 0.3, 0.3], 1: [0.5, 0.5]},
        "mins": {0: [-4.0, -1.0, 0.0, 1.0], 1: [-4.0, 0.0]},
        "maxs": {0: [-1.0, 0.0, 1.0, 4.0], 1: [0.0, 4.0]},
        "feature_values": {0: [0, 1, 2, 3], 1: [0, 1]},
        "feature_frequencies": {0: [0.1, 0.4, 0.4, 0.1], 1: [0.5, 0.5]},
    }
    ex = LimeTabularExplainer(X, training_data_stats=stats, random_state=0)
    assert list(ex.bins[0].borders) == [-1.0, 0.0, 1.0] and list(ex.bin_freqs[0]) == [0.1, 0.4, 0.4, 0.1]
    exp = ex.explain_instance(np.array([0.5, 2.0]), lambda A: np.column_stack([1 - 1 / (1 + np.exp(-np.asarray(A)[:, 0])),
            1 / (1 + np.exp(-np.asarray(A)[:, 0]))]), num_samples=4000)
    assert set(dict(exp.as_list())) == {"0.00 < 0 <= 1.00", "1 > 0.00"}
    Z = exp.neighborhood["Z"]
    assert abs(Z[1:, 0].mean() - 0.4) < 0.03  # the row's bin (0, 1] is drawn with its given frequency
    with pytest.raises(ValueError, match="missing"):
        LimeTabularExplainer(X, training_data_stats={"means": {}})


FORMAT_CASES = [(42.0, "42"), (7.11, "7.11"), (25.27384, "25.27"), (0.034567, "0.03457"), (-0.0004, "-0.0004"), (1326.44, "1326.4"), (0.0,
        "0"), (5.0, "5")]


@pytest.mark.parametrize("value, text", FORMAT_CASES)
def test_format_value(value, text):
    from lime_widgets.tabular_stats import format_value

    assert format_value(value) == text  # js/tests/format-value.test.js checks the same table


def test_samples_follow_the_training_bins_and_categories(titanic):
    """Every sampled value lies in a bin the training data fills, bins come up with their training
    frequencies, Z says whether a sample kept the row's bin (or category), and lime's column-wise
    statistics (one percentile call and one bincount for all columns) match a per-column computation."""
    from lime_widgets.tabular import TabularDomain

    X, _, _, _ = titanic
    ex = LimeTabularExplainer(X, random_state=0)
    row = X.iloc[5]
    dom = TabularDomain(ex.stats, row)
    n = 40000
    nbhd = dom.sample(np.random.default_rng(1), n)
    raw = nbhd.realize(slice(0, n))
    assert nbhd.Z.dtype == bool and nbhd.Z[0].all()
    for j, name in enumerate(ex.feature_names):
        col = raw[name].to_numpy()
        if j in ex.codec.categories:
            codes = np.array([ex.codec.code(j, v) for v in col[1:]])
            freq = np.array([np.mean(codes == v) for v in ex.category_values[j]])
            assert np.abs(freq - ex.category_freqs[j]).max() < 0.01
            assert np.array_equal(nbhd.Z[1:, j], codes == dom.x[j])
            continue
        bins = ex.bins[j]
        column = X[name].to_numpy(dtype=float)
        assert np.allclose(bins.borders, np.unique(np.percentile(column, [25, 50, 75])))
        inside = bins.index(column)
        assert np.allclose(bins.means[np.unique(inside)], [column[inside == k].mean() for k in np.unique(inside)])
        drawn = bins.index(col[1:].astype(float))
        lo, hi = bins.mins[drawn], bins.maxs[drawn]
        assert np.all((col[1:] >= lo - 1e-9) & (col[1:] <= hi + 1e-9))
        assert set(np.unique(drawn)) <= set(ex.bin_values[j])
        freq = np.array([np.mean(drawn == v) for v in ex.bin_values[j]])
        assert np.abs(freq - ex.bin_freqs[j]).max() < 0.01
        assert np.array_equal(nbhd.Z[1:, j], drawn == dom.instance_bin[j])


def test_entropy_and_decile_bins_match_a_per_column_fit():
    from lime_widgets.tabular_stats import fit_column_bins

    data = load_breast_cancer()
    X = data.data[:, :6]
    for method in ("decile", "entropy"):
        together, counts = fit_column_bins(X, method, data.target, seed=0)
        for j in range(X.shape[1]):
            alone = fit_column_bins(X[:, [j]], method, data.target, seed=0)[0][0]
            assert np.array_equal(alone.borders, together[j].borders)
            assert np.allclose(alone.stds, together[j].stds) and np.allclose(alone.means, together[j].means)
            assert counts[j].sum() == len(X) and np.array_equal(counts[j], np.bincount(alone.index(X[:, j]), minlength=len(alone.means)))
