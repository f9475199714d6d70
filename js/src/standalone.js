// Classic-script bundle for exported HTML: window.limeWidgets.renderOffline(el, state).
import { render } from "./render.js";
import { createModel } from "./fakemodel.js";

/** @param {HTMLElement} el @param {import("./types.js").State} state */
function renderOffline(el, state) {
  // Saved views have no kernel: offline unless the state explicitly says otherwise
  // (the dev harness uses `_offline: false` to show live-only states).
  const model = createModel({ ...state, _offline: state._offline !== false });
  return render({ model, el });
}

// render/createModel are exposed for the dev harness and browser tests (fake kernels).
const w = /** @type {Window & { limeWidgets?: object }} */ (window);
w.limeWidgets = Object.assign(w.limeWidgets || {}, { renderOffline, render, createModel });
