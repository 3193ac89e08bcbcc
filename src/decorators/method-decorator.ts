import { getClient } from '../api/client.js';
import { traceWithSpec } from '../api/scoped.js';
import type { SpanSpec } from '../api/span-specs.js';
import { diag } from '../diag/diag.js';
import { incrementCounter, reportInternalError } from '../diag/internal-errors.js';

// `any` is what TypeScript's own decorator typings use for method parameters; `unknown` would reject most methods.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyMethod = (this: any, ...args: any[]) => any;

/**
 * A method decorator that works with TC39 standard decorators (TypeScript 5+ default)
 * and with legacy `experimentalDecorators`. Returned by `@trace(...)`, `@traceLLM(...)`,
 * `@traceAgent(...)`, `@traceTool(...)` and `@traceRetrieval(...)`.
 */
export interface TraceMethodDecorator {
  /** TC39 standard decorator form: `(method, context)`. */
  <This, Args extends unknown[], Return>(
    method: (this: This, ...args: Args) => Return,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>
  ): (this: This, ...args: Args) => Return;
  /** Legacy `experimentalDecorators` form: `(target, propertyKey, descriptor)`. */
  <T extends AnyMethod>(
    target: object,
    propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<T>
  ): TypedPropertyDescriptor<T> | void;
}

/** Builds the span for one call: `qualifiedName` is `ClassName.method` (or `method`), `methodName` the bare name. */
export type SpecFactory = (qualifiedName: string, methodName: string) => SpanSpec;

interface MethodSite {
  readonly methodName: string;
  readonly key: string | symbol;
  readonly isStatic: boolean;
  /** Known up front for legacy decorators (they receive the class or prototype). */
  readonly className: string | undefined;
}

function keyName(key: string | symbol): string {
  return typeof key === 'symbol' ? `[${key.description ?? ''}]` : key;
}

/** True when `args` look like a decorator application rather than a factory or inline call. */
export function isDecoratorCall(args: readonly unknown[]): boolean {
  try {
    return looksLikeDecoratorCall(args);
  } catch {
    return false; // a context whose properties throw (a revoked proxy) is not one the runtime made
  }
}

function looksLikeDecoratorCall(args: readonly unknown[]): boolean {
  if (args.length === 2) {
    const ctx = args[1] as { kind?: unknown; addInitializer?: unknown } | null;
    return (
      typeof ctx === 'object' &&
      ctx !== null &&
      typeof ctx.kind === 'string' &&
      typeof ctx.addInitializer === 'function'
    );
  }
  if (args.length !== 3) return false;
  const [target, key] = args;
  const isTarget = typeof target === 'function' || (typeof target === 'object' && target !== null);
  return isTarget && (typeof key === 'string' || typeof key === 'symbol');
}

/**
 * Finds the class that declares `fn` under `key` by walking up from `self`, so a
 * subclass instance still reports the declaring class (standard decorators are not
 * told the class). Undefined when the method was detached or copied elsewhere.
 */
function declaringClassName(self: unknown, site: MethodSite, fn: AnyMethod): string | undefined {
  if (self === null || (typeof self !== 'object' && typeof self !== 'function')) return undefined;
  let o: unknown = site.isStatic ? self : Object.getPrototypeOf(self);
  for (let depth = 0; o !== null && o !== undefined && depth < 32; depth++) {
    if (Object.getOwnPropertyDescriptor(o, site.key)?.value === fn) {
      const ctor = site.isStatic ? o : (o as { constructor?: unknown }).constructor;
      return typeof ctor === 'function' && ctor.name !== '' ? ctor.name : undefined;
    }
    o = Object.getPrototypeOf(o);
  }
  return undefined;
}

function copyShape(target: AnyMethod, source: AnyMethod): void {
  try {
    Object.defineProperty(target, 'name', { value: source.name, configurable: true });
    Object.defineProperty(target, 'length', { value: source.length, configurable: true });
  } catch {
    // Cosmetic only: a frozen or odd function keeps the wrapper's own name.
  }
}

/** Wraps one method: each call runs in a span built by `makeSpec`, with `this` and arguments unchanged. */
function wrapMethod(original: AnyMethod, site: MethodSite, makeSpec: SpecFactory): AnyMethod {
  let className = site.className;
  const traced = function (this: unknown, ...args: unknown[]): unknown {
    if (!getClient().isEnabled) return original.apply(this, args);
    let spec: SpanSpec;
    try {
      className ??= declaringClassName(this, site, traced);
      spec = makeSpec(className === undefined ? site.methodName : `${className}.${site.methodName}`, site.methodName);
    } catch (error) {
      reportInternalError('decorator', error);
      return original.apply(this, args);
    }
    return traceWithSpec(spec, () => original.apply(this, args));
  };
  copyShape(traced, original);
  return traced;
}

function notAMethod(api: string, what: string): void {
  incrementCounter('misuseWarnings');
  diag.warn(`@${api} decorates methods only, not ${what}; it was left untraced`);
}

function applyStandard(
  api: string,
  value: unknown,
  context: ClassMethodDecoratorContext,
  makeSpec: SpecFactory
): unknown {
  if (context.kind !== 'method' || typeof value !== 'function') {
    notAMethod(api, `a ${String(context.kind)}`);
    return undefined;
  }
  const site: MethodSite = {
    methodName: keyName(context.name),
    key: context.name,
    isStatic: context.static,
    className: undefined,
  };
  return wrapMethod(value as AnyMethod, site, makeSpec);
}

function applyLegacy(
  api: string,
  target: object,
  key: string | symbol,
  descriptor: PropertyDescriptor | undefined,
  makeSpec: SpecFactory
): unknown {
  if (descriptor === undefined || typeof descriptor.value !== 'function') {
    notAMethod(api, descriptor === undefined ? 'a property' : 'an accessor');
    return descriptor;
  }
  const isStatic = typeof target === 'function';
  const ctor = isStatic ? target : (target as { constructor?: unknown }).constructor;
  const className = typeof ctor === 'function' && ctor.name !== '' ? ctor.name : undefined;
  const site: MethodSite = { methodName: keyName(key), key, isStatic, className };
  return { ...descriptor, value: wrapMethod(descriptor.value as AnyMethod, site, makeSpec) };
}

/**
 * Applies a tracing decorator to whatever the runtime passed: a standard
 * `(method, context)` pair or a legacy `(target, key, descriptor)` triple.
 */
export function applyDecorator(api: string, args: readonly unknown[], makeSpec: SpecFactory): unknown {
  try {
    if (args.length === 2) return applyStandard(api, args[0], args[1] as ClassMethodDecoratorContext, makeSpec);
    return applyLegacy(
      api,
      args[0] as object,
      args[1] as string | symbol,
      args[2] as PropertyDescriptor | undefined,
      makeSpec
    );
  } catch (error) {
    reportInternalError(`@${api}`, error);
    // Leave the method as it was: standard decorators keep it on undefined, legacy on the same descriptor.
    return args.length === 2 ? undefined : args[2];
  }
}

/** Makes a decorator that traces each call of the method with a span from `makeSpec`. */
export function createMethodDecorator(api: string, makeSpec: SpecFactory): TraceMethodDecorator {
  return ((...args: unknown[]) => applyDecorator(api, args, makeSpec)) as TraceMethodDecorator;
}
