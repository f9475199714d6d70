"""Executed notebooks as users get them: example_notebooks/run_examples.py executes and signs
text.ipynb, and

- JupyterLab trusts the signed notebook: opened WITHOUT running a cell, the live view renders from the
  saved widget state with the model's saved answer (an unsigned copy shows the static snapshot);
- `python -m lime_widgets.share` turns it into one HTML page that renders offline (every request
  that is not file: aborted, a strict Content-Security-Policy in the page): the live view from the
  saved state, and a click toggles a word and shows the surrogate's estimate.

Screenshots go to tests/_artifacts/.
"""
from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from frontends import close_to_shown, luminance, read, strongest_word, wait_state
from lw_e2e import EXAMPLES, KERNEL_TIMEOUT_MS, PANEL, Guard, edited_text, offline_page, open_notebook, run_cell_json, wait_kernel_idle

pytestmark = pytest.mark.browser

RUN = """
import pathlib, sys
sys.path.insert(0, sys.argv[1])
import run_examples
print(run_examples.run("text", out_dir=pathlib.Path(sys.argv[2]), data_dir=sys.argv[3]))
"""


@pytest.fixture(scope="module")
def executed(lab):
    """run_examples.run('text') into the lab's root (signed with the lab's notebook secret), plus an
    unsigned copy that differs only by a space in its first markdown cell. Returns the view's saved state."""
    out = lab.root / "executed"
    out.mkdir(exist_ok=True)
    # nbclient in its own process (its asyncio loop and playwright's must not share a thread)
    subprocess.run([sys.executable, "-c", RUN, str(EXAMPLES), str(out), lab.env["JUPYTER_DATA_DIR"]],
                   check=True, timeout=600, cwd=out, env=lab.env, capture_output=True)
    nb = nbformat.read(out / "text.executed.ipynb", as_version=4)
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    (st,) = [m["state"] for m in state.values() if m["state"].get("kind") == "text"]
    nb.cells[0].source += " "
    nbformat.write(nb, out / "text.unsigned.ipynb")
    return out / "text.executed.ipynb", st


def test_signed_executed_notebook_renders_the_live_view_without_running(lab, browser, executed, text_example, artifacts):
    path, st = executed
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    try:
        page = ctx.new_page()
        guard = Guard(page)
        open_notebook(page, lab, "executed/text.executed.ipynb")
        wait_kernel_idle(page)
        root = page.locator(f"{PANEL} .jp-OutputArea-output .lw-root").first
        root.wait_for(timeout=KERNEL_TIMEOUT_MS)
        wait_state(root, "current", st["off"])  # the answer the notebook saved, not an estimate
        v = read(root)
        assert v["ntok"] == sum(1 for _, f in st["tokens"] if f >= 0) > 0
        assert close_to_shown(v["blocks"]["fresh"]["now"], st["counterfactual"]["proba"][1])
        model = text_example["model"]
        assert close_to_shown(v["blocks"]["fresh"]["now"], model.predict_proba([edited_text(st["tokens"], st["off"])])[0][1])
        # the snapshot output after the view is there (for places without widgets) but hidden here
        snap = page.locator(f"{PANEL} .jp-OutputArea-output .lw-fallback")
        assert snap.count() == 1 and snap.first.is_hidden()
        page.mouse.move(0, 0)
        root.screenshot(path=str(artifacts / "lab-signed-executed.png"))
        assert run_cell_json(page, "'view' in globals()") is False, "a cell ran: the view may come from the kernel"
        assert guard.dialogs == []
    finally:
        ctx.close()
        lab.shutdown_sessions()

    # the control: the same notebook unsigned shows the static snapshot, not the live view
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    try:
        page = ctx.new_page()
        open_notebook(page, lab, "executed/text.unsigned.ipynb")
        wait_kernel_idle(page)
        page.locator(f"{PANEL} .jp-OutputArea-output .lw-snapshot").first.wait_for(timeout=KERNEL_TIMEOUT_MS)  # visible
        page.wait_for_timeout(2000)  # a live view would have replaced it by now (it does within a second when trusted)
        assert page.locator(f"{PANEL} .jp-OutputArea-output .lw-root").count() == 0
    finally:
        ctx.close()
        lab.shutdown_sessions()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_shared_notebook_page_offline(browser, executed, tmp_path, artifacts, scheme):
    path, st = executed
    page_path = tmp_path / f"text-{scheme}.html"
    subprocess.run([sys.executable, "-m", "lime_widgets.share", str(path), "-o", str(page_path), "--theme", scheme],
                   check=True, timeout=120, capture_output=True)
    url = page_path.as_uri()
    ctx, page, guard = offline_page(browser, scheme)
    try:
        page.goto(url)
        root = page.locator(".lw-root").first
        root.wait_for(timeout=10_000)
        wait_state(root, "offline", st["off"])
        v0 = read(root)
        w, b = st["weights"]["1"], st["intercept"]["1"]
        est = lambda off: b + sum(x for j, x in enumerate(w) if j not in set(off))  # noqa: E731
        assert v0["ntok"] == sum(1 for _, f in st["tokens"] if f >= 0) > 0
        assert close_to_shown(v0["blocks"]["fresh"]["orig"], st["proba"][1])
        assert close_to_shown(v0["blocks"]["fresh"]["est"], est(st["off"]))
        assert "estimate" in v0["status"]
        assert page.locator(".jp-OutputArea-output", has_text="held-out accuracy: 0.").count() == 1  # the rest of the notebook
        assert page.evaluate("() => document.body.dataset.jpThemeLight") == ("false" if scheme == "dark" else "true")
        assert (luminance(v0["bg"]) < 0.2) == (scheme == "dark") and (luminance(v0["fg"]) > 0.4) == (scheme == "dark"), v0

        class _View:  # strongest_word reads these
            selected, weights = st["selected"], st["weights"]

        fid = strongest_word(_View, st["off"])
        off = sorted(st["off"] + [fid])
        root.locator(f".lw-doc .lw-tok[data-fid='{fid}']").first.click()
        wait_state(root, "offline", off)
        v1 = read(root)
        assert close_to_shown(v1["blocks"]["fresh"]["est"], est(off)) and v1["blocks"]["fresh"]["est"] != v0["blocks"]["fresh"]["est"]
        root.locator(f".lw-doc .lw-tok[data-fid='{fid}']").first.click()  # and back on
        wait_state(root, "offline", st["off"])
        page.mouse.move(0, 0)
        root.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"shared-notebook-{scheme}.png"))
        assert guard.requests == [url], f"requests besides the file: {guard.requests}"
        assert guard.blocked == [] and guard.dialogs == [] and guard.errors == []
    finally:
        ctx.close()


def test_plain_nbconvert_html_shows_the_snapshot_offline(browser, executed, tmp_path, artifacts):
    """`jupyter nbconvert --to html` of the executed notebook (widget state saved), opened with the
    network blocked: the widget manager never loads, so the view's own output stays empty, and the
    snapshot output after it shows the explanation."""
    path, st = executed
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", str(path), "--output-dir", str(tmp_path)],
                   check=True, timeout=120, capture_output=True)
    url = (tmp_path / "text.executed.html").as_uri()
    ctx, page, guard = offline_page(browser)
    try:
        page.goto(url)
        snap = page.locator(".lw-fallback .lw-snapshot")
        snap.wait_for(timeout=10_000)
        assert snap.count() == 1 and snap.is_visible()
        words = [t for t, f in st["tokens"] if f >= 0]
        top = max(range(len(st["weights"]["1"])), key=lambda j: abs(st["weights"]["1"][j]))
        assert len(words) > 0 and st["feature_names"][top] in snap.inner_text()
        assert page.locator(".lw-root").count() == 0  # no live view offline
        box = snap.bounding_box()
        assert box and box["height"] > 100 and box["width"] > 300
        snap.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "plain-nbconvert-offline.png"))
        assert any("cdn" in u or "unpkg" in u or "jsdelivr" in u for u in guard.blocked), guard.blocked  # it did try
    finally:
        ctx.close()
