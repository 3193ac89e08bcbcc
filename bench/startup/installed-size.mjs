// Workload 5 (size): our npm pack size, and the installed size of each SDK with its runtime
// dependency closure (what `npm install <sdk>` adds to node_modules), measured from disk.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Bytes of files under `dir`, not descending into nested node_modules. */
function dirBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

/** Finds `name` the way Node does: the nearest node_modules/<name> walking up from `fromDir`. */
function findPackage(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The runtime dependency closure of the given package dirs: { packages, bytes }. */
function closure(dirs) {
  const seen = new Set();
  const queue = [...dirs];
  let bytes = 0;
  while (queue.length > 0) {
    const dir = queue.pop();
    if (seen.has(dir)) continue;
    seen.add(dir);
    bytes += dirBytes(dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      const found = findPackage(dep, dir);
      if (found !== undefined) queue.push(found);
    }
  }
  return { packages: seen.size, bytes };
}

function depsOf(rootDir) {
  const pkg = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8'));
  return Object.keys(pkg.dependencies ?? {})
    .map((d) => findPackage(d, rootDir))
    .filter((d) => d !== undefined);
}

const PEERS = {
  'OpenTelemetry SDK': ['@opentelemetry/api', '@opentelemetry/sdk-trace-base', '@opentelemetry/instrumentation-openai'],
  LangSmith: ['langsmith'],
  Langfuse: [
    '@langfuse/tracing',
    '@langfuse/otel',
    '@langfuse/openai',
    '@opentelemetry/sdk-trace-node',
    '@opentelemetry/exporter-trace-otlp-http',
  ],
  Braintrust: ['braintrust', 'zod'],
};

export async function measureInstalledSize(rootDir, benchDir) {
  const out = {};
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const [pack] = JSON.parse(
      execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: rootDir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
    );
    const deps = closure(depsOf(rootDir));
    out['noveum-trace'] = {
      packBytes: pack.size,
      unpackedBytes: pack.unpackedSize,
      files: pack.entryCount,
      installedBytes: pack.unpackedSize + deps.bytes,
      packages: deps.packages + 1,
    };
  } catch (error) {
    out['noveum-trace'] = { error: String(error).slice(0, 300) };
  }
  for (const [peer, names] of Object.entries(PEERS)) {
    const dirs = names.map((n) => findPackage(n, benchDir)).filter((d) => d !== undefined);
    out[peer] =
      dirs.length === names.length
        ? { ...closure(dirs), installedBytes: closure(dirs).bytes }
        : { error: 'not installed' };
  }
  return out;
}
