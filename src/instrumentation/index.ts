/**
 * Public instrumentation API: patch a library wherever it is loaded (`autoInstrument`), or
 * patch the module object you hand over (`instrument`, for bundlers), and undo it.
 */
import { diag, quote, warnOnce } from '../diag/diag.js';
import { reportInternalError } from '../diag/internal-errors.js';
import { warnUnknownKeys, type OptionSchema } from '../internal/option-schema.js';
import { CAPTURE_CONFIG_SCHEMA, prepareCaptureConfig } from './genai/capture.js';
import {
  hookFutureLoads,
  isReachingLoadedCopy,
  loadSiblingModule,
  readPackageName,
  readPackageVersion,
  visitLoadedCopies,
  type HookHandle,
  type ModuleFormat,
} from './hooks.js';
import { isSupportedVersion, patchRoot, unpatchAll, type LibraryState } from './patcher.js';
import { DEFINITIONS } from './registry.js';
import type { AutoInstrumentOptions, InstrumentationConfig, InstrumentationName, LibraryDefinition } from './types.js';

const ALL_MODULE_NAMES = Object.values<LibraryDefinition>(DEFINITIONS).flatMap((d) => d.moduleNames);

/** Every key of `AutoInstrumentOptions`; `config` is checked by `prepareCaptureConfig`. */
const AUTO_INSTRUMENT_OPTION_SCHEMA = {
  methods: true,
  config: CAPTURE_CONFIG_SCHEMA,
} as const satisfies OptionSchema<AutoInstrumentOptions>;

const states = new Map<string, LibraryState & { hooks?: HookHandle }>();

/**
 * One warning for a list of unknown names, keyed by the first: a call naming 100,000 of them
 * prints one line quoting three, not 100,000 lines.
 */
function warnUnknown(what: string, names: readonly unknown[], known: readonly string[]): void {
  if (names.length === 0) return;
  const first = names[0];
  const shown = names.slice(0, 3).map((n) => quote(n, 60));
  const more = names.length > 3 ? ` and ${names.length - 3} more` : '';
  warnOnce(
    `unknown-${what}-${typeof first === 'string' ? first : typeof first}`,
    `instrumentation: unknown ${what} ${shown.join(', ')}${more}; known: ${known.join(', ')}`
  );
}

function definitionOf(name: unknown, unknown?: unknown[]): LibraryDefinition | undefined {
  const def =
    typeof name === 'string' && Object.hasOwn(DEFINITIONS, name) ? DEFINITIONS[name as InstrumentationName] : undefined;
  if (def !== undefined) return def;
  if (unknown !== undefined) unknown.push(name);
  else warnUnknown('library', [name], Object.keys(DEFINITIONS));
  return undefined;
}

/** Valid method paths from `methods` (aliases mapped, unknown names warned and dropped); default all. */
function selectMethods(def: LibraryDefinition, methods: readonly string[] | undefined): string[] {
  if (methods === undefined) return Object.keys(def.methods);
  const out = new Set<string>();
  const unknown: unknown[] = [];
  for (const m of Array.isArray(methods) ? methods : []) {
    const path = Object.hasOwn(def.methods, m) ? m : def.aliases[m];
    if (path === undefined) unknown.push(m);
    else out.add(path);
  }
  warnUnknown(`${def.name} method`, unknown, Object.keys(def.methods));
  return [...out];
}

function stateFor(
  def: LibraryDefinition,
  options: AutoInstrumentOptions | undefined
): LibraryState & { hooks?: HookHandle } {
  warnUnknownKeys('instrumentation options', options, AUTO_INSTRUMENT_OPTION_SCHEMA, (m) => warnOnce(m, m), true);
  const selected = selectMethods(def, options?.methods);
  const capture = prepareCaptureConfig(options?.config);
  let state = states.get(def.name);
  if (state === undefined) {
    state = { def, settings: { enabled: true, capture }, selected, roots: new Set(), records: [] };
    states.set(def.name, state);
    return state;
  }
  state.settings.enabled = true;
  state.settings.capture = capture;
  if (selected.join() !== state.selected.join()) {
    // A new method selection: put everything back, then patch the known copies again.
    unpatchAll(state);
    state.selected = selected;
    for (const root of state.roots) patchRoot(state, root, undefined);
  }
  return state;
}

// One root per package copy and format for definitions with sibling modules: each hooked
// module of that copy leads to the same siblings, which are patched once.
const siblingRoots = new Map<string, object | undefined>();

/** The root built from the definition's sibling modules in the copy at `packageDir` (cached). */
function rootOfSiblings(
  def: LibraryDefinition,
  packageDir: string | undefined,
  format: ModuleFormat
): object | undefined {
  if (packageDir === undefined) return undefined;
  const key = `${def.name}|${format}|${packageDir}`;
  if (siblingRoots.has(key)) return siblingRoots.get(key);
  const siblings: Record<string, unknown> = {};
  for (const name of def.siblingModules ?? []) siblings[name] = loadSiblingModule(name, packageDir, format);
  const root = def.resolveRoot(siblings);
  siblingRoots.set(key, root);
  return root;
}

function onModule(
  state: LibraryState,
  moduleExports: unknown,
  packageDir: string | undefined,
  format: ModuleFormat,
  fromHook = false
): object | undefined {
  // A copy reached late (a deferred import) after `uninstrument()` must stay untouched.
  if (states.get(state.def.name) !== state) return undefined;
  const version = readPackageVersion(packageDir);
  // A library made of several packages versions each one on its own range (see `packageVersions`).
  const packageName = state.def.packageVersions === undefined ? undefined : readPackageName(packageDir);
  // Version first: a newer major's changed shape is reported as what it is, once per version.
  if (!isSupportedVersion(state.def, version, packageName)) return undefined;
  const root =
    state.def.siblingModules === undefined
      ? state.def.resolveRoot(moduleExports)
      : rootOfSiblings(state.def, packageDir, format);
  if (root === undefined) {
    const named = version === undefined ? state.def.name : `${state.def.name}@${version}`;
    warnOnce(
      `no-client-${named}`,
      `instrumentation: the loaded ${named} module does not export the expected client class; it is left untraced`
    );
    return undefined;
  }
  const target =
    state.def.writableRoot === undefined ? root : state.def.writableRoot(root, format, fromHook ? 'hook' : 'loaded');
  if (target === undefined) return undefined;
  patchRoot(state, target, version, packageName);
  // A stand-in replaces the exports the hook hands to `require`.
  return target === root ? undefined : target;
}

/**
 * Traces every call made through a library, whether it is loaded with `require` or `import`,
 * before or after this call. Calling it again updates `methods` and `config`. Never throws.
 *
 * @param name - the library, e.g. `'openai'`
 * @param options - `methods` to trace (dotted paths; default all) and capture `config`
 * @returns true when the library is (or will be, once loaded) traced
 * @example
 * ```ts
 * import { init, autoInstrument } from 'noveum-trace';
 * init({ project: 'my-app' });
 * autoInstrument('openai', { methods: ['chat.completions.create'], config: { captureInputs: false } });
 * ```
 */
export function autoInstrument(name: InstrumentationName, options?: AutoInstrumentOptions): boolean {
  try {
    const def = definitionOf(name);
    if (def === undefined) return false;
    const state = stateFor(def, options);
    if (state.selected.length === 0) return false;
    if (state.hooks === undefined) {
      for (const moduleName of def.moduleNames)
        visitLoadedCopies(moduleName, (exports, dir, format) => onModule(state, exports, dir, format));
      state.hooks = hookFutureLoads(def.moduleNames, ALL_MODULE_NAMES, (exports, dir, format, fromHook) =>
        onModule(state, exports, dir, format, fromHook)
      );
    }
    return true;
  } catch (error) {
    reportInternalError('autoInstrument', error);
    return false;
  }
}

/**
 * Turns on auto-tracing for several libraries with one shared capture config.
 *
 * @example
 * ```ts
 * enableAutoTracing(['openai'], { captureInputs: true, maxInputLength: 1000, redactPii: true });
 * ```
 */
export function enableAutoTracing(names: readonly InstrumentationName[], config?: InstrumentationConfig): boolean {
  let ok = true;
  try {
    for (const name of Array.isArray(names) ? names : [])
      ok = autoInstrument(name, config ? { config } : undefined) && ok;
  } catch (error) {
    // A revoked proxy or a throwing iterator instead of an array of names.
    reportInternalError('enableAutoTracing', error);
    return false;
  }
  return ok;
}

/**
 * Removes a library's instrumentation: originals are restored and hooks removed.
 *
 * @example
 * ```ts
 * uninstrument('openai');
 * ```
 */
export function uninstrument(name: InstrumentationName): void {
  const state = states.get(name);
  if (state === undefined) return;
  try {
    state.settings.enabled = false;
    state.hooks?.unhook();
    unpatchAll(state);
  } catch (error) {
    reportInternalError('uninstrument', error);
  } finally {
    states.delete(name);
  }
}

/**
 * Patches the module (or client class) you pass, without module hooks: for bundled apps.
 * Returns the number of methods patched (0 for an unknown shape, with a warning).
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * instrument({ openai: OpenAI });
 * ```
 */
export function instrument(
  modules: Partial<Record<InstrumentationName, unknown>>,
  options?: AutoInstrumentOptions
): number {
  let patched = 0;
  const unknown: string[] = [];
  for (const [name, read] of moduleEntries(modules)) {
    try {
      const def = definitionOf(name, unknown);
      if (def === undefined) continue;
      const moduleExports = read();
      const state = stateFor(def, options);
      const root = def.resolveRoot(moduleExports);
      if (root === undefined)
        diag.warn(
          `instrument: the value given for "${name}" is not the ${name} module or client class; nothing was patched`
        );
      else {
        const target = def.writableRoot === undefined ? root : def.writableRoot(root, 'esm', 'given');
        if (target === undefined)
          diag.warn(`instrument: the "${name}" module given cannot be patched; nothing was patched`);
        else patched += patchRoot(state, target, undefined);
      }
    } catch (error) {
      reportInternalError('instrument', error);
    }
  }
  warnUnknown('library', unknown, Object.keys(DEFINITIONS));
  return patched;
}

/**
 * The `[name, read]` pairs of `instrument`'s argument, read lazily so a throwing getter only
 * fails its own entry. Anything but a plain object (a string would give one entry per
 * character) is reported once and gives none.
 */
function moduleEntries(modules: unknown): [string, () => unknown][] {
  if (modules === undefined || modules === null) return [];
  try {
    if (typeof modules === 'object' && !Array.isArray(modules)) {
      return Object.keys(modules).map((k) => [k, () => (modules as Record<string, unknown>)[k]]);
    }
  } catch (error) {
    reportInternalError('instrument', error);
    return [];
  }
  warnOnce(
    'instrument-not-an-object',
    `instrument: expected an object such as { openai: OpenAI }, got ${typeof modules === 'string' ? `a string of ${modules.length} characters` : quote(modules, 40)}; nothing was patched`
  );
  return [];
}

/**
 * Which method paths of `name` are selected, how many methods are patched right now, and
 * whether a copy the app already loaded is still being reached (`pending`: calls made through
 * that copy meanwhile are not traced; only on Node versions without `require(esm)`).
 *
 * @example
 * ```ts
 * autoInstrument('openai');
 * const { patchedMethods, pending } = getInstrumentationStatus('openai');
 * ```
 */
export function getInstrumentationStatus(name: InstrumentationName): {
  active: boolean;
  methods: readonly string[];
  patchedMethods: number;
  pending: boolean;
} {
  const state = states.get(name);
  return {
    active: state !== undefined,
    methods: state?.selected ?? [],
    patchedMethods: state?.records.length ?? 0,
    pending: state !== undefined && state.def.moduleNames.some(isReachingLoadedCopy),
  };
}

export type { AutoInstrumentOptions, InstrumentationConfig, InstrumentationName } from './types.js';
export type { OpenAIInstrumentationConfig } from './openai/types.js';
export type { AnthropicInstrumentationConfig } from './anthropic/types.js';
export type { LangChainInstrumentationConfig, NoveumCallbackHandlerOptions } from './langchain/types.js';
export type { LlamaIndexInstrumentationConfig } from './llamaindex/types.js';
