import { readFileSync } from 'node:fs';

// Peers are installed in bench/; packages the SDK's own tests use (ai, @ai-sdk/openai) at the root.
const MODULE_DIRS = [new URL('../node_modules/', import.meta.url), new URL('../../node_modules/', import.meta.url)];

/** A package's installed version, read from disk (some exports maps hide package.json). */
export function pkgVersion(name) {
  for (const dir of MODULE_DIRS) {
    try {
      return JSON.parse(readFileSync(new URL(`${name}/package.json`, dir), 'utf8')).version;
    } catch {
      // Not installed there: try the next folder.
    }
  }
  return 'unknown';
}
