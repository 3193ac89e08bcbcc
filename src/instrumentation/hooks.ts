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
import { appRequire, ownRequire } from './module-location.js';

/** Called with a module's exports and its package directory (when known). */
export type OnModule = (moduleExports: unknown, packageDir: string | undefined) => void;

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

/** The package.json version in `packageDir`, or undefined. */
export function readPackageVersion(packageDir: string | undefined): string | undefined {
  if (packageDir === undefined) return undefined;
  try {
    const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: unknown })
      .version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
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

/** The CommonJS entry file of `subpath` in the package at `dir` ('' for its main). */
function cjsEntryIn(dir: string, pkg: string, subpath: string): string | undefined {
  if (subpath === '') {
    const main = readManifest(dir)?.main;
    return join(dir, typeof main === 'string' ? main : 'index.js');
  }
  try {
    // Resolved from the package's own directory, so a nested copy resolves to itself.
    return nodeModule.createRequire(join(dir, 'package.json')).resolve(`${pkg}/${subpath}`);
  } catch {
    return undefined;
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

/** The file an `import` of a package's exports entry resolves to (conditions import, node, default). */
function pickImportTarget(entry: unknown, depth: number): string | undefined {
  if (typeof entry === 'string') return entry;
  if (typeof entry !== 'object' || entry === null || depth > 4) return undefined;
  const e = entry as Record<string, unknown>;
  for (const condition of ['import', 'node', 'default']) {
    const found = condition in e ? pickImportTarget(e[condition], depth + 1) : undefined;
    if (found !== undefined) return found;
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
  const { pkg, subpath } = splitModuleName(name);
  const marker = `${sep}node_modules${sep}${pkg.split('/').join(sep)}${sep}`;
  const at = cjsFile.lastIndexOf(marker);
  if (at < 0) return undefined;
  const dir = cjsFile.slice(0, at + marker.length - 1);
  const exportsField = readManifest(dir)?.exports as Record<string, unknown> | string | undefined;
  const key = subpath === '' ? '.' : `./${subpath}`;
  const root =
    typeof exportsField === 'object' && exportsField !== null && key in exportsField
      ? exportsField[key]
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
  for (const copy of cachedCjsCopies(name)) guardOnModule(onModule, copy.exports, copy.dir);
  if (ownRequire().main !== undefined) return;
  const entry = esmEntry(name);
  if (entry === undefined) return;
  try {
    // require(esm) returns the namespace the ESM loader already holds (Node >= 20.19).
    onModule(ownRequire()(entry.file), entry.dir);
  } catch (error) {
    diag.debug(
      `instrumentation: could not reach the ESM copy of ${name} synchronously; future imports are still hooked:`,
      error
    );
  }
  importLoadedCopy(name, entry, onModule);
}

/**
 * A loader that serves `require()` of ESM itself (tsx compiles `.mjs` for `require`) hands the
 * call above a copy of its own, not the one the app imported. `import()` goes through the same
 * loader as the app's `import`, so it reaches the app's copy, a few ticks later (patching an
 * already patched copy is a no-op).
 */
function importLoadedCopy(name: string, entry: { file: string; dir: string }, onModule: OnModule): void {
  // The CommonJS build compiles `import()` to `require()`, which the caller has just done.
  if (typeof __filename === 'string') return;
  try {
    const done = import(pathToFileURL(entry.file).href).then(
      (namespace: unknown) => guardOnModule(onModule, namespace, entry.dir),
      (error: unknown) => diag.debug(`instrumentation: could not import the ESM copy of ${name}:`, error)
    );
    pendingImports.add(done);
    void done.finally(() => pendingImports.delete(done));
  } catch (error) {
    reportInternalError('instrumentation.import-loaded-copy', error);
  }
}

const pendingImports = new Set<Promise<void>>();

/** Resolves once every deferred import started so far has been handled (internal; for tests). */
export async function settleLoadedCopies(): Promise<void> {
  while (pendingImports.size > 0) await Promise.all(pendingImports);
}

function guardOnModule(onModule: OnModule, moduleExports: unknown, packageDir: string | undefined): void {
  try {
    onModule(moduleExports, packageDir);
  } catch (error) {
    reportInternalError('instrumentation.onModule', error);
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
  const call = (exports: unknown, baseDir: string | undefined): void => guardOnModule(onModule, exports, baseDir);
  try {
    const Ritm = (ownRequire()('require-in-the-middle') as { Hook: HookCtor }).Hook;
    handles.push(
      new Ritm([...names], { internals: false }, (exports, _name, baseDir) => (call(exports, baseDir), exports))
    );
  } catch (error) {
    reportInternalError('instrumentation.require-hook', error);
  }
  try {
    registerEsmLoader(esmInclude);
    const Iitm = (ownRequire()('import-in-the-middle') as { Hook: HookCtor }).Hook;
    handles.push(new Iitm([...names], { internals: false }, (exports, _name, baseDir) => call(exports, baseDir)));
  } catch (error) {
    diag.debug(
      'instrumentation: ESM import hook unavailable; modules imported later are not patched automatically:',
      error
    );
  }
  return { unhook: () => handles.forEach((h) => h.unhook()) };
}
