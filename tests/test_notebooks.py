"""The example notebooks run headless and save the widget state that re-renders them."""
import json
import pathlib
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent


def execute(name, tmp_path):
    work = tmp_path / name
    work.mkdir()
    shutil.copy(ROOT / "example_notebooks" / f"{name}.ipynb", work)
    nb = nbformat.read(work / f"{name}.ipynb", as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(work)}}, store_widget_state=True).execute()
    return nb, work


def test_text_notebook(tmp_path):
    nb, work = execute("text", tmp_path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    views = [m["state"] for m in state.values() if m["state"].get("kind") == "text"]
    assert len(views) == 1
    view = views[0]
    # the hand toggle made from Python was answered before the cell returned, so it is saved
    assert view["off"] and view["counterfactual"]["off"] == view["off"]
    assert view["counterfactual"]["error"] is None and len(view["counterfactual"]["proba"]) == 2
    assert view["_esm"] and view["_css"]
    # the display output carries a static snapshot for places without widgets
    shown = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(shown) == 1 and "lw-snapshot" in shown[0]["data"]["text/html"]
    page = (work / "text_explanation.html").read_text()
    assert "window.limeWidgets.renderOffline" in page
    assert json.loads(page.split('data-lw-state="lw-view-0">', 1)[1].split("</script>", 1)[0])["off"] == view["off"]
