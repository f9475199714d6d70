"""The models people have, passed as they are: a transformers text-classification pipeline and a PyTorch
image module, each a tiny randomly initialised model built here (no download, no network)."""
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch is not installed (pip install -e '.[models]'; CI installs it)")

from lime_widgets import LimeImageExplainer, LimeTextExplainer, ModelOutputError, torch_model  # noqa: E402
from lime_widgets.core import ModelAdapter  # noqa: E402

torch.set_num_threads(1)

WORDS = "the a film plot was good great fine bad dull awful music cast ending long short".split()
LABELS = {0: "negative", 1: "neutral", 2: "positive"}


@pytest.fixture(scope="module")
def tiny_bert():
    transformers = pytest.importorskip("transformers", reason="transformers is not installed (pip install -e '.[models]'; CI installs it)")
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *WORDS])}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]"
    )
    torch.manual_seed(0)
    config = transformers.DistilBertConfig(
        vocab_size=len(vocab), dim=32, n_layers=1, n_heads=2, hidden_dim=64, max_position_embeddings=64,
        num_labels=3, id2label=LABELS, label2id={v: k for k, v in LABELS.items()},
    )
    model = transformers.DistilBertForSequenceClassification(config).eval()
    with torch.no_grad():  # make the answer depend on the words, so the classes' order by score differs between texts
        attention = model.distilbert.transformer.layer[0].attention
        attention.v_lin.weight.mul_(30)
        attention.out_lin.weight.mul_(3)
        model.classifier.weight.mul_(40)
    return transformers, model, tokenizer


def direct_probabilities(model, tokenizer, texts):
    with torch.no_grad():
        enc = tokenizer(texts, return_tensors="pt", padding=True)
        return torch.softmax(model(**enc).logits, dim=-1).numpy()


TEXTS = ["the film was good", "awful dull ending", "great music long plot", "a fine cast", "bad", ""]


@pytest.mark.parametrize("built_with", [{}, {"top_k": None}, {"top_k": 1}, {"top_k": 2}])
def test_pipeline_scores_in_id2label_order(tiny_bert, built_with):
    transformers, model, tokenizer = tiny_bert
    pipe = transformers.pipeline("text-classification", model=model, tokenizer=tokenizer, device="cpu", **built_with)
    adapter = ModelAdapter(pipe)
    out = adapter(TEXTS)
    expected = direct_probabilities(model, tokenizer, TEXTS)
    np.testing.assert_allclose(out, expected, atol=1e-5)
    orders = {tuple(int(i) for i in np.argsort(-row)) for row in expected}
    assert len(orders) > 1 and orders != {(0, 1, 2)}  # answers sorted by score, read in place, would be caught
    assert adapter.class_names == ["negative", "neutral", "positive"] and not adapter.multi_label


def test_pipeline_explained_with_its_label_names(tiny_bert):
    transformers, model, tokenizer = tiny_bert
    pipe = transformers.pipeline("text-classification", model=model, tokenizer=tokenizer)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # softmax rows sum to 1: no warning
        exp = LimeTextExplainer(random_state=0).explain_instance("the film was good but the ending was dull", pipe, top_labels=3, num_samples=60)
    assert exp.class_names == ["negative", "neutral", "positive"]
    np.testing.assert_allclose(exp.predict_proba, direct_probabilities(model, tokenizer, ["the film was good but the ending was dull"])[0], atol=1e-5)
    assert sorted(exp.available_labels()) == [0, 1, 2]
    cf = exp.counterfactual([0])
    text = exp.domain.realize(exp.domain.mask([0])[None, :])[0]
    np.testing.assert_allclose(cf.model, direct_probabilities(model, tokenizer, [text])[0], atol=1e-5)
    named = LimeTextExplainer(class_names=["n", "m", "p"], random_state=0).explain_instance("good film", pipe, num_samples=20)
    assert named.class_names == ["n", "m", "p"]  # the user's names win


def forward_sizes(model):
    sizes = []
    def record(module, args, kwargs):
        sizes.append((kwargs["input_ids"].shape[0], kwargs["input_ids"].device))

    handle = model.register_forward_pre_hook(record, with_kwargs=True)
    return sizes, handle


def test_pipeline_batch_size_and_device_honoured(tiny_bert):
    transformers, model, tokenizer = tiny_bert
    pipe = transformers.pipeline("text-classification", model=model, tokenizer=tokenizer, device=torch.device("cpu"), batch_size=4)
    sizes, handle = forward_sizes(model)
    calls = []
    adapter = ModelAdapter(pipe, batch_size=10)
    inner = adapter._fn
    adapter._fn = lambda texts: calls.append(len(texts)) or inner(texts)
    try:
        before = next(model.parameters()).device
        model.to = lambda *a, **k: pytest.fail("the model was moved")
        adapter(TEXTS * 4 + ["good"])  # 25 texts
    finally:
        handle.remove()
        del model.to
    assert calls == [10, 10, 5]  # our batch size: what one call of the pipeline gets
    assert max(s for s, _ in sizes) == 4 and sum(s for s, _ in sizes) == 25  # the pipeline's own batch size inside
    assert {d for _, d in sizes} == {pipe.device} and next(model.parameters()).device == before
    # a pipeline built without a batch size runs batches of 32, not one text at a time
    plain = transformers.pipeline("text-classification", model=model, tokenizer=tokenizer)
    sizes, handle = forward_sizes(model)
    try:
        ModelAdapter(plain)(TEXTS * 10)
    finally:
        handle.remove()
    assert max(s for s, _ in sizes) == 32 and sum(s for s, _ in sizes) == 60


def test_pipeline_problem_types(tiny_bert):
    transformers, model, tokenizer = tiny_bert
    torch.manual_seed(1)
    multi = transformers.DistilBertForSequenceClassification(
        transformers.DistilBertConfig(vocab_size=len(WORDS) + 4, dim=32, n_layers=1, n_heads=2, hidden_dim=64, max_position_embeddings=64,
                                      num_labels=3, id2label=LABELS, label2id={v: k for k, v in LABELS.items()},
                                      problem_type="multi_label_classification")
    ).eval()
    pipe = transformers.pipeline("text-classification", model=multi, tokenizer=tokenizer)
    adapter = ModelAdapter(pipe)
    assert adapter.multi_label
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # independent sigmoids: no "do not sum to 1" warning
        out = adapter(TEXTS)
    with torch.no_grad():
        expected = torch.sigmoid(multi(**tokenizer(TEXTS, return_tensors="pt", padding=True)).logits).numpy()
    np.testing.assert_allclose(out, expected, atol=1e-5)
    reg = transformers.DistilBertForSequenceClassification(
        transformers.DistilBertConfig(vocab_size=len(WORDS) + 4, dim=32, n_layers=1, n_heads=2, hidden_dim=64, max_position_embeddings=64,
                                      num_labels=1, problem_type="regression")
    ).eval()
    reg_pipe = transformers.pipeline("text-classification", model=reg, tokenizer=tokenizer)
    with pytest.raises(ValueError, match="pass mode='regression'"):
        ModelAdapter(reg_pipe)
    exp = LimeTextExplainer(mode="regression", random_state=0).explain_instance("good film", reg_pipe, num_samples=20)
    assert isinstance(exp.predicted_value, float)


def test_other_pipelines_are_refused_clearly(tiny_bert):
    transformers, model, tokenizer = tiny_bert
    pipe = transformers.pipeline("feature-extraction", model=model.distilbert, tokenizer=tokenizer)
    with pytest.raises(TypeError, match="'feature-extraction' is not recognised"):
        ModelAdapter(pipe)


# ---- PyTorch image modules -------------------------------------------------------------------
class TinyCNN(torch.nn.Module):
    def __init__(self, k=3):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)
        self.drop = torch.nn.Dropout(0.5)
        self.head = torch.nn.Linear(4, k)
        self.seen = []

    def forward(self, x):
        self.seen.append({"shape": tuple(x.shape), "dtype": x.dtype, "device": x.device, "grad": torch.is_grad_enabled(), "training": self.training})
        h = torch.relu(self.conv(x)).mean(dim=(2, 3))
        return self.head(self.drop(h)) * 5


def channels_first(images):
    return np.asarray(images, dtype=np.float32).transpose(0, 3, 1, 2) / 255.0


def images(n=5, size=16, seed=0):
    return np.random.default_rng(seed).integers(0, 256, size=(n, size, size, 3)).astype(np.uint8)


def grid_segments(image):
    h, w = image.shape[:2]
    return (np.arange(h)[:, None] // 4) * ((w + 3) // 4) + np.arange(w)[None, :] // 4


def test_torch_model_batches_no_grad_eval_softmax():
    torch.manual_seed(0)
    cnn = TinyCNN().train()
    model = torch_model(cnn, channels_first, softmax=True, batch_size=2)
    batch = images(5)
    out = model(batch)
    assert isinstance(out, np.ndarray) and out.shape == (5, 3)
    np.testing.assert_allclose(out.sum(axis=1), 1, atol=1e-6)
    cnn.eval()
    with torch.no_grad():
        expected = torch.softmax(cnn(torch.as_tensor(channels_first(batch))), dim=-1).numpy()
    np.testing.assert_allclose(out, expected, atol=1e-6)  # eval mode: dropout off, so the answer is deterministic
    seen = cnn.seen[:3]
    assert [s["shape"][0] for s in seen] == [2, 2, 1]  # torch_model's batch_size
    assert all(not s["grad"] and not s["training"] and s["dtype"] == torch.float32 for s in seen)
    cnn.train()
    model(batch)
    assert cnn.training  # the module's own mode is restored


def test_torch_model_explains_an_image():
    torch.manual_seed(0)
    cnn = TinyCNN()
    model = torch_model(cnn, channels_first, softmax=True)
    image = images(1, size=16)[0]
    exp = LimeImageExplainer(random_state=0).explain_instance(
        image, model, top_labels=2, num_samples=40, segmentation_fn=grid_segments, batch_size=16
    )
    assert len(exp.available_labels()) == 2 and exp.model_stats["rows"] <= 40
    np.testing.assert_allclose(exp.predict_proba, model(image[None])[0], atol=1e-6)
    assert all(s["shape"][0] <= 16 for s in cnn.seen)  # the explainer's batch_size bounds each forward pass


def test_torch_transform_per_image_and_default_conversion():
    torch.manual_seed(0)
    cnn = TinyCNN()
    per_item = torch_model(cnn, transform=lambda img: torch.as_tensor(img, dtype=torch.float32).permute(2, 0, 1) / 255.0)
    batch = images(3)
    np.testing.assert_allclose(per_item(batch), torch_model(cnn, channels_first)(batch), atol=1e-6)
    # without preprocessing the batch goes in as a tensor, floating arrays in the module's dtype
    raw = torch_model(cnn)(channels_first(batch).astype(np.float64))
    assert cnn.seen[-1]["dtype"] == torch.float32 and raw.shape == (3, 3)


def test_bare_module_is_recognised_and_logits_are_named():
    torch.manual_seed(0)
    cnn = TinyCNN()
    image = channels_first(images(1))[0].transpose(1, 2, 0)  # an HWC float image; the bare module needs CHW

    class CHW(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = cnn

        def forward(self, x):
            return self.inner(x.permute(0, 3, 1, 2))

    with pytest.raises(ModelOutputError, match=r"torch_model\(module, preprocess, softmax=True\)"):
        LimeImageExplainer(random_state=0).explain_instance(image, CHW(), num_samples=10, segmentation_fn=grid_segments)
    # logits as several regression outputs: explained per column, named by class_names
    exp = LimeImageExplainer(mode="regression", random_state=0).explain_instance(
        image, CHW(), labels=(0, 2), top_labels=None, num_samples=30, segmentation_fn=grid_segments, class_names=["cat", "dog", "fox"]
    )
    assert exp.explained_labels == [0, 2] and exp.class_names == ["cat", "dog", "fox"]
    assert len(exp.as_list(label=2)) > 0 and exp.predicted_value.shape == (3,)


def test_sigmoid_declares_multi_label():
    torch.manual_seed(0)
    model = torch_model(TinyCNN(), channels_first, sigmoid=True)
    adapter = ModelAdapter(model)
    assert adapter.multi_label
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        out = adapter(images(4))
    assert out.min() >= 0 and out.max() <= 1 and not np.allclose(out.sum(axis=1), 1)


def test_torch_model_device_and_arguments():
    cnn = TinyCNN()
    assert torch_model(cnn).device == torch.device("cpu")
    with pytest.raises(ValueError, match="module's parameters are on meta"):
        torch_model(TinyCNN().to("meta"), device="cpu")
    with pytest.raises(ValueError, match="not both"):
        torch_model(cnn, channels_first, transform=lambda x: x)
    with pytest.raises(ValueError, match="exclude each other"):
        torch_model(cnn, softmax=True, sigmoid=True)
    with pytest.raises(TypeError, match="needs a torch.nn.Module"):
        torch_model(lambda x: x)
