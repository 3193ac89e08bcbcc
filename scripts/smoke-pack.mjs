// Packs the package, installs the tarball into a scratch project outside the repo, and checks
// that `require('noveum-trace')` and `import('noveum-trace')` both work and trace a span.
// Then runs publint and attw on the same tarball (HOUSE_STYLE rule 37).
// Usage: node scripts/smoke-pack.mjs [--keep]   (run `npm run build` first)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const keep = process.argv.includes('--keep');
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

function run(cmd, args, cwd, { quiet = false } = {}) {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'pipe', 'inherit'],
  });
}

function step(title) {
  console.log(`\n--- smoke-pack: ${title}`);
}

// The same scenario from both module systems: a real assertion on an exported span,
// a sync scope staying sync, and internal paths being unreachable through the exports map.
const SCENARIO = `
  const exporter = new nt.InMemoryExporter();
  nt.init({ exporter });
  const value = nt.traceOperation('smoke-root', (span) => {
    span.setAttribute('smoke.flag', true);
    return nt.traceOperation('smoke-child', () => 42);
  });
  assert.equal(value, 42, 'a sync scope returns its value, not a promise');
  await nt.flush();
  const spans = exporter.getFinishedSpans();
  assert.deepEqual(spans.map((s) => s.name).sort(), ['smoke-child', 'smoke-root']);
  const root = spans.find((s) => s.name === 'smoke-root');
  const child = spans.find((s) => s.name === 'smoke-child');
  assert.equal(child.parentSpanId, root.spanId);
  assert.equal(child.traceId, root.traceId);
  assert.equal(root.attributes['smoke.flag'], true);
  assert.equal(root.status.code, 'ok');
  assert.equal(pkg.version, ${JSON.stringify(version)});
  assert.throws(() => resolveInternal('noveum-trace/dist/esm/internal/global.js'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
  // The middleware entries load without their frameworks installed (optional peers), and share
  // the package's client: a route handler traced through noveum-trace/next lands in the exporter.
  for (const entry of ['express', 'fastify', 'hono']) {
    assert.equal(typeof (await load('noveum-trace/' + entry)).traceRequests, 'function', entry);
  }
  const { traceRoute } = await load('noveum-trace/next');
  const POST = traceRoute(async () => new Response('routed'));
  assert.equal(await (await POST(new Request('http://localhost/api/items/7', { method: 'POST' }), { params: { id: '7' } })).text(), 'routed');
  await nt.flush();
  assert.ok(exporter.getFinishedSpans().some((s) => s.name === 'POST /api/items/[id]' && s.kind === 'server'));
  await nt.shutdown();
  console.log('ok', FORMAT, spans.length, 'spans');
`;

const CJS = `
const FORMAT = 'require';
const assert = require('node:assert/strict');
const nt = require('noveum-trace');
const pkg = require('noveum-trace/package.json');
const resolveInternal = (s) => require.resolve(s);
const load = async (s) => require(s);
(async () => {${SCENARIO}})().catch((e) => { console.error(e); process.exit(1); });
`;

const ESM = `
const FORMAT = 'import';
const assert = (await import('node:assert/strict')).default;
const nt = await import('noveum-trace');
const { createRequire } = await import('node:module');
const pkg = createRequire(process.cwd() + '/').call(null, 'noveum-trace/package.json');
const resolveInternal = (s) => import.meta.resolve(s);
const load = (s) => import(s);
${SCENARIO}
`;

if (!existsSync(join(ROOT, 'dist', 'esm', 'index.js')) || !existsSync(join(ROOT, 'dist', 'cjs', 'index.js'))) {
  console.error('smoke-pack: dist/ is missing; run `npm run build` first.');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'noveum-smoke-'));
try {
  step('npm pack');
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work, '--loglevel=error'], ROOT));
  const { filename, size, unpackedSize, files } = packed[0];
  const tarball = join(work, filename);
  console.log(`${filename}: ${files.length} files, ${size} bytes packed, ${unpackedSize} unpacked`);
  const leaked = files.map((f) => f.path).filter((p) => /^(src|test|scripts|bench|examples)\//.test(p));
  if (leaked.length > 0) throw new Error(`tarball contains non-dist sources: ${leaked.join(', ')}`);

  step('install the tarball into a scratch project');
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'smoke-consumer', private: true }));
  run(
    'npm',
    ['install', tarball, '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline', '--loglevel=error'],
    consumer
  );

  step('node -e "require(\'noveum-trace\')"');
  process.stdout.write(run(process.execPath, ['-e', CJS], consumer));
  step('node --input-type=module -e "import(\'noveum-trace\')"');
  process.stdout.write(run(process.execPath, ['--input-type=module', '-e', ESM], consumer));

  step('npx noveum-trace view --help (the viewer, the package bin)');
  const help = run('npx', ['--no-install', 'noveum-trace', 'view', '--help'], consumer);
  if (!help.includes('Usage: noveum-trace view')) throw new Error(`the noveum-trace bin printed: ${help}`);
  process.stdout.write(help);

  step('publint');
  process.stdout.write(run(join(BIN, 'publint'), ['run', tarball, '--strict'], ROOT));
  step('attw (profile node16: node10 resolution is not supported, the package needs Node 20)');
  process.stdout.write(run(join(BIN, 'attw'), [tarball, '--profile', 'node16', '--format', 'table-flipped'], ROOT));
  console.log('\nsmoke-pack: all checks passed');
} catch (err) {
  if (err.stdout) process.stdout.write(err.stdout);
  if (err.stderr) process.stderr.write(err.stderr);
  console.error(`\nsmoke-pack: FAILED: ${err.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
