"""The compare view in a real JupyterLab and as a saved page: one click asks every model.

The notebook is the text part of example_notebooks/trust.ipynb (a clean and a contaminated TF-IDF +
logistic regression model on Rotten Tomatoes, one review with the planted token). A failing model
beside working ones is tested in tests/test_compare.py (deterministically: a mask the cache cannot answer).
"""
from __future__ import annotations

import pytest
from lw_e2e import (
    EXAMPLES,
    PANEL,
    change_theme,
    next_frames,
    notebook_code_cells,
    offline_page,
    run_cell_json,
    running_view,
    write_notebook,
)

READ_CARDS = """(root) => [...root.querySelectorAll('.lw-cmp-model')].map(c => {
  // the block of the selected class (a binary model offers both; one class explained: its only block)
  const v = (s) => { const el = c.querySelector('.lw-pc.lw-sel ' + s) || c.querySelector('.lw-pc ' + s);
                     return el ? {text: el.textContent, dv: el.getAttribute('data-value')} : null; };
  const err = c.querySelector('.lw-error');
  return {name: c.dataset.model, state: c.dataset.state, now: v('.lw-line.lw-now .lw-val'),
          est: v('.lw-line.lw-est .lw-val'), error: err && !err.hidden ? err.textContent : null};
})"""


def _cells():
    cells = notebook_code_cells(EXAMPLES / "trust.ipynb")
    build = "\n".join(ln for ln in cells[1].splitlines() if ln.strip() != "view")
    return cells[0], build


@pytest.fixture(scope="module")
def compare_example():
    """The trust notebook's text models and compare view, built in the test process (same seed)."""
    setup, build = _cells()
    ns: dict = {}
    exec(compile(setup, "trust.ipynb[cell 1]", "exec"), ns)
    exec(compile(build, "trust.ipynb[cell 2]", "exec"), ns)
    return ns


@pytest.fixture(scope="module")
def compare_page(lab, browser):
    setup, build = _cells()
    write_notebook(lab, "compare.ipynb", [setup, build + "\nview"])
    with running_view(lab, browser, "compare.ipynb", "compare", width=1100) as opened:
        yield opened


def _num(item) -> float:
    assert item and item["dv"] is not None, item
    return float(item["dv"])


def test_lab_one_click_asks_every_model(compare_page):
    page, guard, root = compare_page
    token = root.locator(".lw-cmp-input .lw-tok", has_text="zzhost").first
    token.click()
    fid = int(token.get_attribute("data-fid"))
    # the view is current once every model answered (or failed) for this mask
    root.page.wait_for_function(
        "([r, off]) => r.dataset.off === off && r.dataset.state === 'current'", arg=[root.element_handle(), str(fid)], timeout=30_000)
    cards = root.evaluate(READ_CARDS)
    assert [c["name"] for c in cards] == ["clean", "contaminated"]
    kernel = run_cell_json(page, "{'off': view.off, 'answers': [{'proba': a['proba'], 'error': a['error'], 'off': a['off']} for a in view.answers],"
                                 " 'estimates': {n: e[1] for n, e in view.estimate().items()}}")
    assert kernel["off"] == [fid]
    for card, answer in zip(cards, kernel["answers"]):
        assert answer["off"] == [fid]
        assert card["state"] == "current" and card["error"] is None
        assert abs(_num(card["now"]) - answer["proba"][1]) < 1e-9, card
        assert abs(_num(card["est"]) - kernel["estimates"][card["name"]]) < 1e-9, card
    clean, contaminated = cards[0], cards[1]
    assert _num(contaminated["now"]) < 0.5 and _num(clean["now"]) < 0.5  # the contaminated model changed its answer
    assert guard.dialogs == []


def test_lab_compare_screenshots_light_dark(compare_page, artifacts):
    page, guard, root = compare_page
    out = page.locator(f"{PANEL} .jp-OutputArea-output:has(.lw-root.lw-kind-compare)").first
    try:
        for theme, name in [("JupyterLab Light", "light"), ("JupyterLab Dark", "dark")]:
            if name == "dark":
                change_theme(page, theme)
            page.mouse.move(0, 0)
            out.scroll_into_view_if_needed()
            next_frames(page)
            out.screenshot(path=str(artifacts / f"jlab-compare-{name}.png"))
    finally:
        change_theme(page, "JupyterLab Light")


def test_compare_saved_html_offline(browser, compare_example, tmp_path, artifacts):
    view = compare_example["view"]
    assert view.off == []
    path = view.save_html(tmp_path / "compare.html")
    url = path.as_uri()
    for scheme in ("light", "dark"):
        ctx, page, guard = offline_page(browser, color_scheme=scheme)
        try:
            page.set_viewport_size({"width": 660, "height": 1000})
            page.goto(url)
            root = page.locator(".lw-root.lw-kind-compare").first
            root.wait_for(timeout=10_000)
            page.locator(".lw-export").evaluate("e => e.style.width = '628px'")
            token = root.locator(".lw-cmp-input .lw-tok", has_text="zzhost").first
            fid = int(token.get_attribute("data-fid"))
            token.click()
            page.wait_for_function("([r, off]) => r.dataset.off === off && r.dataset.state === 'offline'",
                                   arg=[root.element_handle(), str(fid)], timeout=10_000)
            cards = root.evaluate(READ_CARDS)
            for card in cards:
                estimate = view.explanations[card["name"]].surrogate_estimate((fid,))[1]
                assert abs(_num(card["est"]) - estimate) < 1e-9, card
                assert card["state"] == "offline" and (card["now"] is None or card["now"]["dv"] is None), card
            assert "no models in this saved view" in root.locator(".lw-status-t").inner_text()
            page.mouse.move(0, 0)
            next_frames(page)
            # file-compare-light.png is the README's docs/compare-view.png (628 px wide, as JupyterLab's output)
            page.locator(".lw-export").screenshot(path=str(artifacts / f"file-compare-{scheme}.png"))
            assert guard.requests == [url], f"requests besides the file: {guard.requests}"
            assert guard.blocked == [] and guard.dialogs == [] and guard.errors == []
        finally:
            ctx.close()
