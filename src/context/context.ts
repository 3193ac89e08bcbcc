/**
 * An immutable key/value context. `setValue` returns a new context that points at
 * its parent, so a scope can never change the context another scope sees.
 */
export class Context {
  private constructor(
    private readonly _parent: Context | undefined,
    private readonly _key: symbol | undefined,
    private readonly _value: unknown
  ) {}

  static readonly ROOT: Context = new Context(undefined, undefined, undefined);

  getValue(key: symbol): unknown {
    // Contexts hold a handful of keys, so walking the chain beats copying a Map per scope.
    for (let c: Context | undefined = this; c !== undefined; c = c._parent) {
      if (c._key === key) return c._value;
    }
    return undefined;
  }

  setValue(key: symbol, value: unknown): Context {
    return new Context(this, key, value);
  }

  deleteValue(key: symbol): Context {
    return this.getValue(key) === undefined ? this : new Context(this, key, undefined);
  }
}

export const ROOT_CONTEXT = Context.ROOT;

/** Makes a context key that is the same symbol in every copy of the package. */
export function createContextKey(name: string): symbol {
  return Symbol.for(`noveum-trace.${name}`);
}
