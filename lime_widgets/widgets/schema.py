"""The one declaration of the state a view syncs with its front end.

Every synced trait of every view kind is declared here once: its name, the kinds that have it, who
writes it (``python`` only, or ``both``: the front end may write it too), whether a change updates the
view in place (``live``) or rebuilds it (``struct``), its TypeScript type and what it holds.

- The front end's trait lists and types are generated from it: ``python -m lime_widgets.widgets.schema``
  writes ``js/src/schema.gen.json`` and ``js/src/state.gen.d.ts`` (a test checks both are current).
- The Python views' traitlets are checked against it (a test), and every front-end write of a ``both``
  trait is validated by :mod:`lime_widgets.widgets.validation` before any observer runs; a front-end
  write of a ``python`` trait is rejected.
"""
from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass

__all__ = ["EXPLANATION_KINDS", "SCHEMA", "Trait", "front_end_writable", "schema_json", "traits_of", "typescript"]

EXPLANATION_KINDS = ("text", "image", "tabular")
ALL_KINDS = EXPLANATION_KINDS + ("pick", "progress", "compare")


@dataclass(frozen=True)
class Trait:
    name: str
    kinds: tuple[str, ...]
    writer: str  # "python" | "both"
    update: str  # "live" | "struct"
    ts: str
    doc: str


def _t(name, kinds, writer, update, ts, doc) -> Trait:
    return Trait(name, tuple(kinds), writer, update, ts, doc)


E = EXPLANATION_KINDS
EC = EXPLANATION_KINDS + ("compare",)  # traits the compare view shares with the single views
COUNTERFACTUAL_TS = (
    "{ off: number[]; edits?: Record<string, number | string>; proba: number[] | null; error: string | null; "
    "input: string | null; surrogate?: Record<string, number>; row?: string[]; conditions?: string[] }"
)
MODEL_STATS_TS = (
    "{ calls: number; rows: number; seconds: number; path?: string; unnormalised_rows?: number; "
    "checks?: { calls: number; rows: number; seconds: number; cached: number; failed: number } }"
)
CHECK_TS = (
    "{ off: number[]; edits: Record<string, number | string>; model: number[] | null; "
    "surrogate: Record<string, number>; error: string | null }"
)
COLUMN_TS = (
    "{ name: string; value: string; condition: string; type: \"numeric\" | \"categorical\"; categories: string[] | null; "
    "raw: number | string; off_value: string; min: number | null; max: number | null; borders: number[] | null; "
    "bin: number | null; mean: number | null; scale: number | null; z0: number }"
)
PICK_ITEM_TS = (
    "{ index: number; kind: string; title: string; label: string; proba: number; score: number; "
    "features: [string, number][]; thumb_png: string | null }"
)
COMPARE_MODEL_TS = (
    "{ name: string; weights: Record<string, number[]>; selected: Record<string, number[]>; intercept: Record<string, number>; "
    "score: Record<string, number>; local_pred: Record<string, number>; proba: number[]; "
    "value_range: [number, number] | Record<string, [number, number]> | null; "
    "model_stats: { calls: number; rows: number; seconds: number } }"
)
AGREEMENT_TS = "{ a: string; b: string; spearman: number | null; overlap: number; k: number }"
STABILITY_TS = (
    "{ state: \"idle\" | \"running\" | \"done\" | \"error\"; done: number; total: number; message: string; "
    "labels: Record<string, { k: number; seeds: number; jaccard: number; jaccard_min: number; vsi: number; csi: number; "
    "spread: Record<string, [number, number]> }> }"
)
CURVE_TS = "{ model: number[]; random: number[]; auc: number; random_auc: number }"
CURVES_TS = (
    f"{{ state: \"idle\" | \"running\" | \"done\" | \"error\"; label: number; message: string; "
    f"labels: Record<string, {{ deletion: {CURVE_TS}; insertion: {CURVE_TS} }}> }}"
)

SCHEMA: tuple[Trait, ...] = (
    # every kind
    _t("kind", ALL_KINDS, "python", "struct", "string", "the view kind: text, image, tabular, pick, progress or compare"),
    # every explanation view
    _t("mode", EC, "python", "struct", "\"classification\" | \"regression\"", "what the model's outputs are"),
    _t("class_names", EC, "python", "struct", "string[]", "names of all model outputs; regression: [\"value\"]"),
    _t("labels", EC, "python", "struct", "number[]", "explained labels in display order (top_labels order when given)"),
    _t("label", EC, "both", "live", "number", "the selected label (class picker); always one of labels"),
    _t("feature_names", EC, "python", "struct", "string[]", "display name of each interpretable feature (d of them)"),
    _t("weights", E, "python", "struct", "Record<string, number[]>", "per label: the surrogate weight of every feature (0 where not selected)"),
    _t("selected", E, "python", "struct", "Record<string, number[]>", "per label: the selected feature ids, largest |weight| first"),
    _t("intercept", E, "python", "struct", "Record<string, number>", "per label: the surrogate's intercept"),
    _t("score", E, "python", "struct", "Record<string, number>", "per label: the surrogate's weighted R² on the samples"),
    _t("local_pred", E, "python", "struct", "Record<string, number>", "per label: the surrogate at the instance"),
    _t("proba", E, "python", "struct", "number[]", "the model's output on the instance (regression: [value])"),
    _t("value_range", E, "python", "struct", "[number, number] | Record<string, [number, number]> | null",
       "regression: the model's min and max over the samples; several columns: per column (label)"),
    _t("num_features", EC, "python", "struct", "number", "how many bars the weight chart shows"),
    _t("num_samples", EC, "python", "struct", "number", "perturbed samples the explanation used"),
    _t("seed", EC, "python", "struct", "number", "the seed that reproduces the explanation"),
    _t("model_stats", E, "python", "live", MODEL_STATS_TS, "what explaining cost the model, how it was reached, and the hand checks"),
    _t("off", EC, "both", "live", "number[]", "feature ids switched off now: sorted, unique, in range"),
    _t("counterfactual", E, "python", "live", COUNTERFACTUAL_TS,
       "the model's answer for the request it names (off, edits); current only while off and edits equal it"),
    _t("rejected", EC, "python", "live", "string", "why the kernel rejected the front end's last write (\"\": none)"),
    _t("history", E, "python", "live", f"{CHECK_TS}[]",
       "the hand checks so far, oldest first: each request answered, the model's output and the surrogate's estimate per label"),
    # every explanation view: how far to trust it (the trust panel; core/trust.py, stability.py, curves.py)
    _t("intervals", E, "python", "struct", "Record<string, Record<string, [number, number]>>",
       "per label: the 95 % interval {feature id: [low, high]} of each selected weight ({} when the surrogate has none)"),
    _t("ties", E, "python", "struct", "Record<string, [number, number][]>",
       "per label: pairs [a, b] of top features ranked next to each other whose |weight| intervals overlap"),
    _t("warnings", E, "python", "struct", "Record<string, string[]>", "per label: the engine's short warnings (exp.warnings)"),
    _t("stability_seeds", E, "both", "live", "number",
       "a request: re-explain with this many seeds (2..50); the kernel answers in stability and sets it back to 0"),
    _t("stability", E, "python", "live", STABILITY_TS,
       "the stability check: its state, progress, and per label Jaccard, VSI, CSI and each weight's [min, max] across seeds"),
    _t("curves_label", E, "both", "live", "number",
       "a request: draw the faithfulness curves of this label (one of labels); the kernel answers in curves and sets it back to -1"),
    _t("curves", E, "python", "live", CURVES_TS,
       "the deletion and insertion curves per label: the model's output at each step, the random order's, their AUCs"),
    # text
    _t("tokens", ("text",), "python", "struct", "[string, number][]", "the document in order: each piece and its feature id (-1: separator)"),
    _t("bow", ("text",), "python", "struct", "boolean", "true: a feature is a distinct word; false: a position"),
    _t("mask_string", ("text",), "python", "struct", "string", "what replaces a removed word when bow is false"),
    _t("noun", ("text",), "python", "struct", "[string, string]",
       "how the view names a feature, one and many: word(s), sentence(s), character(s) or span(s)"),
    # image
    _t("image_png", ("image",), "python", "struct", "DataView | string", "the image as an RGB PNG"),
    _t("segments", ("image",), "python", "struct", "DataView | string", "the label map: h*w little-endian integers of segments_dtype"),
    _t("segments_dtype", ("image",), "python", "struct", "\"uint8\" | \"uint16\" | \"int32\"", "the label map's integer type"),
    _t("segments_shape", ("image",), "python", "struct", "[number, number]", "[h, w] of the label map"),
    _t("hide_colors", ("image",), "python", "struct", "[number, number, number][]", "per superpixel: the colour it takes when off"),
    _t("show_boundaries", ("image",), "both", "live", "boolean", "draw superpixel boundaries"),
    _t("overlay_opacity", ("image",), "both", "live", "number", "opacity of the weight overlay, 0..1"),
    _t("top_k", ("image",), "both", "live", "number", "k of the keep-top-k controls, 1..d"),
    # tabular
    _t("columns", ("tabular",), "python", "struct", f"{COLUMN_TS}[]", "per feature: how the row's column reads and is edited"),
    _t("edits", ("tabular", "compare"), "both", "live", "Record<string, number | string>",
       "what-if values by feature id: finite numbers (numeric) or one of the categories; never also off"),
    # compare (models side by side on one instance)
    _t("domain", ("compare",), "python", "struct", "\"text\" | \"image\" | \"tabular\"", "the kind of the instance: which input piece shows it"),
    _t("instance", ("compare",), "python", "struct", "Record<string, any>",
       "the domain's own traits (tokens, image_png, columns, ...), as that domain's single view has them"),
    _t("models", ("compare",), "python", "struct", COMPARE_MODEL_TS + "[]",
       "per model, in order: its name and explanation state (as the single view's traits of the same names)"),
    _t("agreement", ("compare",), "python", "struct", f"Record<string, {AGREEMENT_TS}[]>",
       "per label, per pair of models: Spearman correlation of the weights over the union of their top-k features, top-k overlap"),
    _t("agreement_k", ("compare",), "python", "struct", "number", "k of the agreement measures and of the marked top features"),
    _t("answers", ("compare",), "python", "live", f"({COUNTERFACTUAL_TS} & {{ model_stats?: {{ calls: number; rows: number; seconds: number }} }})[]",
       "per model, in order: its answer to the request it names (as the single view's counterfactual)"),
    # pick gallery
    _t("items", ("pick",), "python", "struct", f"{PICK_ITEM_TS}[]", "the picked explanations, in pick order"),
    _t("coverage", ("pick",), "python", "struct", "number[]", "coverage after each pick"),
    _t("total_importance", ("pick",), "python", "struct", "number", "the coverage of all explanations"),
    _t("num_explained", ("pick",), "python", "struct", "number", "how many explanations the pick chose from"),
    _t("opened", ("pick",), "both", "live", "number", "position of the open explanation, -1 for none"),
    # progress
    _t("done", ("progress",), "python", "live", "number", "samples (or instances) done"),
    _t("total", ("progress",), "python", "live", "number", "samples (or instances) to do"),
    _t("state", ("progress",), "python", "live", "\"running\" | \"done\" | \"interrupted\" | \"error\"", "where the run is"),
    _t("message", ("progress",), "python", "live", "string", "the error's message when state is error"),
    _t("elapsed", ("progress",), "python", "live", "number", "seconds since the run started"),
    _t("unit", ("progress",), "python", "live", "\"samples\" | \"instances\"", "what is counted"),
)

_BY_NAME = {}
for _trait in SCHEMA:
    assert _trait.name not in _BY_NAME, f"trait {_trait.name} declared twice"
    assert _trait.writer in ("python", "both") and _trait.update in ("live", "struct"), _trait
    assert set(_trait.kinds) <= set(ALL_KINDS), _trait
    _BY_NAME[_trait.name] = _trait


def traits_of(kind: str) -> dict[str, Trait]:
    """The traits a view of ``kind`` syncs, by name."""
    return {t.name: t for t in SCHEMA if kind in t.kinds}


def front_end_writable(kind: str) -> frozenset[str]:
    return frozenset(n for n, t in traits_of(kind).items() if t.writer == "both")


def schema_json() -> str:
    data = {"traits": [{"name": t.name, "kinds": list(t.kinds), "writer": t.writer, "update": t.update, "ts": t.ts, "doc": t.doc} for t in SCHEMA]}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def typescript() -> str:
    """TypeScript declarations of each kind's state (for JSDoc ``import("./state.gen")`` types)."""
    lines = ["// Generated by `python -m lime_widgets.widgets.schema` from lime_widgets/widgets/schema.py. Do not edit.", ""]
    for kind in ALL_KINDS:
        name = kind.capitalize() + "State"
        lines.append(f"export interface {name} {{")
        for t in traits_of(kind).values():
            lines.append(f"  /** {t.doc} ({'both write' if t.writer == 'both' else 'Python writes'}; {t.update}) */")
            lines.append(f"  {t.name}: {t.ts};")
        lines.append("  /** saved state only: no kernel */")
        lines.append("  _offline?: boolean;")
        lines.append("}")
        lines.append("")
    union = " | ".join(k.capitalize() + "State" for k in ALL_KINDS)
    lines.append(f"export type ViewState = {union};")
    lines.append("export type ExplanationState = " + " | ".join(k.capitalize() + "State" for k in EXPLANATION_KINDS) + ";")
    return "\n".join(lines) + "\n"


GENERATED = {"schema.gen.json": schema_json, "state.gen.d.ts": typescript}


def write(js_src: pathlib.Path) -> list[pathlib.Path]:
    out = []
    for name, make in GENERATED.items():
        path = js_src / name
        path.write_text(make(), encoding="utf-8")
        out.append(path)
    return out


if __name__ == "__main__":
    root = pathlib.Path(__file__).resolve().parents[2]
    for p in write(root / "js" / "src"):
        print("wrote", p)
