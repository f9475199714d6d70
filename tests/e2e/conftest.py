"""Fixtures of the browser end-to-end tests: a real JupyterLab server, Debian's headless chromium,
and the example notebook's model rebuilt in the test process. Helpers are in lw_e2e.py.

Everything runs on 127.0.0.1. The browser is /usr/bin/chromium (never `playwright install`).
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time

import pytest
from lw_e2e import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, EXAMPLES, SERVER_TIMEOUT_S, Lab, _free_port, _write_settings, notebook_code_cells


@pytest.fixture(scope="session")
def text_example():
    """The model, review and view of example_notebooks/text.ipynb, built in this process.

    Runs the notebook's first code cell (data + training: deterministic) and the part of the second
    that builds the view (same seed: bit-identical to the kernel's explanation). Returns the
    namespace: ``model``, ``review``, ``view`` (off == []), ``class_names`` ...
    """
    cells = notebook_code_cells(EXAMPLES / "text.ipynb")
    ns: dict = {}
    exec(compile(cells[0], "text.ipynb[cell 1]", "exec"), ns)
    build_view = [ln for ln in cells[1].splitlines() if ln.strip() != "view"]  # drop the display line
    exec(compile("\n".join(build_view), "text.ipynb[cell 2]", "exec"), ns)
    assert "view" in ns and "model" in ns, "text.ipynb no longer defines `model` and `view` in its first two code cells"
    return ns


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A real JupyterLab on 127.0.0.1 (random port and token), serving a temp copy of text.ipynb.

    Its config, data (notebook-signing secret), runtime, settings and workspace directories are all
    temporary. Stopped at the end of the session, kernels included, even when tests fail.
    """
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "notebooks"
    root.mkdir()
    shutil.copy(EXAMPLES / "text.ipynb", root / "text.ipynb")
    settings = tmp / "settings"
    _write_settings(settings)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_DATA_DIR=str(tmp / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), PYTHONUNBUFFERED="1")
    env.pop("JUPYTER_TOKEN", None)
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        "--LabApp.extension_manager=readonly",  # the default (pypi) would query PyPI
        "--ServerApp.terminals_enabled=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log_path = tmp / "server.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = Lab(proc, f"http://127.0.0.1:{port}", token, root, env, log_path)
    try:
        deadline = time.monotonic() + SERVER_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {proc.returncode}:\n{server.log_tail()}")
            try:
                server.api("/api/status")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"jupyter lab did not answer within {SERVER_TIMEOUT_S} s:\n{server.log_tail()}") from None
                time.sleep(0.2)
        yield server
    finally:
        server.shutdown_sessions()
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # jupyter lab stops its kernels on SIGTERM
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the group of the server we started (kernels too)
                proc.wait(10)
        log.close()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (never `playwright install`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

