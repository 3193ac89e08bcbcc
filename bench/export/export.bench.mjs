// Workload 4: our exporters end to end. Spans per second and bytes per span through the
// Noveum and OTLP exporters to the local sink, and the peak heap while the receiver is down.
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { SPAN_ATTRIBUTES } from '../lib/fixtures.mjs';

const require = createRequire(import.meta.url);
const DIST = new URL('../../dist/cjs/index.js', import.meta.url).pathname;
const SPANS_PER_TRACE = 3;

async function sinkStats(sinkUrl, path) {
  const res = await fetch(`${sinkUrl}/${path}`);
  return res.json();
}

function produceTrace(sdk, i) {
  const root = sdk.startSpan('request', { root: true });
  for (let a = 0; a < SPAN_ATTRIBUTES.length; a++) root.setAttribute(SPAN_ATTRIBUTES[a][0], SPAN_ATTRIBUTES[a][1]);
  root.setAttribute('request.index', i);
  for (let c = 0; c < SPANS_PER_TRACE - 1; c++) {
    const child = sdk.startSpan('step', { parent: root });
    for (let a = 0; a < SPAN_ATTRIBUTES.length; a++) child.setAttribute(SPAN_ATTRIBUTES[a][0], SPAN_ATTRIBUTES[a][1]);
    child.end();
  }
  root.end();
}

const yieldNow = () => new Promise((resolve) => setImmediate(resolve));

/** Spans/s and bytes/span through one exporter choice to the sink. */
async function throughput(sdk, sinkUrl, mode, traces) {
  const options =
    mode === 'otlp'
      ? { exporter: 'otlp', otlp: { endpoint: sinkUrl } }
      : { exporter: 'noveum', apiKey: 'bench-key', endpoint: `${sinkUrl}/api` };
  sdk.init({ project: 'bench', debug: 'error', export: { flushOnExit: false }, ...options });
  await sinkStats(sinkUrl, '__reset');
  const t0 = performance.now();
  for (let i = 0; i < traces; i++) {
    produceTrace(sdk, i);
    if (i % 500 === 499) await yieldNow(); // let the batch processor run, as a real app would
  }
  await sdk.flush(60_000);
  const seconds = (performance.now() - t0) / 1000;
  const stats = await sinkStats(sinkUrl, '__stats');
  await sdk.shutdown(10_000);
  const spans = traces * SPANS_PER_TRACE;
  return { spans, spansPerSec: spans / seconds, bytesPerSpan: stats.bytes / spans, requests: stats.requests };
}

function closedPort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Peak heap while producing `spans` single-span traces with the receiver down. */
async function heapWithReceiverDown(sdk, spans) {
  const port = await closedPort();
  sdk.init({
    project: 'bench',
    debug: 'error',
    exporter: 'noveum',
    apiKey: 'bench-key',
    endpoint: `http://127.0.0.1:${port}/api`,
    export: { flushOnExit: false, maxRetries: 1, timeoutMs: 1000 },
  });
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  for (let i = 0; i < spans; i++) {
    const s = sdk.startSpan('request', { root: true });
    for (let a = 0; a < SPAN_ATTRIBUTES.length; a++) s.setAttribute(SPAN_ATTRIBUTES[a][0], SPAN_ATTRIBUTES[a][1]);
    s.end();
    if (i % 1000 === 999) {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      await yieldNow();
    }
  }
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const dropped = sdk.getDiagnostics().droppedSpans;
  await sdk.shutdown(2_000);
  return { spans, heapBeforeMb: before / 2 ** 20, peakHeapMb: peak / 2 ** 20, droppedSpans: dropped };
}

export async function runExportSuite({ sinkUrl, traces, downSpans }) {
  const sdk = require(DIST);
  return {
    noveum: await throughput(sdk, sinkUrl, 'noveum', traces),
    otlp: await throughput(sdk, sinkUrl, 'otlp', traces),
    receiverDown: await heapWithReceiverDown(sdk, downSpans),
    version: `noveum-trace ${require('../../package.json').version} (dist)`,
  };
}
