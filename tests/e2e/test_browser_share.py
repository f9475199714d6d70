"""Executed notebooks as users get them: example_notebooks/run_examples.py executes and signs
text.ipynb, and

- JupyterLab trusts the signed notebook: opened WITHOUT running a cell, the live view renders from the
  saved widget state with the model's saved answer (an unsigned copy shows the static snapshot);
- `python -m lime_widgets.share` turns it into one HTML page that renders offline (every request
  that is not file: aborted, a strict Content-Security-Policy in the page): the live view from the
  saved state with the model's answer saved for its mask, and a click toggles a word and shows the
  surrogate's estimate (no answer was saved for that mask);
- a save_html page of a view checked by hand: a mask checked live shows the model's saved answer
  (labelled "saved") beside the estimate, a mask never checked the estimate only.

Screenshots go to tests/_artifacts/.
"""
from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from frontends import close_to_shown, luminance, read, strongest_word, wait_state
from lw_e2e import KERNEL_TIMEOUT_MS, PANEL, Guard, edited_text, execute_example, offline_page, open_notebook, run_cell_json, wait_kernel_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def executed(lab):
    """run_examples.run('text') into the lab's root (signed with the lab's notebook secret), plus an
    unsigned copy that differs only by a space in its first markdown cell. Returns the view's saved state."""
    path, st = execute_example(lab, "text", lab.root / "executed")
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source += " "
    nbformat.write(nb, path.parent / "text.unsigned.ipynb")
    return path, st


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
        wait_state(root, "current", st["off"])  # the notebook's hand check, saved with it
        assert root.locator(".lw-status").get_attribute("data-saved") == "true"
        v0 = read(root)
        w, b = st["weights"]["1"], st["intercept"]["1"]
        est = lambda off: b + sum(x for j, x in enumerate(w) if j not in set(off))  # noqa: E731
        assert v0["ntok"] == sum(1 for _, f in st["tokens"] if f >= 0) > 0
        assert close_to_shown(v0["blocks"]["fresh"]["orig"], st["proba"][1])
        assert close_to_shown(v0["blocks"]["fresh"]["est"], est(st["off"]))
        assert close_to_shown(v0["blocks"]["fresh"]["now"], st["counterfactual"]["proba"][1])
        assert "saved with this view" in v0["status"]
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
        assert "estimate" in v1["status"] and "no model" in v1["status"]
        root.locator(f".lw-doc .lw-tok[data-fid='{fid}']").first.click()  # and back on: the saved answer again
        wait_state(root, "current", st["off"])
        assert read(root)["blocks"]["fresh"]["now"] == v0["blocks"]["fresh"]["now"]
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


NOW_LINE = """(root) => [...root.querySelectorAll('.lw-pc')].map((b) => {
  const l = b.querySelector('.lw-line.lw-now');
  return { name: b.querySelector('.lw-pc-name').textContent, key: l.querySelector('.lw-line-k').textContent,
           visible: l.getBoundingClientRect().height > 0, marked: b.querySelector('.lw-est').classList.contains('lw-marked') };
})"""


def test_saved_html_shows_the_answers_of_hand_checks(browser, text_example, tmp_path, artifacts):
    import lime_widgets as lw

    model, review = text_example["model"], text_example["review"]
    view = lw.explain_text(model, review, class_names=text_example["class_names"], num_samples=1000, random_state=0)
    a, b = sorted(view.selected["1"], key=lambda j: -abs(view.weights["1"][j]))[:2]
    view.off = [a]  # two hand checks from Python, as the live view's clicks make them
    view.off = [b, a]
    view.off = []
    assert [sorted(c["off"]) for c in view.history] == [[a], sorted([a, b])]
    path = view.save_html(tmp_path / "checked.html")
    url = path.as_uri()
    w, icpt = view.weights["1"], view.intercept["1"]
    est = lambda off: icpt + sum(x for j, x in enumerate(w) if j not in set(off))  # noqa: E731
    answer = lambda off: model.predict_proba([edited_text(view.tokens, off)])[0][1]  # noqa: E731
    for scheme in ("light", "dark"):
        ctx, page, guard = offline_page(browser, scheme)
        try:
            page.set_viewport_size({"width": 660, "height": 1000})
            page.goto(url)
            page.locator(".lw-export").evaluate("e => e.style.width = '628px'")
            root = page.locator(".lw-root").first
            root.wait_for(timeout=10_000)
            steps = [(a, [a], True), (b, sorted([a, b]), True), (a, [b], False)]  # [b] alone was never checked
            for j, off, saved in steps:
                root.locator(f".lw-doc .lw-tok[data-fid='{j}']").first.click()
                wait_state(root, "current" if saved else "offline", off)
                v = read(root)
                lines = root.evaluate(NOW_LINE)
                assert close_to_shown(v["blocks"]["fresh"]["est"], est(off)), (off, v)
                if saved:
                    assert close_to_shown(v["blocks"]["fresh"]["now"], answer(off)), (off, v)
                    assert "the model's answer saved with this view" in v["status"], v["status"]
                    assert all(x["key"] == "saved" and x["visible"] and not x["marked"] for x in lines), lines
                    page.mouse.move(0, 0)
                    root.screenshot(path=str(artifacts / f"saved-answer-{scheme}.png"))
                else:
                    assert "estimate" in v["status"] and "no model" in v["status"], v["status"]
                    assert all(not x["visible"] and x["marked"] for x in lines), lines
            page.mouse.move(0, 0)
            root.screenshot(path=str(artifacts / f"saved-unchecked-{scheme}.png"))
            assert guard.requests == [url], f"requests besides the file: {guard.requests}"
            assert guard.blocked == [] and guard.dialogs == [] and guard.errors == []
        finally:
            ctx.close()
