"""Copies the front-end screenshots the browser tests take into docs/, as small palette PNGs.

    python -m pytest tests/e2e/test_browser_frontends.py tests/e2e/test_browser_share.py   # writes tests/_artifacts/
    python scripts/docs_screenshots.py
"""
import pathlib

from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHOTS = {"notebook7-dark.png": "notebook7-dark.png", "marimo-light.png": "marimo-light.png",
         "shared-notebook-light.png": "shared-notebook-light.png"}

for src, dst in SHOTS.items():
    img = Image.open(ROOT / "tests" / "_artifacts" / src).convert("RGB")
    small = img.quantize(colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = ROOT / "docs" / dst
    small.save(out, optimize=True)
    print(f"{out} {out.stat().st_size / 1024:.0f} KB")
