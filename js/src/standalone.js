// Classic-script bundle for exported HTML: window.limeWidgets.renderOffline(el, state).
import { render } from "./render.js";
import { createModel } from "./fakemodel.js";

function renderOffline(el, state) {
  // Saved views have no kernel: offline unless the state explicitly says otherwise
  // (the dev harness uses `_offline: false` to show live-only states).
  const model = createModel({ ...state, _offline: state._offline !== false });
  return render({ model, el });
}

// render/createModel are exposed for the dev harness and browser tests (fake kernels).
window.limeWidgets = Object.assign(window.limeWidgets || {}, { renderOffline, render, createModel });
