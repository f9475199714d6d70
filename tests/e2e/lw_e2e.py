"""Helpers of the browser end-to-end tests: the JupyterLab server handle, offline pages, and the
few JupyterLab UI moves the tests make (open a notebook, Run All from the menu, append and run a
cell, change the theme). Fixtures are in conftest.py.

Everything runs on 127.0.0.1. The browser is /usr/bin/chromium (never `playwright install`).
"""
from __future__ import annotations

import contextlib
import json
import os
import pathlib
import re
import socket
import urllib.request

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "example_notebooks"
ARTIFACTS = REPO / "tests" / "_artifacts"
CHROMIUM = os.environ.get("LW_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
KERNEL_TIMEOUT_MS = 60_000  # kernel start + Run All of the example notebook
SERVER_TIMEOUT_S = 60

# ---------------------------------------------------------------------------------------------
# the example notebook's model, rebuilt here from the notebook's own code cells
# ---------------------------------------------------------------------------------------------


def notebook_code_cells(path: pathlib.Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


def edited_text(tokens, off) -> str:
    """The document with the words in ``off`` removed, as lime does with bow=True (separators stay)."""
    off = set(off)
    return "".join(text for text, fid in tokens if fid < 0 or fid not in off)


# ---------------------------------------------------------------------------------------------
# JupyterLab server
# ---------------------------------------------------------------------------------------------


class Lab:
    def __init__(self, proc, base, token, root, env, log_path):
        self.proc, self.base, self.token, self.root, self.env, self.log_path = proc, base, token, root, env, log_path

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}token={self.token}"

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(self.url(path), method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def kernels(self) -> list:
        return self.api("/api/kernels")

    def shutdown_sessions(self):
        """Shut down every session and kernel this server runs (best effort)."""
        try:
            for s in self.api("/api/sessions"):
                self.api(f"/api/sessions/{s['id']}", method="DELETE")
            for k in self.api("/api/kernels"):
                self.api(f"/api/kernels/{k['id']}", method="DELETE")
        except Exception:
            pass

    def log_tail(self, n=4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(settings: pathlib.Path):
    files = {
        # no "receive news?" toast, no update check (both would fetch from the internet)
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/apputils-extension/themes.jupyterlab-settings": {"theme": "JupyterLab Light"},
    }
    for rel, value in files.items():
        p = settings / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(value), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# browser
# ---------------------------------------------------------------------------------------------


class Guard:
    """Records what a page must not do: dialogs (alert/confirm), uncaught errors, requests."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def _dialog(self, d):
        self.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()


def offline_page(browser, color_scheme="light"):
    """A page in a fresh context where every request that is not file: is aborted (and recorded)."""
    ctx = browser.new_context(color_scheme=color_scheme, viewport={"width": 1100, "height": 900},
                              service_workers="block", device_scale_factor=1)
    page = ctx.new_page()
    guard = Guard(page)
    guard.blocked = []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            guard.blocked.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    return ctx, page, guard


# ---------------------------------------------------------------------------------------------
# JupyterLab UI helpers
# ---------------------------------------------------------------------------------------------


PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in the visible tab
_workspace_seq = iter(range(1, 10**6))


def open_notebook(page, lab: Lab, name: str):
    """Open ``name`` alone, in a fresh workspace (else JupyterLab restores the tabs of earlier pages)."""
    ws = f"lw-e2e-{next(_workspace_seq)}"
    page.goto(lab.url(f"/lab/workspaces/{ws}/tree/{name}?reset"))
    page.locator(f"{PANEL} .jp-Notebook").first.wait_for(timeout=KERNEL_TIMEOUT_MS)
    assert page.locator(".jp-NotebookPanel").count() == 1, "another notebook was restored beside " + name


def wait_kernel_idle(page):
    """Wait until the notebook has a kernel (not "No Kernel") and the status bar says it is idle."""
    page.wait_for_function(
        """() => {
            const name = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar .jp-KernelName');
            const items = [...document.querySelectorAll('.jp-StatusBar-TextItem')].map(e => e.textContent.trim());
            return !!name && name.textContent.trim() !== 'No Kernel'
                && items.some(t => / \\| Idle$/.test(t) && !t.startsWith('No Kernel'));
        }""",
        timeout=KERNEL_TIMEOUT_MS,
    )


def open_menu(page, title: str, item, attempts: int = 4):
    """Open the menu bar's ``title`` menu until ``item`` shows (a click sometimes only highlights the
    title without opening it); returns ``item``."""
    for i in range(attempts):
        page.get_by_role("menuitem", name=title, exact=True).click()
        try:
            item.first.wait_for(state="visible", timeout=3000)
            return item.first
        except Exception:
            if i == attempts - 1:
                raise
            page.keyboard.press("Escape")
    return item.first


def run_all_via_menu(page):
    """Run > Run All Cells (the menu bar), then wait until no cell is queued or running."""
    open_menu(page, "Run", page.locator(".lm-Menu-item[data-command='runmenu:run-all']")).click()
    try:
        page.wait_for_function(
            """() => {
                const prompts = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
                return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
            }""",
            timeout=KERNEL_TIMEOUT_MS,
        )
    except Exception:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "failed-run-all.png"))
        prompts = page.evaluate(
            "() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]"
            ".map(p => p.textContent)"
        )
        raise AssertionError(f"Run All did not finish within {KERNEL_TIMEOUT_MS / 1000:.0f} s; prompts: {prompts} "
                             f"(screenshot: {ARTIFACTS / 'failed-run-all.png'})") from None
    wait_kernel_idle(page)


_marker_seq = iter(range(1, 10**6))


def run_cell_json(page, expr: str, timeout=30_000):
    """Append a code cell that prints ``json.dumps(expr)``, run it (Shift+Enter), parse its output."""
    marker = f"LWOUT{next(_marker_seq)}:"
    code = f"import json as _lw_json; print({marker!r} + _lw_json.dumps({expr}))"
    page.keyboard.press("Escape")
    page.locator(f"{PANEL} .jp-Notebook .jp-Cell").last.locator(".jp-InputPrompt").click()
    page.locator(f"{PANEL} .jp-NotebookPanel-toolbar [data-command='notebook:insert-cell-below']").click()
    page.locator(f"{PANEL} .jp-Cell.jp-mod-active .cm-content").click()
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")
    out = page.locator(f"{PANEL} .jp-OutputArea-output", has_text=marker)
    out.wait_for(timeout=timeout)
    text = out.inner_text()
    return json.loads(text[text.index(marker) + len(marker):].strip())


def change_theme(page, theme: str):
    """Settings > Theme > ``theme`` (the menu bar); waits until JupyterLab has applied it."""
    open_menu(page, "Settings", page.locator(".lm-Menu-item[data-type='submenu']", has_text=re.compile(r"^Theme$"))).hover()
    page.locator(".lm-Menu-item[data-command='apputils:change-theme']").filter(
        has_text=re.compile("^" + re.escape(theme) + "$")).click()
    light = "false" if "Dark" in theme else "true"
    page.wait_for_function(
        f"() => document.body.dataset.jpThemeName === {json.dumps(theme)} && document.body.dataset.jpThemeLight === {json.dumps(light)}",
        timeout=30_000,
    )
    page.locator("#jupyterlab-splash").wait_for(state="detached", timeout=30_000)  # a theme change shows the splash
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


# ---------------------------------------------------------------------------------------------
# notebooks written by the tests (added with the image and tabular tests)
# ---------------------------------------------------------------------------------------------


def write_notebook(lab: Lab, name: str, sources: list[str]) -> pathlib.Path:
    """Write a notebook of code cells ``sources`` (python3 kernel) into the server's root."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = lab.root / name
    nbformat.write(nb, path)
    return path


def open_and_run(page, lab: Lab, name: str):
    """Open ``name`` in a fresh workspace, wait for its kernel, Run All Cells and wait until done."""
    open_notebook(page, lab, name)
    wait_kernel_idle(page)
    run_all_via_menu(page)


@contextlib.contextmanager
def running_view(lab: Lab, browser, name: str, kind: str, width: int = 1400, height: int = 1000):
    """A browser page with the notebook ``name`` (already in the lab's root) opened and Run All, and its
    first live view of ``kind``: yields (page, guard, root); the page and the kernels end with it."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    try:
        page = ctx.new_page()
        guard = Guard(page)
        open_and_run(page, lab, name)
        root = page.locator(f"{PANEL} .jp-OutputArea-output .lw-root.lw-kind-{kind}").first
        root.wait_for(timeout=KERNEL_TIMEOUT_MS)
        yield page, guard, root
    finally:
        ctx.close()
        lab.shutdown_sessions()


def next_frames(page, n: int = 2):
    """Wait for ``n`` animation frames (the page has painted what the last DOM change asked for)."""
    page.evaluate("(n) => new Promise(r => { const f = (k) => k ? requestAnimationFrame(() => f(k - 1)) : r(); f(n); })", n)


# colours: text against the first opaque background up the tree
COLOURS = """(root, sels) => {
  const bg = (el) => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
    if (c && !/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
  const out = {};
  for (const s of sels) { const el = root.querySelector(s); out[s] = el ? {fg: getComputedStyle(el).color, bg: bg(el),
          text: el.textContent.slice(0, 40)} : null; }
  return out;
}"""


def luminance(rgb: str) -> float:
    r, g, b = [int(float(x)) / 255 for x in re.findall(r"[\d.]+", rgb)[:3]]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def rgba(c: str) -> list[float]:
    v = [float(x) for x in re.findall(r"[\d.]+", c)]
    return v[:3] + [v[3] if len(v) > 3 else 1.0]


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast of text colour ``fg`` (its alpha composited over ``bg``) on ``bg``."""
    f, b_ = rgba(fg), rgba(bg)
    mixed = [f[3] * f[i] + (1 - f[3]) * b_[i] for i in range(3)]
    a, b = sorted([luminance("rgb({:f}, {:f}, {:f})".format(*tuple(mixed))), luminance(bg)], reverse=True)
    return (a + 0.05) / (b + 0.05)


SECONDARY = [".lw-line-k", ".lw-gap", ".lw-h", ".lw-fit", ".lw-wname", ".lw-tcond", ".lw-tcond.lw-moved"]


def check_colours(root, selectors, dark: bool, where: str) -> dict:
    """Each selector's text has contrast >= 4.5 (WCAG AA) on its background, which is dark iff ``dark``.
    Secondary texts (SECONDARY, where present) are only reported."""
    c = root.evaluate(COLOURS, selectors + SECONDARY)
    for s in SECONDARY:
        if c[s] is not None:
            print(f"  {where}: {s} {c[s]['fg']} on {c[s]['bg']}: contrast {contrast(c[s]['fg'], c[s]['bg']):.2f}")
    report = {}
    for s in selectors:
        assert c[s] is not None, f"{where}: no element {s}"
        report[s] = (c[s]["fg"], c[s]["bg"], round(contrast(c[s]["fg"], c[s]["bg"]), 2))
    low = {s: r for s, r in report.items() if r[2] < 4.5}
    assert not low, f"{where}: text with contrast < 4.5: {low}"
    bgs = {s: r[1] for s, r in report.items()}
    assert all((luminance(b) < 0.2) == dark for b in bgs.values()), f"{where}: backgrounds should be {'dark' if dark else 'light'}: {bgs}"
    return report


# ---------------------------------------------------------------------------------------------
# executed notebooks, as users get them
# ---------------------------------------------------------------------------------------------

_RUN_EXAMPLE = """
import pathlib, sys
sys.path.insert(0, sys.argv[1])
import run_examples
print(run_examples.run(sys.argv[4], out_dir=pathlib.Path(sys.argv[2]), data_dir=sys.argv[3]))
"""


def execute_example(server: Lab, name: str, out_dir: pathlib.Path) -> tuple[pathlib.Path, dict]:
    """example_notebooks/run_examples.run(name) into ``out_dir``: executed with widget state saved and
    signed with ``server``'s notebook secret (so that server trusts it). Returns the notebook's path and
    the saved state of its one ``name`` view."""
    import subprocess
    import sys

    import nbformat

    out_dir.mkdir(parents=True, exist_ok=True)
    # nbclient in its own process (its asyncio loop and playwright's must not share a thread)
    subprocess.run([sys.executable, "-c", _RUN_EXAMPLE, str(EXAMPLES), str(out_dir), server.env["JUPYTER_DATA_DIR"], name],
                   check=True, timeout=600, cwd=out_dir, env=server.env, capture_output=True)
    path = out_dir / f"{name}.executed.ipynb"
    nb = nbformat.read(path, as_version=4)
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    (st,) = [m["state"] for m in state.values() if m["state"].get("kind") == name]
    return path, st

