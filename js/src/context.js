// Per-view bookkeeping: every model.on subscription, DOM listener and timer made by a
// view goes through here so that dispose() can undo all of them.

/**
 * @param {import("./types.js").Model} model
 * @returns {import("./types.js").Ctx}
 */
export function createContext(model) {
  /** @typedef {(...args: any[]) => void} Handler */
  /** @type {[string, Handler][]} */
  const subs = [];
  /** @type {[EventTarget, string, (e: Event) => void, AddEventListenerOptions | undefined][]} */
  const listeners = [];
  /** @type {Set<ReturnType<typeof setTimeout>>} */
  const timers = new Set();
  /** @type {(() => void)[]} */
  const finals = [];
  let disposed = false;
  return {
    model,
    get disposed() {
      return disposed;
    },
    on(event, fn) {
      /** @param {any[]} args */
      const wrapped = (...args) => {
        if (!disposed) fn(...args);
      };
      model.on(event, wrapped);
      subs.push([event, wrapped]);
    },
    listen(target, type, fn, opts) {
      /** @param {Event} e */
      const wrapped = (e) => {
        if (!disposed) fn(/** @type {any} */ (e));
      };
      target.addEventListener(type, wrapped, opts);
      listeners.push([target, type, wrapped, opts]);
    },
    /** Run `fn` on dispose (e.g. revoke an object URL). */
    onDispose(fn) {
      finals.push(fn);
    },
    setTimeout(fn, ms) {
      const id = setTimeout(() => {
        timers.delete(id);
        if (!disposed) fn();
      }, ms);
      timers.add(id);
      return id;
    },
    clearTimeout(id) {
      clearTimeout(id);
      timers.delete(id);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const [event, fn] of subs) model.off(event, fn);
      subs.length = 0;
      for (const [t, type, fn, opts] of listeners) t.removeEventListener(type, fn, opts);
      listeners.length = 0;
      for (const id of timers) clearTimeout(id);
      timers.clear();
      for (const fn of finals.splice(0)) fn();
    },
  };
}
