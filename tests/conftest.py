import numpy as np
import pytest


@pytest.fixture(scope="session")
def rt_corpus():
    """Rotten Tomatoes snippets, shuffled once with a fixed seed (the corpus file is sorted by class)."""
    from lime_widgets.datasets import rotten_tomatoes

    texts, labels, names = rotten_tomatoes()
    order = np.random.default_rng(0).permutation(len(texts))
    return [texts[i] for i in order], np.asarray(labels)[order], names


@pytest.fixture(scope="session")
def rt_pipeline(rt_corpus):
    """A real sentiment model: TF-IDF + logistic regression trained on 4000 snippets."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    texts, labels, _ = rt_corpus
    return make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000)).fit(texts[:4000], labels[:4000])
