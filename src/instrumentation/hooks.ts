/**
 * Finding every copy of an instrumented package: copies already loaded (the CommonJS cache,
 * and the ESM copy, reached synchronously through `require(esm)` which returns the loader's
 * cached namespace) and copies loaded later (require-in-the-middle for `require`,
 * import-in-the-middle for `import`). The two hooking libraries are loaded only here, lazily.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diag } from '../diag/diag.js';
import { reportInternalError } from '../diag/internal-errors.js';
import { getGlobal } from '../internal/global.js';
import { isFileLoaded } from './loaded-scripts.js';
import { appRequire, ownRequire } from './module-location.js';

/** The module format a copy was loaded in: each has its own classes. */
export type ModuleFormat = 'cjs' | 'esm';

/** Called with a module's exports, its package directory (when known) and its format. */
/**
 * Called for each copy of a hooked module. For a `require` seen by the hook, an object returned
 * replaces the exports handed to that and later `require` calls (a writable stand-in for a
 * CommonJS build whose exports are read-only getters); otherwise the return value is ignored.
 */
export type OnModule = (
  moduleExports: unknown,
  packageDir: string | undefined,
  format: ModuleFormat,
  fromHook?: boolean
) => unknown;

export interface HookHandle {
  unhook(): void;
}

interface HookCtor {
  new (
    modules: string[],
    options: { internals: boolean },
    fn: (exports: unknown, name: string, baseDir?: string) => unknown
  ): HookHandle;
}

function readManifestField(packageDir: string | undefined, field: 'name' | 'version'): string | undefined {
  if (packageDir === undefined) return undefined;
  try {
    const value = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>)[
      field
    ];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The package.json version in `packageDir`, or undefined. */
export function readPackageVersion(packageDir: string | undefined): string | undefined {
  return readManifestField(packageDir, 'version');
}

/** The package.json name in `packageDir` (which package of a multi-package library a copy is), or undefined. */
export function readPackageName(packageDir: string | undefined): string | undefined {
  return readManifestField(packageDir, 'name');
}

function readManifest(packageDir: string): { main?: unknown; exports?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { main?: unknown; exports?: unknown };
  } catch {
    return undefined;
  }
}

/** `@scope/pkg/sub/path` → package `@scope/pkg` and subpath `sub/path` ('' for the package itself). */
function splitModuleName(name: string): { pkg: string; subpath: string } {
  const parts = name.split('/');
  const n = name.startsWith('@') ? 2 : 1;
  return { pkg: parts.slice(0, n).join('/'), subpath: parts.slice(n).join('/') };
}

/**
 * The CommonJS entry file of `subpath` in the package at `dir` ('' for the package itself), as
 * `require` resolves it: through the `exports` map when there is one (`@google/genai`'s `main` is
 * its ESM file), else `main`.
 */
function cjsEntryIn(dir: string, pkg: string, subpath: string): string | undefined {
  try {
    // Resolved from the package's own directory, so a nested copy resolves to itself.
    return nodeModule.createRequire(join(dir, 'package.json')).resolve(subpath === '' ? pkg : `${pkg}/${subpath}`);
  } catch {
    if (subpath !== '') return undefined;
    const main = readManifest(dir)?.main;
    return join(dir, typeof main === 'string' ? main : 'index.js');
  }
}

/** CommonJS copies of `name` (a package, or a package subpath) in `require.cache`, one per install location. */
function cachedCjsCopies(name: string): Array<{ exports: unknown; dir: string }> {
  const { pkg, subpath } = splitModuleName(name);
  const marker = `${sep}node_modules${sep}${pkg.split('/').join(sep)}${sep}`;
  const out: Array<{ exports: unknown; dir: string }> = [];
  const cache = ownRequire().cache;
  const seen = new Set<string>();
  for (const file of Object.keys(cache)) {
    const at = file.lastIndexOf(marker);
    if (at < 0) continue;
    const dir = file.slice(0, at + marker.length - 1);
    if (seen.has(dir)) continue;
    seen.add(dir);
    const entry = cjsEntryIn(dir, pkg, subpath);
    if (entry === undefined) continue;
    const hit = cache[entry] ?? cache[`${entry}.js`];
    if (hit !== undefined) out.push({ exports: hit.exports, dir });
  }
  return out;
}

const IMPORT_CONDITIONS = new Set(['import', 'node', 'default']);

/**
 * The file an `import` of a package's exports entry resolves to: like Node, the first key in
 * the entry's own order that is one of the conditions `import`, `node`, `default`.
 */
function pickImportTarget(entry: unknown, depth: number): string | undefined {
  if (typeof entry === 'string') return entry;
  if (typeof entry !== 'object' || entry === null || depth > 4) return undefined;
  for (const [condition, value] of Object.entries(entry as Record<string, unknown>)) {
    if (!IMPORT_CONDITIONS.has(condition)) continue;
    const found = pickImportTarget(value, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The exports entry for `key`: an exact key, else a subpath pattern (`"./*.js": "./esm/*.js"`,
 * as `@mistralai/mistralai` ships) with its `*` substituted into every target string.
 */
function exportEntry(exportsField: Record<string, unknown>, key: string): unknown {
  if (key in exportsField) return exportsField[key];
  for (const [pattern, entry] of Object.entries(exportsField)) {
    const star = pattern.indexOf('*');
    if (star < 0) continue;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (key.length < prefix.length + suffix.length || !key.startsWith(prefix) || !key.endsWith(suffix)) continue;
    const match = key.slice(prefix.length, key.length - suffix.length);
    return JSON.parse(
      JSON.stringify(entry ?? null)
        .split('*')
        .join(match)
    ) as unknown;
  }
  return undefined;
}

/** The `import` entry file of package `name` as resolved from the application, if any. */
function esmEntry(name: string): { file: string; dir: string } | undefined {
  let cjsFile: string;
  try {
    cjsFile = appRequire().resolve(name);
  } catch {
    return undefined;
  }
  const { pkg } = splitModuleName(name);
  const marker = `${sep}node_modules${sep}${pkg.split('/').join(sep)}${sep}`;
  const at = cjsFile.lastIndexOf(marker);
  if (at < 0) return undefined;
  return esmEntryIn(cjsFile.slice(0, at + marker.length - 1), name);
}

/** The `import` entry file of `name` (a package or package subpath) in the package at `dir`. */
function esmEntryIn(dir: string, name: string): { file: string; dir: string } | undefined {
  const { subpath } = splitModuleName(name);
  const exportsField = readManifest(dir)?.exports as Record<string, unknown> | string | undefined;
  const key = subpath === '' ? '.' : `./${subpath}`;
  const root =
    typeof exportsField === 'object' && exportsField !== null
      ? exportEntry(exportsField, key)
      : subpath === ''
        ? exportsField
        : undefined;
  const target = pickImportTarget(root, 0);
  if (target === undefined) return undefined;
  const file = join(dir, target);
  return existsSync(file) ? { file, dir } : undefined;
}

/**
 * Hands every already-loaded copy of `name` to `onModule`. The ESM copy is looked up only when
 * the application's entry point is ESM (no `require.main`), where it is almost always loaded.
 */
export function visitLoadedCopies(name: string, onModule: OnModule): void {
  // Guarded per copy: one odd copy (a getter that throws) must not stop the others or the hooks.
  const cjs = cachedCjsCopies(name);
  for (const copy of cjs) guardOnModule(onModule, copy.exports, copy.dir, 'cjs');
  const entry = esmEntry(name);
  // A CommonJS app reaches an ESM-only package (`@mistralai/mistralai`) through `require(esm)`,
  // whose copy is the ESM loader's: look there too, and only then.
  if (entry === undefined || (ownRequire().main !== undefined && (cjs.length > 0 || !requiresEsm(name, entry.dir))))
    return;
  visitEsmCopy(name, entry, onModule);
}

function visitEsmCopy(name: string, entry: { file: string; dir: string }, onModule: OnModule): void {
  // Not loaded yet: reaching it would load it (and its whole graph) now; the import hook patches
  // it if the app ever imports it.
  if (isFileLoaded(entry.file) === false) return;
  let namespace: unknown;
  try {
    namespace = loadedEsmNamespace(entry.file);
  } catch (error) {
    diag.debug(`instrumentation: could not reach the ESM copy of ${name} synchronously; importing it:`, error);
  }
  if (namespace === undefined) importLoadedCopy(name, entry, onModule);
  else guardOnModule(onModule, namespace, entry.dir, 'esm');
}

/**
 * Module `name` (a subpath of the package at `packageDir`) from the same copy and format as a
 * module of that package already loaded: the CommonJS file through a require rooted in the
 * package (the cached instance), the ESM namespace through the loader (see loadedEsmNamespace).
 * Undefined when it cannot be reached synchronously.
 */
export function loadSiblingModule(name: string, packageDir: string, format: ModuleFormat): unknown {
  try {
    if (format === 'cjs') {
      const { pkg, subpath } = splitModuleName(name);
      const file = cjsEntryIn(packageDir, pkg, subpath);
      if (file !== undefined) return nodeModule.createRequire(join(packageDir, 'package.json'))(file);
      // An ESM-only package a CommonJS app loaded through `require(esm)`: its modules are the
      // ESM loader's, so the sibling is there.
    }
    const entry = esmEntryIn(packageDir, name);
    return entry === undefined ? undefined : loadedEsmNamespace(entry.file);
  } catch (error) {
    diag.debug(`instrumentation: could not reach ${name} next to a loaded copy:`, error);
    return undefined;
  }
}

/**
 * True when `require(name)` loads an ES module (`.mjs`, or `.js` under a `"type": "module"`
 * package.json up to the package directory `dir`): the package has no CommonJS build.
 */
function requiresEsm(name: string, dir: string): boolean {
  let file: string;
  try {
    file = appRequire().resolve(name);
  } catch {
    return false;
  }
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let at = dirname(file); at.startsWith(dir); at = dirname(at)) {
    const manifest = readManifest(at) as { type?: unknown } | undefined;
    if (manifest !== undefined) return manifest.type === 'module';
    if (at === dir) break;
  }
  return false;
}

interface NativeModule {
  filename: string;
  exports: unknown;
  _compile(content: string, filename: string, format: string): unknown;
}

/**
 * The namespace the ESM loader holds for `file`, reached synchronously the way Node's own
 * `require(esm)` does (Node >= 20.19), or undefined where Node has no `require(esm)`.
 * `require()` itself is not used: a TypeScript runner's require hook sits in front of it (tsx
 * compiles `.mjs` to CommonJS for `require`), which hands back a private copy the app never
 * calls, while the app's copy would only be reached by `import()` a few ticks later, after the
 * app's first call. Compiling with format 'module' below every require hook asks the ESM loader
 * for the module at that URL, so the copy the app imported comes back (and a copy not loaded yet
 * is loaded into the ESM cache, where a later `import` finds it).
 */
function loadedEsmNamespace(file: string): unknown {
  if ((process.features as { require_module?: boolean }).require_module !== true) return undefined;
  const ModuleCtor = (nodeModule as unknown as { Module: new (id: string) => NativeModule }).Module;
  const mod = new ModuleCtor(file);
  mod.filename = file;
  mod._compile(readFileSync(file, 'utf8'), file, 'module');
  const namespace = mod.exports;
  return typeof namespace === 'object' && namespace !== null ? namespace : undefined;
}

/**
 * Where the ESM copy cannot be reached synchronously, `import()` goes through the same loader as
 * the app's `import` and reaches the app's copy, a few ticks later (patching an already patched
 * copy is a no-op). Until then the library counts as pending in `getInstrumentationStatus`.
 */
function importLoadedCopy(name: string, entry: { file: string; dir: string }, onModule: OnModule): void {
  // The CommonJS build compiles `import()` to `require()`, which cannot load ESM here either.
  if (typeof __filename === 'string') return;
  try {
    const done = import(pathToFileURL(entry.file).href).then(
      (namespace: unknown) => void guardOnModule(onModule, namespace, entry.dir, 'esm'),
      (error: unknown) => diag.debug(`instrumentation: could not import the ESM copy of ${name}:`, error)
    );
    pendingImports.set(done, name);
    void done.finally(() => pendingImports.delete(done));
  } catch (error) {
    reportInternalError('instrumentation.import-loaded-copy', error);
  }
}

/** Deferred imports in flight → the package name each one reaches. */
const pendingImports = new Map<Promise<void>, string>();

/** True while an already-loaded copy of `name` is still being reached by a deferred import. */
export function isReachingLoadedCopy(name: string): boolean {
  for (const pending of pendingImports.values()) if (pending === name) return true;
  return false;
}

/** Resolves once every deferred import started so far has been handled (internal; for tests). */
export async function settleLoadedCopies(): Promise<void> {
  while (pendingImports.size > 0) await Promise.all(pendingImports.keys());
}

function guardOnModule(
  onModule: OnModule,
  moduleExports: unknown,
  packageDir: string | undefined,
  format: ModuleFormat,
  fromHook = false
): unknown {
  try {
    return onModule(moduleExports, packageDir, format, fromHook);
  } catch (error) {
    reportInternalError('instrumentation.onModule', error);
    return undefined;
  }
}

const iitmState = getGlobal<{ registered: boolean }>('iitm-loader', () => ({ registered: false }));

/** Registers import-in-the-middle's loader once per process, limited to `include` packages. */
function registerEsmLoader(include: readonly string[]): void {
  if (iitmState.registered) return;
  const register = (nodeModule as { register?: (specifier: string, parent: string, options?: unknown) => void })
    .register;
  if (typeof register !== 'function') return;
  const hookFile = ownRequire().resolve('import-in-the-middle/hook.mjs');
  register(pathToFileURL(hookFile).href, pathToFileURL(`${dirname(hookFile)}/`).href, {
    data: { include: [...include] },
  });
  iitmState.registered = true;
}

/** Hooks future `require` and `import` of `names`; `esmInclude` limits the ESM loader's wrapping. */
export function hookFutureLoads(
  names: readonly string[],
  esmInclude: readonly string[],
  onModule: OnModule
): HookHandle {
  const handles: HookHandle[] = [];
  const call = (exports: unknown, baseDir: string | undefined, format: ModuleFormat): unknown =>
    guardOnModule(onModule, exports, baseDir, format, true);
  try {
    const Ritm = (ownRequire()('require-in-the-middle') as { Hook: HookCtor }).Hook;
    handles.push(
      new Ritm([...names], { internals: false }, (exports, _name, baseDir) => {
        const replacement = call(exports, baseDir, 'cjs');
        return typeof replacement === 'object' && replacement !== null ? replacement : exports;
      })
    );
  } catch (error) {
    reportInternalError('instrumentation.require-hook', error);
  }
  try {
    registerEsmLoader(esmInclude);
    const Iitm = (ownRequire()('import-in-the-middle') as { Hook: HookCtor }).Hook;
    handles.push(
      new Iitm([...names], { internals: false }, (exports, _name, baseDir) => void call(exports, baseDir, 'esm'))
    );
  } catch (error) {
    diag.debug(
      'instrumentation: ESM import hook unavailable; modules imported later are not patched automatically:',
      error
    );
  }
  return { unhook: () => handles.forEach((h) => h.unhook()) };
}
