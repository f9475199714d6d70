"""Servers for the front-end tests other than JupyterLab: Jupyter Notebook 7 and marimo, each on
127.0.0.1 at a free port with temporary config, data, runtime and settings directories, and stopped
(process group included) when the test session ends. The view readers the front-end tests share.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request

from lw_e2e import SERVER_TIMEOUT_S, Lab, _free_port, _write_settings


def _wait_until_up(proc, probe, log_tail, what: str):
    deadline = time.monotonic() + SERVER_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}:\n{log_tail()}")
        try:
            probe()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not answer within {SERVER_TIMEOUT_S} s:\n{log_tail()}") from None
            time.sleep(0.3)


def _stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group of the server we started (its kernels too)
            proc.wait(10)


@contextlib.contextmanager
def notebook7_server(tmp, root, theme: str = "JupyterLab Light"):
    """Jupyter Notebook 7 serving ``root``; yields a Lab-like handle (url(), api(), shutdown_sessions())."""
    settings = tmp / "settings"
    _write_settings(settings)
    themes = settings / "@jupyterlab/apputils-extension/themes.jupyterlab-settings"
    themes.write_text(json.dumps({"theme": theme}), encoding="utf-8")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_DATA_DIR=str(tmp / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"), PYTHONUNBUFFERED="1")
    env.pop("JUPYTER_TOKEN", None)
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyter", "notebook", "--no-browser",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--ServerApp.terminals_enabled=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log_path = tmp / "notebook7.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        server = Lab(proc, f"http://127.0.0.1:{port}", token, root, env, log_path)
        try:
            _wait_until_up(proc, lambda: server.api("/api/status"), server.log_tail, "jupyter notebook")
            yield server
        finally:
            server.shutdown_sessions()
            _stop(proc)


class Marimo:
    def __init__(self, proc, base, log_path):
        self.proc, self.base, self.log_path = proc, base, log_path

    def log_tail(self, n=4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""


@contextlib.contextmanager
def marimo_server(tmp, app_path, theme: str = "light"):
    """``marimo run APP --headless`` on 127.0.0.1 with a temporary marimo config (display theme)."""
    config = tmp / "xdg"
    (config / "marimo").mkdir(parents=True, exist_ok=True)
    (config / "marimo" / "marimo.toml").write_text(f'[display]\ntheme = "{theme}"\n\n[runtime]\nauto_instantiate = true\n', encoding="utf-8")
    env = dict(os.environ, XDG_CONFIG_HOME=str(config), HOME=str(tmp), PYTHONUNBUFFERED="1", MARIMO_SKIP_UPDATE_CHECK="1")
    port = _free_port()
    cmd = [sys.executable, "-m", "marimo", "run", str(app_path), "--host", "127.0.0.1", "--port", str(port), "--headless"]
    log_path = tmp / "marimo.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        server = Marimo(proc, f"http://127.0.0.1:{port}", log_path)
        try:
            _wait_until_up(proc, lambda: urllib.request.urlopen(server.base + "/", timeout=5).read(), server.log_tail, "marimo run")
            yield server
        finally:
            _stop(proc)


def local_only(ctx, base: str) -> list:
    """Abort every request that does not go to ``base`` (or data:/blob:); returns the list of those aborted."""
    blocked = []
    host = re.sub(r"^https?://", "", base)

    def route(r):
        url = r.request.url
        if url.startswith(("data:", "blob:")) or re.sub(r"^(https?|wss?)://", "", url).startswith(host):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    ctx.route("**/*", route)
    return blocked


# ---------------------------------------------------------------------------------------------
# reading a text view (the same markup in every front end)
# ---------------------------------------------------------------------------------------------

READ = """(root) => {
  const st = root.querySelector('.lw-status');
  const blocks = {};
  for (const b of root.querySelectorAll('.lw-pc')) {
    const val = (k) => { const v = b.querySelector('.lw-line.lw-' + k + ' .lw-val'); return v ? v.textContent : null; };
    blocks[b.querySelector('.lw-pc-name').textContent] = {orig: val('orig'), now: val('now'), est: val('est')};
  }
  const toks = [...root.querySelectorAll('.lw-doc .lw-tok')];
  return {state: st && st.getAttribute('data-state'), status: st && st.textContent, blocks,
          off: [...new Set(toks.filter(s => s.classList.contains('lw-off')).map(s => +s.dataset.fid))].sort((a, b) => a - b),
          ntok: toks.length, bg: (() => { const up = (el) => el.parentElement || (el.getRootNode().host || null);  // out of shadow roots too
            for (let el = root; el; el = up(el)) { const c = getComputedStyle(el).backgroundColor;
            if (c && !/rgba\\(.*, 0\\)$/.test(c) && !/\\/ 0\\)$/.test(c) && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; })(),
          fg: getComputedStyle(root.querySelector('.lw-doc')).color};
}"""


def luminance(colour: str) -> float:
    """Relative luminance of a CSS colour as getComputedStyle gives it: rgb()/rgba() (0..255) or
    color(srgb r g b) (0..1, what marimo's color-mix backgrounds compute to)."""
    from lw_e2e import luminance as rgb_luminance

    if colour.startswith("color(srgb"):
        r, g, b = [float(x) * 255 for x in re.findall(r"[\d.]+", colour)[:3]]
        colour = f"rgb({r}, {g}, {b})"
    return rgb_luminance(colour)


def read(root) -> dict:
    return root.evaluate(READ)


def num(s: str) -> float:
    return float(s.replace("\u2212", "-").replace(",", "").strip())


def close_to_shown(displayed: str, value: float) -> bool:
    """The view prints ``value`` rounded to the digits it shows."""
    s = displayed.replace("\u2212", "-").replace(",", "").strip()
    decimals = len(s.split(".")[1]) if "." in s else 0
    return abs(float(s) - value) <= 0.5 * 10.0 ** -decimals + 1e-12


def wait_state(root, state: str, off: list[int] | None = None, timeout=30_000):
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


def strongest_word(view, off=()) -> int:
    """The word (feature id) with the largest |surrogate weight| for class 1 that is not already off."""
    sel = [j for j in view.selected["1"] if j not in set(off)]
    return max(sel, key=lambda j: abs(view.weights["1"][j]))
