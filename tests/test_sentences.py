"""Sentences (or any spans) as features: the splitter, the domain, the explanation and the view."""
import numpy as np
import pytest

import lime_widgets as lw
from lime_widgets.text import TextDomain

DOC = (
    "The first half is a gorgeous, witty film. Then it turns dull and tiresome!\n"
    "Is the ending worth it? \"Not really.\" The cast, though, is wonderful."
)


def test_sentences_splits_at_ends_and_line_breaks():
    assert lw.sentences(DOC) == [
        "The first half is a gorgeous, witty film.",
        "Then it turns dull and tiresome!",
        "Is the ending worth it?",
        '"Not really."',
        "The cast, though, is wonderful.",
    ]
    assert lw.sentences("no end mark") == ["no end mark"]
    assert lw.sentences("  Two.  Spaces?\n\nThen   more") == ["Two.", "Spaces?", "Then   more"]
    assert lw.sentences("3.5 stars. Fine") == ["3.5 stars.", "Fine"]  # a point inside a number ends nothing
    with pytest.raises(TypeError):
        lw.sentences(None)


@pytest.mark.parametrize("bow", [True, False])
def test_each_sentence_is_one_feature_removed_as_a_whole(bow):
    d = TextDomain(DOC, split_expression=lw.sentences, bow=bow, mask_string="" if not bow else None)
    assert d.num_features == 5 and d.feature_names == lw.sentences(DOC)
    assert "".join(d.tokens) == DOC
    off = np.array([[True, False, True, False, True]])
    got = d.realize(off)[0]
    assert "dull" not in got and "Not really" not in got and "gorgeous" in got and "wonderful" in got
    assert got == DOC.replace("Then it turns dull and tiresome!", "").replace('"Not really."', "")
    assert d.string_position(2) == DOC.index("Is the ending")


def test_a_removed_sentence_can_be_replaced_by_a_marker():
    d = TextDomain(DOC, split_expression=lw.sentences, bow=False, mask_string="[...]")
    assert d.realize(np.array([[False, True, True, True, True]]))[0].startswith("[...] Then it turns")


def test_any_span_splitter_works():
    clauses = lambda t: [c.strip() for c in t.replace(";", ",").split(",") if c.strip()]  # noqa: E731
    d = TextDomain("good acting, bad plot; great music", split_expression=clauses)
    assert d.feature_names == ["good acting", "bad plot", "great music"]


def test_explanation_by_sentences_white_box_equals_black_box(rt_pipeline):
    expl = lw.LimeTextExplainer(split_expression=lw.sentences, random_state=0)
    fast = expl.explain_instance(DOC, rt_pipeline, num_samples=300, num_features=5, progress=False)
    slow = expl.explain_instance(DOC, rt_pipeline, num_samples=300, num_features=5, progress=False, fast_path=False)
    assert fast.model_stats["path"].startswith("white-box") and slow.model_stats["path"].startswith("black-box")
    np.testing.assert_allclose(fast.neighborhood["Y"], slow.neighborhood["Y"], rtol=0, atol=1e-12)
    names = {n for n, _ in fast.as_list()}
    assert names <= set(lw.sentences(DOC)) and len(names) == 5
    # the dull sentence pushes towards "rotten" (label 1 is "fresh")
    assert dict(fast.as_list())["Then it turns dull and tiresome!"] < 0
    cf = fast.counterfactual([1])
    assert "dull" not in cf.input and np.allclose(cf.model, rt_pipeline.predict_proba([cf.input])[0])


def test_the_view_carries_sentences_as_tokens_and_toggles_them(rt_pipeline):
    view = lw.explain_text(rt_pipeline, DOC, split_expression=lw.sentences, num_samples=300, random_state=0, class_names=["rotten", "fresh"])
    spans = [tok for tok, f in view.tokens if f >= 0]
    assert spans == lw.sentences(DOC) and "".join(t for t, _ in view.tokens) == DOC
    fid = view.feature_names.index("Then it turns dull and tiresome!")
    view.toggle(fid)
    assert "dull" not in view.counterfactual["input"]
    assert np.allclose(view.counterfactual["proba"], rt_pipeline.predict_proba([view.counterfactual["input"]])[0])


def test_the_domain_names_its_features_for_the_view():
    """The view says "sentences", "characters", "spans" or "words" as the features are (the `noun` trait)."""
    import re

    def noun(**kw):
        return TextDomain(DOC, **kw).view_state()["noun"]

    assert noun() == ["word", "words"] and noun(split_expression=r"\s+") == ["word", "words"]
    assert noun(split_expression=lw.sentences) == ["sentence", "sentences"]

    def sent_tokenize(text):  # named as nltk's: sentences
        return lw.sentences(text)

    assert noun(split_expression=sent_tokenize) == ["sentence", "sentences"]

    def represent(text):  # "sent" inside another word says nothing of sentences
        return text.split()

    assert noun(split_expression=represent) == ["word", "words"]
    assert noun(char_level=True) == ["character", "characters"]
    assert noun(split_expression=lambda t: re.split(r"(?<=,)\s*", t)) == ["span", "spans"]  # a user's callable: phrases
    assert noun(split_expression=r"[,.!?\n]+\s*") == ["span", "spans"]  # a regex that cuts phrases
    assert noun(split_expression=lambda t: t.split()) == ["word", "words"]


def test_the_view_of_sentences_says_sentences(rt_pipeline):
    view = lw.explain_text(rt_pipeline, DOC, split_expression=lw.sentences, num_samples=300, random_state=0, class_names=["rotten", "fresh"])
    assert view.noun == ["sentence", "sentences"] and view.view_state()["noun"] == ["sentence", "sentences"]
    import traitlets

    for bad in (["sentence", " "], ["sentence"], ["x" * 41, "y"]):
        with pytest.raises(traitlets.TraitError):
            view.noun = bad
    assert view.noun == ["sentence", "sentences"]
    cmp = lw.compare({"a": rt_pipeline, "b": rt_pipeline}, DOC, split_expression=lw.sentences, num_samples=300, random_state=0)
    assert cmp.instance["noun"] == ["sentence", "sentences"]
