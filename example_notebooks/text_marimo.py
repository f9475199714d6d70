"""The text example as a marimo notebook: the live view inside marimo.

    marimo run example_notebooks/text_marimo.py      # as an app (add --headless on a server)
    marimo edit example_notebooks/text_marimo.py     # as a notebook

`mo.ui.anywidget(view)` wraps the view; clicks reach the kernel, which asks the model and answers.
"""
import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")


@app.cell
def _():
    import marimo as mo
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    import lime_widgets as lw
    from lime_widgets.datasets import rotten_tomatoes

    texts, labels, class_names = rotten_tomatoes()
    order = np.random.default_rng(0).permutation(len(texts))
    texts = [texts[i] for i in order]
    labels = np.asarray(labels)[order]
    model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))
    model.fit(texts[:4000], labels[:4000])
    mo.md(f"# Explaining a sentiment classifier, word by word\n\nHeld-out accuracy: {model.score(texts[4000:], labels[4000:]):.3f}. "
          "Click a word to switch it off: the kernel asks the model about exactly that edited text.")
    return class_names, lw, mo, model, texts


@app.cell
def _(class_names, lw, mo, model, texts):
    view = lw.explain_text(model, texts[4001], class_names=class_names, num_samples=5000, random_state=0, progress=False)
    widget = mo.ui.anywidget(view)
    widget  # noqa: B018  (marimo shows a cell's last expression)
    return (view, widget)


@app.cell
def _(mo, view, widget):
    _ = widget.value  # this cell re-runs when the view's state changes (a click)
    answer = view.counterfactual
    mo.md(f"Words off: {view.off}. Model's answer for *fresh*: "
          f"{'-' if not answer or answer.get('proba') is None else round(answer['proba'][1], 3)}")
    return


if __name__ == "__main__":
    app.run()
