// Workload 5: cold start. Run once per fresh process by the runner:
// `node startup/import-time.mjs <target>`; prints one JSON line.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const DIST_ESM = new URL('../../dist/esm/index.js', import.meta.url).href;
const DIST_CJS = new URL('../../dist/cjs/index.js', import.meta.url).pathname;

const TARGETS = {
  'noveum-esm': async () => import(DIST_ESM),
  'noveum-cjs': async () => require(DIST_CJS),
  otel: async () => Promise.all([import('@opentelemetry/api'), import('@opentelemetry/sdk-trace-base')]),
  langsmith: async () =>
    Promise.all([import('langsmith'), import('langsmith/traceable'), import('langsmith/wrappers')]),
  langfuse: async () =>
    Promise.all([import('@langfuse/tracing'), import('@langfuse/otel'), import('@langfuse/openai')]),
  braintrust: async () => import('braintrust'),
};

const target = process.argv[2];
const t0 = performance.now();
const mod = await TARGETS[target]();
const importMs = performance.now() - t0;
let initMs;
if (target.startsWith('noveum')) {
  const t1 = performance.now();
  mod.init({ project: 'bench', exporter: 'none', debug: 'error', export: { flushOnExit: false } });
  initMs = performance.now() - t1;
}
process.stdout.write(`${JSON.stringify({ importMs, initMs })}\n`);
process.exit(0);
