"""A hostile or buggy front end: seeded random trait writes to every explanation view kind.

After every write the view's invariants hold (the last valid state stays when a write is rejected, a
rejected write is applied not at all and says why), and a valid toggle afterwards is answered, agreeing
with ``view.answer()`` and with the model asked directly on ``answer().input``.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

import lime_widgets as lw

WRITES = int(__import__("os").environ.get("LW_FUZZ_WRITES", 1000))


# ---- three small explanations with cheap, deterministic models ------------------------------------
def text_model(docs):
    good = np.array([d.count("good") + d.count("fine") for d in docs], dtype=float)
    bad = np.array([d.count("bad") + 0.5 * d.count("dull") for d in docs], dtype=float)
    p = 1 / (1 + np.exp(-(good - bad)))
    return np.column_stack([1 - p, p])


def image_model(images):
    m = np.asarray(images, dtype=float).reshape(len(images), -1, 3).mean(axis=1) / 255.0
    z = 3 * (m[:, 0] - m[:, 2])
    e = np.exp(np.column_stack([z, -z, 0 * z]))
    return e / e.sum(axis=1, keepdims=True)


def tabular_model(rows):
    rows = np.asarray(rows, dtype=float)
    p = 1 / (1 + np.exp(-(rows[:, 0] - 2 * rows[:, 1] + 0.5 * (rows[:, 2] == 1))))
    return np.column_stack([1 - p, p])


def make_view(kind):
    if kind == "text":
        return lw.explain_text(text_model, "a good film, fine acting, a bad and dull end; good music", num_samples=300,
                               random_state=0, progress=False, class_names=["neg", "pos"])
    if kind == "image":
        yy, xx = np.mgrid[0:40, 0:40]
        img = np.stack([xx * 6, yy * 6, (xx + yy) * 3], axis=-1).astype(np.uint8)
        seg = (yy // 10) * 4 + xx // 10  # 16 square superpixels
        return lw.explain_image(image_model, img, segmentation_fn=lambda im: seg, num_samples=200, top_labels=2,
                                random_state=0, progress=False)
    rng = np.random.default_rng(0)
    train = np.column_stack([rng.normal(size=200), rng.normal(size=200), rng.integers(0, 3, 200)])
    return lw.explain_tabular(tabular_model, train[0], train, categorical_features=[2], categorical_names={2: ["red", "green", "blue"]},
                              feature_names=["x", "y", "colour"], num_samples=300, random_state=0, progress=False)


# ---- random writes ----------------------------------------------------------------------------------
class Writes:
    """Seeded random front-end messages: valid and invalid values of writable traits, Python-only traits,
    unknown keys, several traits at once."""

    def __init__(self, view, seed):
        self.view, self.rng = view, np.random.default_rng(seed)
        self.d = len(view.feature_names)
        self.writable = sorted(lw.widgets.schema.front_end_writable(view.kind))

    def junk(self):
        r = self.rng
        return [None, "", "²" * int(r.integers(1, 5000)), "0", -1, 10**12, 1.5, float("nan"), float("inf"), -float("inf"),
                True, False, [], {}, [[1]], {"a": 1}, [None], ["1"], [1.0], b"x"][int(r.integers(0, 20))]

    def ids(self):
        r, d = self.rng, self.d
        pick = int(r.integers(0, 8))
        if pick == 0:
            return sorted(set(r.integers(0, d, int(r.integers(0, d + 1))).tolist()))  # valid
        if pick == 1:
            return [int(x) for x in r.integers(-3, d + 3, int(r.integers(1, 6)))]  # out of range, negatives
        if pick == 2:
            j = int(r.integers(0, d))
            return [j, j]  # duplicate
        if pick == 3:
            return list(range(10**6)) if r.random() < 0.05 else list(range(d + 1))  # too long
        if pick == 4:
            return [float(x) for x in r.integers(0, d, 2)]
        if pick == 5:
            return [self.junk()]
        if pick == 6:
            return self.junk()
        return list(reversed(range(min(d, 3))))  # valid, unsorted

    def edits(self):
        r, d = self.rng, self.d
        out = {}
        for _ in range(int(r.integers(0, 4))):
            key = [str(int(r.integers(0, d))), str(int(r.integers(-2, d + 3))), "--1", "²", "x", "colour", "", "0" * 40][int(r.integers(0, 8))]
            value = [float(r.normal()), int(r.integers(-5, 5)), "green", "purple", self.junk()][int(r.integers(0, 5))]
            out[key] = value
        return out if r.random() < 0.9 else self.junk()

    def value(self, name):
        r = self.rng
        if name == "off":
            return self.ids()
        if name == "edits":
            return self.edits()
        if name == "label":
            return [int(r.integers(-2, 5)), self.junk(), self.view.labels[0]][int(r.integers(0, 3))]
        if name == "overlay_opacity":
            return [float(r.uniform(-0.5, 1.5)), self.junk()][int(r.integers(0, 2))]
        if name == "top_k":
            return [int(r.integers(-2, self.d + 3)), self.junk()][int(r.integers(0, 2))]
        if name == "show_boundaries":
            return [bool(r.integers(0, 2)), self.junk()][int(r.integers(0, 2))]
        if name == "stability_seeds":  # valid requests stay few and small: each re-explains
            return [int(r.integers(2, 4)) if r.random() < 0.05 else int(r.integers(-3, 60)), self.junk()][int(r.integers(0, 2))]
        if name == "curves_label":
            return [int(r.choice(self.view.labels)) if r.random() < 0.1 else int(r.integers(-3, 6)), -1, self.junk()][int(r.integers(0, 3))]
        return self.junk()

    def message(self):
        r = self.rng
        names = self.writable + ["weights", "labels", "kind", "counterfactual", "rejected", "no_such_trait"]
        k = int(r.integers(1, 4))
        chosen = [names[i] for i in r.choice(len(names), size=min(k, len(names)), replace=False)]
        if r.random() < 0.8:  # mostly writable traits
            chosen = [c for c in chosen if c in self.writable] or [self.writable[0]]
        return {name: self.value(name) for name in chosen}


# ---- invariants -------------------------------------------------------------------------------------
def check_invariants(view, fixed):
    d = len(view.feature_names)
    off = view.off
    assert all(isinstance(i, int) and not isinstance(i, bool) for i in off)
    assert off == sorted(set(off)) and all(0 <= i < d for i in off)
    assert view.label in view.labels
    for name, value in fixed.items():
        assert getattr(view, name) == value, f"{name} changed"
    if view.kind == "tabular":
        dom = view.explanation.domain
        edited = {int(k) for k in view.edits}
        assert all(k.isdigit() for k in view.edits) and edited <= set(range(d))
        assert not edited & set(off)
        assert dom.check_edits(view.edits) is not None
    if view.kind == "image":
        assert isinstance(view.show_boundaries, bool)
        assert math.isfinite(view.overlay_opacity) and 0 <= view.overlay_opacity <= 1
        assert 1 <= view.top_k <= d
    assert view.stability_seeds == 0 and view.curves_label == -1  # requests answered (the view waited)
    assert view.stability["state"] in ("idle", "done", "error") and view.curves["state"] in ("idle", "done", "error")
    assert set(view.curves["labels"]) <= {str(label) for label in view.labels}
    view.view_state()  # always JSON-compliant (no NaN)


def ask_model_directly(view, cf_input):
    model = {"text": text_model, "image": image_model, "tabular": tabular_model}[view.kind]
    return model([cf_input] if view.kind == "text" else np.asarray(cf_input)[None])[0]


def check_valid_toggle(view, rng):
    d = len(view.feature_names)
    edited = {int(k) for k in getattr(view, "edits", {})}
    free = [j for j in range(d) if j not in edited]
    off = sorted(set(view.off) ^ {int(rng.choice(free))})
    view.set_state({"off": off})
    assert view.rejected == ""
    assert view.wait(10)
    assert view.off == off
    cf = view.counterfactual
    assert cf["off"] == off and cf["error"] is None
    answer = view.answer()
    np.testing.assert_allclose(cf["proba"], np.atleast_1d(answer.model), rtol=0, atol=1e-12)
    np.testing.assert_allclose(answer.model, ask_model_directly(view, answer.input), rtol=0, atol=1e-12)


@pytest.mark.parametrize("kind", ["text", "image", "tabular"])
def test_random_front_end_writes_keep_the_view_valid(kind):
    view = make_view(kind)
    fixed = {n: getattr(view, n) for n in ("weights", "labels", "kind", "feature_names", "selected", "intervals", "ties", "warnings")}
    writes = Writes(view, seed={"text": 1, "image": 2, "tabular": 3}[kind])
    rejected = 0
    for _ in range(WRITES):
        message = writes.message()
        before = {n: getattr(view, n) for n in message if view.has_trait(n) and n != "rejected"}
        view.set_state(message)
        assert view.wait(10)
        if view.rejected:
            rejected += 1
            after = {n: getattr(view, n) for n in before}
            assert after == before, "a rejected write was partly applied"
        check_invariants(view, fixed)
        check_valid_toggle(view, writes.rng)
    assert 0.2 * WRITES < rejected < 0.95 * WRITES  # the generator exercises both sides


def test_a_huge_list_is_refused_before_it_is_read():
    view = make_view("text")

    class Huge(list):
        def __iter__(self):
            raise AssertionError("the list was read")

    view.set_state({"off": Huge(range(10**6))})
    assert "only" in view.rejected and view.off == []


def test_several_traits_apply_all_or_nothing():
    view = make_view("image")
    view.set_state({"label": view.labels[1], "top_k": 3, "overlay_opacity": float("nan")})
    assert "overlay_opacity" in view.rejected
    assert view.label == view.labels[0] and view.top_k == 5
    view.set_state({"label": view.labels[1], "top_k": 3, "overlay_opacity": 0.3})
    assert view.rejected == "" and (view.label, view.top_k, view.overlay_opacity) == (view.labels[1], 3, 0.3)


def test_bad_tabular_edits_leave_the_view_usable():
    view = make_view("tabular")
    view.set_state({"off": [0], "edits": {"9": 1.0}})
    assert "no feature" in view.rejected and view.off == [] and view.edits == {}
    for key in ("--1", "²"):
        view.set_state({"edits": {key: 1.0}})
        assert view.edits == {}
    view.toggle(1)
    view.reset()
    assert view.answer().off == ()
    view.set_state({"edits": {"2": "purple"}})
    assert "not a known category" in view.rejected
    view.set_state({"edits": {"2": "green", "0": 0.5}})
    assert view.rejected == "" and view.wait(10)
    assert view.counterfactual["edits"] == {"0": 0.5, "2": "green"}


def test_python_assignments_are_validated_too():
    from traitlets import TraitError

    view = make_view("tabular")
    with pytest.raises(TraitError, match="do not exist"):
        view.off = [7]
    with pytest.raises(TraitError, match="no feature"):
        view.edits = {"height": 2.0}
    view.edits = {"x": 1.5}  # a column name works from Python, stored by id
    assert view.edits == {"0": 1.5}
    with pytest.raises(TraitError, match="both switched off and edited"):
        view.off = [0]
    assert view.off == [] and view.counterfactual["edits"] == {"0": 1.5}
