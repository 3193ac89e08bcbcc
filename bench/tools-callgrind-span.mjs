// Instruction-count driver for the micro suite's `flat` span (not part of the run): start a span,
// set the six SPAN_ATTRIBUTES one by one, end it, with a no-op exporter. Warm-up spans go in
// flushed rounds through the whole path (export included); then the counters are dumped (and
// reset), `measured` spans run, and they are dumped again, so the last dump counts the measured
// spans only: instructions per span = the last dump's total / measured.
//   valgrind --tool=callgrind node --single-threaded bench/tools-callgrind-span.mjs \
//     [warm=50000] [measured=20000] [mode=queue|flush|drop] [sampling=1] [dist=../dist]
// Modes: `queue` (default) measures the caller's path alone: the queue is large enough that
// every measured trace is accepted, none exported until after the dump. `flush` flushes every
// 1,000 spans inside the measured part, so each span also pays its export (to the no-op
// exporter). `drop`: the queue is full, so every measured trace takes the drop path (what the
// micro suite's long synchronous rounds mostly measure once 2,048 traces are queued).
// `PEER=otel` counts a peer's `flat` (its adapter in sdks/, its default queue; drop mode only).
// Outside valgrind it prints ns per span of the measured part (one run, a rough figure).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { SPAN_ATTRIBUTES } from './lib/fixtures.mjs';
import { NOOP_EXPORTER } from './lib/driver.mjs';

const require = createRequire(import.meta.url);
const [warmArg = '50000', measuredArg = '20000', mode = 'queue', samplingArg = '1', dist = '../dist'] =
  process.argv.slice(2);
const measured = Number(measuredArg);
// PEER=otel (or another adapter in sdks/) runs that adapter's `flat` instead, drop mode only:
// the peer's default queue, as in the micro suite.
const PEER = process.env.PEER;
if (PEER !== undefined && mode !== 'drop') throw new Error('PEER runs in drop mode only');
const sdk =
  PEER === undefined
    ? await initNoveum()
    : await import(`./sdks/${PEER}.mjs`).then((m) => m.create({ sampling: Number(samplingArg) }));
const flat = PEER === undefined ? noveumFlat : sdk.flat;

async function initNoveum() {
  const nv = require(`${dist.startsWith('/') ? dist : new URL(dist, import.meta.url).pathname}/cjs/index.js`);
  const noop = NOOP_EXPORTER;
  nv.init({
    project: 'bench',
    debug: 'error',
    samplingRate: Number(samplingArg),
    exporter: noop,
    export: { flushOnExit: false, ...(mode === 'queue' ? { maxQueueSize: measured + 1000 } : {}) },
  });
  return nv;
}

function noveumFlat() {
  const s = sdk.startSpan('op');
  for (let a = 0; a < SPAN_ATTRIBUTES.length; a++) s.setAttribute(SPAN_ATTRIBUTES[a][0], SPAN_ATTRIBUTES[a][1]);
  s.end();
}

async function rounds(n, flushEvery) {
  for (let i = 0; i < n; i++) {
    flat();
    if (flushEvery > 0 && i % flushEvery === flushEvery - 1) await sdk.flush(120_000);
  }
}

// Drop mode: the queue (2,048 traces by default) is filled first and the warm-up spans are refused
// too, so the JIT has seen the drop path before the measured part (it would deoptimise there).
if (mode === 'drop') await rounds(4096, 0);
await rounds(Number(warmArg), mode === 'drop' ? 0 : 1000);
if (mode !== 'drop') await sdk.flush(120_000);
const counts = () => (PEER === undefined ? sdk.getDiagnostics() : { droppedSpans: NaN, exportedSpans: NaN });
const before = counts();
// Dumps and zeroes callgrind's counters (outside valgrind there is no such process: ignored).
spawnSync('callgrind_control', ['--dump=warm-up', String(process.pid)], { stdio: 'ignore' });
const t0 = performance.now();
await rounds(measured, mode === 'flush' ? 1000 : 0);
const t1 = performance.now();
spawnSync('callgrind_control', ['--dump=measured', String(process.pid)], { stdio: 'ignore' });
await sdk.flush(120_000);
const after = counts();
const dropped = after.droppedSpans - before.droppedSpans;
const exported = after.exportedSpans - before.exportedSpans;
process.stderr.write(
  `${PEER ?? 'noveum'} ${mode}: ${measured} spans, ${(((t1 - t0) * 1e6) / measured).toFixed(0)} ns/span; exported ${exported}, dropped ${dropped}\n`
);
process.exit(0);
