"""One self-contained HTML page that renders saved views with no kernel and no network."""
from __future__ import annotations

import html
import json

from .base import _static_file

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">
<title>{title}</title>
<style>
body {{ margin: 16px; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }}
@media (prefers-color-scheme: dark) {{ body {{ background: #111; color: #ddd; }} }}
.lw-export-note {{ font-size: 12px; opacity: .7; margin: 0 0 12px; }}
{css}
</style>
</head>
<body>
<p class="lw-export-note">Saved LIME explanation: toggles show the surrogate's estimate; no model is asked.</p>
{mounts}
<script>{js}</script>
<script>
(function () {{
  var nodes = document.querySelectorAll("script[type='application/json'][data-lw-state]");
  for (var i = 0; i < nodes.length; i++) {{
    var el = document.getElementById(nodes[i].getAttribute("data-lw-state"));
    window.limeWidgets.renderOffline(el, JSON.parse(nodes[i].textContent));
  }}
}})();
</script>
</body>
</html>
"""


def json_for_script(value) -> str:
    """JSON that is safe inside <script>: no '</', '<!--' or U+2028/9 can end or confuse the block."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def _inline_script(js: str) -> str:
    # a literal "</script" inside the bundle would end the block early
    return js.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def standalone_html(states: list[dict], title: str = "lime_widgets explanation", ids: list[str] | None = None) -> str:
    mounts = []
    ids = ids or [f"lw-view-{i}" for i in range(len(states))]
    for el_id, state in zip(ids, states):
        state = dict(state, _offline=True)
        el_id = html.escape(el_id)
        mounts.append(
            f'<div id="{el_id}" class="lw-export"></div>\n'
            f'<script type="application/json" data-lw-state="{el_id}">{json_for_script(state)}</script>'
        )
    return PAGE.format(
        title=html.escape(title),
        css=_static_file("widget.css").read_text(encoding="utf-8").replace("</style", "<\\/style"),
        mounts="\n".join(mounts),
        js=_inline_script(_static_file("standalone.js").read_text(encoding="utf-8")),
    )
