/**
 * Which members of an agent `TracedAgentProxy` traces: `options.methods` compiled once into a
 * predicate, and the functions that are never worth a span (classes, `Object.prototype`'s).
 */
import { diag } from '../diag/diag.js';
import { incrementCounter } from '../diag/internal-errors.js';

/** A method name (or symbol) as `options.methods` lists it. */
export type AgentMethodKey = string | symbol;

/**
 * Which methods a `TracedAgentProxy` traces: a list (exactly those), or `{ include, exclude }`
 * (`exclude` wins). By default every string-named method except the ones below.
 */
export type AgentMethodSelection =
  | readonly AgentMethodKey[]
  | { readonly include?: readonly AgentMethodKey[]; readonly exclude?: readonly AgentMethodKey[] };

/**
 * Never traced, whatever the options say: a traced `then` would put a span on every
 * `await proxy` of a thenable agent, and `constructor` is the class, not a step of the agent.
 */
const NEVER_TRACED: ReadonlySet<AgentMethodKey> = new Set(['constructor', 'then']);

/** Conversions and promise plumbing the runtime calls on its own; traced only when listed. */
const NOT_TRACED_BY_DEFAULT: ReadonlySet<AgentMethodKey> = new Set([
  'catch',
  'finally',
  'toString',
  'toLocaleString',
  'toJSON',
  'valueOf',
]);

const warned = new Set<string>();

/** One warning per kind of mistake: a loop that builds proxies with the same bad options does not flood the log. */
function warnBadSelection(what: string, value: unknown): void {
  incrementCounter('misuseWarnings');
  if (warned.has(what)) return;
  warned.add(what);
  let shown: string;
  try {
    shown = typeof value === 'symbol' ? value.toString() : (JSON.stringify(value) ?? String(value));
  } catch {
    shown = typeof value;
  }
  diag.warn(
    `TracedAgentProxy: ${what} must be a list of method names or { include, exclude }, got ${shown}; ` +
      'ignoring it (pass e.g. { methods: ["run", "plan"] })'
  );
}

function keySet(what: string, list: unknown): Set<AgentMethodKey> | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) {
    warnBadSelection(what, list);
    return undefined;
  }
  const keys = new Set<AgentMethodKey>();
  for (const key of list as unknown[]) {
    if (typeof key === 'string' || typeof key === 'symbol') keys.add(key);
    else warnBadSelection(`each entry of ${what}`, key);
  }
  return keys;
}

const byDefault = (key: AgentMethodKey): boolean =>
  typeof key === 'string' && !NEVER_TRACED.has(key) && !NOT_TRACED_BY_DEFAULT.has(key);

/** Compiles `options.methods` (validated; a bad value warns once and is ignored) into a predicate. */
export function compileSelection(methods: unknown): (key: AgentMethodKey) => boolean {
  if (methods === undefined || methods === null) return byDefault;
  let include: Set<AgentMethodKey> | undefined;
  let exclude: Set<AgentMethodKey> | undefined;
  if (Array.isArray(methods)) include = keySet('options.methods', methods);
  else if (typeof methods === 'object') {
    const m = methods as { include?: unknown; exclude?: unknown };
    include = keySet('options.methods.include', m.include);
    exclude = keySet('options.methods.exclude', m.exclude);
  } else {
    warnBadSelection('options.methods', methods);
    return byDefault;
  }
  return (key) => {
    if (NEVER_TRACED.has(key) || exclude?.has(key) === true) return false;
    return include === undefined ? byDefault(key) : include.has(key);
  };
}

let builtins: ReadonlySet<unknown> | undefined;

/** `Object.prototype`'s and `Function.prototype`'s own functions: `hasOwnProperty`, `call`, `bind`… */
function builtinFunctions(): ReadonlySet<unknown> {
  if (builtins !== undefined) return builtins;
  const found = new Set<unknown>();
  for (const proto of [Object.prototype, Function.prototype]) {
    for (const key of Reflect.ownKeys(proto)) {
      const value = Object.getOwnPropertyDescriptor(proto, key)?.value as unknown;
      if (typeof value === 'function') found.add(value);
    }
  }
  builtins = found;
  return found;
}

/**
 * True for functions a proxy hands out as they are: classes (a property holding a class is
 * constructed, not called, and `proxy.constructor === Agent` must hold) and the builtins every
 * object inherits, which already work through the proxy's traps.
 */
export function isPassThroughFunction(fn: (...args: unknown[]) => unknown): boolean {
  if (builtinFunctions().has(fn)) return true;
  try {
    return Function.prototype.toString.call(fn).startsWith('class');
  } catch {
    return false;
  }
}
