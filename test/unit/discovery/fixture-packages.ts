/**
 * Tiny package folders in a temp directory, laid out as npm (and pnpm) would: only a
 * package.json (and an entry file where a test loads the package).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FixtureApp {
  /** The app folder (it has node_modules/). */
  readonly dir: string;
  /** Writes `<node_modules path>/package.json` (plus an index.js) under the app; returns its folder. */
  addPackage(at: string, manifest: Record<string, unknown>, files?: Record<string, string>): string;
  remove(): void;
}

export function createFixtureApp(): FixtureApp {
  const root = mkdtempSync(join(tmpdir(), 'noveum-discovery-'));
  const dir = join(root, 'app');
  mkdirSync(dir, { recursive: true });
  return {
    dir,
    addPackage(at, manifest, files = { 'index.js': 'module.exports = { loaded: true };\n' }) {
      const pkgDir = join(dir, at);
      mkdirSync(pkgDir, { recursive: true });
      writeFileSync(join(pkgDir, 'package.json'), JSON.stringify(manifest));
      for (const [name, text] of Object.entries(files)) writeFileSync(join(pkgDir, name), text);
      return pkgDir;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
