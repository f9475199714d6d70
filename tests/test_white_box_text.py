"""The white-box path for scikit-learn text pipelines gives the black box's outputs on the same masks."""
import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline

from lime_widgets import LimeTextExplainer
from lime_widgets.core.sampling import removal_masks
from lime_widgets.sklearn_text import see_through
from lime_widgets.text import TextDomain

SETTINGS = {
    "tfidf": lambda: TfidfVectorizer(),
    "count": lambda: CountVectorizer(),
    "count-binary": lambda: CountVectorizer(binary=True),
    "no-lowercase": lambda: TfidfVectorizer(lowercase=False),
    "stop-words": lambda: TfidfVectorizer(stop_words="english"),
    "stop-words-list": lambda: TfidfVectorizer(stop_words=["the", "a", "film", "movie", "is", "and"]),
    "min-max-df": lambda: TfidfVectorizer(min_df=3, max_df=0.3),
    "sublinear": lambda: TfidfVectorizer(sublinear_tf=True),
    "l1": lambda: TfidfVectorizer(norm="l1"),
    "no-norm": lambda: TfidfVectorizer(norm=None, sublinear_tf=True),
    "no-idf": lambda: TfidfVectorizer(use_idf=False),
    "no-smooth-idf": lambda: TfidfVectorizer(smooth_idf=False),
    "tfidf-binary": lambda: TfidfVectorizer(binary=True),
    "bigrams": lambda: TfidfVectorizer(ngram_range=(1, 2)),
    "trigrams": lambda: TfidfVectorizer(ngram_range=(1, 3), min_df=2),
    "only-2-3-grams": lambda: CountVectorizer(ngram_range=(2, 3)),
    "ngrams-stop-words": lambda: TfidfVectorizer(ngram_range=(1, 3), stop_words="english", sublinear_tf=True),
    "single-letter-tokens": lambda: TfidfVectorizer(token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2)),
    "letters-only": lambda: TfidfVectorizer(token_pattern=r"[A-Za-z]{3,}"),
    "max-features": lambda: TfidfVectorizer(max_features=300, ngram_range=(1, 2)),
    "fixed-vocabulary": lambda: CountVectorizer(vocabulary=["good", "bad", "film", "the", "not", "unkwordz", "is a"], ngram_range=(1, 2)),
    "strip-accents": lambda: TfidfVectorizer(strip_accents="unicode"),
}


@pytest.fixture(scope="module")
def corpus(rt_corpus):
    texts, labels, _ = rt_corpus
    # some training texts carry lime's mask token, so the vectorizer knows "unkwordz" (and its n-grams)
    texts = [t.replace(" the ", " UNKWORDZ ") if i % 7 == 0 else t for i, t in enumerate(texts[:1500])]
    return texts, labels[:1500], rt_corpus[0][2000:2200]


def documents(held_out):
    return [
        " ".join(held_out[:12]),
        held_out[20] + " The the THE film, film; not good. Not bad! A café crème, naïve.",
        "UNKWORDZ is a good film , is a bad film , is a good UNKWORDZ",
    ]


def same_outputs(pipe, domain, masks, mode="classification"):
    tail, rows, path = see_through(pipe, domain, mode)
    assert tail is not None, path
    assert path.startswith("white-box: ")
    ours = tail(rows(masks))
    method = pipe.predict_proba if mode == "classification" else pipe.predict
    theirs = method(domain.realize(masks))
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)


def masks_for(d, seed=0, n=300):
    masks = removal_masks(np.random.default_rng(seed), n, d)
    masks[-1] = False  # everything removed
    masks[-2] = np.arange(d) % 2 == 0
    return masks


@pytest.mark.parametrize("setting", sorted(SETTINGS))
@pytest.mark.parametrize("bow", [True, False])
def test_white_box_equals_black_box(corpus, setting, bow):
    texts, labels, held_out = corpus
    pipe = make_pipeline(SETTINGS[setting](), LogisticRegression(max_iter=500)).fit(texts, labels)
    for doc in documents(held_out):
        domain = TextDomain(doc, bow=bow)
        same_outputs(pipe, domain, masks_for(domain.num_features))


def test_the_mask_token_is_a_known_term_with_positional_features(corpus):
    texts, labels, held_out = corpus
    vec = CountVectorizer(ngram_range=(1, 2))
    pipe = make_pipeline(vec, LogisticRegression(max_iter=500)).fit(texts, labels)
    assert "unkwordz" in vec.vocabulary_ and any(t.startswith("unkwordz ") for t in vec.vocabulary_)
    domain = TextDomain(documents(held_out)[0], bow=False)
    masks = masks_for(domain.num_features)
    same_outputs(pipe, domain, masks)
    rows = see_through(pipe, domain)[1]
    assert rows.counts(masks[-1:])[0, vec.vocabulary_["unkwordz"]] == domain.num_features  # every word replaced
    other = TextDomain(documents(held_out)[0], bow=False, mask_string="[gone]")
    same_outputs(pipe, other, masks_for(other.num_features))


def test_count_then_tfidf_transformer_and_regression(corpus):
    texts, labels, held_out = corpus
    steps = CountVectorizer(ngram_range=(1, 2)), TfidfTransformer(sublinear_tf=True), LogisticRegression(max_iter=500)
    pipe = make_pipeline(*steps).fit(texts, labels)
    domain = TextDomain(documents(held_out)[1], bow=False)
    same_outputs(pipe, domain, masks_for(domain.num_features))
    reg = make_pipeline(TfidfVectorizer(), Ridge()).fit(texts, labels.astype(float))
    same_outputs(reg, domain, masks_for(domain.num_features), mode="regression")


def test_other_splitters(corpus):
    texts, labels, held_out = corpus
    pipe = make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LogisticRegression(max_iter=500)).fit(texts, labels)
    doc = documents(held_out)[1]
    for split in (r"\s+", r"[\s,.;!]+", lambda t: t.split()):
        domain = TextDomain(doc, split_expression=split, bow=False)
        same_outputs(pipe, domain, masks_for(domain.num_features))


@pytest.mark.parametrize(
    "make, split, reason",
    [
        (lambda: TfidfVectorizer(analyzer="char", ngram_range=(2, 3)), r"\W+", "analyzes characters"),
        (lambda: TfidfVectorizer(analyzer="char_wb"), r"\W+", "analyzes characters"),
        (lambda: TfidfVectorizer(analyzer=str.split), r"\W+", "custom analyzer"),
        (lambda: TfidfVectorizer(preprocessor=str.lower), r"\W+", "custom preprocessor"),
        (lambda: TfidfVectorizer(tokenizer=str.split, token_pattern=None), r"\W+", "custom tokenizer"),
        (lambda: TfidfVectorizer(token_pattern=r"\S+"), r"\W+", "do not follow the explained words"),
        (lambda: TfidfVectorizer(token_pattern=r"\w+"), r"[aeiou]", "do not follow the explained words"),
    ],
)
def test_falls_back_to_the_black_box_with_a_reason(corpus, make, split, reason):
    texts, labels, held_out = corpus
    pipe = make_pipeline(make(), LogisticRegression(max_iter=300)).fit(texts[:400], labels[:400])
    doc = "It isn't a well-made film, but it's fun."
    exp = LimeTextExplainer(split_expression=split, random_state=0).explain_instance(doc, pipe, num_samples=50, progress=False)
    path = exp.model_stats["path"]
    assert path.startswith("black-box: ") and reason in path, path


def test_what_is_not_a_pipeline_is_a_black_box(rt_pipeline):
    doc = "a gorgeous, witty film"
    exp = LimeTextExplainer(random_state=0).explain_instance(doc, lambda xs: rt_pipeline.predict_proba(xs), num_samples=30, progress=False)
    assert exp.model_stats["path"] == "black-box: the model is a function, not a scikit-learn Pipeline (or its predict_proba)"
    _, _, path = see_through(rt_pipeline.predict_log_proba, TextDomain(doc))
    assert path == "black-box: the model is the pipeline's predict_log_proba, not its predict_proba"
    _, _, path = see_through(make_pipeline(CountVectorizer()).fit(["good film"]), TextDomain(doc))
    assert path.startswith("black-box: ")
    exp = LimeTextExplainer(random_state=0, char_level=True).explain_instance(doc, rt_pipeline, num_samples=30, progress=False)
    assert "char_level" in exp.model_stats["path"]


def test_explanations_and_toggles_agree_and_fast_path_false_turns_it_off(rt_pipeline, rt_corpus):
    doc = " ".join(rt_corpus[0][4000:4010])
    for kw in ({}, {"bow": False}):
        fast = LimeTextExplainer(random_state=3, **kw).explain_instance(doc, rt_pipeline, num_samples=600, progress=False)
        slow = LimeTextExplainer(random_state=3, **kw).explain_instance(
            doc, rt_pipeline.predict_proba, num_samples=600, progress=False, fast_path=False
        )
        assert fast.model_stats["path"] == "white-box: TfidfVectorizer → LogisticRegression"
        assert slow.model_stats["path"] == "black-box: fast_path=False"
        np.testing.assert_allclose(fast.neighborhood["Y"], slow.neighborhood["Y"], rtol=0, atol=1e-12)
        assert [f for f, _ in fast.as_list()] == [f for f, _ in slow.as_list()]
        np.testing.assert_allclose([w for _, w in fast.as_list()], [w for _, w in slow.as_list()], atol=1e-10)
    # a hand toggle goes through the same white-box adapter: the vectorizer is never asked for strings
    vec = rt_pipeline.steps[0][1]
    calls = fast.model_stats["checks"]["calls"]
    try:
        vec.transform = lambda *a, **k: (_ for _ in ()).throw(AssertionError("strings were vectorized"))
        rng = np.random.default_rng(0)
        for _ in range(5):
            off = sorted(rng.choice(fast.num_features_total, 4, replace=False).tolist())
            cf = fast.counterfactual(off)
            assert isinstance(cf.input, str)
            del vec.transform
            np.testing.assert_allclose(cf.model, rt_pipeline.predict_proba([cf.input])[0], rtol=0, atol=1e-12)
            vec.transform = lambda *a, **k: (_ for _ in ()).throw(AssertionError("strings were vectorized"))
    finally:
        vec.__dict__.pop("transform", None)
    assert fast.model_stats["checks"]["calls"] > calls


def test_explain_text_accepts_fast_path(rt_pipeline):
    from lime_widgets import explain_text

    view = explain_text(rt_pipeline, "a gorgeous, witty film", num_samples=50, random_state=0, fast_path=False)
    assert view.explanation.model_stats["path"] == "black-box: fast_path=False"
    view = explain_text(rt_pipeline, "a gorgeous, witty film", num_samples=50, random_state=0)
    assert view.explanation.model_stats["path"].startswith("white-box: ")
