"""A whole executed notebook as ONE self-contained HTML page, its lime_widgets views live offline.

    python -m lime_widgets.share notebook.ipynb [-o page.html] [--theme light|dark]
    jupyter nbconvert --to lime-html notebook.ipynb          # the same, as an nbconvert exporter

The notebook as nbconvert's lab template renders it, except that

- every lime_widgets view is rendered from the notebook's saved widget state by the offline renderer
  of ``view.save_html`` (toggles show the surrogate's estimate; the answers saved with the notebook
  show as they were), its bundle and styles inlined once;
- other widgets (not ours) show their ``text/html`` or ``text/plain`` entry, as without widget state;
- nothing is loaded from the network (no require.js, MathJax, Mermaid or widget manager from a CDN:
  LaTeX shows as its source), and a Content-Security-Policy forbids any request.

The saved widget state is the one nbclient (``store_widget_state=True``), JupyterLab or Notebook 7
("Save Widget State Automatically") writes into ``metadata.widgets``. A view whose state was not
saved shows its static snapshot.
"""
from __future__ import annotations

import argparse
import copy
import pathlib
import sys

from nbconvert.exporters import HTMLExporter
from traitlets import default

from .widgets.base import _static_file
from .widgets.export import _inline_script, json_for_script

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
VIEW_KINDS = ("text", "image", "tabular", "pick")  # what the offline renderer draws (progress views are transient)
TEMPLATES = pathlib.Path(__file__).resolve().parent / "templates"

__all__ = ["LimeHTMLExporter", "notebook_html", "main"]


def _saved_state(nb) -> dict:
    widgets = nb.get("metadata", {}).get("widgets", {}) or {}
    return (widgets.get(WIDGET_STATE) or {}).get("state", {}) or {}


def _is_ours(model: dict) -> bool:
    state = model.get("state", {})
    return (model.get("model_module") == "anywidget" and state.get("kind") in VIEW_KINDS
            and "lw-root" in str(state.get("_esm", "")))


def _view_state(model: dict) -> dict:
    """The saved model as the offline renderer wants it: synced traits, bytes as base64, no bundle."""
    state = {k: v for k, v in model["state"].items() if not k.startswith("_") and k not in ("layout", "tabbable", "tooltip")}
    for buf in model.get("buffers", []) or []:
        path, data = buf.get("path", []), buf.get("data", "")
        if buf.get("encoding", "base64") != "base64" or not path:
            continue
        target = state
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = data
    state["_offline"] = True
    return state


def _is_snapshot_output(out) -> bool:
    return bool((out.get("metadata") or {}).get("lime_widgets", {}).get("fallback"))


def _without_hidden_snapshots(outputs: list, saved: dict) -> list:
    """A cell's outputs with one of each (live view, its snapshot output) pair left: the live view when
    its state was saved (the page renders it), else the snapshot."""
    kept = []
    for out in outputs:
        prev = kept[-1] if kept else None
        view = (prev or {}).get("data", {}).get(WIDGET_VIEW) if prev and prev.get("output_type") == "display_data" else None
        if _is_snapshot_output(out) and view is not None:
            if view.get("model_id") in saved and _is_ours(saved[view["model_id"]]):
                continue  # the live view renders; its snapshot would show it twice
            kept.pop()  # no state: the snapshot stands for the view
        kept.append(out)
    return kept


def prepare(nb) -> tuple:
    """A copy of ``nb`` whose lime_widgets views are offline mounts and whose other widget outputs
    fall back to their text entries; the widget state is removed. Returns ``(nb, number_of_views)``."""
    nb = copy.deepcopy(nb)
    saved = _saved_state(nb)
    count = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        cell["outputs"] = _without_hidden_snapshots(cell.get("outputs", []), saved)
        for out in cell["outputs"]:
            data = out.get("data")
            if not data or WIDGET_VIEW not in data:
                continue
            model = saved.get(data[WIDGET_VIEW].get("model_id"))
            if model is not None and _is_ours(model):
                el_id = f"lw-nb-view-{count}"
                count += 1
                out["data"] = {
                    "text/html": (f'<div id="{el_id}" class="lw-export"></div>\n'
                                  f'<script type="application/json" data-lw-state="{el_id}">{json_for_script(_view_state(model))}</script>'),
                    "text/plain": data.get("text/plain", ""),
                }
                out.setdefault("metadata", {})["lime_widgets"] = {"mount": el_id}
            else:
                del data[WIDGET_VIEW]  # its text/html (our snapshot, or another widget's) or text/plain shows
                if not data:
                    data["text/plain"] = ""
    nb.get("metadata", {}).pop("widgets", None)
    return nb, count


class LimeHTMLExporter(HTMLExporter):
    """nbconvert's HTML (lab template) as one offline page with lime_widgets views live (``--to lime-html``)."""

    export_from_notebook = "HTML with live lime_widgets views, offline"

    @default("template_name")
    def _template_name_default(self):
        return "lime_html"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self):
        return [str(TEMPLATES)]

    def from_notebook_node(self, nb, resources=None, **kw):
        nb, _ = prepare(nb)
        resources = dict(resources or {})
        resources["lime_widgets"] = {
            "css": _static_file("widget.css").read_text(encoding="utf-8").replace("</style", "<\\/style"),
            "js": _inline_script(_static_file("standalone.js").read_text(encoding="utf-8")),
        }
        return super().from_notebook_node(nb, resources, **kw)


def notebook_html(source, theme: str = "light") -> str:
    """The offline page of a notebook (a path or a NotebookNode)."""
    import nbformat

    if isinstance(source, (str, pathlib.Path)):
        path = pathlib.Path(source)
        nb = nbformat.read(path, as_version=4)
        resources = {"metadata": {"name": path.stem, "path": str(path.parent)}}
    else:
        nb, resources = source, {"metadata": {"name": "notebook"}}
    exporter = LimeHTMLExporter(theme=theme)
    body, _ = exporter.from_notebook_node(nb, resources)
    return body


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m lime_widgets.share", description=__doc__.split("\n\n")[0])
    p.add_argument("notebook", type=pathlib.Path, help="an executed notebook with its widget state saved")
    p.add_argument("-o", "--output", type=pathlib.Path, help="the page to write (default: NOTEBOOK.html beside it)")
    p.add_argument("--theme", choices=["light", "dark"], default="light")
    args = p.parse_args(argv)
    if not args.notebook.is_file():
        p.error(f"no such notebook: {args.notebook}")
    out = args.output or args.notebook.with_suffix(".html")
    import nbformat

    nb = nbformat.read(args.notebook, as_version=4)
    if not _saved_state(nb):
        print(f"note: {args.notebook} has no saved widget state: its views show their static snapshots "
              "(execute it with nbclient's store_widget_state=True, or save it from JupyterLab with the widget state)", file=sys.stderr)
    out.write_text(notebook_html(args.notebook, theme=args.theme), encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
