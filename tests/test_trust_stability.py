"""Stability across seeds: Jaccard, VSI, CSI, per-feature spread, cost, and the settings record."""
import numpy as np
import pytest
from trust_models import DOC, WORDS, image_explain, tabular_explain, tabular_model, tabular_setup, text_explain, text_model, word_mask

from lime_widgets import LimeTabularExplainer, LimeTextExplainer
from lime_widgets.core.stability import _pairwise, stability_seeds

D = len(WORDS)
SEPARATED = np.r_[[0.10, 0.08, 0.06, 0.05, 0.04], np.full(D - 5, 0.005)]  # top 5 far from the rest


def test_a_model_exactly_linear_in_the_mask_gives_jaccard_1():
    exp = text_explain(SEPARATED, c=0.1, classification=True, feature_selection="auto", num_features=5)
    seen = []
    st = exp.stability(seeds=10, progress=lambda done, total: seen.append((done, total)))
    assert st.jaccard == 1.0 and st.jaccard_min == 1.0 and st.vsi == 1.0
    assert len(st.seeds) == 11 and st.seeds[0] == exp.seed and len(set(st.seeds)) == 11
    assert seen[0] == (0, 10) and seen[-1] == (10, 10) and len(seen) == 11
    assert set(st.spread) == set(range(5))
    for s in st.spread.values():
        assert s["min"] <= s["mean"] <= s["max"] and s["std"] < 0.05 * abs(s["mean"])
    # the cost: masks seen by an earlier explanation came from the cache
    assert st.cost["explanations"] == 10 and 0 < st.cost["rows"] < 10 * 1000 and st.cost["cache_hits"] > 0
    assert st.cost["rows"] + st.cost["cache_hits"] == 10 * 1000


@pytest.mark.parametrize("explain", [image_explain, tabular_explain])
def test_jaccard_1_for_image_and_tabular_models_linear_in_the_features(explain):
    d = 16 if explain is image_explain else 5
    lam = np.r_[[0.2, 0.15, 0.1], np.full(d - 3, 0.01)]
    exp = explain(lam, c=0.1, classification=True, feature_selection="auto", num_features=3)
    st = exp.stability(seeds=4)
    assert st.jaccard == 1.0 and st.vsi == 1.0 and len(st.explanations) == 5


def test_re_explanations_use_the_recorded_settings_and_the_same_cache():
    """A listed seed gives exactly what a fresh explainer gives with that seed and the same arguments."""
    model = text_model(np.linspace(0.0, 0.04, D), c=0.1, classification=True)
    args = dict(num_features=4, num_samples=1500, labels=(0, 1), distance_metric="cosine", batch_size=300)
    exp = LimeTextExplainer(feature_selection="highest_weights", random_state=7).explain_instance(DOC, model, **args)
    assert exp.settings["num_samples"] == 1500 and exp.settings["batch_size"] == 300 and exp.settings["labels"] == (0, 1)
    st = exp.stability(seeds=[5, 7, 6])
    assert st.seeds == [7, 5, 6]  # the original's seed is not re-run
    for seed, again in zip((5, 6), st.explanations[1:]):
        fresh = LimeTextExplainer(feature_selection="highest_weights", random_state=seed).explain_instance(DOC, model, **args)
        assert again.as_map() == fresh.as_map() and again.evaluator is exp.evaluator
        assert again.settings == exp.settings


def test_jaccard_and_vsi_of_a_tie_match_their_definitions():
    lam = np.zeros(D)
    lam[:4] = [0.1, 0.08, 0.05, 0.05]  # the 3rd place is a tie
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 0.01, 2**D)

    def f(texts):
        M = word_mask(texts)
        p = 0.2 + M @ lam + noise[M.astype(np.int64) @ (1 << np.arange(D))]
        return np.column_stack([1 - p, p])

    exp = LimeTextExplainer(random_state=0).explain_instance(DOC, f, num_features=3, num_samples=1000)
    st = exp.stability(seeds=8)
    sets = [{f for f, _ in e.as_map()[1]} for e in st.explanations]
    pairs = [(a, b) for i, a in enumerate(sets) for b in sets[i + 1 :]]
    assert st.jaccard == pytest.approx(np.mean([len(a & b) / len(a | b) for a, b in pairs]))
    assert st.vsi == pytest.approx(np.mean([len(a & b) / 3 for a, b in pairs]))
    assert st.jaccard < 1.0 and st.jaccard_min == pytest.approx(0.5)  # {0, 1, 2} against {0, 1, 3}
    assert 0.9 <= st.csi <= 1.0  # the same feature's intervals agree across seeds
    assert "Jaccard" in st.summary()


def test_pairwise_indices_by_hand():
    jac, shared = _pairwise([[1, 2, 3], [1, 2, 4], [1, 2, 3]], 3)
    assert jac == pytest.approx([0.5, 1.0, 0.5]) and shared == pytest.approx([2 / 3, 1.0, 2 / 3])


def test_tabular_stability_pays_every_row():
    """Tabular samples are continuous values: no repeats, so every re-explanation asks the model for all its rows."""
    X, row = tabular_setup(5)
    explainer = LimeTabularExplainer(X, random_state=0)
    model = tabular_model(explainer, row, [0.2, 0.1, 0.05, 0.02, 0.01], c=0.3, classification=True)
    exp = explainer.explain_instance(row, model, num_features=3, num_samples=800)
    st = exp.stability(seeds=3)
    assert st.cost["rows"] == 3 * 800 and st.cost["calls"] == 3 and st.jaccard == 1.0


def test_seed_lists_and_bad_values():
    assert stability_seeds(3, 4) == stability_seeds(3, 4) and len(stability_seeds(3, 4)) == 4
    assert 3 not in stability_seeds(3, 50)
    assert stability_seeds(3, [9, 9, 2]) == [9, 2]
    exp = text_explain(SEPARATED, num_samples=300)
    with pytest.raises(ValueError, match="positive"):
        exp.stability(seeds=0)
    with pytest.raises(TypeError, match="seeds"):
        exp.stability(seeds=2.5)
    exp.settings = None
    with pytest.raises(ValueError, match="settings"):
        exp.stability(seeds=2)
