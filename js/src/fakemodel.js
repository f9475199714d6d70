// A minimal stand-in for anywidget's model over a plain state object (saved HTML).
export function createModel(state) {
  const data = { ...state };
  const handlers = new Map();
  const emit = (event, ...args) => {
    for (const fn of [...(handlers.get(event) || [])]) fn(...args);
  };
  return {
    get: (k) => data[k],
    set(k, v) {
      const changed = data[k] !== v;
      data[k] = v;
      if (changed) emit("change:" + k, v);
    },
    on(event, fn) {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event).add(fn);
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
