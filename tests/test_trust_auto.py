"""num_samples='auto': rounds of samples from the one generator until the top features are separated."""
import numpy as np
import pytest
from trust_models import DOC, WORDS, image_explain, tabular_explain, word_mask

from lime_widgets import LimeTextExplainer, explain_text
from lime_widgets.core.engine import AUTO_MAX_SAMPLES

D = len(WORDS)
BITS = 1 << np.arange(D)
NOISE = np.random.default_rng(0).normal(0, 0.15, 2**D)  # a fixed misfit per mask


def noisy(lam):
    def f(texts):
        M = word_mask(texts)
        return 0.2 + M @ lam + NOISE[M.astype(np.int64) @ BITS]

    return f


SEPARATED = np.r_[[1.0, 0.8, 0.6, 0.4, 0.2], np.zeros(D - 5)]
TIED = np.r_[[1.0, 0.8, 0.6, 0.4, 0.2, 0.2], np.zeros(D - 6)]  # the 5th and 6th features tie


def auto(lam, seed=0, **kw):
    explainer = LimeTextExplainer(mode="regression", random_state=seed)
    return explainer.explain_instance(DOC, noisy(lam), num_features=5, num_samples="auto", **kw)


def test_auto_stops_earlier_on_a_separated_model_than_on_a_tie():
    sep, tie = auto(SEPARATED, max_samples=8000), auto(TIED, max_samples=8000)
    assert sep.num_samples < tie.num_samples == 8000
    assert sep.unseparated == [] and {4, 5} <= set(tie.unseparated)
    assert len(sep.neighborhood["Z"]) == sep.num_samples and len(tie.neighborhood["Y"]) == 8000
    assert sorted(f for f, _ in sep.as_map()[1]) == [0, 1, 2, 3, 4]
    assert any("stopped at the cap" in w for w in tie.warnings()) and not any("cap" in w for w in sep.warnings())
    assert sep.settings["num_samples"] == "auto" and tie.settings["max_samples"] == 8000


def test_auto_is_reproducible_and_extends_the_first_round():
    a, b = auto(TIED, seed=3, max_samples=4000), auto(TIED, seed=3, max_samples=4000)
    assert a.num_samples == b.num_samples == 4000 and a.as_map() == b.as_map()
    assert np.array_equal(a.neighborhood["Z"], b.neighborhood["Z"])
    fixed = LimeTextExplainer(mode="regression", random_state=3).explain_instance(DOC, noisy(TIED), num_features=5, num_samples=1000)
    assert np.array_equal(a.neighborhood["Z"][:1000], fixed.neighborhood["Z"])  # round 1 is the fixed-size sample
    assert not np.array_equal(a.neighborhood["Z"][1000:2000], fixed.neighborhood["Z"])
    assert a.neighborhood["Z"][1:].all(axis=1).sum() == 0  # the instance row is not sampled again in later rounds


def test_auto_rounds_double_and_go_through_the_cache():
    exp = auto(TIED, max_samples=3000)
    assert exp.num_samples == 3000  # 1000, 2000, then the cap
    stats = exp.evaluator.adapter.stats
    assert stats.rows + exp.evaluator.hits == 3000 and exp.evaluator.hits > 0


def test_auto_for_image_and_tabular_classification():
    img = image_explain(np.r_[[0.2, 0.1], np.zeros(14)], c=0.2, classification=True, num_features=2, num_samples="auto", max_samples=4000)
    assert img.num_samples == 1000 and img.unseparated == []
    tab = tabular_explain([0.3, 0.2, 0.1, 0.1, 0.05], c=0.1, classification=True, num_features=3, num_samples="auto", max_samples=4000)
    assert tab.num_samples in (1000, 2000, 4000) and tab.neighborhood["Z"].shape == (tab.num_samples, 5)


def test_bad_sample_settings_are_refused_before_sampling():
    explainer = LimeTextExplainer(random_state=0)
    calls = []

    def model(texts):
        calls.append(len(texts))
        return np.full((len(texts), 2), 0.5)

    with pytest.raises(ValueError, match="'auto'"):
        explainer.explain_instance(DOC, model, num_samples="many")
    with pytest.raises(ValueError, match="max_samples"):
        explainer.explain_instance(DOC, model, num_samples=500, max_samples=1000)
    with pytest.raises(ValueError, match="max_samples"):
        explainer.explain_instance(DOC, model, num_samples="auto", max_samples=1)
    assert calls == [] and AUTO_MAX_SAMPLES == 20000


def test_explain_text_forwards_auto():
    options = dict(mode="regression", num_features=5, num_samples="auto", max_samples=2000, random_state=0, progress=False)
    view = explain_text(noisy(SEPARATED), DOC, **options)
    assert view.explanation.settings["num_samples"] == "auto" and view.explanation.num_samples <= 2000


def test_the_forward_selection_check_flags_a_tie_at_the_top_k_boundary_only():
    from lime_widgets.core.intervals import forward_selection_unsettled
    from lime_widgets.core.surrogate import WeightedDesign, _forward_selection

    rng = np.random.default_rng(0)
    Z = rng.random((3000, 12)) < 0.5
    w = rng.random(3000)
    cases = (
        ([1, 0.8, 0.6, 0.4, 0.2], 5, []),  # separated
        ([1, 0.9, 0.8, 0.7, 0.7], 5, []),  # the 4th and 5th tie, but both are in the top 5: only their order is in doubt
        ([1, 0.8, 0.6, 0.4, 0.4], 4, [3, 4]),  # the 4th and 5th tie at the top-4 boundary
    )
    for lam, k, expected in cases:
        y = Z[:, :5] @ np.array(lam) + rng.normal(0, 0.5, 3000)
        design = WeightedDesign(Z, w, y[:, None])
        assert list(_forward_selection(design.gram, design.xty[:, 0], 5))[:3] == [0, 1, 2]
        assert sorted(forward_selection_unsettled(design, y, k, 0.95)) == expected
