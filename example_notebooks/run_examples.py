"""Execute the example notebooks headless, save them with their widget state, sign them, write their HTML.

    python example_notebooks/run_examples.py [text ...]

Each notebook runs in a fresh kernel (nbclient); the executed copy is written next to it as
NAME.executed.ipynb with its widget state, and signed with your Jupyter notebook secret (nbformat's
NotebookNotary, the same signature `jupyter trust` writes), so the Jupyter server trusts it:
opened by you, the live views render again from the saved state as soon as a kernel is attached,
without running a cell. The notebook's own save_html call writes an offline page of one view
(text_explanation.html for text), and NAME.executed.html is the whole notebook as one offline page
(python -m lime_widgets.share).
"""
from __future__ import annotations

import pathlib
import sys

import nbformat
from nbclient import NotebookClient

HERE = pathlib.Path(__file__).resolve().parent


def sign(nb, data_dir: str | None = None) -> None:
    """Sign ``nb`` as trusted for the current user (Jupyter's data dir, or ``data_dir``)."""
    from jupyter_core.paths import jupyter_data_dir
    from nbformat.sign import NotebookNotary

    data_dir = data_dir or jupyter_data_dir()
    pathlib.Path(data_dir).mkdir(parents=True, exist_ok=True)  # a fresh machine may have none yet (sqlite needs it)
    NotebookNotary(data_dir=data_dir).sign(nb)


def run(name: str, out_dir: pathlib.Path = HERE, data_dir: str | None = None) -> pathlib.Path:
    nb = nbformat.read(HERE / f"{name}.ipynb", as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(out_dir)}}, store_widget_state=True).execute()
    out = out_dir / f"{name}.executed.ipynb"
    nbformat.write(nb, out)
    sign(nbformat.read(out, as_version=4), data_dir)  # the notebook as saved (writing normalises it)
    return out


if __name__ == "__main__":
    from lime_widgets.share import notebook_html

    names = sys.argv[1:] or ["text", "tabular", "trust"]  # image needs the 'image' extra (torch)
    for name in names:
        out = run(name)
        print("executed and signed (trusted for you)", out)
        page = out.with_suffix(".html")
        page.write_text(notebook_html(out), encoding="utf-8")
        print("offline page of the whole notebook", page)
    for page in sorted(HERE.glob("*_explanation.html")):
        print("offline page of one view", page)
