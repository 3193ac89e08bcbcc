// Builds dist/esm and dist/cjs: tsc emits the declarations (and type-checks), then esbuild
// bundles each public entry into one file per format. One file instead of ~80 modules is what
// keeps a cold `import` cheap: most of an unbundled ESM import is spent resolving and linking
// modules, not running them. dist/cjs gets a package.json marking it CommonJS.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const { dependencies = {}, peerDependencies = {} } = require('../package.json');

// The public entries (the `exports` map); `register` imports `index`, so it stays one line.
// The middleware entries import the SDK through `src/index.ts`, which is left out of their
// bundles (see `shareIndex`): one copy of the SDK serves them all.
const ENTRIES = ['index', 'express', 'fastify', 'hono', 'next'];
const KEEP_AS_EMITTED = new Set(['register.js']);

rmSync('dist', { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.cjs.json']) {
  execFileSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
}

/** Removes tsc's per-module JavaScript (the bundles replace it); declarations stay for the types. */
function pruneEmittedJs(dir, top = dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      pruneEmittedJs(path, top);
      continue;
    }
    const isJs = name.endsWith('.js') || name.endsWith('.js.map');
    const keep = dir === top && (KEEP_AS_EMITTED.has(name) || KEEP_AS_EMITTED.has(name.replace(/\.map$/, '')));
    if (isJs && !keep) rmSync(path);
  }
}

const external = [...Object.keys(dependencies), ...Object.keys(peerDependencies)];
const INDEX = join(import.meta.dirname, '..', 'src', 'index.ts');

/** Makes every import of src/index.ts from another entry load the built `./index.js` next to it. */
const shareIndex = {
  name: 'share-index',
  setup(b) {
    b.onResolve({ filter: /(^|\/)index\.js$/ }, (args) => {
      if (args.kind === 'entry-point' || !args.path.startsWith('.')) return undefined;
      const target = join(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      return target === INDEX ? { path: './index.js', external: true } : undefined;
    });
  },
};
for (const [format, outdir] of [
  ['esm', 'dist/esm'],
  ['cjs', 'dist/cjs'],
]) {
  pruneEmittedJs(outdir);
  await build({
    entryPoints: ENTRIES.map((e) => `src/${e}.ts`),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format,
    external,
    plugins: [shareIndex],
    sourcemap: true,
    logLevel: 'warning',
  });
}
mkdirSync('dist/cjs', { recursive: true });
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');

// The viewer (`noveum-trace view`, the package's `bin`): its own bundle, never imported by the SDK,
// and its page built here into static files (dist/viewer/page) that the server serves as they are.
await build({
  entryPoints: ['src/viewer/cli.ts'],
  outfile: 'dist/viewer/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: true,
  logLevel: 'warning',
});
chmodSync('dist/viewer/cli.js', 0o755);
for (const [entry, outfile] of [
  ['src/viewer/page/main.ts', 'dist/viewer/page/app.js'],
  ['src/viewer/page/app.css', 'dist/viewer/page/app.css'],
]) {
  await build({ entryPoints: [entry], outfile, bundle: true, minify: true, target: 'es2020', logLevel: 'warning' });
}
copyFileSync('src/viewer/page/index.html', 'dist/viewer/page/index.html');
