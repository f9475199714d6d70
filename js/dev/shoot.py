"""Screenshots of dev/harness.html in headless Chromium: python3 dev/shoot.py [outdir]"""
import sys
from pathlib import Path
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/lw_shots")
OUT.mkdir(parents=True, exist_ok=True)
URL = (HERE / "harness.html").as_uri()
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def word(page, case, text, nth=0):
    return page.locator(f"#case-{case} .lw-tok", has_text=text).nth(nth)


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    for scheme in ["light", "dark"]:
        ctx = browser.new_context(color_scheme=scheme, viewport={"width": 900, "height": 900}, device_scale_factor=1)
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))

        def shot(case, tag, q=""):
            page.goto(URL + (q or f"?only={case}"))
            return page

        for case, clicks in [("sentiment", ["boring", "wonderful"]), ("offline", ["wonderful"]),
                             ("newsgroups", ["shuttle"]), ("regression", ["disappointing"]),
                             ("error", ["rushed"]), ("jpdark", ["boring"])]:
            page.goto(URL + f"?only={case}")
            el = page.locator(f"#case-{case}")
            el.screenshot(path=str(OUT / f"{scheme}-{case}-0.png"))
            for w in clicks:
                word(page, case, w).click()
            page.wait_for_timeout(900)
            page.mouse.move(0, 0)
            el.screenshot(path=str(OUT / f"{scheme}-{case}-1.png"))
        # pending then timeout
        page.goto(URL + "?only=pending")
        el = page.locator("#case-pending")
        word(page, "pending", "boring").click()
        page.mouse.move(0, 0)
        page.wait_for_timeout(150)
        el.screenshot(path=str(OUT / f"{scheme}-pending-1.png"))
        page.wait_for_timeout(4200)
        el.screenshot(path=str(OUT / f"{scheme}-pending-2.png"))
        if errors:
            print(scheme, "page errors:", errors)
        ctx.close()
    browser.close()
print("saved to", OUT)
