"""lime's ``lime.lime_text``, for switching by changing imports: ``from lime_widgets.lime_text import
LimeTextExplainer``. ``IndexedString`` and ``IndexedCharacters`` are lime's views of a document cut into
words (or characters), over the same ``TextDomain`` the explainer uses, so ``inverse_removing`` builds
exactly the strings the model is shown. lime's ``TextDomainMapper`` is not offered (explanations map
their own feature ids: ``exp.as_list(positions=True)``)."""
from __future__ import annotations

import numpy as np

from .text import LimeTextExplainer, TextDomain, explain_text

__all__ = ["IndexedCharacters", "IndexedString", "LimeTextExplainer", "explain_text"]


class IndexedString:
    """A string cut into tokens by ``split_expression`` (a regex of separators, or a function returning
    the tokens), with lime's attributes: ``as_list`` / ``as_np`` (the pieces, separators included),
    ``string_start`` (each piece's offset), ``inverse_vocab`` (the words: distinct with ``bow``, every
    occurrence without) and ``positions`` (where each word occurs in ``as_list``)."""

    def __init__(self, raw_string, split_expression=r"\W+", bow=True, mask_string=None):
        self._init(TextDomain(raw_string, split_expression=split_expression, bow=bow, mask_string=mask_string))

    def _init(self, domain: TextDomain):
        self.domain = domain
        self.raw = domain.text
        self.bow = domain.bow
        self.mask_string = domain.mask_string
        self.as_list = list(domain.tokens)
        self.as_np = np.array(self.as_list)
        self.string_start = np.asarray(domain.token_start)
        self.inverse_vocab = list(domain.feature_names)
        tokens = [list(map(int, p)) for p in domain.feature_tokens]
        self.positions = tokens if self.bow else [p[0] for p in tokens]

    def raw_string(self) -> str:
        return self.raw

    def num_words(self) -> int:
        return len(self.inverse_vocab)

    def word(self, id_) -> str:
        return self.inverse_vocab[id_]

    def string_position(self, id_):
        """The character offsets of word ``id_``'s occurrences."""
        return self.domain.string_position(id_) if self.bow else self.string_start[[self.positions[id_]]]

    def inverse_removing(self, words_to_remove) -> str:
        """The string with the words ``words_to_remove`` (ids) removed (bow) or replaced by ``mask_string``."""
        return self.domain.realize(self.domain.mask(words_to_remove)[None, :])[0]


class IndexedCharacters(IndexedString):
    """A string cut into characters (``LimeTextExplainer(char_level=True)``)."""

    def __init__(self, raw_string, bow=True, mask_string=None):
        self._init(TextDomain(raw_string, bow=bow, mask_string=mask_string, char_level=True))
