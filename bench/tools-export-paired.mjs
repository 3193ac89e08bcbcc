// Export cost in context (not part of the run): one process, flushed rounds of 25 traced 1 KB
// `openai` calls, the batch's destination switched per round, rounds of each kind interleaved
// (ABBA order), CPU (all threads) per call per round. Kinds:
//   noveum  the calls, exported by a NoveumExporter to the sink (what `exporter: 'noveum'` builds)
//   noop    the calls, handed to a no-op exporter
//   export  no calls: `export()` of a round's traces kept earlier (tools-export's `export` part,
//           but run between call rounds, with what they leave in the caches)
//   post    the calls, a no-op exporter, then one empty POST to the sink (a wait on I/O, no body)
// The same pipeline (batch processor, redaction with the API key masked, flush) serves every
// kind, so noveum - noop is the export alone, measured where it runs in an app; a per-pair
// noveum - noop - export near 0 says the pipeline adds nothing around `export()`. Separate
// processes (tools-export's calls-noveum vs calls-noop) also differ by their JIT and GC history.
// `SINK_URL=<sink of node bench/servers/main.mjs> node bench/tools-export-paired.mjs [pairs] [kinds]`
// (kinds: comma-separated, default noveum,noop,export,post; NOVEUM_BENCH_DIST: another build).
import { createRequire } from 'node:module';
import { CLIENT_FIXTURES } from './lib/fixtures.mjs';
import { driverClient, NOOP_EXPORTER } from './lib/driver.mjs';

const require = createRequire(import.meta.url);
const http = require('node:http');
const [pairsArg = '200', kindsArg = 'noveum,noop,export,post'] = process.argv.slice(2);
const dist = process.env.NOVEUM_BENCH_DIST ?? new URL('../dist', import.meta.url).pathname;
const sdk = require(`${dist}/cjs/index.js`);
const sinkUrl = process.env.SINK_URL;
if (sinkUrl === undefined) throw new Error('SINK_URL: start `node bench/servers/main.mjs` and pass its sinkUrl');
const CALLS = 25;
const WARM = 60;
const kinds = kindsArg.split(',');

const noveum = new sdk.NoveumExporter({
  apiKey: 'bench-key',
  endpoint: `${sinkUrl}/api`,
  resource: { project: 'bench', environment: 'bench', sdkName: 'noveum-trace', sdkVersion: '0' },
});

/** One POST of an empty batch, response read: the wait on the sink without a body to encode. */
function emptyPost() {
  return new Promise((resolve, reject) => {
    const headers = { 'Content-Type': 'application/json', Authorization: 'Bearer bench-key' };
    const req = http.request(`${sinkUrl}/api/v1/traces`, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end('{"traces":[]}');
  });
}

let kind = 'noop';
const kept = [];
const router = {
  ...NOOP_EXPORTER,
  export: async (traces) => {
    if (kept.length < 4) kept.push(traces);
    if (kind === 'noveum') return noveum.export(traces);
    if (kind === 'post') await emptyPost();
    return { code: 'success' };
  },
};
// The API key makes the redactor mask it in every trace, as with `exporter: 'noveum'`.
sdk.init({ project: 'bench', debug: 'error', apiKey: 'bench-key', export: { flushOnExit: false }, exporter: router });
sdk.instrument({ openai: require('openai') });
const client = driverClient(require);
const fixture = CLIENT_FIXTURES.find((x) => x.key === '1k');
// The exporter unrefs its sockets: something must keep the process up between rounds.
setInterval(() => {}, 1 << 30);

async function round(k, i) {
  kind = k;
  if (k === 'export') {
    const r = await noveum.export(kept[i % kept.length]);
    if (r.code !== 'success') throw r.error ?? new Error('export failed');
    return;
  }
  for (let c = 0; c < CALLS; c++) await client.chat.completions.create(fixture.request);
  await sdk.flush(10_000);
}

async function sinkRequests() {
  const res = await fetch(`${sinkUrl}/__stats`);
  return (await res.json()).requests;
}

// The first rounds fill `kept`; an `export` round needs them.
const warmKinds = kinds.every((k) => k === 'export') ? ['noop', ...kinds] : kinds;
for (let i = 0; i < WARM; i++) for (const k of warmKinds) await round(k, i);
const cpu = Object.fromEntries(kinds.map((k) => [k, []]));
const requestsBefore = await sinkRequests();
const pairs = Number(pairsArg);
for (let p = 0; p < pairs; p++) {
  for (const k of p % 2 === 0 ? kinds : [...kinds].reverse()) {
    const t0 = process.cpuUsage();
    await round(k, p);
    const u = process.cpuUsage(t0);
    cpu[k].push((u.user + u.system) / CALLS);
  }
}
const requests = (await sinkRequests()) - requestsBefore;

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
const fixed = (x) => +x.toFixed(1);
const d = sdk.getDiagnostics();
const expected = pairs * kinds.filter((k) => k !== 'noop').length;
const out = { pairs, dropped: d.droppedSpans, failedExports: d.failedExports, sinkRequests: requests, expected };
for (const k of kinds) out[k] = { median: fixed(median(cpu[k])), mean: fixed(mean(cpu[k])) };
const diff = (a, b) => cpu[a].map((x, i) => x - cpu[b][i]);
if (cpu.noveum && cpu.noop) {
  const n = diff('noveum', 'noop');
  out['noveum-noop'] = { median: fixed(median(n)), mean: fixed(mean(n)) };
  if (cpu.export) {
    const gap = n.map((x, i) => x - cpu.export[i]);
    out['noveum-noop-export'] = { median: fixed(median(gap)), mean: fixed(mean(gap)) };
  }
}
if (cpu.post && cpu.noop) {
  const t = diff('post', 'noop');
  out['post-noop'] = { median: fixed(median(t)), mean: fixed(mean(t)) };
}
console.log(JSON.stringify(out));
if (d.droppedSpans > 0 || d.failedExports > 0 || requests !== expected) {
  console.error('invalid: spans were dropped, an export failed, or the sink missed requests');
  process.exitCode = 1;
}
process.exit();
