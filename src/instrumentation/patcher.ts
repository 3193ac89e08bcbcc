/**
 * Replaces prototype methods of an instrumented library and puts them back. A method path is
 * resolved to its owner object and the owner's last key is replaced, and the result is checked:
 * a path that resolves to nothing is reported, never counted as traced.
 */
import { diag, warnOnce } from '../diag/diag.js';
import { reportInternalError } from '../diag/internal-errors.js';
import type { LibraryDefinition, LiveSettings } from './types.js';
import { satisfiesRange } from './version-range.js';

// Shared by every copy of this SDK, so two copies never wrap the same method twice.
const WRAPPED = Symbol.for('noveum-trace.wrapped-original');

type AnyFunction = ((...args: unknown[]) => unknown) & { [WRAPPED]?: AnyFunction };

interface PatchRecord {
  readonly owner: Record<string, unknown>;
  readonly key: string;
  readonly original: AnyFunction;
  readonly wrapper: AnyFunction;
}

/** Patch bookkeeping for one library. */
export interface LibraryState {
  readonly def: LibraryDefinition;
  readonly settings: LiveSettings;
  selected: readonly string[];
  /** Every client class seen (patched or not), so re-configuring can re-patch them. */
  readonly roots: Set<object>;
  readonly records: PatchRecord[];
}

/** The prototype (or object) owning `path`'s method under `root`, if the shape matches. */
export function resolveOwner(root: object, owner: readonly string[]): Record<string, unknown> | undefined {
  let node: unknown = root;
  for (const key of owner) {
    node = (node as Record<string, unknown> | null | undefined)?.[key];
    if (typeof node !== 'function' && (typeof node !== 'object' || node === null)) return undefined;
  }
  const proto = (node as { prototype?: unknown }).prototype;
  return typeof proto === 'object' && proto !== null ? (proto as Record<string, unknown>) : undefined;
}

/** False (with one warning per version) when `version` is known and outside the supported range. */
export function isSupportedVersion(def: LibraryDefinition, version: string | undefined): boolean {
  if (version === undefined || satisfiesRange(version, def.supportedVersions)) return true;
  warnOnce(
    `unsupported-${def.name}-${version}`,
    `${def.name}@${version} is outside the supported range ${def.supportedVersions}; it is left untraced`
  );
  return false;
}

/**
 * Patches the selected methods on one copy of the library. Returns the number of methods
 * patched; an unsupported version or unknown shape patches nothing and warns once.
 */
export function patchRoot(state: LibraryState, root: object, version: string | undefined): number {
  const { def } = state;
  if (!isSupportedVersion(def, version)) return 0;
  state.roots.add(root);
  let patched = 0;
  const missing: string[] = [];
  for (const path of state.selected) {
    const spec = def.methods[path];
    const owner = spec ? resolveOwner(root, spec.owner) : undefined;
    const original = owner?.[spec?.method ?? ''] as AnyFunction | undefined;
    if (spec === undefined || owner === undefined || typeof original !== 'function') {
      missing.push(path);
      continue;
    }
    if (original[WRAPPED] !== undefined) {
      patched++;
      continue;
    }
    try {
      const wrapper = def.wrap(original, path, spec, state.settings) as AnyFunction;
      Object.defineProperty(wrapper, WRAPPED, { value: original });
      replace(owner, spec.method, wrapper);
      state.records.push({ owner, key: spec.method, original, wrapper });
      patched++;
    } catch (error) {
      reportInternalError(`instrumentation.${def.name}.patch(${path})`, error);
    }
  }
  if (patched === 0 && missing.length > 0) {
    warnOnce(
      `shape-${def.name}-${version ?? '?'}`,
      `${def.name}${version ? `@${version}` : ''} does not have the expected shape (${missing.join(', ')} not found); it is left untraced`
    );
  } else if (missing.length > 0) {
    diag.debug(`instrumentation: ${def.name} methods not found and left untraced: ${missing.join(', ')}`);
  }
  return patched;
}

function replace(owner: Record<string, unknown>, key: string, value: unknown): void {
  const descriptor = Object.getOwnPropertyDescriptor(owner, key);
  Object.defineProperty(owner, key, {
    value,
    writable: descriptor?.writable ?? true,
    enumerable: descriptor?.enumerable ?? false,
    configurable: true,
  });
}

/** Restores every original this state replaced. A wrapper someone else wrapped again stays, but goes quiet. */
export function unpatchAll(state: LibraryState): void {
  for (const r of state.records.splice(0)) {
    try {
      if (r.owner[r.key] === r.wrapper) replace(r.owner, r.key, r.original);
    } catch (error) {
      reportInternalError(`instrumentation.${state.def.name}.unpatch`, error);
    }
  }
}

/** True when `fn` is one of our wrappers (from any copy of the SDK). */
export function isWrapped(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as AnyFunction)[WRAPPED] !== undefined;
}
