"""lime_widgets.share: a whole notebook as one offline page (its views from the saved widget state)."""
import json
import pathlib
import re
import subprocess
import sys

import nbformat
import pytest

from lime_widgets.share import LimeHTMLExporter, main, notebook_html, prepare

ROOT = pathlib.Path(__file__).resolve().parent.parent
STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"


def view_output(model_id, html=None, plain="Widget(...)"):
    data = {VIEW: {"version_major": 2, "version_minor": 0, "model_id": model_id}, "text/plain": plain}
    if html is not None:
        data["text/html"] = html
    return nbformat.v4.new_output("display_data", data=data)


def synthetic_notebook():
    """Our text view, an image view whose PNG is a saved buffer, a slider (not ours), and a view whose
    state was not saved; then a markdown cell with LaTeX."""
    ours = {"model_name": "AnyModel", "model_module": "anywidget", "model_module_version": "~0.11.*",
            "state": {"_esm": "/* bundle */ const c = 'lw-root';", "_css": ".lw-root{}", "kind": "text", "off": [1],
                      "tokens": [["</script><b>x</b>", 0]], "layout": "IPY_MODEL_l"}}
    image = {"model_name": "AnyModel", "model_module": "anywidget", "model_module_version": "~0.11.*",
             "state": {"_esm": "lw-root", "kind": "image", "image_png": None},
             "buffers": [{"path": ["image_png"], "data": "iVBORw0KGgo=", "encoding": "base64"}]}
    slider = {"model_name": "IntSliderModel", "model_module": "@jupyter-widgets/controls", "model_module_version": "2.0.0",
              "state": {"value": 3}}
    other_anywidget = {"model_name": "AnyModel", "model_module": "anywidget", "model_module_version": "~0.11.*",
                       "state": {"_esm": "export default {}", "kind": "text"}}
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("view")
    cell.outputs = [
        view_output("ours", html="<div class='lw-snapshot'>snapshot</div>"),
        view_output("image"),
        view_output("slider", plain="IntSlider(value=3)"),
        view_output("lost", html="<div class='lw-snapshot'>lost view</div>"),
        view_output("other", html="<p>someone else's widget</p>"),
    ]
    nb.cells = [cell, nbformat.v4.new_markdown_cell("$x^2$")]
    nb.metadata["widgets"] = {STATE: {"version_major": 2, "version_minor": 0,
                                      "state": {"ours": ours, "image": image, "slider": slider, "other": other_anywidget}}}
    return nb


def mounted_states(page: str) -> dict:
    """{mount id: state} of the page's view mounts (nbconvert re-serialises tags: attributes in any order)."""
    found = {}
    for attrs, body in re.findall(r"<script([^>]*data-lw-state=[^>]*)>(.*?)</script>", page, re.S):
        assert 'type="application/json"' in attrs
        found[re.search(r'data-lw-state="([^"]+)"', attrs).group(1)] = json.loads(body)
    return found


def test_prepare_mounts_our_views_and_degrades_the_rest():
    nb = synthetic_notebook()
    before = json.dumps(nb)
    out, count = prepare(nb)
    assert json.dumps(nb) == before, "prepare must not change the notebook it is given"
    assert count == 2 and "widgets" not in out.metadata
    o = out.cells[0].outputs
    assert all(VIEW not in x.data for x in o)
    assert o[0].metadata["lime_widgets"]["mount"] == "lw-nb-view-0" and 'data-lw-state="lw-nb-view-0"' in o[0].data["text/html"]
    assert o[1].metadata["lime_widgets"]["mount"] == "lw-nb-view-1"
    assert o[2].data == {"text/plain": "IntSlider(value=3)"}  # not ours: its text entry
    assert o[3].data["text/html"] == "<div class='lw-snapshot'>lost view</div>"  # ours, state not saved: the snapshot
    assert o[4].data["text/html"] == "<p>someone else's widget</p>"  # an anywidget that is not ours


def snapshot_output(html):
    data = {"text/html": f'<div class="lw-fallback">{html}</div>', "text/plain": "lime_widgets text view"}
    return nbformat.v4.new_output("display_data", data=data, metadata={"lime_widgets": {"fallback": True}})


def test_prepare_keeps_one_of_each_live_view_and_its_snapshot_output():
    """A view displayed as (widget output, snapshot output): the page shows the live view when its state
    was saved and drops the snapshot; without state it shows the snapshot alone."""
    nb = synthetic_notebook()
    cell = nb.cells[0]
    cell.outputs = [view_output("ours", plain=""), snapshot_output("ours, static"),
                    view_output("lost", plain=""), snapshot_output("lost, static"),
                    nbformat.v4.new_output("stream", name="stdout", text="between\n"), snapshot_output("orphan")]
    out, count = prepare(nb)
    o = out.cells[0].outputs
    assert count == 1 and len(o) == 4
    assert o[0].metadata["lime_widgets"]["mount"] == "lw-nb-view-0"
    assert "lost, static" in o[1].data["text/html"] and VIEW not in o[1].data  # the snapshot stands for the lost view
    assert o[2].output_type == "stream"
    assert "orphan" in o[3].data["text/html"]  # not after a view: kept as it is


def test_page_is_offline_and_carries_the_saved_state():
    page = notebook_html(synthetic_notebook())
    states = mounted_states(page)
    assert set(states) == {"lw-nb-view-0", "lw-nb-view-1"}
    text, image = states["lw-nb-view-0"], states["lw-nb-view-1"]
    assert text["off"] == [1] and text["_offline"] is True and text["tokens"] == [["</script><b>x</b>", 0]]
    assert "_esm" not in text and "_css" not in text and "layout" not in text
    assert image["image_png"] == "iVBORw0KGgo="  # the saved buffer, base64, as the renderer reads it
    assert "</script><b>" not in page  # user strings cannot end the JSON block
    assert page.count("window.limeWidgets.renderOffline") == 1 and page.count("lw-root") >= 1
    # nothing from the network: no script/link with a URL, no widget manager, no require.js / MathJax
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?(https?:)?//", page)
    for gone in ("require.js", "mathjax", "embed-amd", "html-manager", STATE):
        assert gone not in page.lower(), gone
    meta = re.search(r"<meta[^>]*Content-Security-Policy[^>]*>", page).group(0)
    csp = re.search(r'content="([^"]+)"', meta).group(1)
    assert "default-src 'none'" in csp and "connect-src" not in csp
    assert "IntSlider(value=3)" in page and "$x^2$" in page


def test_dark_theme_and_command_line(tmp_path):
    nb_path = tmp_path / "nb.ipynb"
    nbformat.write(synthetic_notebook(), nb_path)
    assert main([str(nb_path), "--theme", "dark"]) == 0
    page = (tmp_path / "nb.html").read_text(encoding="utf-8")
    assert 'data-jp-theme-light="false"' in page and len(mounted_states(page)) == 2
    # python -m lime_widgets.share, as the README says
    out = tmp_path / "shared.html"
    r = subprocess.run([sys.executable, "-m", "lime_widgets.share", str(nb_path), "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert len(mounted_states(out.read_text(encoding="utf-8"))) == 2
    r = subprocess.run([sys.executable, "-m", "lime_widgets.share", str(tmp_path / "missing.ipynb")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "no such notebook" in r.stderr


def test_nbconvert_exporter_is_registered():
    """pyproject declares the exporter; when this tree is the installed lime_widgets, nbconvert finds it."""
    from importlib import metadata

    declared = (ROOT / "pyproject.toml").read_text().split('[project.entry-points."nbconvert.exporters"]', 1)[1].split("[", 1)[0]
    assert declared.strip() == 'lime-html = "lime_widgets.share:LimeHTMLExporter"'
    installed = {ep.name: ep.value for ep in metadata.entry_points(group="nbconvert.exporters")}
    if "lime-html" not in installed:
        pytest.skip("the installed lime_widgets predates the exporter: pip install -e . registers it")
    from nbconvert.exporters import get_exporter

    assert get_exporter("lime-html") is LimeHTMLExporter
