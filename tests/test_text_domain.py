"""Tokenization and perturbed strings, checked against lime's IndexedString on the same masks."""
import re

import numpy as np
import pytest
from lime.lime_text import IndexedCharacters, IndexedString

from lime_widgets.text import TextDomain

DOCS = [
    "The cat sat on the mat. The cat!",
    "  leading and trailing spaces  ",
    "Ünïcödé wörds, emoji 🙂 and — dashes; café CAFÉ café",
    "one",
    "don't stop-believing: 100% of 3.5 tests\n\nnew paragraph\ttab",
    "a NUL\x00byte between words",  # rows are cut at another control character
    "every control " + "".join(map(chr, range(32))) + " character: rows cut at their lengths",
]


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("bow", [True, False])
def test_same_features_and_strings_as_lime(doc, bow):
    ours = TextDomain(doc, bow=bow)
    ref = IndexedString(doc, bow=bow)
    assert ours.feature_names == list(ref.inverse_vocab)
    assert "".join(ours.tokens) == doc
    rng = np.random.default_rng(0)
    masks = rng.random((50, ours.num_features)) < 0.5
    masks[0] = True
    got = ours.realize(masks)
    for m, s in zip(masks, got):
        assert s == ref.inverse_removing(np.flatnonzero(~m))


@pytest.mark.parametrize("block", [1, 400, 10**6])
def test_rows_built_in_blocks_are_the_same_strings(block, monkeypatch):
    doc = DOCS[2] + " " + DOCS[4]
    masks = np.random.default_rng(3).random((40, TextDomain(doc).num_features)) < 0.5
    whole = TextDomain(doc).realize(masks)
    monkeypatch.setattr(TextDomain, "ROW_BLOCK_BYTES", block)  # bytes of layout per block: 1 row, a few, all
    assert TextDomain(doc).realize(masks) == whole and len(whole) == 40


@pytest.mark.parametrize("bow", [True, False])
def test_char_level_matches_lime(bow):
    doc = "abca b!"
    ours = TextDomain(doc, bow=bow, char_level=True)
    ref = IndexedCharacters(doc, bow=bow)
    assert ours.feature_names == list(ref.inverse_vocab)
    masks = np.random.default_rng(1).random((30, ours.num_features)) < 0.5
    for m, s in zip(masks, ours.realize(masks)):
        assert s == ref.inverse_removing(np.flatnonzero(~m))


def test_callable_tokenizer_and_regex():
    doc = "New York is big; new york is not"
    ours = TextDomain(doc, split_expression=lambda s: re.findall(r"\w+", s.lower()) and s.split())
    assert "".join(ours.tokens) == doc
    ref = IndexedString(doc, split_expression=lambda s: s.split())
    assert ours.feature_names == list(ref.inverse_vocab)
    ours2 = TextDomain(doc, split_expression=r"\s+")
    assert "big;" in ours2.feature_names


def test_custom_mask_string_and_positions():
    d = TextDomain("a b a", bow=False, mask_string="[MASK]")
    assert d.realize(np.array([[True, False, False]])) == ["a [MASK] [MASK]"]
    d = TextDomain("a b a")
    assert list(d.string_position(0)) == [0, 4]
    assert d.map_exp_ids([(0, 0.5)], positions=True) == [("a_0-4", 0.5)]


def test_empty_and_wordless_texts():
    with pytest.raises(ValueError, match="empty"):
        TextDomain("")
    with pytest.raises(ValueError, match="no word to explain"):
        TextDomain("!!! ... ?")
    with pytest.raises(TypeError, match="must be a str"):
        TextDomain(["a list"])
