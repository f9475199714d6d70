"""Browser end-to-end tests of the TRUST PANEL (issue 11): in a real JupyterLab (the session's server,
see conftest.py), light and dark, press "Check stability" and see the kernel's progress then the
summary; draw the faithfulness curves and see the hand mask marked; the save_html page shows the
panel offline (buttons disabled, results computed before saving still there).

Run alone with:  python -m pytest -s tests/e2e/test_browser_trust.py
Screenshots go to tests/_artifacts/ (gitignored); the README's docs/trust-panel.png is the offline
page's panel, copied there by test_trust_panel_saved_html_offline when LW_UPDATE_DOCS=1.
"""
from __future__ import annotations

import os
import re
import shutil

import pytest
from lw_e2e import (
    EXAMPLES,
    PANEL,
    REPO,
    change_theme,
    check_colours,
    next_frames,
    notebook_code_cells,
    offline_page,
    run_cell_json,
    running_view,
    write_notebook,
)

pytestmark = pytest.mark.browser

# a long review of the example's model: 40 words, 6 shown, tied neighbours among them
BUILD = (
    "import lime_widgets as lw\n"
    "review = max(texts[4000:4200], key=len)\n"
    "view = lw.explain_text(model, review, class_names=class_names, num_features=6, num_samples=1000, random_state=0)\n"
    "view"
)
SUMMARY = re.compile(r"^Top-6 words agree across (\d+) seeds: Jaccard (\d\.\d\d) \(min (\d\.\d\d)\), VSI (\d\.\d\d), CSI (\d\.\d\d)$")
SELS = [".lw-trust .lw-h", ".lw-warn", ".lw-stab-t", ".lw-checks-t", ".lw-ccap", ".lw-clegend"]


@pytest.fixture(scope="module")
def trust_example():
    ns: dict = {}
    exec(compile(notebook_code_cells(EXAMPLES / "text.ipynb")[0], "text.ipynb[cell 1]", "exec"), ns)
    exec(compile(BUILD.rsplit("\n", 1)[0], "trust build", "exec"), ns)
    return ns


@pytest.fixture(scope="module")
def trust_page(lab, browser):
    write_notebook(lab, "trust.ipynb", [notebook_code_cells(EXAMPLES / "text.ipynb")[0], BUILD])
    with running_view(lab, browser, "trust.ipynb", "text", width=1300, height=1100) as opened:
        yield opened


def summary_of(root) -> re.Match:
    text = root.locator(".lw-stab-t").inner_text()
    m = SUMMARY.match(text)
    assert m, f"not a stability summary: {text!r}"
    return m


def check_stability_in_view(page, root, seeds: int):
    button = root.locator(".lw-stab-b")
    button.click()
    root.locator(".lw-stab[data-state='done'] .lw-stab-t", has_text=f"across {seeds} seeds").wait_for(timeout=60_000)
    m = summary_of(root)
    kernel = run_cell_json(page, "view.stability['labels'][str(view.label)]")
    assert int(m.group(1)) == kernel["seeds"] == seeds
    for shown, key in zip(m.groups()[1:], ("jaccard", "jaccard_min", "vsi", "csi")):
        assert shown == f"{kernel[key]:.2f}", (key, shown, kernel[key])
    assert run_cell_json(page, "view.stability_seeds") == 0
    return kernel


def test_lab_trust_panel_light_then_dark(trust_page, trust_example, artifacts):
    page, guard, root = trust_page
    exp = trust_example["view"].explanation
    label = trust_example["view"].label
    # cheap parts, from the explanation: whiskers on the shown bars, tie tags, the tie warning
    assert root.locator(".lw-wrow .lw-wci:not([hidden])").count() == 6
    tied = {j for pair in exp.tied_features(label) for j in pair if j in {f for f, _ in exp.as_map()[label][:6]}}
    assert root.locator(".lw-wrow .lw-tie:not([hidden])").count() == len(tied) > 0
    assert any("tied top features" in w for w in root.locator(".lw-warn").all_inner_texts())
    # the stability check: the button, then the kernel's summary; the spread bands appear
    assert root.locator(".lw-stab-b").inner_text() == "Check stability"
    check_stability_in_view(page, root, 10)
    assert root.locator(".lw-wrow .lw-wspread:not([hidden])").count() == 6
    # the curves: drawn on request; switching a word off marks the model's answer on the deletion chart
    root.locator(".lw-curves-b").click()
    root.locator(".lw-curves[data-state='done'] .lw-curve-deletion .lw-cmodel").wait_for(timeout=60_000)
    points = root.locator(".lw-curve-deletion .lw-cmodel").get_attribute("points").split()
    assert len(points) == len(trust_example["view"].feature_names) + 1
    first = trust_example["view"].selected[str(label)][0]
    root.locator(f".lw-wrow[data-fid='{first}']").click()
    page.wait_for_function("(el) => el.getAttribute('data-state') === 'current' && el.getAttribute('data-off') !== ''",
                           arg=root.element_handle(), timeout=30_000)
    next_frames(page)
    assert "lw-hide" not in root.locator(".lw-curve-deletion .lw-cmark").get_attribute("class")
    assert root.locator(".lw-checks").get_attribute("data-count") == "1"
    out = page.locator(f"{PANEL} .jp-OutputArea-output:has(.lw-root.lw-kind-text)").first
    try:
        light = check_colours(root, SELS, dark=False, where="trust panel, JupyterLab Light")
        out.screenshot(path=str(artifacts / "jlab-trust-light.png"))
        change_theme(page, "JupyterLab Dark")
        dark = check_colours(root, SELS, dark=True, where="trust panel, JupyterLab Dark")
        # in the dark theme: ask again with more seeds
        assert root.locator(".lw-stab-b").inner_text() == "Check with 20 seeds"
        check_stability_in_view(page, root, 20)
        out.screenshot(path=str(artifacts / "jlab-trust-dark.png"))
        print("\ntrust panel contrast (fg, bg, ratio):\n light", light, "\n dark ", dark)
    finally:
        change_theme(page, "JupyterLab Light")
    assert guard.dialogs == [] and guard.errors == []


def test_trust_panel_saved_html_offline(browser, trust_example, tmp_path, artifacts):
    view = lw_view(trust_example)
    view.check_stability(10)
    view.draw_curves()
    chosen = view.selected[str(view.label)]
    for off in ([chosen[0]], [chosen[0], chosen[1]], [chosen[2]]):
        view.off = off
    path = view.save_html(tmp_path / "trust.html")
    url = path.as_uri()
    ctx, page, guard = offline_page(browser)
    try:
        page.set_viewport_size({"width": 1000, "height": 1000})
        page.goto(url)
        root = page.locator(".lw-root.lw-kind-text").first
        root.wait_for(timeout=10_000)
        assert root.get_attribute("data-state") == "offline"
        button = root.locator(".lw-stab-b")
        assert button.is_disabled() and button.get_attribute("title").startswith("saved view: there is no kernel")
        assert int(summary_of(root).group(1)) == 10
        assert root.locator(".lw-curves[data-state='done'] .lw-curve").count() == 2
        assert root.locator(".lw-scatter .lw-pt").count() == len(view.history) == 3
        assert root.locator(".lw-wrow .lw-wspread:not([hidden])").count() == 6
        panel = root.locator(".lw-trust")
        panel.screenshot(path=str(artifacts / "file-trust.png"))
        shot = artifacts / "trust-panel.png"
        root.locator(".lw-main").screenshot(path=str(shot))
        assert shot.stat().st_size < 150_000
        if os.environ.get("LW_UPDATE_DOCS"):  # the README's figure
            shutil.copy(shot, REPO / "docs" / "trust-panel.png")
        assert guard.requests == [url], f"requests besides the file: {guard.requests}"
        assert guard.blocked == [] and guard.dialogs == [] and guard.errors == []
    finally:
        ctx.close()


def lw_view(ns):
    """A fresh view of the example's explanation (the module's explanation is shared with the lab test's numbers)."""
    import lime_widgets as lw

    return lw.TextView(ns["view"].explanation)
