// A minimal stand-in for anywidget's model over a plain state object (saved HTML).
/**
 * @param {import("./types.js").State} state
 * @returns {import("./types.js").Model}
 */
export function createModel(state) {
  /** @type {Record<string, unknown>} */
  const data = { ...state };
  /** @typedef {(...args: any[]) => void} Handler */
  /** @type {Map<string, Set<Handler>>} */
  const handlers = new Map();
  /** @param {string} event @param {unknown[]} args */
  const emit = (event, ...args) => {
    for (const fn of [...(handlers.get(event) || [])]) fn(...args);
  };
  return {
    get: (k) => /** @type {any} */ (data[k]),
    set(k, v) {
      const changed = data[k] !== v;
      data[k] = v;
      if (changed) emit("change:" + k, v);
    },
    on(event, fn) {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)?.add(fn);
    },
    off(event, fn) {
      if (!event) handlers.clear();
      else if (!fn) handlers.delete(event);
      else handlers.get(event)?.delete(fn);
    },
    save_changes() {},
    send() {},
  };
}
