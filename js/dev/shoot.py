"""Screenshots of dev/harness.html in headless Chromium: python3 dev/shoot.py [outdir] [text|image|tabular|pick|front]"""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/lw_shots")
ONLY = sys.argv[2] if len(sys.argv) > 2 else ""
OUT.mkdir(parents=True, exist_ok=True)
URL = (HERE / "harness.html").as_uri()
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def word(page, case, text, nth=0):
    return page.locator(f"#case-{case} .lw-tok", has_text=text).nth(nth)


def pixel(page, case, u, v):
    """Click the canvas at a fraction (u, v) of its displayed size."""
    c = page.locator(f"#case-{case} canvas")
    box = c.bounding_box()
    c.click(position={"x": u * box["width"], "y": v * box["height"]})


def image_cases(page, scheme):
    # (case, clicks as fractions of the canvas, hover point)
    for case, clicks, hover in [("image", [(0.38, 0.38), (0.9, 0.5)], (0.7, 0.45)),
                                ("image-offline", [(0.5, 0.2)], (0.5, 0.2)),
                                ("image-tiles", [(0.2, 0.25), (0.2, 0.75)], (0.5, 0.25)),
                                ("image-error", [(0.9, 0.5)], None),
                                ("image-jpdark", [(0.38, 0.38)], (0.38, 0.38))]:
        page.goto(URL + f"?only={case}")
        page.wait_for_timeout(200)  # PNG decode
        el = page.locator(f"#case-{case}")
        el.screenshot(path=str(OUT / f"{scheme}-{case}-0.png"))
        for u, v in clicks:
            pixel(page, case, u, v)
        page.wait_for_timeout(900)
        if case == "image":  # clicks through CSS scaling hit the expected superpixels
            print(scheme, case, "off after clicks:", page.evaluate("window.cases.image.get('off')"))
        if hover:
            c = page.locator(f"#case-{case} canvas")
            box = c.bounding_box()
            page.mouse.move(box["x"] + hover[0] * box["width"], box["y"] + hover[1] * box["height"])
        else:
            page.mouse.move(0, 0)
        page.wait_for_timeout(100)
        el.screenshot(path=str(OUT / f"{scheme}-{case}-1.png"))
        page.mouse.move(0, 0)
        page.locator(f"#case-{case} .lw-keep-pos").click()
        page.wait_for_timeout(900)
        el.screenshot(path=str(OUT / f"{scheme}-{case}-2.png"))
        if case == "image":
            page.locator(f"#case-{case} .lw-seg-b").nth(2).click()  # another class: recolour only
            page.locator(f"#case-{case} .lw-invert").click()
            page.wait_for_timeout(900)
            el.screenshot(path=str(OUT / f"{scheme}-{case}-3.png"))
            print(scheme, case, "label / off after class switch + invert:",
                  page.evaluate("[window.cases.image.get('label'), window.cases.image.get('off')]"))
            # keyboard: focus the canvas with Tab from the k input's neighbour, walk, toggle
            page.locator(f"#case-{case} .lw-reset").click()
            page.locator(f"#case-{case} canvas").focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")
            page.wait_for_timeout(700)
            el.screenshot(path=str(OUT / f"{scheme}-{case}-4.png"))
            print(scheme, case, "off after keyboard:", page.evaluate("window.cases.image.get('off')"))


def line(page, case, j):
    return page.locator(f"#case-{case} .lw-tline[data-fid='{j}']")


def tabular_cases(page, scheme):
    # titanic: 0 gender, 1 age, 2 class, 3 embarked, 4 fare, 5 sibsp, 6 parch; diabetes: 2 bmi, 3 bp, 8 s5
    for case, actions in [("tabular", [("off", 0), ("num", 1, "30"), ("cat", 2, "1st")]),
                          ("tabular-offline", [("off", 0), ("num", 4, "25")]),
                          ("tabular-regression", [("off", 8), ("num", 2, "40")]),
                          ("tabular-error", [("cat", 3, "Cherbourg")]),
                          ("tabular-narrow", [("off", 0), ("cat", 2, "1st (a very long category name indeed)")]),
                          ("tabular-jpdark", [("off", 0), ("num", 1, "30")])]:
        page.goto(URL + f"?only={case}")
        el = page.locator(f"#case-{case}")
        el.screenshot(path=str(OUT / f"{scheme}-{case}-0.png"))
        for a in actions:
            if a[0] == "off":
                line(page, case, a[1]).locator(".lw-sw").click()
            elif a[0] == "num":
                box = line(page, case, a[1]).locator("input")
                box.fill(a[2])
                box.press("Enter")
            else:
                line(page, case, a[1]).locator("select").select_option(a[2])
        page.mouse.move(0, 0)
        page.wait_for_timeout(900)
        el.screenshot(path=str(OUT / f"{scheme}-{case}-1.png"))
        if case == "tabular":
            print(scheme, case, "off / edits:", page.evaluate("[window.cases.tabular.get('off'), window.cases.tabular.get('edits')]"))
            # switching the edited age off drops its edit; the chart bar of gender switches it back on
            line(page, case, 1).locator(".lw-sw").click()
            page.locator(f"#case-{case} .lw-wrow[data-fid='0']").click()
            page.mouse.move(0, 0)
            page.wait_for_timeout(900)
            el.screenshot(path=str(OUT / f"{scheme}-{case}-2.png"))
            print(scheme, case, "after switch + chart:", page.evaluate("[window.cases.tabular.get('off'), window.cases.tabular.get('edits')]"))
    page.goto(URL + "?only=tabular-pending")
    el = page.locator("#case-tabular-pending")
    line(page, "tabular-pending", 4).locator("input").fill("60")
    line(page, "tabular-pending", 4).locator("input").press("Enter")
    page.mouse.move(0, 0)
    page.wait_for_timeout(150)
    el.screenshot(path=str(OUT / f"{scheme}-tabular-pending-1.png"))
    page.wait_for_timeout(4200)
    el.screenshot(path=str(OUT / f"{scheme}-tabular-pending-2.png"))


def pick_cases(page, scheme):
    for case in ["pick", "pick-offline"]:
        page.goto(URL + f"?only={case}")
        el = page.locator(f"#case-{case}")
        el.screenshot(path=str(OUT / f"{scheme}-{case}-0.png"))
        page.locator(f"#case-{case} .lw-pcard").nth(1).click()
        page.mouse.move(0, 0)
        page.wait_for_timeout(600)
        el.screenshot(path=str(OUT / f"{scheme}-{case}-1.png"))
        if case == "pick":
            print(scheme, case, "opened:", page.evaluate("window.cases.pick.get('opened')"))
        else:
            print(scheme, case, "scrollY after click:", page.evaluate("window.scrollY"))


def front_cases(page, scheme):
    """628 px wide (JupyterLab's default output): saved answers, sentences, several regression columns."""
    for case, clicks in [("saved-answers", ["boring", "rushed", "boring"]), ("sentences", ["boring"]), ("regression-columns", [])]:
        page.goto(URL + f"?only={case}")
        el = page.locator(f"#case-{case}")
        for i, w in enumerate(clicks):
            word(page, case, w).click()
            page.mouse.move(0, 0)
            el.screenshot(path=str(OUT / f"{scheme}-{case}-{i + 1}.png"))
        if not clicks:
            el.locator(".lw-tok").first.hover()
            el.screenshot(path=str(OUT / f"{scheme}-{case}-0.png"))
            print(scheme, case, "token title:", el.locator(".lw-tok").first.get_attribute("title"))


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    for scheme in ["light", "dark"]:
        ctx = browser.new_context(color_scheme=scheme, viewport={"width": 900, "height": 900}, device_scale_factor=1)
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))

        def shot(case, tag, q="", page=page):
            page.goto(URL + (q or f"?only={case}"))
            return page

        if ONLY == "front":
            front_cases(page, scheme)
            if errors:
                print(scheme, "page errors:", errors)
            ctx.close()
            continue
        if ONLY in ("tabular", "pick"):
            (tabular_cases if ONLY == "tabular" else pick_cases)(page, scheme)
            if errors:
                print(scheme, "page errors:", errors)
            ctx.close()
            continue
        if ONLY == "":
            tabular_cases(page, scheme)
            pick_cases(page, scheme)
        if ONLY != "text":
            image_cases(page, scheme)
        for case, clicks in ([] if ONLY == "image" else [("sentiment", ["boring", "wonderful"]), ("offline", ["wonderful"]),
                             ("newsgroups", ["shuttle"]), ("regression", ["disappointing"]),
                             ("error", ["rushed"]), ("jpdark", ["boring"]), ("rejected", ["boring"])]):
            page.goto(URL + f"?only={case}")
            el = page.locator(f"#case-{case}")
            el.screenshot(path=str(OUT / f"{scheme}-{case}-0.png"))
            for w in clicks:
                word(page, case, w).click()
            page.wait_for_timeout(900)
            page.mouse.move(0, 0)
            el.screenshot(path=str(OUT / f"{scheme}-{case}-1.png"))
        # pending then timeout
        if ONLY == "image":
            if errors:
                print(scheme, "page errors:", errors)
            ctx.close()
            continue
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
