/**
 * A content-addressed cache of clean TypeScript consumer compilations under test/.tmp.
 *
 * Building a tsc program (lib, @types/node, the built .d.ts, openai's types) is most of the cost
 * of a TypeScript consumer test, and on a re-run nothing it read has usually changed. A record is
 * kept only for a compilation without diagnostics, and it is reused only while the TypeScript
 * version, the compiler options, every root source and every file the program read (with the
 * package.json files that steer module resolution and format) are byte-identical; anything else
 * compiles afresh. NOVEUM_TEST_TS_CACHE=0 turns the cache off.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

interface CacheRecord {
  /** Absolute path → sha1 of its content: every file the program read, and every file it emitted. */
  readonly inputs: Readonly<Record<string, string>>;
}

const enabled = process.env['NOVEUM_TEST_TS_CACHE'] !== '0';

const sha1 = (text: string | Buffer): string => createHash('sha1').update(text).digest('hex');

/** Hex key of everything that is known before the program is built. */
export function compileKey(parts: readonly unknown[]): string {
  return sha1(JSON.stringify(parts)).slice(0, 20);
}

function hashFile(path: string): string | undefined {
  try {
    return sha1(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** True when `recordFile` describes a clean compilation whose inputs and outputs are all unchanged. */
export function isCachedCompileValid(recordFile: string): boolean {
  if (!enabled || !existsSync(recordFile)) return false;
  let record: CacheRecord;
  try {
    record = JSON.parse(readFileSync(recordFile, 'utf8')) as CacheRecord;
  } catch {
    return false;
  }
  if (!Object.entries(record.inputs).every(([path, hash]) => hashFile(path) === hash)) return false;
  // A record's age is the time since it was last used, for pruneStale.
  const now = new Date();
  utimesSync(recordFile, now, now);
  return true;
}

const STALE_MS = 7 * 24 * 3600_000;

/** Removes compilations unused for a week (scenarios that were edited since), so test/.tmp stays small. */
function pruneStale(cacheDir: string): void {
  for (const name of readdirSync(cacheDir)) {
    if (!name.endsWith('.json')) continue;
    const record = join(cacheDir, name);
    if (Date.now() - statSync(record).mtimeMs < STALE_MS) continue;
    rmSync(record, { force: true });
    rmSync(record.slice(0, -'.json'.length), { recursive: true, force: true });
  }
}

const packageJsonOf = new Map<string, string | undefined>();

/** The package.json nearest to `file`: it decides whether a .js/.d.ts is ESM or CommonJS. */
function nearestPackageJson(file: string): string | undefined {
  const dir = dirname(file);
  if (packageJsonOf.has(dir)) return packageJsonOf.get(dir);
  const own = join(dir, 'package.json');
  const found = existsSync(own) ? own : dir === dirname(dir) ? undefined : nearestPackageJson(dir);
  packageJsonOf.set(dir, found);
  return found;
}

/**
 * Records a clean compilation: `readFiles` are the program's source files (roots included),
 * `extraInputs` the files it emitted and those that steer resolution without being read as
 * source (the root package.json).
 */
export function writeCompileRecord(
  recordFile: string,
  readFiles: readonly string[],
  extraInputs: readonly string[]
): void {
  if (!enabled) return;
  const paths = new Set([...readFiles, ...extraInputs]);
  for (const file of readFiles) {
    const pkg = nearestPackageJson(file);
    if (pkg !== undefined) paths.add(pkg);
  }
  const inputs: Record<string, string> = {};
  for (const path of paths) {
    const hash = hashFile(path);
    // A file tsc knows only in memory (the lib's default files are on disk, so this is rare) cannot be checked.
    if (hash === undefined) return;
    inputs[path] = hash;
  }
  mkdirSync(dirname(recordFile), { recursive: true });
  // Written then renamed, so a concurrent reader sees no record or a whole one.
  const partial = `${recordFile}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify({ inputs } satisfies CacheRecord));
  renameSync(partial, recordFile);
  pruneStale(dirname(recordFile));
}
