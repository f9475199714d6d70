"""Seeing through scikit-learn text pipelines: the vectorised rows of perturbed documents, from masks.

For a fitted ``CountVectorizer`` or ``TfidfVectorizer`` with the word analyzer, the row of a
perturbed document follows from the instance alone. Each piece of the document (a word or span, and
the separators between them) yields its own analyzed tokens (preprocessed, tokenised, stop words
dropped); a mask keeps a piece's tokens or, with positional features, puts ``mask_string``'s tokens in
their place. The kept token sequence of a row gives its n-grams (a removed word makes its neighbours
adjacent, as re-tokenising the string would), n-grams are looked up in the vocabulary as integer
keys, counted into a sparse matrix, and the vectorizer's own ``binary`` / tf-idf steps follow. No
strings are built and nothing is re-tokenised.

Exact where the document's tokens follow its pieces. That is checked for every explanation: the
tokens of the whole text must be the pieces' tokens in order, and the rows built here must equal the
vectorizer's own transform of realized strings for a set of test masks. Anything else falls back to
the black box with a reason.
"""
from __future__ import annotations

import weakref

import numpy as np
import scipy.sparse as sp

__all__ = ["TermRows", "see_through"]

CELLS = 2**22  # mask-expanded cells handled at a time
_ngram_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _is_vectorizer(step) -> bool:
    try:
        from sklearn.feature_extraction.text import CountVectorizer
    except ImportError:  # pragma: no cover - sklearn is a dependency
        return False
    return isinstance(step, CountVectorizer)


def _unwrap(model, mode: str):
    """The Pipeline behind ``model`` and the method name to call on its tail, or a reason why not."""
    from sklearn.pipeline import Pipeline

    wanted = "predict_proba" if mode == "classification" else "predict"
    if isinstance(model, Pipeline):
        if mode == "classification" and not hasattr(model, "predict_proba"):
            return None, "the pipeline has no predict_proba"
        return model, wanted
    owner = getattr(model, "__self__", None)
    if isinstance(owner, Pipeline):
        name = getattr(model, "__name__", "")
        if name != wanted:
            return None, f"the model is the pipeline's {name}, not its {wanted}"
        return owner, wanted
    kind = "a function" if callable(model) else type(model).__name__
    return None, f"the model is {kind}, not a scikit-learn Pipeline (or its {wanted})"


def _check_vectorizer(vec) -> str | None:
    """Why ``vec``'s analysis cannot be followed from pieces, or None."""
    if not hasattr(vec, "vocabulary_"):
        return f"the {type(vec).__name__} is not fitted"
    if getattr(vec, "input", "content") != "content":
        return f"the vectorizer reads input={vec.input!r}, not the text itself"
    if callable(vec.analyzer):
        return "the vectorizer has a custom analyzer callable"
    if vec.analyzer != "word":
        return f"the vectorizer analyzes characters (analyzer={vec.analyzer!r})"
    if vec.preprocessor is not None:
        return "the vectorizer has a custom preprocessor callable"
    if vec.tokenizer is not None:
        return "the vectorizer has a custom tokenizer callable"
    return None


class TermRows:
    """Builds a vectorizer's rows of the perturbed documents of a ``TextDomain`` from masks."""

    def __init__(self, domain, vectorizer):
        self.domain = domain
        self.vec = vectorizer
        pre = vectorizer.build_preprocessor()
        tok = vectorizer.build_tokenizer()
        stop = vectorizer.get_stop_words()

        memo: dict[str, list[str]] = {}  # distinct pieces are analyzed once

        def unigrams(s):
            got = memo.get(s)
            if got is None:
                got = tok(pre(s))
                if stop:
                    got = [t for t in got if t not in stop]
                memo[s] = got
            return got

        self.reason = None
        d = domain.num_features
        alphabet, slot_id, slot_col, seq = self._slots(domain, unigrams)
        if seq != unigrams(domain.text):
            self.reason = "the vectorizer's tokens do not follow the explained words (split_expression cuts inside its tokens)"
            return
        self.slot_id = np.array(slot_id, dtype=np.int64)
        self.slot_col = np.array(slot_col, dtype=np.intp)
        self.alphabet = list(alphabet)
        self.min_n, self.max_n = vectorizer.ngram_range
        base = len(self.alphabet) + 1
        if self.max_n > 1 and any(" " in t for t in self.alphabet):
            self.reason = "a token contains a space, so its n-grams cannot be matched"
            return
        if float(base) ** self.max_n >= 2.0**62:
            self.reason = "too many distinct tokens for n-gram keys"
            return
        self.base = base
        vocab = vectorizer.vocabulary_
        self.num_columns = len(vocab)
        self.keys, self.cols = self._vocabulary_keys(vocab, alphabet)
        self._plan_unigrams(d)
        self.binary = bool(vectorizer.binary)
        self.dtype = vectorizer.dtype
        self.reason = self._verify()

    @staticmethod
    def _slots(domain, unigrams):
        """Every vectorizer token of the document as a slot: its token id and the mask column that keeps it
        (a word's own column; with positional features the replacement's tokens read the negated column;
        separators the always-true one), and the document's token sequence."""
        d = domain.num_features
        alphabet: dict[str, int] = {}
        slot_id, slot_col, seq = [], [], []
        repl = [] if domain.bow else unigrams(domain.mask_string)
        for piece, fid in zip(domain.tokens, domain.token_feature.tolist()):
            own = unigrams(piece)
            seq.extend(own)
            col = 2 * d if fid < 0 else fid
            for t in own:
                slot_id.append(alphabet.setdefault(t, len(alphabet)))
                slot_col.append(col)
            if fid >= 0:
                for t in repl:
                    slot_id.append(alphabet.setdefault(t, len(alphabet)))
                    slot_col.append(d + fid)
        return alphabet, slot_id, slot_col, seq

    def _plan_unigrams(self, d: int):
        """Unigrams, the common case, by one gather and a grouped sum: the slots whose token is a
        vocabulary term, ordered by that term's column."""
        base = self.base
        uni_col = np.full(len(self.alphabet) + 1, -1, dtype=np.int64)
        if self.min_n == 1:
            is_uni = self.keys < base
            uni_col[self.keys[is_uni]] = self.cols[is_uni]
        # (slots sharing a mask column and a term, as every occurrence of a bag-of-words feature
        # does, are merged into one with a multiplicity)
        slot_vocab = uni_col[self.slot_id + 1]
        inside = slot_vocab >= 0
        width = 2 * d + 1
        pair_key, mult = np.unique(slot_vocab[inside] * width + self.slot_col[inside], return_counts=True)
        pairs = np.stack([pair_key // width, pair_key % width], axis=1)
        self.uni_slot_col = pairs[:, 1].astype(np.intp)
        self.uni_mult = None if np.all(mult == 1) else mult.astype(np.int32)
        cols_sorted = pairs[:, 0]
        starts = np.flatnonzero(np.r_[True, cols_sorted[1:] != cols_sorted[:-1]]) if len(pairs) else np.zeros(0, dtype=np.intp)
        sizes = np.diff(np.r_[starts, len(pairs)])
        self.uni_first = self.uni_slot_col[starts]
        self.uni_first_mult = None if self.uni_mult is None else self.uni_mult[starts]
        # terms fed by several slots ("The" and "the" when lowercasing; every occurrence of a word with
        # positional features): a few extra slots per term are added pass by pass, many by a grouped sum
        most = int(sizes.max(initial=1))
        self.uni_starts = starts if most > 4 else None
        self.uni_extra = [] if most > 4 else [(np.flatnonzero(sizes > k), starts[sizes > k] + k) for k in range(1, most)]
        self.uni_cols = cols_sorted[starts].astype(np.int32)

    # ---- the vocabulary as integer keys of this document's tokens --------------------------
    def _vocabulary_keys(self, vocab, alphabet):
        keys, cols = [], []
        for n in range(self.min_n, self.max_n + 1):
            if n == 1:
                for t, i in alphabet.items():
                    c = vocab.get(t)
                    if c is not None:
                        keys.append(i + 1)
                        cols.append(c)
                continue
            by_first = self._ngrams_by_first_word(vocab)
            for t in alphabet:
                for words, c in by_first.get(t, ()):
                    if len(words) != n:
                        continue
                    key = 0
                    for w in words:
                        i = alphabet.get(w)
                        if i is None:
                            break
                        key = key * self.base + i + 1
                    else:
                        keys.append(key)
                        cols.append(c)
        keys = np.array(keys, dtype=np.int64)
        cols = np.array(cols, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        return keys[order], cols[order]

    def _ngrams_by_first_word(self, vocab):
        """The vectorizer's multi-word terms by their first word (memoised per fitted vocabulary)."""
        held = _ngram_cache.get(self.vec)
        if held is not None and held[0] is vocab:
            return held[1]
        by_first: dict[str, list] = {}
        for term, c in vocab.items():
            if " " in term:
                words = term.split(" ")
                by_first.setdefault(words[0], []).append((tuple(words), c))
        try:
            _ngram_cache[self.vec] = (vocab, by_first)
        except TypeError:  # not weak-referenceable: no memo
            pass
        return by_first

    # ---- rows -------------------------------------------------------------------------------
    def counts(self, masks: np.ndarray):
        """The vectorizer's count rows (before tf-idf) of the perturbed documents, as CSR."""
        masks = np.asarray(masks, dtype=bool)
        r, d = masks.shape
        S = len(self.slot_id)
        step = max(1, CELLS // max(S, 1))
        parts = [self._counts(masks[lo : lo + step]) for lo in range(0, r, step)]
        X = parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")
        return X

    def _counts(self, masks):
        r, d = masks.shape
        ext = np.empty((r, 2 * d + 1), dtype=bool)
        ext[:, :d] = masks
        np.logical_not(masks, out=ext[:, d : 2 * d])
        ext[:, 2 * d] = True
        X = self._unigram_counts(ext) if self.min_n == 1 else None
        if self.max_n == 1:
            return X
        rows, slots = np.nonzero(ext[:, self.slot_col])
        ids = self.slot_id[slots] + 1  # 0 is no token
        all_rows, all_cols = [], []
        for n in range(max(2, self.min_n), self.max_n + 1):
            m = len(ids) - n + 1
            if m <= 0:
                continue
            key = ids[:m].copy()
            for k in range(1, n):
                key *= self.base
                key += ids[k : k + m]
            same = rows[:m] == rows[n - 1 : n - 1 + m]  # the n tokens lie in one row
            at = np.searchsorted(self.keys, key)
            at[at == len(self.keys)] = 0
            found = same & (self.keys[at] == key) if len(self.keys) else np.zeros(m, dtype=bool)
            all_rows.append(rows[:m][found])
            all_cols.append(self.cols[at[found]])
        if all_rows:
            rr = np.concatenate(all_rows)
            cc = np.concatenate(all_cols)
        else:
            rr = cc = np.zeros(0, dtype=np.int64)
        flat = rr * self.num_columns + cc
        uniq, counts = np.unique(flat, return_counts=True)
        indptr = np.searchsorted(uniq, np.arange(r + 1, dtype=np.int64) * self.num_columns)
        grams = sp.csr_matrix((counts.astype(self.dtype), (uniq % self.num_columns).astype(np.int32), indptr), shape=(r, self.num_columns))
        X = grams if X is None else (X + grams).tocsr()
        if self.binary:
            X.data[:] = 1
        return X

    def _unigram_counts(self, ext: np.ndarray):
        r = ext.shape[0]
        if len(self.uni_cols) == 0:
            return sp.csr_matrix((r, self.num_columns), dtype=self.dtype)
        # r x (terms of this document): each term's first slot, then the other slots of shared terms
        if self.uni_starts is not None:
            C = ext[:, self.uni_slot_col].view(np.uint8)
            if self.uni_mult is not None:
                C = C * self.uni_mult
            C = np.add.reduceat(C, self.uni_starts, axis=1, dtype=np.int64).astype(self.dtype, copy=False)
        else:
            C = ext[:, self.uni_first].astype(self.dtype)
        if self.uni_first_mult is not None and self.uni_starts is None:
            C *= self.uni_first_mult
        for groups, slots in self.uni_extra:
            more = ext[:, self.uni_slot_col[slots]].astype(self.dtype)
            if self.uni_mult is not None:
                more *= self.uni_mult[slots]
            C[:, groups] += more
        if self.binary:
            np.minimum(C, 1, out=C)
        v = C.shape[1]
        X = sp.csr_matrix((C.ravel(), np.tile(self.uni_cols, r), np.arange(0, r * v + 1, v)), shape=(r, self.num_columns))
        X.eliminate_zeros()  # every term of the document is laid out in every row; drop the removed ones
        return X

    def __call__(self, masks: np.ndarray):
        """The vectorizer's output rows for the perturbed documents of ``masks`` (CSR)."""
        X = self.counts(masks)
        tfidf = getattr(self.vec, "_tfidf", None)
        if tfidf is not None:
            X = tfidf.transform(X, copy=False)
        return X

    def _verify(self) -> str | None:
        """Compare with the vectorizer's own transform of realized strings on test masks."""
        d = self.domain.num_features
        rng = np.random.default_rng(0)
        tokens = max(1, len(self.slot_id))
        count = int(max(4, min(10, 200_000 // tokens)))
        masks = np.ones((count, d), dtype=bool)
        masks[1] = False
        for i in range(2, count):
            masks[i] = rng.random(d) < rng.uniform(0.05, 0.95)
        if d >= 3 and count > 3:
            masks[3, 1::2] = False
        ours = self(masks)
        theirs = sp.csr_matrix(self.vec.transform(self.domain.realize(masks)))
        diff = abs(sp.csr_matrix(ours) - theirs)
        if diff.nnz and diff.max() > 1e-12:
            return "the vectorizer's rows of perturbed texts do not follow the explained words (checked on test masks)"
        return None


def _describe(steps) -> str:
    return " → ".join(type(s).__name__ if s != "passthrough" else "passthrough" for _, s in steps)


def see_through(model, domain, mode: str = "classification"):
    """``(tail, term_rows, path)``: the pipeline after its vectorizer, the row builder and a description;
    or ``(None, None, "black-box: <reason>")`` when the mapping from masks to rows would not be exact."""
    if getattr(domain, "char_level", False):
        return None, None, "black-box: characters are the features (char_level=True)"
    pipe, method = _unwrap(model, mode)
    if pipe is None:
        return None, None, f"black-box: {method}"
    first = pipe.steps[0][1]
    if not _is_vectorizer(first):
        return None, None, f"black-box: the pipeline starts with {type(first).__name__}, not a CountVectorizer or TfidfVectorizer"
    if len(pipe.steps) < 2:
        return None, None, "black-box: the pipeline is only a vectorizer"
    why = _check_vectorizer(first)
    if why:
        return None, None, f"black-box: {why}"
    try:
        rows = TermRows(domain, first)
    except Exception as exc:  # noqa: BLE001 - any surprise in the vectorizer: use the black box
        return None, None, f"black-box: could not follow the vectorizer ({type(exc).__name__}: {exc})"
    if rows.reason:
        return None, None, f"black-box: {rows.reason}"
    tail = pipe[1:]
    fn = getattr(tail, method)
    return fn, rows, f"white-box: {_describe(pipe.steps)}"
