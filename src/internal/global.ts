/**
 * One slot on `globalThis` shared by every copy of the package in the process
 * (ESM and CommonJS builds, or two installed versions), so that a span started
 * through one copy is the parent of a span started through another.
 */

// Symbol.for, not a module-local symbol: the key must be the same in every copy.
const GLOBAL_KEY = Symbol.for('noveum-trace.global.v0');

type Slots = Record<string, unknown>;

function slots(): Slots {
  const g = globalThis as unknown as Record<symbol, Slots | undefined>;
  let s = g[GLOBAL_KEY];
  if (s === undefined) {
    s = Object.create(null) as Slots;
    Object.defineProperty(g, GLOBAL_KEY, { value: s, enumerable: false, configurable: true, writable: false });
  }
  return s;
}

/** Returns the process-wide value for `name`, creating it with `create` on first use. */
export function getGlobal<T>(name: string, create: () => T): T {
  const s = slots();
  if (!(name in s)) s[name] = create();
  return s[name] as T;
}

/** Replaces the process-wide value for `name`. */
export function setGlobal(name: string, value: unknown): void {
  slots()[name] = value;
}
