"""Browser end-to-end tests of the PROGRESS view: in a real JupyterLab (the session's server, see
conftest.py) a long explain_text shows "samples scored / total" in the output while it runs and
leaves only the live view when done; JupyterLab's interrupt button stops a long explanation, the
progress view says "Interrupted after ...", and the kernel lives on (a new cell `1+1` answers 2).

The model is a tiny pure-Python function that sleeps per batch (no training, no sklearn import).
Run alone with:  python -m pytest -s tests/e2e/test_browser_progress.py
Screenshots go to tests/_artifacts/ (gitignored).
"""
from __future__ import annotations

import json
import re
import urllib.request

import pytest
from lw_e2e import KERNEL_TIMEOUT_MS, PANEL, Guard, change_theme, check_colours, next_frames, open_and_run, run_cell_json, write_notebook

pytestmark = pytest.mark.browser

SETUP = '''import time
import numpy as np
import lime_widgets as lw

DOC = ("a witty and moving film whose actors carry a thin plot with grace while the score "
       "swells too often and the ending drags on although the photography of the city at night "
       "stays with you long after the lights come up in the old cinema downtown")

def sleeper(seconds):
    """A model that takes `seconds` per call: P(fresh) from a few words, as a numpy array."""
    def model(texts):
        time.sleep(seconds)
        p = np.array([0.15 + 0.5 * ("witty" in t) + 0.3 * ("grace" in t) for t in texts])
        return np.column_stack([1 - p, p])
    return model'''

RUN = "view = lw.explain_text(sleeper({seconds}), DOC, num_samples={n}, batch_size={bs}, random_state=0)\nview"

PROGRESS = ".lw-root.lw-kind-progress"


def expected_total(n: int) -> int:
    """How many distinct masks the kernel's explanation scores (same document and seed: sampling
    does not depend on the model), from this process."""
    ns: dict = {}
    exec(SETUP.replace("time.sleep(seconds)", "pass"), ns)
    seen = []
    ns["lw"].LimeTextExplainer().explain_instance(
        ns["DOC"], ns["sleeper"](0), num_samples=n, random_state=0, progress=lambda d, t: seen.append(t))
    return seen[-1]


def start_cell(page, code: str):
    """Append a code cell with ``code`` and run it (Shift+Enter) without waiting; returns the cell."""
    page.keyboard.press("Escape")
    cells = page.locator(f"{PANEL} .jp-Notebook .jp-Cell")
    cells.last.locator(".jp-InputPrompt").click()
    page.locator(f"{PANEL} .jp-NotebookPanel-toolbar [data-command='notebook:insert-cell-below']").click()
    index = cells.count() - 1
    page.locator(f"{PANEL} .jp-Cell.jp-mod-active .cm-content").click()
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")
    return cells.nth(index)


READ = """(root) => {
  const bar = root.querySelector('[role=progressbar]');
  const msg = root.querySelector('.lw-prog-msg');
  return {state: root.getAttribute('data-state'), text: root.querySelector('.lw-prog-t').textContent,
          now: Number(bar.getAttribute('aria-valuenow')), max: Number(bar.getAttribute('aria-valuemax')),
          min: Number(bar.getAttribute('aria-valuemin')), width: root.querySelector('.lw-prog-fill').style.width,
          hint: root.querySelector('.lw-prog-hint').textContent, msg: msg.hidden ? null : msg.textContent};
}"""


def shoot(page, cell, path):
    """The cell's output that holds the progress view (not the traceback under it)."""
    page.mouse.move(0, 0)
    out = cell.locator(".jp-OutputArea-output:has(.lw-kind-progress)")
    out.scroll_into_view_if_needed()
    next_frames(page)
    out.screenshot(path=str(path), animations="disabled")


def saved_outputs(page, lab, marker: str) -> tuple[list, dict]:
    """Save the notebook (Ctrl+S); the saved outputs of the one cell whose source has ``marker``, and
    the saved widget states (JupyterLab saves them only with the widget manager's saveState on)."""
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')", timeout=10_000)
    nb = json.loads((lab.root / "progress.ipynb").read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(code) == 1, f"one cell with {marker!r} expected"
    return code[0]["outputs"], nb["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})


WIDGETS_PLUGIN = "@jupyter-widgets/jupyterlab-manager:plugin"


def put_setting(lab, plugin: str, raw: str):
    req = urllib.request.Request(lab.url(f"/lab/api/settings/{plugin}"), data=json.dumps({"raw": raw}).encode(),
                                 method="PUT", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=10).close()


@pytest.fixture(scope="module")
def progress_page(lab, browser):
    """A notebook with the setup cell, opened and run; yields (page, guard). JupyterLab saves widget
    state with the notebook here (the widget manager's saveState, restored afterwards)."""
    write_notebook(lab, "progress.ipynb", [SETUP])
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, device_scale_factor=1)
    put_setting(lab, WIDGETS_PLUGIN, json.dumps({"saveState": True}))
    try:
        page = ctx.new_page()
        guard = Guard(page)
        open_and_run(page, lab, "progress.ipynb")
        yield page, guard
    finally:
        ctx.close()
        lab.shutdown_sessions()
        put_setting(lab, WIDGETS_PLUGIN, "{}")


def test_lab_progress_while_running_then_only_the_view(progress_page, lab, artifacts):
    page, guard = progress_page
    total = expected_total(3000)
    assert 2500 < total <= 3000  # repeated masks are scored once: fewer than num_samples
    cell = start_cell(page, RUN.format(seconds=1.0, n=3000, bs=500))  # 6 batches, 6 s: time for the checks and shots while it runs
    prog = cell.locator(PROGRESS)
    prog.wait_for(timeout=KERNEL_TIMEOUT_MS)
    v = prog.evaluate(READ)
    assert v["state"] == "running", v
    assert re.fullmatch(rf"Scoring perturbed samples [\d,]+ / {total:,} \(\d+%\) \u00b7 \d+\.\d\d s", v["text"]), v["text"]
    assert v["min"] == 0 and v["max"] == total and 0 <= v["now"] < total, v
    assert float(v["width"].rstrip("%")) == pytest.approx(100 * v["now"] / total, abs=0.006)
    assert "interrupt the kernel" in v["hint"]
    check_colours(prog, [".lw-prog-t", ".lw-prog-hint"], dark=False, where="progress, JupyterLab Light")
    shoot(page, cell, artifacts / "jlab-progress-light.png")
    cell.screenshot(path=str(artifacts / "jlab-progress-cell-light.png"), animations="disabled")  # with its code
    # it moves: a later reading has more samples scored (or the run is already over)
    page.wait_for_function(
        "([root, n]) => !root.isConnected || Number(root.querySelector('[role=progressbar]').getAttribute('aria-valuenow')) > n",
        arg=[prog.element_handle(), v["now"]], timeout=10_000)

    # done: the live view is there and the progress view is gone (its output emptied, the model closed)
    cell.locator(".lw-root.lw-kind-text").wait_for(timeout=KERNEL_TIMEOUT_MS)
    page.wait_for_function("(cell) => !cell.querySelector('.lw-kind-progress')", arg=cell.element_handle(), timeout=10_000)
    outs = cell.locator(".jp-OutputArea-output")
    texts = [o.inner_text() for o in outs.all()]
    assert not any("Scoring" in t or "LIME:" in t for t in texts), texts
    heights = cell.locator(".jp-OutputArea-child").evaluate_all("(os) => os.map(o => o.getBoundingClientRect().height)")
    # the emptied output takes no room (JupyterLab 4.6 shows no child for it at all)
    assert len([h for h in heights if h > 100]) == 1 and sum(h for h in heights if h <= 100) < 2, heights
    assert run_cell_json(page, "view.explanation.model_stats['rows']") == total

    # what a saved notebook keeps of that cell: an empty output in the progress bar's place, the view and
    # its (hidden) snapshot output
    outputs, states = saved_outputs(page, lab, "batch_size=500")
    print("\nsaved outputs of the explain_text cell:", json.dumps(
        [{k: (sorted(o[k]) if k == "data" else o[k]) for k in o if k in ("output_type", "data")} for o in outputs]))
    kept = [o for o in outputs if o.get("data")]  # the view, then its snapshot output
    assert len(kept) == 2 and "application/vnd.jupyter.widget-view+json" in kept[0]["data"]
    assert kept[1]["metadata"] == {"lime_widgets": {"fallback": True}} and "lw-snapshot" in "".join(kept[1]["data"]["text/html"])
    assert not any("LIME: scoring" in str(o) for o in outputs)
    kinds = sorted(m["state"].get("kind", m["model_name"]) for m in states.values())
    print("saved widget states:", kinds)
    # the closed progress widget (and its layout) are not saved: the text view and its layout only
    assert kinds == ["LayoutModel", "text"], kinds
    assert not any(m["state"].get("kind") == "progress" for m in states.values())
    assert guard.dialogs == [] and guard.errors == []


def test_lab_interrupt_keeps_the_kernel(progress_page, lab, artifacts):
    page, guard = progress_page
    total = expected_total(3000)
    kernels = [k["id"] for k in lab.kernels()]
    change_theme(page, "JupyterLab Dark")
    try:
        cell = start_cell(page, RUN.format(seconds=1.0, n=3000, bs=100))  # 30 batches of 1 s
        prog = cell.locator(PROGRESS)
        prog.wait_for(timeout=KERNEL_TIMEOUT_MS)
        assert prog.evaluate(READ)["state"] == "running"
        check_colours(prog, [".lw-prog-t", ".lw-prog-hint"], dark=True, where="progress, JupyterLab Dark")
        shoot(page, cell, artifacts / "jlab-progress-dark.png")

        page.locator(f"{PANEL} .jp-NotebookPanel-toolbar [data-command='notebook:interrupt-kernel']").click()
        page.wait_for_function("(root) => root.getAttribute('data-state') === 'interrupted'",
                               arg=prog.element_handle(), timeout=15_000)
        v = prog.evaluate(READ)
        assert re.fullmatch(rf"Interrupted after [\d,]+ / {total:,} samples \u00b7 \d+\.\d\d s", v["text"]), v["text"]
        assert 100 <= v["now"] < total and v["now"] % 100 == 0 and v["max"] == total, v
        assert f"Interrupted after {v['now']:,} / {total:,} samples" in v["text"]
        assert "still running" in v["hint"] and v["msg"] is None
        cell.locator(".jp-OutputArea-output", has_text="KeyboardInterrupt").wait_for(timeout=10_000)
        assert cell.locator(".lw-kind-text").count() == 0
        check_colours(prog, [".lw-prog-t", ".lw-prog-hint"], dark=True, where="interrupted, JupyterLab Dark")
        shoot(page, cell, artifacts / "jlab-progress-interrupted-dark.png")
    finally:
        change_theme(page, "JupyterLab Light")
    shoot(page, cell, artifacts / "jlab-progress-interrupted-light.png")
    # saved: the progress output says what happened in its text/plain too (for places without widgets)
    outputs, states = saved_outputs(page, lab, "batch_size=100")
    saved = [m["state"] for m in states.values() if m["state"].get("kind") == "progress"]
    assert [(m["state"], m["done"], m["total"]) for m in saved] == [("interrupted", v["now"], total)]
    plain = ["".join(o["data"]["text/plain"]) for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(plain) == 1 and plain[0].startswith(f"LIME: interrupted after {v['now']:,} / {total:,} samples"), plain
    assert [o["ename"] for o in outputs if o["output_type"] == "error"] == ["KeyboardInterrupt"]
    # the kernel lives on: same kernel, its variables, and a new cell runs
    assert run_cell_json(page, "1+1") == 2
    assert run_cell_json(page, "'sleeper' in globals()") is True
    assert [k["id"] for k in lab.kernels()] == kernels
    assert guard.dialogs == [] and guard.errors == []


def test_lab_model_error_shows_its_message(progress_page, lab, artifacts):
    """A model that fails on its 3rd batch: the progress view shows the error's message as text and
    stays; the exception is the cell's error; the kernel lives on."""
    page, guard = progress_page
    code = ("def failing(texts, calls=[]):\n"
            "    calls.append(1)\n"
            "    if len(calls) == 3:\n"
            "        raise ValueError('no <b>third</b> batch & more')\n"
            "    return sleeper(0.6)(texts)\n"
            "lw.explain_text(failing, DOC, num_samples=1000, batch_size=100, random_state=0)")
    cell = start_cell(page, code)
    prog = cell.locator(PROGRESS)
    prog.wait_for(timeout=KERNEL_TIMEOUT_MS)
    page.wait_for_function("(root) => root.getAttribute('data-state') === 'error'", arg=prog.element_handle(), timeout=15_000)
    v = prog.evaluate(READ)
    assert re.fullmatch(r"The model failed after 200 / [\d,]+ samples \u00b7 \d+\.\d\d s", v["text"]), v["text"]
    assert v["now"] == 200
    assert v["msg"] is not None and "ValueError: no <b>third</b> batch & more" in v["msg"], v["msg"]
    assert prog.locator("b").count() == 0  # the message is text, not markup
    cell.locator(".jp-OutputArea-output", has_text="ModelError").first.wait_for(timeout=10_000)
    check_colours(prog, [".lw-prog-t", ".lw-prog-msg"], dark=False, where="progress error, JupyterLab Light")
    shoot(page, cell, artifacts / "jlab-progress-error-light.png")
    assert run_cell_json(page, "1+1") == 2
    assert guard.dialogs == [] and guard.errors == []


def test_lab_explain_many_counts_instances(progress_page, lab, artifacts):
    page, guard = progress_page
    code = ("docs = [DOC.replace('witty', w) for w in ('dull', 'bright', 'slow', 'odd', 'warm', 'cold', 'long', 'neat')]\n"
            "exps = lw.explain_many(lw.LimeTextExplainer(random_state=0), docs, sleeper(0.25), num_samples=300, batch_size=300)\n"
            "len(exps)")
    cell = start_cell(page, code)  # 8 explanations of one 0.25 s model call each
    prog = cell.locator(PROGRESS)
    prog.wait_for(timeout=KERNEL_TIMEOUT_MS)
    v = prog.evaluate(READ)
    assert v["state"] == "running", v
    assert re.fullmatch(r"Explaining instances \d / 8 \(\d+%\) \u00b7 \d+\.\d\d s", v["text"]), v["text"]
    assert v["max"] == 8 and 0 <= v["now"] < 8, v
    shoot(page, cell, artifacts / "jlab-progress-instances-light.png")
    # done: the progress output is gone and the cell shows its result
    page.wait_for_function("(cell) => !cell.querySelector('.lw-kind-progress')", arg=cell.element_handle(), timeout=KERNEL_TIMEOUT_MS)
    cell.locator(".jp-OutputArea-output", has_text="8").wait_for(timeout=KERNEL_TIMEOUT_MS)
    assert run_cell_json(page, "[e.domain.text.split()[1] for e in exps]") == ["dull", "bright", "slow", "odd", "warm", "cold", "long", "neat"]
    assert guard.dialogs == [] and guard.errors == []
