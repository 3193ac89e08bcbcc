import { readFileSync } from 'node:fs';

const BENCH_MODULES = new URL('../node_modules/', import.meta.url);

/** A package's installed version, read from disk (some exports maps hide package.json). */
export function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(new URL(`${name}/package.json`, BENCH_MODULES), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}
