import { describe, it, expect, vi } from "vitest";
import { F, clone, mount, useViews, PAYLOADS, assertInert } from "./helpers.js";
import { coverageSteps, coverageText } from "../src/views/pick.js";
import "../src/standalone.js";

const P = F.pick;
const view = useViews();
const click = (el) => el.dispatchEvent(new MouseEvent("click", { bubbles: true }));
const key = (el, k) => el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));

describe("pick gallery", () => {
  it("coverage steps and text", () => {
    const s = coverageSteps([9.1, 14.6, 17.9, 19.2], 24.6);
    expect(s.map((x) => Math.round(x.frac * 100))).toEqual([37, 59, 73, 78]);
    expect(s.map((x) => Math.round(x.gain * 100))).toEqual([37, 22, 13, 5]);
    expect(coverageText(3, 0.78, 50)).toBe("3 picks cover 78% of the feature importance among 50 explanations");
    expect(coverageText(1, 0.5, null)).toBe("1 pick covers 50% of the feature importance");
    expect(coverageSteps([1, 2], 0).map((x) => x.frac)).toEqual([0.5, 1]); // no total: the last coverage
  });

  it("renders one card per item, in order, with label, proba, R\u00b2 and top features", () => {
    const { el, $$ } = view(P);
    const cards = $$(".lw-pcard");
    expect(cards.length).toBe(4);
    expect(cards.map((c) => c.querySelector(".lw-pk-title").textContent)).toEqual(P.items.map((it) => it.title));
    expect(cards[0].querySelector(".lw-pk-label").textContent).toBe("survived 0.830");
    expect(cards[0].querySelector(".lw-pk-r2").textContent).toBe("R\u00b2 0.54");
    expect(cards[0].querySelectorAll(".lw-pk-f").length).toBe(5);
    expect(cards[0].querySelector(".lw-pk-f .lw-wname").textContent).toBe("gender=female");
    expect(cards[0].querySelector(".lw-pk-f .lw-wval").textContent).toBe("+0.412");
    expect(cards[1].querySelectorAll(".lw-pk-f .lw-wfill.lw-neg").length).toBe(2);
    // one scale for the gallery: the largest |weight| (0.451, card 4) fills half the track
    expect(cards[3].querySelector(".lw-pk-f .lw-wfill").style.width).toBe("50.0%");
    expect(cards.map((c) => c.querySelector(".lw-pk-gain").textContent)).toEqual(["+37%", "+22%", "+13%", "+5%"]);
    expect(el.querySelector(".lw-pk-sum").textContent).toBe("4 picks cover 78% of the feature importance among 50 explanations");
    expect(el.querySelectorAll(".lw-cov-seg").length).toBe(4);
    expect(cards.every((c) => c.getAttribute("aria-pressed") === "false" && c.getAttribute("tabindex") === "0")).toBe(true);
  });

  it("thumbnails only from base64", () => {
    const st = clone(P);
    st.items[0].thumb_png = "javascript:alert(1)";
    st.items[1].thumb_png = 'AAAA"><img src=x onerror=alert(1)>';
    st.items[3].thumb_png = "data:image/png;base64,AAAA";
    const { $$ } = view(st);
    const imgs = $$("img");
    expect(imgs.length).toBe(1);
    expect(imgs[0].closest(".lw-pcard").getAttribute("data-pos")).toBe("2");
    expect(imgs[0].getAttribute("src")).toBe("data:image/png;base64," + P.items[2].thumb_png);
  });

  it("click writes `opened`; clicking the open card again writes -1", () => {
    const { $$, model } = view(P);
    const cards = $$(".lw-pcard");
    click(cards[1]);
    expect(model.get("opened")).toBe(1);
    expect(model.saves).toBe(1);
    expect(cards[1].classList.contains("lw-open")).toBe(true);
    expect(cards[1].getAttribute("aria-pressed")).toBe("true");
    click(cards[2]);
    expect(model.get("opened")).toBe(2);
    expect(cards[1].classList.contains("lw-open")).toBe(false);
    click(cards[2]);
    expect(model.get("opened")).toBe(-1);
    expect(model.saves).toBe(3);
    expect(cards.some((c) => c.classList.contains("lw-open"))).toBe(false);
  });

  it("Enter / Space on a card open it; Python's `opened` is shown", () => {
    const { $$, model } = view(P);
    const cards = $$(".lw-pcard");
    key(cards[3], "Enter");
    expect(model.get("opened")).toBe(3);
    key(cards[3], " ");
    expect(model.get("opened")).toBe(-1);
    key(cards[0], "a");
    expect(model.get("opened")).toBe(-1);
    model.set("opened", 0);
    expect(cards[0].classList.contains("lw-open")).toBe(true);
  });

  it("offline: a click scrolls to the picked view below (#lw-pick-view-<position>)", () => {
    const el = document.createElement("div");
    const target = document.createElement("div");
    target.id = "lw-pick-view-1";
    target.scrollIntoView = vi.fn();
    document.body.append(el, target);
    view.track(window.limeWidgets.renderOffline(el, clone(P)));
    expect(el.querySelector(".lw-root").classList.contains("lw-offline")).toBe(true);
    click(el.querySelectorAll(".lw-pcard")[1]);
    expect(target.scrollIntoView).toHaveBeenCalledTimes(1);
    expect(el.querySelectorAll(".lw-pcard")[1].classList.contains("lw-open")).toBe(true);
    click(el.querySelectorAll(".lw-pcard")[0]); // no such element: nothing happens
    expect(target.scrollIntoView).toHaveBeenCalledTimes(1);
  });

  it("cleanup removes handlers", () => {
    const v = mount(P);
    const card = v.el.querySelector(".lw-pcard");
    expect(v.model.handlerCount()).toBeGreaterThan(0);
    v.cleanup();
    expect(v.model.handlerCount()).toBe(0);
    expect(v.el.children.length).toBe(0);
    click(card);
    key(card, "Enter");
    expect(v.model.sets.length).toBe(0);
  });

  it("new items rebuild the gallery", () => {
    const v = view(P);
    v.model.set("items", P.items.slice(0, 2));
    expect(v.el.querySelectorAll(".lw-pcard").length).toBe(2);
    expect(v.el.querySelectorAll(".lw-root").length).toBe(1);
  });
});

describe("security: user strings are text, never markup", () => {
  it("pick gallery: titles, labels and feature names stay text; no thumbnail from non-base64", () => {
    const st = clone(F.pick);
    st.items = st.items.map((it, i) => ({
      ...it, title: PAYLOADS[i % PAYLOADS.length], label: PAYLOADS[(i + 1) % PAYLOADS.length],
      kind: PAYLOADS[(i + 2) % PAYLOADS.length], features: PAYLOADS.map((p, k) => [p, 0.1 * (k - 1)]), thumb_png: PAYLOADS[i % PAYLOADS.length],
    }));
    const { el, cleanup } = mount(st);
    assertInert(el);
    expect([...el.querySelectorAll(".lw-pk-title")].map((t) => t.textContent)).toEqual(st.items.map((it) => it.title));
    expect(el.querySelector(".lw-pk-label").textContent).toBe(PAYLOADS[1] + " 0.830");
    expect([...el.querySelectorAll(".lw-pcard")[0].querySelectorAll(".lw-wname")].map((n) => n.textContent)).toEqual(PAYLOADS);
    el.querySelector(".lw-pcard").dispatchEvent(new MouseEvent("click", { bubbles: true }));
    assertInert(el);
    cleanup();
  });
});
