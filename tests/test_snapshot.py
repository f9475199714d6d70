"""The static snapshot shares the live view's palette (lime_widgets/theme.json) and number format
(js/src/format.js, ported in lime_widgets/widgets/numbers.py; vectors in js/tests/format-vectors.json)."""
import json
import re
from pathlib import Path

import pytest

from lime_widgets.widgets import snapshot
from lime_widgets.widgets.numbers import fmt, fmt_signed

ROOT = Path(__file__).resolve().parents[1]
VECTORS = json.loads((ROOT / "js" / "tests" / "format-vectors.json").read_text(encoding="utf-8"))["cases"]
THEME = json.loads((ROOT / "lime_widgets" / "theme.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", VECTORS, ids=lambda c: f"{c['x']}/{c['digits']}")
def test_number_format_follows_the_js_vectors(case):
    assert fmt(case["x"], case["digits"]) == case["fmt"]
    assert fmt_signed(case["x"], case["digits"]) == case["signed"]


def test_number_format_edges():
    assert fmt(None) == fmt("") == fmt(float("nan")) == "\u2013"
    assert fmt(float("inf")) == "\u221e" and fmt_signed(float("-inf")) == "\u2212\u221e"
    assert fmt(0.0625) == "0.063"  # JS toFixed: a tie goes up in magnitude, not to even
    assert fmt_signed(-0.0625) == "\u22120.063"
    assert fmt(-1e-9) == "0.000" and fmt_signed(-1e-9) == "\u22120.000"
    assert "e" not in fmt(1e21) and "e" not in fmt_signed(-3e-12)


def test_snapshot_palette_is_theme_json():
    light = THEME["light"]
    assert snapshot.POS == tuple(light["pos"]) and snapshot.NEG == tuple(light["neg"])
    assert (snapshot.MIN_ALPHA, snapshot.MAX_ALPHA) == (light["amin"], light["amax"])
    assert snapshot.BOUNDARY == tuple(THEME["overlay"]["boundary"])
    # the drifted values of before must not come back
    assert snapshot.NEG != (230, 110, 20) and snapshot.MIN_ALPHA != 0.12


def _state(weights, proba=(0.25, 0.75), mode="classification"):
    return {
        "kind": "text", "mode": mode, "label": 1, "labels": [1], "class_names": ["a", "b"],
        "weights": {"1": list(weights)}, "selected": {"1": list(range(len(weights)))}, "intercept": {"1": 0.1},
        "score": {"1": 0.91234}, "local_pred": {"1": 0.7}, "proba": list(proba), "num_features": 10,
        "num_samples": 5000, "seed": 0, "off": [], "feature_names": [f"w{i}" for i in range(len(weights))],
        "tokens": [[f"w{i}", i] for i in range(len(weights))],
    }


def test_snapshot_numbers_and_colours_follow_the_live_view():
    html = snapshot.snapshot_html(_state([0.5, -0.25, 3e-5]))
    # weights: signed, 3 decimals, U+2212, no exponent
    assert "+0.500" in html and "\u22120.250" in html and "+0.000" in html
    assert not re.search(r"\d[eE][+-]?\d", html)
    assert "0.750" in html and "R² 0.91" in html
    r, g, b = THEME["light"]["neg"]
    assert f"rgba({r},{g},{b}," in html and f"rgb({r},{g},{b})" in html
    # the strongest highlight has theme.json's amax, the weakest non-zero at least amin
    sides = "|".join(",".join(map(str, THEME["light"][k])) for k in ("pos", "neg"))
    alphas = [float(a) for a in re.findall(rf"rgba\((?:{sides}),([0-9.]+)\)", html)]
    assert len(alphas) == 3
    # the weak one (3e-5 of 0.5: under theme.json's weak ratio) has the edge, the strong ones not
    edge = "box-shadow:inset 0 0 0 1px rgb({},{},{})".format(*THEME["light"]["posM"])
    assert html.count("box-shadow:inset") == 1 and edge in html
    assert max(alphas) == pytest.approx(THEME["light"]["amax"])
    assert min(alphas) >= THEME["light"]["amin"]


def test_snapshot_carries_the_trust_panels_intervals_ties_and_warnings():
    st = _state([0.5, -0.25, 0.24])
    st["intervals"] = {"1": {"0": [0.4, 0.6], "1": [-0.3, -0.2], "2": [0.19, 0.29]}, "0": {"0": [9, 9]}}
    st["ties"] = {"1": [[1, 2]]}
    st["warnings"] = {"1": ["low R² 0.31: <the surrogate> explains less than half"], "0": ["not this label"]}
    html = snapshot.snapshot_html(st)
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("95 % interval", 1)[1])
    assert "[+0.400, +0.600]" in rows[0] and "tied" not in rows[0]
    assert "[−0.300, −0.200]" in rows[1] and "≈ tied" in rows[1] and "≈ tied" in rows[2]
    assert "low R² 0.31: &lt;the surrogate&gt;" in html and "not this label" not in html and "+9.000" not in html
    bare = snapshot.snapshot_html(_state([0.5, -0.25]))  # a surrogate without intervals: no interval column
    assert "95 % interval" not in bare and "⚠" not in bare


def test_theme_json_ships_in_the_package():
    from importlib.resources import files

    assert json.loads(files("lime_widgets").joinpath("theme.json").read_text(encoding="utf-8")) == THEME
