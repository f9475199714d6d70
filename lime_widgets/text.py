"""Text: words (or characters) as interpretable features, and the lime-compatible explainer."""
from __future__ import annotations

import copy
import re
from collections.abc import Callable

import numpy as np

from .core.domain import MaskDomain
from .core.engine import BaseExplainer
from .core.kernels import make_kernel_fn, mask_distances
from .core.model import ModelAdapter
from .core.sampling import removal_masks
from .explanation import Explanation
from .sklearn_text import see_through

__all__ = ["LimeTextExplainer", "TextDomain", "explain_text", "sentences"]

# a sentence ends at . ! ? (with any closing quotes or brackets) before white space, or at a line break
_SENTENCE_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s)|\n""")


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, in order, as a splitter for sentence-level features.

    ``LimeTextExplainer(split_expression=lime_widgets.sentences)`` (or ``explain_text(model, text,
    split_expression=lime_widgets.sentences)``) makes each sentence one feature, removed as a whole.
    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (and any closing quotes or brackets) followed by
    white space, or at a line break; abbreviations such as "Mr." also end one. Any callable that
    returns the spans of a text in order works the same way (e.g. ``nltk.sent_tokenize``).
    """
    if not isinstance(text, str):
        raise TypeError(f"sentences() needs a str, not {type(text).__name__}")
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        piece = text[start : m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    piece = text[start:].strip()
    if piece:
        out.append(piece)
    return out


def _tokens(text: str, split_expression, char_level: bool) -> tuple[list[str], list[bool]]:
    """The pieces of ``text`` in order (concatenated they give the text) and whether each is a word."""
    if char_level:
        return list(text), [True] * len(text)
    if callable(split_expression):
        produced = list(split_expression(text))
        tokens = _segment_with_tokens(text, produced)
        vocab = set(map(str, produced))
        return tokens, [t in vocab for t in tokens]
    splitter = re.compile(rf"({split_expression})|$")
    tokens = [s for s in splitter.split(text) if s]
    return tokens, [splitter.match(t) is None for t in tokens]


def feature_noun(split_expression, char_level: bool, names) -> tuple[str, str]:
    """How the view names a feature, (one, many): characters (char_level), sentences (lime_widgets.sentences or
    a splitter named like sent_tokenize), spans (features holding white space, e.g. from a user's callable or
    regex that cuts text into phrases), else words."""
    if char_level:
        return ("character", "characters")
    name = getattr(split_expression, "__name__", "") if callable(split_expression) else ""
    if split_expression is sentences or re.search(r"(^|_)sent", name.lower()):  # sent_tokenize, split_sentences
        return ("sentence", "sentences")
    if any(len(n.split()) > 1 for n in names):
        return ("span", "spans")
    return ("word", "words")


def _segment_with_tokens(text: str, tokens) -> list[str]:
    """Cut ``text`` into the given tokens (in order) and the text between them."""
    pieces: list[str] = []
    pos = 0
    for token in tokens:
        token = str(token)
        if not token:
            continue
        at = text.find(token, pos)
        if at < 0:
            raise ValueError(f"the tokenizer produced the token {token!r}, which is not in the text after position {pos}")
        if at > pos:
            pieces.append(text[pos:at])
        pieces.append(token)
        pos = at + len(token)
    if pos < len(text):
        pieces.append(text[pos:])
    return pieces


class TextDomain(MaskDomain):
    """A document cut into tokens that keep their separators, so any mask rebuilds it exactly.

    ``tokens`` are the pieces of the text in order; ``token_feature[i]`` is the feature id of token i
    or -1 for a separator. With ``bow`` a feature is a distinct word (all its occurrences are switched
    off together, and removed); without, a feature is one position, replaced by ``mask_string``.
    """

    kind = "text"
    distance_scale = 100.0  # lime multiplies text distances by 100 (kernel width 25)

    def __init__(
        self,
        text: str,
        split_expression: str | Callable = r"\W+",
        bow: bool = True,
        mask_string: str | None = None,
        char_level: bool = False,
    ):
        if not isinstance(text, str):
            raise TypeError(f"the text to explain must be a str, not {type(text).__name__}")
        if text == "":
            raise ValueError("the text to explain is empty")
        self.text = text
        self.bow = bool(bow)
        self.char_level = bool(char_level)
        self.mask_string = ("UNKWORDZ" if not char_level else chr(0)) if mask_string is None else str(mask_string)
        self.tokens, is_word = _tokens(text, split_expression, char_level)
        token_feature = np.full(len(self.tokens), -1, dtype=np.int64)
        names: list[str] = []
        positions: list[list[int]] = []
        vocab_ids: dict[str, int] = {}
        for i, (tok, word) in enumerate(zip(self.tokens, is_word)):
            if not word:
                continue
            if self.bow:
                fid = vocab_ids.get(tok)
                if fid is None:
                    fid = vocab_ids[tok] = len(names)
                    names.append(tok)
                    positions.append([])
            else:
                fid = len(names)
                names.append(tok)
                positions.append([])
            positions[fid].append(i)
            token_feature[i] = fid
        if not names:
            raise ValueError(
                "the text has no word to explain: splitting it with "
                f"{split_expression!r} left only separators"
            )
        self.token_feature = token_feature
        self.noun = feature_noun(split_expression, self.char_level, names)
        self.feature_names = names
        self.feature_tokens = positions
        lengths = np.array([len(t) for t in self.tokens], dtype=np.int64)
        self.token_start = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        self._build_realizer(lengths)
        self.term_rows = None  # set when the model is seen through: masks -> its vectorizer's rows

    # ---- model inputs: strings, or the vectorizer's rows when the model is seen through ----
    def sample(self, rng: np.random.Generator, num_samples: int):
        nbhd = super().sample(rng, num_samples)
        if self.term_rows is not None:
            Z, rows = nbhd.Z, self.term_rows
            nbhd.realize = lambda idx: rows(Z[idx])
        return nbhd

    def seen_through(self, rows):
        """A copy of this domain whose inputs are a white-box model's rows (``rows(masks)``), not strings."""
        other = copy.copy(self)
        other.term_rows, other._origin = rows, self.origin
        return other

    def strings(self):
        """This domain as a black box's: inputs are the perturbed strings."""
        return self.origin

    def point(self, off=(), edits=None):
        """A hand toggle: its input is the perturbed text; its batch what the model reads."""
        p = super().point(off, edits)
        if self.term_rows is not None:
            p.batch = self.term_rows(p.z[None, :])
        return p

    @property
    def num_features(self) -> int:
        return len(self.feature_names)

    # ---- the one path from masks to strings ---------------------------------------------
    def _build_realizer(self, lengths):
        """Lay out every token's UTF-8 bytes, each word followed by its replacement, as one array.

        Each byte reads one column of an extended mask ``[masks, ~masks, True]``: a word's bytes its
        feature's column (kept), its replacement's bytes the negated column (switched off: nothing
        with bag-of-words, ``mask_string`` otherwise), separators the always-true column. A batch of
        strings is then one gather of those columns, the indices of the kept bytes, one take and one
        decode. Each row ends with a control character the text does not hold, so one ``split`` cuts
        the rows apart; a text holding all 32 falls back to cutting at row lengths (in characters)
        computed from the masks.
        """
        repl = "" if self.bow else self.mask_string
        d = self.num_features
        parts, column, nbytes, nchars = [], [], [], []
        for tok, fid in zip(self.tokens, self.token_feature.tolist()):
            pieces = [(tok, 2 * d if fid < 0 else fid)]
            if fid >= 0 and repl:
                pieces.append((repl, d + fid))
            for text, col in pieces:
                data = text.encode("utf-8")
                parts.append(data)
                column.append(col)
                nbytes.append(len(data))
                nchars.append(len(text))
        chars = np.bincount(column, weights=nchars, minlength=2 * d + 1).astype(np.int64)
        # characters of a row: every separator and replacement, plus, per kept word, its own minus its replacement's
        self._chars_all_off = int(chars[2 * d] + chars[d : 2 * d].sum())
        self._chars_if_kept = chars[:d] - chars[d : 2 * d]
        used = set("".join(self.tokens)) | set(repl)
        self._row_end = next((c for c in map(chr, range(32)) if c not in used), None)
        if self._row_end is not None:
            parts.append(self._row_end.encode("ascii"))
            column.append(2 * d)
            nbytes.append(1)
        self._bytes = np.frombuffer(b"".join(parts), dtype=np.uint8)
        self._byte_column = np.repeat(np.array(column, dtype=np.intp), nbytes)

    ROW_BLOCK_BYTES = 2**22  # bytes of the laid-out rows gathered at once (long documents: a few rows)

    def realize(self, masks: np.ndarray) -> list[str]:
        """The perturbed document for each mask row (True = the feature is kept)."""
        masks = np.asarray(masks, dtype=bool)
        r = masks.shape[0]
        step = max(1, self.ROW_BLOCK_BYTES // max(self._bytes.size, 1))
        out: list[str] = []
        for lo in range(0, r, step):
            out.extend(self._realize_block(masks[lo : lo + step]))
        return out

    def _realize_block(self, masks: np.ndarray) -> list[str]:
        r, d = masks.shape
        columns = np.empty((r, 2 * d + 1), dtype=bool)
        columns[:, :d] = masks
        np.logical_not(masks, out=columns[:, d : 2 * d])
        columns[:, 2 * d] = True
        kept = np.flatnonzero(columns[:, self._byte_column])  # flat positions in r copies of the layout
        joined = np.tile(self._bytes, r).take(kept).tobytes().decode("utf-8")
        if self._row_end is not None:
            return joined.split(self._row_end)[:r]
        ends = np.cumsum(masks @ self._chars_if_kept + self._chars_all_off).tolist()
        return [joined[a:e] for a, e in zip([0] + ends[:-1], ends)]

    # ---- what the engine asks of a domain -------------------------------------------------
    def sample_masks(self, rng: np.random.Generator, num_samples: int) -> np.ndarray:
        return removal_masks(rng, num_samples, self.num_features)

    def distances(self, masks: np.ndarray, metric="cosine") -> np.ndarray:
        return mask_distances(masks, metric) * self.distance_scale

    def string_position(self, feature_id: int) -> np.ndarray:
        """Character offsets of the feature's occurrences in the text."""
        return self.token_start[self.feature_tokens[feature_id]]

    def view_state(self) -> dict:
        return {
            "tokens": [[tok, int(f)] for tok, f in zip(self.tokens, self.token_feature.tolist())],
            "bow": self.bow,
            "mask_string": self.mask_string,
            "noun": list(self.noun),
        }

    def answer_state(self, point) -> dict:
        return {"input": str(point.input)}

    def map_exp_ids(self, exp, positions: bool = False) -> list[tuple[str, float]]:
        if positions:
            return [
                (f"{self.feature_names[f]}_{'-'.join(map(str, self.string_position(f)))}", w) for f, w in exp
            ]
        return [(self.feature_names[f], w) for f, w in exp]


class LimeTextExplainer(BaseExplainer):
    """Explains text classifiers (or regressors) with LIME; lime 0.2.0.1's arguments and defaults.

    Beyond lime: ``mode='regression'`` (one value, or several columns explained per column);
    ``multi_label=True`` for independent probabilities per label; ``random_state`` makes every call reproducible (the same
    seed gives bit-identical explanations, call after call); ``batch_size`` bounds model calls.
    """

    explanation_class = Explanation

    def __init__(
        self,
        kernel_width: float = 25,
        kernel: Callable | None = None,
        verbose: bool = False,
        class_names=None,
        feature_selection: str = "auto",
        split_expression: str | Callable = r"\W+",
        bow: bool = True,
        mask_string: str | None = None,
        random_state=None,
        char_level: bool = False,
        mode: str = "classification",
        multi_label: bool | None = None,
    ):
        self.kernel_width = kernel_width
        self.kernel_fn = make_kernel_fn(kernel, kernel_width)
        self.verbose = verbose
        self.class_names = class_names
        self.feature_selection = feature_selection
        self.split_expression = split_expression
        self.bow = bow
        self.mask_string = mask_string
        self.random_state = random_state
        self.char_level = char_level
        if mode not in ("classification", "regression"):
            raise ValueError(f"mode must be 'classification' or 'regression', got {mode!r}")
        self.mode = mode
        self.multi_label = multi_label

    def domain(self, text_instance: str) -> TextDomain:
        return TextDomain(
            text_instance,
            split_expression=self.split_expression,
            bow=self.bow,
            mask_string=self.mask_string,
            char_level=self.char_level,
        )

    def explain_instance(
        self,
        text_instance: str,
        classifier_fn,
        labels=(1,),
        top_labels=None,
        num_features: int = 10,
        num_samples: int | str = 5000,
        distance_metric="cosine",
        model_regressor=None,
        *,
        max_samples: int | None = None,
        batch_size: int | None = None,
        random_state=None,
        progress=None,
        fast_path: bool = True,
    ):
        """Explain ``text_instance`` for ``classifier_fn`` (a callable on a list of strings, or an
        sklearn estimator such as a Pipeline with a vectorizer).

        ``num_samples='auto'`` samples in rounds until the top features are separated (cap ``max_samples``, default 20,000).
        When ``classifier_fn`` is a scikit-learn Pipeline (or its ``predict_proba`` / ``predict``)
        starting with a fitted ``CountVectorizer`` or ``TfidfVectorizer`` over words, the perturbed
        documents are built directly as the vectorizer's rows (same outputs, no strings);
        ``fast_path=False`` always calls the model on strings. ``exp.model_stats["path"]`` says which.
        ``batch_size``: at most that many documents per model call; None (default) starts at 1000 and
        gives a fast model more per call (as many as it answers in a second).
        """
        model, domain = self._model_for(self.domain(text_instance), classifier_fn, batch_size, fast_path)
        return self._explain(
            domain,
            model,
            labels=labels,
            top_labels=top_labels,
            num_features=num_features,
            num_samples=num_samples,
            max_samples=max_samples,
            distance_metric=distance_metric,
            model_regressor=model_regressor,
            random_state=random_state,
            batch_size=batch_size,
            progress=progress,
        )

    def _model_for(self, domain: TextDomain, classifier_fn, batch_size: int | None, fast_path: bool):
        """The model as the engine calls it, and the domain that feeds it: the pipeline after its vectorizer
        and a copy of the domain building that vectorizer's rows when the model can be seen through, else
        ``classifier_fn`` on the domain's strings (the domain given is never changed)."""
        if isinstance(classifier_fn, ModelAdapter):
            return classifier_fn, domain
        if fast_path:
            tail, rows, path = see_through(classifier_fn, domain, self.mode)
        else:
            tail, rows, path = None, None, "black-box: fast_path=False"
        if tail is None:
            adapter = ModelAdapter(classifier_fn, mode=self.mode, batch_size=batch_size, multi_label=self.multi_label)
        else:
            adapter = ModelAdapter(tail, mode=self.mode, batch_size=batch_size, multi_label=self.multi_label)
            adapter.name = f"{path.removeprefix('white-box: ')} ({tail.__name__})"
            domain = domain.seen_through(rows)
        adapter.stats.path = path
        return adapter, domain


def explain_text(model, text: str, **options):
    """Explain ``text`` for ``model`` with LIME and return the live view (a widget).

    ``model`` is an sklearn estimator (e.g. a Pipeline with a vectorizer) or a callable on a list of
    strings returning class probabilities. ``options`` are the keywords of ``LimeTextExplainer`` and
    of its ``explain_instance`` (class_names, num_samples, num_features, top_labels, random_state, ...).
    The explanation behind the view is ``view.explanation``.
    """
    from .live import explain_live

    return explain_live(LimeTextExplainer, text, model, options)
