// Makes `npm test` and `npm run demo` work on a fresh clone: if node_modules is missing or older
// than package-lock.json, installs exactly the lockfile with `npm ci`, then returns.
// Uses only node built-ins, because it runs before any dependency exists.
// NOVEUM_SKIP_ENSURE_DEPS=1 turns it off (e.g. while hand-editing node_modules).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const LOCK = join(ROOT, 'package-lock.json');
// npm writes this hidden lockfile on every install; it mirrors what node_modules holds.
const INSTALLED = join(ROOT, 'node_modules', '.package-lock.json');

/** Returns why an install is needed, or undefined when node_modules matches the lockfile. */
function staleReason() {
  if (!existsSync(INSTALLED)) return 'node_modules is missing';
  if (!existsSync(LOCK)) return undefined;
  let wanted;
  let installed;
  try {
    wanted = JSON.parse(readFileSync(LOCK, 'utf8')).packages ?? {};
    installed = JSON.parse(readFileSync(INSTALLED, 'utf8')).packages ?? {};
  } catch {
    // A lockfile that does not parse is being written by a running npm; leave it alone.
    return undefined;
  }
  for (const [path, entry] of Object.entries(wanted)) {
    // '' is the root package; optional platform packages may legitimately be absent.
    if (path === '' || !path.startsWith('node_modules/') || entry.optional) continue;
    if (installed[path]?.version !== entry.version) return `${path} is not installed at ${entry.version}`;
  }
  return undefined;
}

let reason = staleReason();
if (reason !== undefined && !reason.endsWith('missing')) {
  // A concurrent `npm install` writes package-lock.json and the hidden lockfile moments apart;
  // look again before replacing node_modules under it.
  await new Promise((r) => setTimeout(r, 3000));
  reason = staleReason();
}
if (process.env.NOVEUM_SKIP_ENSURE_DEPS === '1') reason = undefined;
if (reason !== undefined) {
  console.error(`[ensure-deps] ${reason}; running npm ci (one-time, ~1 min)...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`[ensure-deps] npm ci failed (exit ${result.status ?? result.signal}); run it by hand to see why.`);
    process.exit(result.status ?? 1);
  }
}
