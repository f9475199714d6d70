"""Execute the example notebooks headless, save them with their widget state, and write their HTML.

    python example_notebooks/run_examples.py [text ...]

Each notebook runs in a fresh kernel (nbclient); the executed copy is written next to it as
NAME.executed.ipynb (widget state included, so JupyterLab re-renders the views without a kernel),
and the notebook's own save_html call writes an offline page (text_explanation.html for text).
"""
import pathlib
import sys

import nbformat
from nbclient import NotebookClient

HERE = pathlib.Path(__file__).resolve().parent


def run(name: str) -> pathlib.Path:
    nb = nbformat.read(HERE / f"{name}.ipynb", as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}, store_widget_state=True).execute()
    out = HERE / f"{name}.executed.ipynb"
    nbformat.write(nb, out)
    return out


if __name__ == "__main__":
    names = sys.argv[1:] or ["text", "tabular", "trust"]  # image needs the 'image' extra (torch)
    for name in names:
        print("executed", run(name))
    for page in sorted(HERE.glob("*_explanation.html")):
        print("offline page", page)
