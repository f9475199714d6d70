"""Browser end-to-end tests: a real JupyterLab running the example notebook, exported HTML opened
from file:// with the network blocked, hostile strings, saved widget state without a kernel,
screenshots (light/dark) and click-to-answer latency.

Run alone with:  python -m pytest -s tests/e2e
Screenshots and latency.json go to tests/_artifacts/ (gitignored).
"""
from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys

import numpy as np
import pytest
from lw_e2e import (
    EXAMPLES,
    KERNEL_TIMEOUT_MS,
    PANEL,
    Guard,
    change_theme,
    edited_text,
    offline_page,
    open_notebook,
    run_all_via_menu,
    run_cell_json,
    wait_kernel_idle,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

# ---------------------------------------------------------------------------------------------
# reading the view
# ---------------------------------------------------------------------------------------------

READ_VIEW = """(root) => {
  const q = (el, s) => el ? el.querySelector(s) : null;
  const txt = (el) => el ? el.textContent : null;
  const visible = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const status = q(root, '.lw-status');
  const blocks = [...root.querySelectorAll('.lw-pc')].map(b => {
    const line = (k) => q(b, '.lw-line.lw-' + k);
    return {
      name: txt(q(b, '.lw-pc-name')),
      orig: txt(q(line('orig'), '.lw-val')),
      now: txt(q(line('now'), '.lw-val')), nowLabel: line('now') && line('now').getAttribute('aria-label'),
      nowVisible: visible(line('now')),
      est: txt(q(line('est'), '.lw-val')), estLabel: line('est') && line('est').getAttribute('aria-label'),
      estMarked: !!line('est') && line('est').classList.contains('lw-marked'),
      fills: [...b.querySelectorAll('.lw-line .lw-fill')].map(f => f.getBoundingClientRect().width),
    };
  });
  const minor = [...root.querySelectorAll('.lw-mname')].map(m => ({name: m.textContent, label: m.getAttribute('aria-label')}));
  const toks = [...root.querySelectorAll('.lw-doc .lw-tok')];
  const off = [...new Set(toks.filter(s => s.classList.contains('lw-off')).map(s => +s.dataset.fid))].sort((a, b) => a - b);
  const pressed = [...new Set(toks.filter(s => s.getAttribute('aria-pressed') === 'true').map(s => +s.dataset.fid))].sort((a, b) => a - b);
  const doc = q(root, '.lw-doc');
  let edited = '';
  for (const n of doc.childNodes) {
    if (n.nodeType === Node.TEXT_NODE) edited += n.textContent;
    else if (!n.classList.contains('lw-off')) edited += n.textContent;
  }
  return {
    state: status && status.getAttribute('data-state'), status: txt(status), blocks, minor, off, pressed,
    ntok: toks.length, docText: doc.textContent, edited, wrows: root.querySelectorAll('.lw-wrow').length,
    lines: root.querySelectorAll('.lw-line').length,
  };
}"""


def read_view(root) -> dict:
    return root.evaluate(READ_VIEW)


def num(s: str) -> float:
    """A number as the view prints it (Unicode minus, thousands commas)."""
    return float(s.replace("\u2212", "-").replace(",", "").strip())


def block(v: dict, name: str) -> dict:
    found = [b for b in v["blocks"] if b["name"] == name]
    assert len(found) == 1, f"one probability block for class {name!r} expected, got {[b['name'] for b in v['blocks']]}"
    return found[0]


def shown_tolerance(displayed: str) -> float:
    """Half a unit of the last digit the view prints ("0.468" -> 5e-4, "5.1e-4" -> 5e-6, "1,234" -> 0.5)."""
    s = displayed.replace("\u2212", "-").replace(",", "").strip().lower()
    mant, _, exp = s.partition("e")
    decimals = len(mant.split(".")[1]) if "." in mant else 0
    return 0.5 * 10.0 ** (int(exp or 0) - decimals)


def assert_shown(displayed: str, value: float, what: str):
    """The view prints ``value`` rounded: it may differ by at most half a unit of its last digit."""
    assert abs(num(displayed) - value) <= shown_tolerance(displayed) + 1e-12, \
        f"{what}: view shows {displayed}, expected {value:.6g}"


def wait_state(root, state: str, off: list[int] | None = None, timeout=30_000):
    """Wait until the view's status is ``state`` and (if given) exactly the words ``off`` are struck out."""
    root.page.wait_for_function(
        """([root, state, off]) => {
            const st = root.querySelector('.lw-status');
            if (!st || st.getAttribute('data-state') !== state) return false;
            if (off === null) return true;
            const got = [...new Set([...root.querySelectorAll('.lw-doc .lw-tok.lw-off')].map(s => +s.dataset.fid))].sort((a, b) => a - b);
            return JSON.stringify(got) === JSON.stringify(off);
        }""",
        arg=[root.element_handle(), state, None if off is None else sorted(off)],
        timeout=timeout,
    )


def estimate(view, label: int, off) -> float:
    """The surrogate's estimate from the view's traits: intercept + weights of the words still on."""
    w = view.weights[str(label)]
    return view.intercept[str(label)] + sum(x for j, x in enumerate(w) if j not in set(off))


def luminance(rgb: str) -> float:
    r, g, b = [int(float(x)) / 255 for x in re.findall(r"[\d.]+", rgb)[:3]]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


COLORS = """(root) => {
  // effective background: first non-transparent background up the tree
  const bg = (el) => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
    if (c && !/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
  const doc = root.querySelector('.lw-doc'), val = root.querySelector('.lw-line.lw-orig .lw-val');
  return {docColor: getComputedStyle(doc).color, docBg: bg(doc), valColor: getComputedStyle(val).color, valBg: bg(val)};
}"""


def contrast(fg: str, bg: str) -> float:
    a, b = sorted([luminance(fg), luminance(bg)], reverse=True)
    return (a + 0.05) / (b + 0.05)


def check_theme(root, dark: bool, where: str):
    c = root.evaluate(COLORS)
    for k in ("doc", "val"):
        fg, bg = c[k + "Color"], c[k + "Bg"]
        assert contrast(fg, bg) >= 4.5, f"{where}: {k} text {fg} on {bg} has contrast {contrast(fg, bg):.2f} < 4.5"
    assert (luminance(c["docBg"]) < 0.2) == dark, f"{where}: background {c['docBg']} should be {'dark' if dark else 'light'}"
    return c


# ---------------------------------------------------------------------------------------------
# (a), (e), (f): JupyterLab runs example_notebooks/text.ipynb
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def text_page(lab, browser):
    """text.ipynb opened in JupyterLab and run with Run > Run All Cells; yields (page, guard, root)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    try:
        page = ctx.new_page()
        guard = Guard(page)
        open_notebook(page, lab, "text.ipynb")
        wait_kernel_idle(page)
        run_all_via_menu(page)
        root = page.locator(f"{PANEL} .jp-OutputArea-output .lw-root").first
        root.wait_for(timeout=KERNEL_TIMEOUT_MS)
        # the notebook's last cells switch two words off from Python: the view shows the answer
        wait_state(root, "current", timeout=KERNEL_TIMEOUT_MS)
        yield page, guard, root
    finally:
        ctx.close()
        lab.shutdown_sessions()


def effect_order(model, tokens, base_off, candidates):
    """Candidates sorted by how much removing each (on top of base_off) moves P(class 1), largest first."""
    p0 = model.predict_proba([edited_text(tokens, base_off)])[0][1]
    eff = {f: abs(model.predict_proba([edited_text(tokens, list(base_off) + [f])])[0][1] - p0) for f in candidates}
    return sorted(candidates, key=lambda f: -eff[f]), eff


def test_lab_click_asks_the_model(text_page, text_example):
    page, guard, root = text_page
    model, view = text_example["model"], text_example["view"]
    tokens, names, proba0 = view.tokens, view.class_names, view.proba
    assert view.labels == [1, 0] and names == ["rotten", "fresh"]  # a binary model: both classes can be picked

    # Reset puts every word back: the view shows the model on the original document, no round trip
    root.locator(".lw-reset").click()
    wait_state(root, "original", [])
    v = read_view(root)
    assert v["docText"] == text_example["review"]
    assert_shown(block(v, "fresh")["now"], proba0[1], "fresh, model now (original)")
    assert_shown(block(v, "fresh")["orig"], proba0[1], "fresh, original")

    fids = sorted({f for _, f in tokens if f >= 0})
    order, _ = effect_order(model, tokens, [], fids)
    a = order[0]
    order_b, eff_b = effect_order(model, tokens, [a], [f for f in fids if f != a])
    b = order_b[0]
    for off in ([a], sorted([a, b])):
        clicked = b if len(off) == 2 else a
        root.locator(f".lw-doc .lw-tok[data-fid='{clicked}']").first.click()
        wait_state(root, "current", off)
        v = read_view(root)
        want_input = edited_text(tokens, off)
        want = model.predict_proba([want_input])[0]  # the model, asked here, independently of the kernel
        before = model.predict_proba([edited_text(tokens, [f for f in off if f != clicked])])[0]
        assert abs(want[1] - before[1]) > 0.002, "test precondition: the clicked word must move P(fresh)"
        assert v["edited"] == want_input, "the struck-out words are not the clicked ones"
        assert v["pressed"] == off
        fresh = block(v, "fresh")
        assert_shown(fresh["now"], want[1], f"fresh, model now, off={off}")
        assert fresh["nowLabel"] == f"fresh: model now {fresh['now']}"
        assert_shown(block(v, "rotten")["now"], want[0], f"rotten, model now, off={off}")
        assert_shown(fresh["est"], estimate(view, 1, off), f"fresh, surrogate estimate, off={off}")
        assert not fresh["estMarked"], "with the model's answer shown, the estimate must not be marked as the only value"
        assert "the model answered" in v["status"]
        # the kernel's side: the mask is what was clicked, and the model saw exactly the struck-out text
        k = run_cell_json(page, "{'off': view.off, 'cf_off': view.counterfactual['off'], "
                                "'input': view.answer().input, 'model': [float(x) for x in view.answer().model]}")
        assert k["off"] == off and k["cf_off"] == off
        assert k["input"] == want_input
        np.testing.assert_allclose(k["model"], want, rtol=0, atol=1e-9)
    assert guard.dialogs == []


def test_lab_latency(text_page, text_example, artifacts):
    """Click-to-answer time over 20 clicks (printed, and written to tests/_artifacts/latency.json)."""
    page, guard, root = text_page
    model, view = text_example["model"], text_example["view"]
    tokens = view.tokens
    v = read_view(root)
    off = set(v["off"])
    free = [f for f in sorted({f for _, f in tokens if f >= 0}) if f not in off]
    if not off:  # keep one word off throughout so that no click returns to the original (answered locally)
        root.locator(f".lw-doc .lw-tok[data-fid='{free[0]}']").first.click()
        off = {free.pop(0)}
        wait_state(root, "current", sorted(off))
    page.evaluate("""(root) => {
        const L = window.__lwLat = {clicks: [], currents: []};
        root.addEventListener('click', (e) => { if (e.target.closest('.lw-tok')) L.clicks.push(performance.now()); }, true);
        new MutationObserver(() => {
            const st = root.querySelector('.lw-status');
            if (st && st.getAttribute('data-state') === 'current') L.currents.push(performance.now());
        }).observe(root, {attributes: true, subtree: true, attributeFilter: ['data-state']});
    }""", root.element_handle())
    page.mouse.move(0, 0)
    seq = [free[i % len(free)] for i in range(20)]  # w0 w1 .. w5 off, then back on, ...: every click asks the kernel
    times = []
    for fid in seq:
        root.locator(f".lw-doc .lw-tok[data-fid='{fid}']").first.click()
        off ^= {fid}
        wait_state(root, "current", sorted(off))
        ms = page.evaluate("""() => { const L = window.__lwLat; const c = L.clicks[L.clicks.length - 1];
                                      const d = L.currents.find(x => x >= c); return d === undefined ? null : d - c; }""")
        assert ms is not None and ms >= 0
        times.append(ms)
        want = model.predict_proba([edited_text(tokens, off)])[0]
        assert_shown(block(read_view(root), "fresh")["now"], want[1], f"fresh, model now, off={sorted(off)}")
    assert len(page.evaluate("window.__lwLat.clicks")) == 20
    stats = {"clicks": len(times), "median_ms": round(statistics.median(times), 1), "min_ms": round(min(times), 1),
             "max_ms": round(max(times), 1), "all_ms": [round(t, 1) for t in times],
             "what": "JupyterLab, text.ipynb: click on a word -> status 'current' (the model's answer shown), in-page clock"}
    (artifacts / "latency.json").write_text(json.dumps(stats, indent=2))
    print(f"\nclick-to-answer over {len(times)} clicks: median {stats['median_ms']} ms, "
          f"min {stats['min_ms']} ms, max {stats['max_ms']} ms")


def test_lab_screenshots_light_dark(text_page, artifacts):
    page, guard, root = text_page
    out = page.locator(f"{PANEL} .jp-OutputArea-output:has(.lw-root)").first
    page.mouse.move(0, 0)
    out.scroll_into_view_if_needed()
    try:
        check_theme(root, dark=False, where="JupyterLab Light")
        out.screenshot(path=str(artifacts / "jlab-light.png"))
        change_theme(page, "JupyterLab Dark")
        page.mouse.move(0, 0)
        check_theme(root, dark=True, where="JupyterLab Dark")
        out.screenshot(path=str(artifacts / "jlab-dark.png"))
    finally:
        change_theme(page, "JupyterLab Light")  # the theme is a server-side setting: leave it as found


def test_lab_fit_panel_layout(text_page):
    """Inside JupyterLab's output area each fit-panel value sits on its label's row, as in saved HTML.
    (JupyterLab styles `.jp-OutputArea-output dl/dt/dd` as display: block; a <dl class="lw-fit"> broke.)"""
    page, guard, root = text_page
    # the panel's children alternate label, value (dt/dd or divs: whatever the markup, a pair shares a row)
    rows = root.evaluate("""(root) => { const kids = [...root.querySelector('.lw-fit').children], out = [];
        for (let i = 0; i + 1 < kids.length; i += 2) {
            const a = kids[i].getBoundingClientRect(), b = kids[i + 1].getBoundingClientRect();
            out.push({label: kids[i].textContent, value: kids[i + 1].textContent,
                      sameRow: Math.abs(a.top - b.top) < 2 && b.left >= a.right - 1,
                      display: getComputedStyle(kids[i].parentElement).display});
        }
        return out; }""")
    assert len(rows) >= 4, f"fit panel rows: {rows}"
    bad = [r for r in rows if not r["sameRow"]]
    assert not bad, f"fit panel values wrap under their labels (dl display: {rows[0]['display']}): {bad}"


# ---------------------------------------------------------------------------------------------
# (b): save_html opened from file:// with every other request blocked
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_saved_html_offline(browser, text_example, tmp_path, artifacts, scheme):
    view = text_example["view"]
    assert view.off == []
    path = view.save_html(tmp_path / "text_explanation.html")
    url = path.as_uri()
    ctx, page, guard = offline_page(browser, scheme)
    try:
        page.goto(url)
        root = page.locator(".lw-root").first
        root.wait_for(timeout=10_000)
        wait_state(root, "original", [])
        v0 = read_view(root)
        assert v0["docText"] == text_example["review"]
        assert v0["ntok"] == sum(1 for _, f in view.tokens if f >= 0)
        assert "Saved view" in v0["status"]
        fresh0 = block(v0, "fresh")
        assert_shown(fresh0["orig"], view.proba[1], "fresh, original")
        assert_shown(fresh0["est"], estimate(view, 1, []), "fresh, estimate (nothing off)")
        check_theme(root, dark=scheme == "dark", where=f"saved HTML, {scheme}")
        page.mouse.move(0, 0)
        root.screenshot(path=str(artifacts / f"file-{scheme}-0.png"))

        # the word with the largest surrogate weight: its removal must move the estimate visibly
        sel = view.selected["1"]
        fid = max(sel, key=lambda j: abs(view.weights["1"][j]))
        assert abs(view.weights["1"][fid]) > 0.002
        tok = root.locator(f".lw-doc .lw-tok[data-fid='{fid}']").first
        tok.click()
        wait_state(root, "offline", [fid])
        v1 = read_view(root)
        assert tok.evaluate("(s) => getComputedStyle(s).textDecorationLine").find("line-through") >= 0, "the word is not struck out"
        assert v1["edited"] == edited_text(view.tokens, [fid])
        fresh1 = block(v1, "fresh")
        assert_shown(fresh1["est"], estimate(view, 1, [fid]), "fresh, estimate after the click")
        assert num(fresh1["est"]) != num(fresh0["est"]), "the displayed estimate did not change"
        # marked as an estimate, and no "model now" value anywhere
        assert fresh1["estMarked"] and fresh1["estLabel"].endswith("(estimate only)")
        assert "estimate" in v1["status"] and "no model" in v1["status"]
        assert not fresh1["nowVisible"], "a saved view has no model: the 'now' line must be hidden"
        assert fresh1["now"] in ("n/a", "\u2013"), f"a saved view shows a 'model now' value: {fresh1['now']!r}"
        page.mouse.move(0, 0)
        root.screenshot(path=str(artifacts / f"file-{scheme}-1.png"))

        tok.click()  # and back on
        wait_state(root, "original", [])
        assert_shown(block(read_view(root), "fresh")["est"], estimate(view, 1, []), "fresh, estimate restored")

        assert guard.requests == [url], f"requests besides the file: {guard.requests}"
        assert guard.blocked == [] and guard.dialogs == [] and guard.errors == []
    finally:
        ctx.close()


# ---------------------------------------------------------------------------------------------
# (c): documents and class names carrying script payloads
# ---------------------------------------------------------------------------------------------

PAYLOADS = [
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "</script><script>window.__pwned=2;alert(2)</script>",
    "javascript:window.__pwned=3",
    "<b>bold</b>",
]
HOSTILE_DOC = f"A good film {PAYLOADS[0]} but bad {PAYLOADS[1]} see {PAYLOADS[2]} and {PAYLOADS[3]} words"
HOSTILE_CLASSES = ['<b>bold class</b>', '<img src=x onerror="window.__pwned=4;alert(4)">',
                   "</script><script>window.__pwned=5;alert(5)</script>"]
HOSTILE_CODE = f"""import numpy as np
import lime_widgets as lw

DOC = {HOSTILE_DOC!r}
CLASSES = {HOSTILE_CLASSES!r}

def model(texts):
    s = np.array([[1 + 3 * ('good' in t), 1 + 3 * ('bad' in t), 1 + 2 * ('<b>' in t) + ('javascript' in t)] for t in texts], float)
    return s / s.sum(1, keepdims=True)

view = lw.explain_text(model, DOC, class_names=CLASSES, split_expression=r"\\s+", top_labels=3, num_samples=300, random_state=0)
view"""

INSPECT_HOSTILE = """(root) => {
  const all = [...root.querySelectorAll('*')];
  const pageScripts = [...document.querySelectorAll('script')]
      .filter(s => s.textContent.includes('__pwned') && s.type !== 'application/json').length;
  return {
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    bad: [...root.querySelectorAll('img, script, b, a, iframe, object, embed, form')].map(e => e.outerHTML.slice(0, 120)),
    handlers: all.flatMap(e => [...e.attributes].filter(a => /^on/i.test(a.name) || a.name === 'href' || a.name === 'src'
        || /javascript:/i.test(a.value) && a.name !== 'title' && a.name !== 'aria-label').map(a => e.tagName + ' ' + a.name)),
    imgsInPage: document.querySelectorAll('img[src="x"]').length,
    pageScripts,
    docText: root.querySelector('.lw-doc').textContent,
    docInner: root.querySelector('.lw-doc').innerText,
    seg: [...root.querySelectorAll('.lw-seg-b')].map(b => b.textContent),
    pcNames: [...root.querySelectorAll('.lw-pc-name')].map(b => b.textContent),
    wnames: [...root.querySelectorAll('.lw-wname')].map(b => b.textContent),
  };
}"""


def hostile_view():
    ns: dict = {}
    exec(compile(HOSTILE_CODE.rsplit("\n", 1)[0], "hostile", "exec"), ns)
    return ns["view"]


def exercise_and_check_hostile(page, root, guard, view, where):
    """Click the payload words and every class button; then nothing may have run or been parsed as HTML."""
    for word in ('onerror="window.__pwned=1;alert(1)">', "javascript:window.__pwned=3", "<b>bold</b>"):
        fid = view.feature_names.index(word)
        root.locator(f".lw-doc .lw-tok[data-fid='{fid}']").first.click()
    url_before = page.url
    for i, _ in enumerate(view.labels):
        root.locator(".lw-seg-b").nth(i).click()
    assert page.url == url_before
    r = root.evaluate(INSPECT_HOSTILE)
    assert r["pwned"] is None, f"{where}: a payload ran (window.__pwned = {r['pwned']})"
    assert guard.dialogs == [], f"{where}: dialogs fired: {guard.dialogs}"
    assert r["bad"] == [], f"{where}: elements parsed from user strings inside the view: {r['bad']}"
    assert r["handlers"] == [], f"{where}: dangerous attributes inside the view: {r['handlers']}"
    assert r["imgsInPage"] == 0 and r["pageScripts"] == 0
    assert not [u for u in guard.requests if u.split("?")[0].endswith("/x")], f"{where}: the <img src=x> payload was fetched"
    # the payloads are shown literally
    assert r["docText"] == HOSTILE_DOC
    for p in PAYLOADS:
        assert p in r["docInner"], f"{where}: {p!r} is not visible literally in the document"
    assert r["seg"] == [view.class_names[l] for l in view.labels]
    assert sorted(r["pcNames"]) == sorted(HOSTILE_CLASSES)
    for name in HOSTILE_CLASSES:
        assert root.locator(".lw-seg-b", has_text=name).first.is_visible()
    assert set(r["wnames"]) & {'<img', 'onerror="window.__pwned=1;alert(1)">', "</script><script>window.__pwned=2;alert(2)</script>",
                               "javascript:window.__pwned=3", "<b>bold</b>"}, "no payload among the chart's names"
    assert page.evaluate("window.__pwned") is None


def test_hostile_strings_in_lab(lab, browser):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(HOSTILE_CODE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, lab.root / "hostile.ipynb")
    view = hostile_view()
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        guard = Guard(page)
        open_notebook(page, lab, "hostile.ipynb")
        wait_kernel_idle(page)
        run_all_via_menu(page)
        root = page.locator(f"{PANEL} .jp-OutputArea-output .lw-root").first
        root.wait_for(timeout=KERNEL_TIMEOUT_MS)
        wait_state(root, "original", [])
        exercise_and_check_hostile(page, root, guard, view, "JupyterLab")
        off = sorted(view.feature_names.index(w) for w in
                     ('onerror="window.__pwned=1;alert(1)">', "javascript:window.__pwned=3", "<b>bold</b>"))
        wait_state(root, "current", off)  # the kernel answered for the hostile edits too
        assert page.evaluate("window.__pwned") is None and guard.dialogs == []
    finally:
        ctx.close()
        lab.shutdown_sessions()


def test_hostile_strings_in_saved_html(browser, tmp_path):
    view = hostile_view()
    path = view.save_html(tmp_path / "hostile.html", title=HOSTILE_CLASSES[1])
    ctx, page, guard = offline_page(browser)
    try:
        page.goto(path.as_uri())
        root = page.locator(".lw-root").first
        root.wait_for(timeout=10_000)
        exercise_and_check_hostile(page, root, guard, view, "saved HTML")
        assert page.title() == HOSTILE_CLASSES[1]
        assert guard.requests == [path.as_uri()] and guard.blocked == [] and guard.errors == []
    finally:
        ctx.close()


# ---------------------------------------------------------------------------------------------
# (d): the executed notebook with saved widget state, reopened in JupyterLab
# ---------------------------------------------------------------------------------------------

EXECUTE = """
import sys, nbformat
from nbclient import NotebookClient
src, dst, cwd = sys.argv[1:4]
nb = nbformat.read(src, as_version=4)
NotebookClient(nb, store_widget_state=True, timeout=600, kernel_name="python3",
               resources={"metadata": {"path": cwd}}).execute()
nbformat.write(nb, dst)
"""


@pytest.fixture(scope="module")
def saved_state(lab, tmp_path_factory):
    """text.ipynb executed by nbclient with store_widget_state=True, copied into the lab's root twice
    (with its kernelspec, and with a kernelspec nobody has), both trusted. Returns the view's saved state."""
    import nbformat

    tmp = tmp_path_factory.mktemp("executed")
    executed = tmp / "text.executed.ipynb"
    # nbclient in its own process (its asyncio loop and playwright's must not share a thread)
    subprocess.run([sys.executable, "-c", EXECUTE, str(EXAMPLES / "text.ipynb"), str(executed), str(tmp)],
                   check=True, timeout=600, cwd=tmp)
    nb = nbformat.read(executed, as_version=4)
    saved = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    texts = [m["state"] for m in saved.values() if m["state"].get("kind") == "text"]
    assert len(texts) == 1, "one text view in the saved widget state expected"
    nbformat.write(nb, lab.root / "saved_state.ipynb")
    nb.metadata["kernelspec"] = {"name": "lw-no-such-kernel", "display_name": "No such kernel", "language": "lw-none"}
    nb.metadata.pop("language_info", None)
    nbformat.write(nb, lab.root / "saved_state_nokernel.ipynb")
    for name in ("saved_state.ipynb", "saved_state_nokernel.ipynb"):
        subprocess.run([sys.executable, "-m", "jupyter", "trust", str(lab.root / name)], env=lab.env, check=True,
                       capture_output=True, timeout=60)
    return texts[0]


def check_saved_view(root, st, model):
    """The view rendered from the saved state: words, bars, and the model's answer the notebook saved."""
    wait_state(root, "current", st["off"])  # the notebook switched words off from Python; the answer was saved
    v = read_view(root)
    assert v["ntok"] == sum(1 for _, f in st["tokens"] if f >= 0) > 0
    assert v["docText"] == "".join(t for t, _ in st["tokens"])
    assert v["edited"] == st["counterfactual"]["input"]
    assert v["lines"] == 3 * len(st["labels"]) and len(v["blocks"]) == len(st["labels"])
    assert v["wrows"] == min(st["num_features"], len(st["selected"][str(st["label"])])) > 0
    fresh = block(v, "fresh")
    assert all(w > 0 for w in fresh["fills"]), f"empty probability bars: {fresh['fills']}"
    assert_shown(fresh["now"], st["counterfactual"]["proba"][1], "fresh, model now (saved)")
    assert_shown(fresh["now"], model.predict_proba([st["counterfactual"]["input"]])[0][1], "fresh, model now vs model")
    assert_shown(fresh["orig"], st["proba"][1], "fresh, original (saved)")
    return v


def test_saved_widget_state_renders_from_the_notebook(lab, browser, text_example, saved_state):
    """Reopened with a fresh kernel that never ran a cell: the view comes from the saved state alone.
    A click then gets no answer (no kernel-side widget): after the timeout the view says so and shows
    the estimate."""
    st = saved_state
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        guard = Guard(page)
        open_notebook(page, lab, "saved_state.ipynb")
        wait_kernel_idle(page)
        root = page.locator(f"{PANEL} .jp-OutputArea-output .lw-root").first
        root.wait_for(timeout=30_000)
        check_saved_view(root, st, text_example["model"])
        assert run_cell_json(page, "'view' in globals()") is False, "the kernel is not fresh: the view may come from it"
        # a click: nobody in the kernel answers; the view falls back to the estimate after its timeout
        fid = next(f for _, f in st["tokens"] if f >= 0 and f not in st["off"])
        off = sorted(st["off"] + [fid])
        root.locator(f".lw-doc .lw-tok[data-fid='{fid}']").first.click()
        wait_state(root, "pending", off, timeout=5_000)
        wait_state(root, "timeout", off, timeout=15_000)
        v = read_view(root)
        fresh = block(v, "fresh")
        assert "no answer from the kernel" in v["status"]
        assert fresh["estMarked"]
        w = st["weights"]["1"]
        assert_shown(fresh["est"], st["intercept"]["1"] + sum(x for j, x in enumerate(w) if j not in off), "estimate after timeout")
        assert page.locator(f"{PANEL} .jp-OutputArea-output", has_text="Error displaying widget").count() == 0
        assert guard.dialogs == []
    finally:
        ctx.close()
        lab.shutdown_sessions()


def test_saved_widget_state_renders_with_no_kernel(lab, browser, text_example, saved_state):
    """Opened with "No Kernel" (the kernelspec names a kernel nobody has; JupyterLab asks). Passes if the
    view renders; xfails (with the reason) while JupyterLab shows the known 'Loading widget...' instead."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        open_notebook(page, lab, "saved_state_nokernel.ipynb")
        page.locator(".jp-Dialog").get_by_role("button", name="No Kernel").click(timeout=KERNEL_TIMEOUT_MS)
        assert page.locator(f"{PANEL} .jp-NotebookPanel-toolbar .jp-KernelName").inner_text().strip() == "No Kernel"
        sessions = [s for s in lab.api("/api/sessions") if s["path"].endswith("saved_state_nokernel.ipynb")]
        assert all(s.get("kernel") is None for s in sessions), f"a kernel started: {sessions}"
        page.locator(f"{PANEL} .jp-OutputArea-output", has_text="Loading widget").first.wait_for(timeout=10_000)
        root = page.locator(f"{PANEL} .jp-OutputArea-output .lw-root").first
        try:
            root.wait_for(timeout=8_000)  # restoring from the notebook takes well under a second when it works
        except PlaywrightTimeout:
            if page.locator(f"{PANEL} .jp-OutputArea-output", has_text="Loading widget").count():
                pytest.xfail("known upstream limitation: jupyterlab_widgets 5.0 restores saved widget state only once "
                             "a kernel is connected (restoreWidgets throws 'Kernel not set' before reading the "
                             "notebook's state), so with No Kernel every widget stays 'Loading widget...'; "
                             "jupyter-widgets/ipywidgets#3773")
            raise
        check_saved_view(root, saved_state, text_example["model"])
    finally:
        ctx.close()
