import subprocess
import sys

import numpy as np

import lime_widgets as lw


def test_engine_imports_no_widget_library():
    code = (
        "import sys, numpy as np, lime_widgets as lw\n"
        "e = lw.LimeTextExplainer(random_state=0).explain_instance('a b c', lambda t: np.tile([.5, .5], (len(t), 1)), num_samples=20)\n"
        "bad = [m for m in ('ipywidgets', 'anywidget', 'traitlets') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_lime_view_methods(tmp_path):
    exp = lw.LimeTextExplainer(random_state=0).explain_instance(
        "good <i>bad</i> film", lambda t: np.array([[0.3, 0.7] if "good" in s else [0.6, 0.4] for s in t]), num_samples=50
    )
    view = exp.to_view()
    assert isinstance(view, lw.TextView) and view.explanation is exp
    exp.save_to_file(tmp_path / "x.html")
    page = (tmp_path / "x.html").read_text()
    assert page == exp.as_html() and "renderOffline" in page and "<i>" not in page
