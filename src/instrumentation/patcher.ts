/**
 * Applies an integration's registry to each copy of its library and undoes it. Each entry is
 * applied by its kind (patch-kinds.ts) and the result is checked: a path that resolves to
 * nothing is reported, never counted as traced.
 */
import { diag, warnOnce } from '../diag/diag.js';
import { reportInternalError } from '../diag/internal-errors.js';
import {
  applyPatch,
  WRAPPED,
  type AnyFunction,
  type PatchRecord,
  type PatchResult,
  type WrapOne,
} from './patch-kinds.js';
import type { LibraryDefinition, LiveSettings, MethodSpec } from './types.js';
import { satisfiesRange } from './version-range.js';

/** Patch bookkeeping for one library. */
export interface LibraryState {
  readonly def: LibraryDefinition;
  readonly settings: LiveSettings;
  selected: readonly string[];
  /** Every client class seen (patched or not), so re-configuring can re-patch them. */
  readonly roots: Set<object>;
  readonly records: PatchRecord[];
}

/** The range a copy of `packageName` must be in: its entry in `packageVersions`, else `supportedVersions`. */
export function supportedRangeOf(def: LibraryDefinition, packageName?: string): string {
  const own = packageName === undefined ? undefined : def.packageVersions?.[packageName];
  return own ?? def.supportedVersions;
}

/** False (with one warning per version) when `version` is known and outside the supported range. */
export function isSupportedVersion(def: LibraryDefinition, version: string | undefined, packageName?: string): boolean {
  const range = supportedRangeOf(def, packageName);
  if (version === undefined || satisfiesRange(version, range)) return true;
  const named = packageName ?? def.name;
  warnOnce(
    `unsupported-${named}-${version}`,
    `${named}@${version} is outside the supported range ${range}; it is left untraced`
  );
  return false;
}

/**
 * Patches the selected methods on one copy of the library. Returns the number of methods
 * patched; an unsupported version or unknown shape patches nothing and warns once.
 */
export function patchRoot(
  state: LibraryState,
  root: object,
  version: string | undefined,
  packageName?: string
): number {
  const { def } = state;
  if (!isSupportedVersion(def, version, packageName)) return 0;
  state.roots.add(root);
  let patched = 0;
  const missing: string[] = [];
  for (const path of state.selected) {
    const spec = def.methods[path];
    let result: PatchResult = 'missing';
    try {
      if (spec !== undefined) result = applyPatch(root, spec, wrapOneFor(state, path, spec), state.settings);
    } catch (error) {
      reportInternalError(`instrumentation.${def.name}.patch(${path})`, error);
      continue;
    }
    if (result === 'missing') missing.push(path);
    else patched++;
    if (typeof result === 'object') state.records.push(result);
  }
  // A library spread over modules (LlamaIndex) has each method in one of them: a module holding
  // none of the selected ones is not a changed shape.
  if (patched === 0 && missing.length > 0 && def.moduleNames.length === 1) {
    warnOnce(
      `shape-${def.name}-${version ?? '?'}`,
      `${def.name}${version ? `@${version}` : ''} does not have the expected shape (${missing.join(', ')} not found); it is left untraced`
    );
  } else if (missing.length > 0) {
    diag.debug(`instrumentation: ${def.name} methods not found and left untraced: ${missing.join(', ')}`);
  }
  return patched;
}

function wrapOneFor(state: LibraryState, path: string, spec: MethodSpec): WrapOne {
  return (original) => {
    const wrapper = state.def.wrap(original, path, spec, state.settings) as AnyFunction;
    Object.defineProperty(wrapper, WRAPPED, { value: original });
    return wrapper;
  };
}

/** Restores every original this state replaced. A wrapper someone else wrapped again stays, but goes quiet. */
export function unpatchAll(state: LibraryState): void {
  for (const r of state.records.splice(0)) {
    try {
      r.restore();
    } catch (error) {
      reportInternalError(`instrumentation.${state.def.name}.unpatch`, error);
    }
  }
}

/** True when `fn` is one of our wrappers (from any copy of the SDK). */
export function isWrapped(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as AnyFunction)[WRAPPED] !== undefined;
}
