"""A static HTML picture of a view, for places that render no widgets.

It goes into the display output's mimebundle as ``text/html``: GitHub, an untrusted notebook, or an
export without widget state show it instead of the live view. Every user string is escaped; styles
are inline because such places drop stylesheets.
"""
from __future__ import annotations

import base64
import json
from functools import cache
from html import escape
from importlib.resources import files

from .numbers import fmt, fmt_signed


@cache
def theme() -> dict:
    """The one palette (lime_widgets/theme.json), shared with the front end's CSS and JS."""
    return json.loads(files("lime_widgets").joinpath("theme.json").read_text(encoding="utf-8"))


# the light theme's colours: a static page knows nothing of the reader's theme
POS = tuple(theme()["light"]["pos"])
NEG = tuple(theme()["light"]["neg"])
MIN_ALPHA, MAX_ALPHA = theme()["light"]["amin"], theme()["light"]["amax"]
POS_EDGE = tuple(theme()["light"]["posM"])
NEG_EDGE = tuple(theme()["light"]["negM"])
WEAK = theme()["alpha"]["weak"]
BOUNDARY = tuple(theme()["overlay"]["boundary"])
BOUNDARY_ALPHA = theme()["overlay"]["boundaryAlpha"]
OVERLAY_MIN = theme()["overlay"]["min"]


def _colour(w: float, scale: float) -> str:
    """A word's highlight, as the live view paints it in the light theme (js/src/palette.js)."""
    if not w or scale <= 0:
        return ""
    ratio = min(1.0, abs(w) / scale)
    a = MIN_ALPHA + (MAX_ALPHA - MIN_ALPHA) * ratio
    r, g, b = POS if w > 0 else NEG
    style = f"background:rgba({r},{g},{b},{a:.3f});border-radius:3px;"
    if ratio < WEAK:  # a weak weight also gets a 1 px edge in its side's colour, as in the live view
        style += "box-shadow:inset 0 0 0 1px rgb({},{},{});".format(*(POS_EDGE if w > 0 else NEG_EDGE))
    return style


def _fmt(x: float) -> str:
    """A weight as the live view shows it: signed, 3 decimals, never an exponent."""
    return fmt_signed(x)


def _bar(value: float, lo: float, hi: float, colour: str) -> str:
    width = 0.0 if hi <= lo else max(0.0, min(1.0, (value - lo) / (hi - lo))) * 100
    return (
        '<span style="display:inline-block;width:160px;height:10px;background:rgba(128,128,128,.18);'
        f'vertical-align:middle;border-radius:2px"><span style="display:block;width:{width:.1f}%;height:10px;'
        f'background:{colour};border-radius:2px"></span></span>'
    )


def _document(state: dict, weights, selected, scale) -> str:
    """The text, each selected word tinted by its weight, switched-off words struck out."""
    off = set(state.get("off", []))
    pieces = []
    for tok, fid in state["tokens"]:
        text = escape(tok)
        if fid < 0:
            pieces.append(text)
            continue
        style = _colour(weights[fid] if fid < len(weights) else 0.0, scale) if fid in selected else ""
        if fid in off:
            style += "text-decoration:line-through;opacity:.5;"
        title = f' title="{escape(_fmt(weights[fid]))}"' if fid < len(weights) else ""
        pieces.append(f'<span style="{style}"{title}>{text}</span>')
    return '<div style="white-space:pre-wrap;padding:6px 0">' + "".join(pieces) + "</div>"


def _probabilities(state: dict, label_name: str) -> str:
    """The model's output on the original: the top five classes, or the value on its range."""
    rows = []
    proba, names = state["proba"], state["class_names"]
    if state["mode"] == "regression":
        column = state["label"] if len(proba) > 1 else 0  # several outputs: the selected column
        ranges = state.get("value_range")
        lo, hi = (ranges.get(str(column)) if isinstance(ranges, dict) else ranges) or (min(proba), max(proba))
        value = proba[column]
        rows.append(
            f"<tr><td style='padding:1px 8px 1px 0'>{escape(label_name)}</td><td>{_bar(value, lo, hi, '#6a8caf')}</td>"
            f"<td style='padding-left:8px'>{escape(fmt(value))}</td></tr>"
        )
    else:
        for i in sorted(range(len(proba)), key=lambda i: -proba[i])[:5]:
            rows.append(
                f"<tr><td style='padding:1px 8px 1px 0'>{escape(names[i])}</td><td>{_bar(proba[i], 0, 1, '#6a8caf')}</td>"
                f"<td style='padding-left:8px'>{escape(fmt(proba[i]))}</td></tr>"
            )
    return '<table style="border-collapse:collapse;margin:6px 0"><tbody>' + "".join(rows) + "</tbody></table>"


def _weight_chart(state: dict, weights, selected, scale) -> str:
    """The selected weights as bars, each with its 95 % interval where the surrogate has one (the
    trust panel's whiskers) and "≈ tied" where it is tied with its neighbour in the ranking."""
    key = str(state["label"])
    intervals = (state.get("intervals") or {}).get(key, {})
    tied = {f for pair in (state.get("ties") or {}).get(key, []) for f in pair}
    rows = []
    for i in selected:
        w = weights[i]
        colour = "rgb({},{},{})".format(*(POS if w > 0 else NEG))
        width = 0 if scale <= 0 else abs(w) / scale * 120
        lo_hi = intervals.get(str(i))
        ci = f"[{_fmt(lo_hi[0])}, {_fmt(lo_hi[1])}]" if lo_hi else ""
        rows.append(
            f"<tr><td style='padding:1px 8px 1px 0;text-align:right'>{escape(state['feature_names'][i])}</td>"
            f"<td><span style='display:inline-block;height:10px;width:{width:.1f}px;background:{colour}'></span></td>"
            f"<td style='padding-left:8px;font-family:monospace'>{escape(_fmt(w))}</td>"
            f"<td style='padding-left:8px;font-family:monospace;opacity:.7'>{escape(ci)}</td>"
            f"<td style='padding-left:6px;opacity:.7'>{'≈ tied' if i in tied else ''}</td></tr>"
        )
    head = ("<tr style='opacity:.7;font-size:12px'><td></td><td></td><td style='padding-left:8px'>weight</td>"
            "<td style='padding-left:8px'>95 % interval</td><td></td></tr>") if intervals else ""
    return '<table style="border-collapse:collapse;margin:6px 0"><tbody>' + head + "".join(rows) + "</tbody></table>"


def _warnings(state: dict) -> str:
    """The engine's warnings for the shown label, as the trust panel lists them."""
    lines = (state.get("warnings") or {}).get(str(state["label"]), [])
    return "".join(f'<div style="margin:2px 0">⚠ {escape(line)}</div>' for line in lines)


def snapshot_html(state: dict, picture_png: bytes | None = None) -> str:
    label = state["label"]
    key = str(label)
    weights = state["weights"].get(key, [])
    selected = state["selected"].get(key, [])[: state.get("num_features", 10)]
    scale = max((abs(weights[i]) for i in selected), default=0.0)
    names = state["class_names"]
    regression = state["mode"] == "regression"
    columns = regression and len(state["proba"]) > 1  # several regression outputs: the label is a column
    label_name = names[label] if (not regression or columns) and label < len(names) else (names[0] if names else "value")
    parts = [
        '<div class="lw-snapshot" style="font-family:system-ui,sans-serif;font-size:13px;line-height:1.5;'
        'max-width:860px;border:1px solid rgba(128,128,128,.35);border-radius:6px;padding:10px 12px">',
        f'<div style="font-weight:600;margin-bottom:6px">LIME explanation for {escape(label_name)}'
        ' <span style="font-weight:400;opacity:.7">(static snapshot; run the notebook for the live view)</span></div>',
    ]
    if state["kind"] == "text":
        parts.append(_document(state, weights, selected, scale))
    if picture_png:
        src = "data:image/png;base64," + base64.b64encode(picture_png).decode("ascii")
        parts.append(f'<img alt="image with LIME weights overlaid" src="{src}" style="max-width:420px;width:100%;image-rendering:auto">')
    parts.append(_probabilities(state, label_name))
    parts.append(_weight_chart(state, weights, selected, scale))
    parts.append(_warnings(state))
    score = state["score"].get(key)
    local = state["local_pred"].get(key)
    fit = f"R² {fmt(score, 2)} · surrogate at the instance {fmt(local)}" if score is not None else ""
    parts.append(
        f'<div style="opacity:.75;font-size:12px">{escape(fit)} · {int(state["num_samples"])} samples · seed {int(state["seed"])}</div>'
    )
    parts.append("</div>")
    return "".join(parts)


def _agreement_rows(state: dict) -> str:
    rows = []
    for row in state["agreement"].get(str(state["label"]), []):
        rho = "–" if row["spearman"] is None else f"{row['spearman']:+.2f}"
        rows.append(
            f"<tr><td style='padding:1px 8px 1px 0'>{escape(row['a'])} vs {escape(row['b'])}</td>"
            f"<td style='padding:0 8px'>Spearman {escape(rho)}</td><td>top-{int(row['k'])} overlap {row['overlap']:.0%}</td></tr>"
        )
    return '<table style="border-collapse:collapse;margin:6px 0"><tbody>' + "".join(rows) + "</tbody></table>"


def compare_snapshot_html(view) -> str:
    """The compare view as static HTML: the instance with the first model's weights, then per model its
    probabilities and weight chart, and the models' agreement."""
    state = view.view_state()
    parts = [
        '<div class="lw-snapshot lw-compare-snapshot" style="font-family:system-ui,sans-serif;font-size:13px;line-height:1.5;'
        'max-width:860px;border:1px solid rgba(128,128,128,.35);border-radius:6px;padding:10px 12px">',
        '<div style="font-weight:600">Models compared on one instance'
        ' <span style="font-weight:400;opacity:.7">(static snapshot; run the notebook for the live view)</span></div>',
        _agreement_rows(state),
    ]
    shared = {k: v for k, v in state.items() if k not in ("models", "instance", "agreement", "answers")}
    for i, model in enumerate(state["models"]):
        one = dict(shared, **state["instance"], **model, kind=state["domain"] if i == 0 else "compare")
        picture = None
        if i == 0 and state["domain"] == "image":
            picture = _compare_picture(view, model)
        parts.append(f'<div style="font-weight:600;margin-top:8px">{escape(model["name"])}</div>')
        parts.append(snapshot_html(one, picture_png=picture))
    parts.append("</div>")
    return "".join(parts)


def _compare_picture(view, model) -> bytes:
    from ..pictures import png_bytes
    from .image import overlay_picture

    dom = view.explanation.domain
    weights = model["weights"][str(view.label)]
    return png_bytes(overlay_picture(dom.image, dom.segments, weights, view.off, view.instance["hide_colors"]))
