/**
 * Finding the installed copies of a package as the application sees them, without loading it.
 * Each copy is found by its folder, never through the package's `exports` map: an ESM-only
 * package, or one whose map hides `package.json`, makes `require.resolve('<pkg>/package.json')`
 * throw although the package is there.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

/** How a copy was found. */
export type CopySource = 'resolved' | 'nested' | 'loaded';

/** One installed copy of a package. */
export interface PackageCopy {
  readonly packageName: string;
  /** The package folder (symlinks resolved). */
  readonly path: string;
  /** From its package.json; undefined when unreadable. */
  readonly version: string | undefined;
  /**
   * `resolved`: what `require`/`import` of the name from a base folder reaches; `nested`: a
   * private copy of a dependency (`node_modules/x/node_modules/<pkg>`, pnpm's `.pnpm`);
   * `loaded`: a copy already in `require.cache`.
   */
  readonly source: CopySource;
}

/** The package.json version in `dir`, or undefined. */
export function readVersion(dir: string): string | undefined {
  try {
    const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

function isPackageDir(dir: string): boolean {
  return existsSync(join(dir, 'package.json'));
}

function realpath(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/**
 * The node_modules folders Node searches from `base`, nearest first (with NODE_PATH and the
 * global folders), as `require.resolve.paths` reports them; a plain walk up if that fails.
 */
export function lookupFolders(base: string, packageName: string): string[] {
  try {
    const paths = createRequire(join(base, 'noveum-discovery.js')).resolve.paths(packageName);
    if (paths !== null && paths.length > 0) return paths;
  } catch {
    // An odd base path: fall back to walking up by hand.
  }
  const out: string[] = [];
  for (let dir = base; ; dir = dirname(dir)) {
    if (!dir.endsWith(`${sep}node_modules`)) out.push(join(dir, 'node_modules'));
    if (dirname(dir) === dir) return out;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Package folders one level down in `nodeModules`, scoped ones (`@scope/name`) included. */
function dependencyFolders(nodeModules: string): string[] {
  const out: string[] = [];
  for (const entry of safeReaddir(nodeModules)) {
    if (entry.startsWith('.')) continue;
    if (!entry.startsWith('@')) out.push(join(nodeModules, entry));
    else for (const inner of safeReaddir(join(nodeModules, entry))) out.push(join(nodeModules, entry, inner));
  }
  return out;
}

/** Private copies under the dependencies of `nodeModules`, and in pnpm's virtual store. */
function nestedCopies(nodeModules: string, packageName: string): string[] {
  const found: string[] = [];
  for (const dep of dependencyFolders(nodeModules)) {
    const candidate = join(dep, 'node_modules', packageName);
    if (isPackageDir(candidate)) found.push(candidate);
  }
  // pnpm keeps every version at .pnpm/<name with + for />@<version>/node_modules/<name>.
  const store = join(nodeModules, '.pnpm');
  const prefix = `${packageName.replace('/', '+')}@`;
  for (const entry of safeReaddir(store)) {
    const candidate = join(store, entry, 'node_modules', packageName);
    if (entry.startsWith(prefix) && isPackageDir(candidate)) found.push(candidate);
  }
  return found;
}

/** Folders of `packageName` copies in the CommonJS module cache. */
function loadedCopies(packageName: string): string[] {
  const marker = `${sep}node_modules${sep}${packageName.split('/').join(sep)}${sep}`;
  const found = new Set<string>();
  for (const file of Object.keys(createRequire(join(process.cwd(), 'noveum-discovery.js')).cache)) {
    const at = file.lastIndexOf(marker);
    if (at >= 0) found.add(file.slice(0, at + marker.length - 1));
  }
  return [...found];
}

/**
 * Every copy of `packageName` visible from `bases`: the one each base resolves to, private
 * copies under the dependencies of each node_modules on the way up, and loaded copies.
 * Each folder is listed once, under the first way it was found.
 */
export function findPackageCopies(packageName: string, bases: readonly string[]): PackageCopy[] {
  const copies = new Map<string, PackageCopy>();
  const add = (dir: string, source: CopySource): void => {
    const path = realpath(dir);
    if (!copies.has(path)) copies.set(path, { packageName, path, version: readVersion(path), source });
  };
  const scanned = new Set<string>();
  const nested: string[] = [];
  for (const base of bases) {
    const folders = lookupFolders(base, packageName).filter((f) => existsSync(f));
    const resolved = folders.map((f) => join(f, packageName)).find(isPackageDir);
    if (resolved !== undefined) add(resolved, 'resolved');
    for (const folder of folders) {
      if (scanned.has(folder)) continue;
      scanned.add(folder);
      nested.push(...nestedCopies(folder, packageName));
    }
  }
  for (const dir of nested) add(dir, 'nested');
  for (const dir of loadedCopies(packageName)) add(dir, 'loaded');
  return [...copies.values()];
}
