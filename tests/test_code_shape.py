"""The shape the code keeps: the engine does not depend on the views, and no function grows past a page."""
import ast
import pathlib
import subprocess
import sys

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "lime_widgets"
MAX_LINES = 60


def test_core_imports_nothing_from_widgets():
    for path in sorted((PACKAGE / "core").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                target = ("." * node.level) + (node.module or "")
                assert "widgets" not in target, f"{path.name} imports {target}"
            elif isinstance(node, ast.Import):
                assert not any("widgets" in a.name for a in node.names), f"{path.name} imports {node.names[0].name}"


def test_the_engine_runs_without_the_views():
    code = (
        "import sys, numpy as np\n"
        "from lime_widgets import LimeTextExplainer\n"
        "f = lambda docs: np.array([[0.3, 0.7] if 'good' in d else [0.8, 0.2] for d in docs])\n"
        "LimeTextExplainer(random_state=0).explain_instance('a good day', f, num_samples=50)\n"
        "loaded = [m for m in sys.modules if m.startswith(('lime_widgets.widgets', 'anywidget', 'ipywidgets'))]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_function_is_longer_than_a_page():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, long
