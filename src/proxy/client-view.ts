/**
 * A traced view of an SDK client instance, generic over the SDK. The view is a Proxy over the
 * instance: `instanceof` holds, untraced members are the real ones (client methods bound to the
 * real instance, so its `#private` fields work), and the methods named in `traced` are replaced
 * by the wrapper the caller builds. Resource objects see the view as their `_client`, so SDK
 * helpers that call back into the client (`parse`, `stream`, `runTools`) go through the view.
 */

type AnyFunction = (...args: unknown[]) => unknown;

/** Dotted method path (e.g. `chat.completions.create`) → builds the traced version of the real method. */
export type TracedMethods = Readonly<Record<string, (original: AnyFunction) => AnyFunction>>;

type Levels = Map<string, Map<string, (original: AnyFunction) => AnyFunction>>;

function levelsOf(traced: TracedMethods): Levels {
  const levels: Levels = new Map();
  for (const [path, build] of Object.entries(traced)) {
    const parts = path.split('.');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      if (!levels.has(prefix)) levels.set(prefix, new Map());
    }
    const prefix = parts.slice(0, -1).join('.');
    if (!levels.has(prefix)) levels.set(prefix, new Map());
    levels.get(prefix)!.set(parts[parts.length - 1]!, build);
  }
  return levels;
}

function viewOf(target: object, prefix: string, levels: Levels, client: () => object): object {
  const cache = new Map<PropertyKey, unknown>();
  const methods = levels.get(prefix);
  const view: object = new Proxy(target, {
    get(obj, prop) {
      if (prop === '_client' && prefix !== '') return client();
      if (cache.has(prop)) return cache.get(prop);
      const value = Reflect.get(obj, prop, obj) as unknown;
      const key = typeof prop === 'string' ? prop : '';
      const childPrefix = prefix === '' ? key : `${prefix}.${key}`;
      const build = methods?.get(key);
      let out: unknown;
      if (build !== undefined && typeof value === 'function') {
        const wrapped = build(value as AnyFunction);
        out = (...args: unknown[]) => wrapped.apply(obj, args);
      } else if (key !== '' && levels.has(childPrefix) && typeof value === 'object' && value !== null) {
        out = viewOf(value, childPrefix, levels, client);
      } else if (typeof value === 'function') {
        // Client methods run on the real instance (private fields); resource helpers on the view.
        out = (value as AnyFunction).bind(prefix === '' ? obj : view);
      } else {
        return value;
      }
      cache.set(prop, out);
      return out;
    },
  });
  return view;
}

/**
 * Builds the traced view of `client`.
 *
 * @param client - the SDK client instance
 * @param traced - the methods to trace and how to wrap each
 * @returns a Proxy typed as the client
 * @example
 * ```ts
 * const view = createClientView(client, { 'chat.completions.create': (original) => myWrapper(original) });
 * ```
 */
export function createClientView<T extends object>(client: T, traced: TracedMethods): T {
  const levels = levelsOf(traced);
  const view: T = viewOf(client, '', levels, () => view) as T;
  return view;
}
