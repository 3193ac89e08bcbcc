/**
 * How each kind of `MethodSpec` is applied to one copy of a library and undone. Every kind ends in
 * a record whose `restore` puts back exactly what it changed, and only if nobody replaced it since.
 */
import type { InstallSpec, InstancePropertySpec, LiveSettings, MethodSpec } from './types.js';

// Shared by every copy of this SDK, so two copies never wrap the same method twice.
export const WRAPPED = Symbol.for('noveum-trace.wrapped-original');

export type AnyFunction = ((...args: unknown[]) => unknown) & { [WRAPPED]?: unknown };

/** Builds the traced replacement of one original (already marked as ours). */
export type WrapOne = (original: AnyFunction) => AnyFunction;

export interface PatchRecord {
  restore(): void;
}

/** `missing`: the shape is not there; `already`: a copy of this SDK patched it before. */
export type PatchResult = PatchRecord | 'missing' | 'already';

type Bag = Record<string, unknown>;

/** The prototype (or object) owning a method at `owner` under `root`, if the shape matches. */
export function resolveOwner(root: object, owner: readonly string[]): Bag | undefined {
  let node: unknown = root;
  for (const key of owner) {
    node = (node as Bag | null | undefined)?.[key];
    if (typeof node !== 'function' && (typeof node !== 'object' || node === null)) return undefined;
  }
  const proto = (node as { prototype?: unknown }).prototype;
  return typeof proto === 'object' && proto !== null ? (proto as Bag) : undefined;
}

/** The class object at `owner` under `root` (for static methods), if the shape matches. */
export function resolveClass(root: object, owner: readonly string[]): Bag | undefined {
  let node: unknown = root;
  for (const key of owner) {
    node = (node as Bag | null | undefined)?.[key];
    if (typeof node !== 'function' && (typeof node !== 'object' || node === null)) return undefined;
  }
  return typeof node === 'function' ? (node as unknown as Bag) : undefined;
}

/** Sets `owner[key]`: redefined when possible, else assigned (an import-in-the-middle namespace). */
function setValue(owner: Bag, key: string, value: unknown): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(owner, key);
  if (descriptor === undefined || descriptor.configurable === true) {
    Object.defineProperty(owner, key, {
      value,
      writable: descriptor?.writable ?? true,
      enumerable: descriptor?.enumerable ?? false,
      configurable: true,
    });
  } else {
    try {
      owner[key] = value;
    } catch {
      return false;
    }
  }
  return owner[key] === value;
}

function patchValue(owner: Bag | undefined, key: string, wrapOne: WrapOne): PatchResult {
  const original = owner?.[key] as AnyFunction | undefined;
  if (owner === undefined || typeof original !== 'function') return 'missing';
  if (original[WRAPPED] !== undefined) return 'already';
  const wrapper = wrapOne(original);
  if (!setValue(owner, key, wrapper)) return 'missing';
  return {
    restore: () => {
      if (owner[key] === wrapper) setValue(owner, key, original);
    },
  };
}

/**
 * An accessor on the prototype catches the constructor's `this.method = fn` and stores the
 * wrapped function as the instance's own property. Caveat: a native class field (`method = () =>
 * ...` compiled with define semantics) bypasses prototype setters; such a library needs a
 * `prototype` spec on the class that builds it, or an `install` spec.
 */
function patchInstance(root: object, spec: InstancePropertySpec, wrapOne: WrapOne): PatchResult {
  const proto = resolveOwner(root, spec.owner);
  if (proto === undefined) return 'missing';
  const before = Object.getOwnPropertyDescriptor(proto, spec.method);
  if ((before?.set as AnyFunction | undefined)?.[WRAPPED] !== undefined) return 'already';
  if (before !== undefined && before.configurable !== true) return 'missing';
  const key = spec.method;
  const set = function (this: object, value: unknown): void {
    const fn = value as AnyFunction;
    const own = typeof fn === 'function' && fn[WRAPPED] === undefined ? wrapOne(fn) : value;
    Object.defineProperty(this, key, { value: own, writable: true, enumerable: true, configurable: true });
  } as AnyFunction;
  Object.defineProperty(set, WRAPPED, { value: true });
  const get = before?.get ?? (() => before?.value);
  Object.defineProperty(proto, key, { get, set, enumerable: false, configurable: true });
  return {
    restore: () => {
      if (Object.getOwnPropertyDescriptor(proto, key)?.set !== set) return;
      if (before === undefined) delete proto[key];
      else Object.defineProperty(proto, key, before);
    },
  };
}

// Roots an install spec was applied to: a second `instrument()` of the same copy installs nothing.
const installed = new WeakMap<object, WeakSet<InstallSpec>>();

function patchInstall(root: object, spec: InstallSpec, settings: LiveSettings): PatchResult {
  const specs = installed.get(root) ?? new WeakSet<InstallSpec>();
  if (specs.has(spec)) return 'already';
  const undo = spec.install(root, settings);
  specs.add(spec);
  installed.set(root, specs);
  return {
    restore: () => {
      specs.delete(spec);
      undo?.();
    },
  };
}

/** Applies one spec to `root` (the value `resolveRoot` returned for one copy of the library). */
export function applyPatch(root: object, spec: MethodSpec, wrapOne: WrapOne, settings: LiveSettings): PatchResult {
  if (spec.kind === 'function') return patchValue(root as Bag, spec.export, wrapOne);
  if (spec.kind === 'instance') return patchInstance(root, spec, wrapOne);
  if (spec.kind === 'install') return patchInstall(root, spec, settings);
  // Own property only: a subclass inheriting the static method is reached through its parent.
  if (spec.kind === 'static') return patchValue(resolveClass(root, spec.owner), spec.method, wrapOne);
  return patchValue(resolveOwner(root, spec.owner), spec.method, wrapOne);
}
