// Profiling driver (not part of the run): rounds of instrumented `openai` calls, each round
// flushed to the sink. `node --cpu-prof bench/tools-profile.mjs 1k|100k [rounds] [noveum|noop]`;
// EXPORT_OPTIONS='{"compressAboveBytes":0}' adds export options.
import { createRequire } from 'node:module';
import { CLIENT_FIXTURES } from './lib/fixtures.mjs';
import { driverClient, NOOP_EXPORTER } from './lib/driver.mjs';
import { startSinkServer } from './servers/sink-server.mjs';
const require = createRequire(import.meta.url);
const [key = '1k', roundsArg = '200', mode = 'noveum'] = process.argv.slice(2);
// SINK_URL: a sink in another process (`node bench/servers/main.mjs`), so its work is not counted here.
const sink = process.env.SINK_URL
  ? { url: process.env.SINK_URL, stats: { bytes: 0, requests: 0 } }
  : await startSinkServer();
// NOVEUM_BENCH_DIST: another build (a copy of an older dist/) for before/after counts.
const sdk = require(
  process.env.NOVEUM_BENCH_DIST ? `${process.env.NOVEUM_BENCH_DIST}/cjs/index.js` : '../dist/cjs/index.js'
);
const extra = JSON.parse(process.env.EXPORT_OPTIONS ?? '{}');
const initExtra = JSON.parse(process.env.INIT_OPTIONS ?? '{}');
const noop = NOOP_EXPORTER;
if (mode !== 'off')
  sdk.init({
    project: 'bench',
    debug: 'error',
    ...initExtra,
    export: { flushOnExit: false, ...extra },
    ...(mode === 'noop'
      ? { exporter: noop }
      : { exporter: 'noveum', apiKey: 'bench-key', endpoint: `${sink.url}/api` }),
  });
if (mode !== 'off') sdk.instrument({ openai: require('openai') });
const client = driverClient(require);
const f = CLIENT_FIXTURES.find((x) => x.key === key);
const calls = Number(process.env.CALLS ?? (key === '1k' ? 25 : 8));
const rounds = Number(roundsArg);
const t0 = process.cpuUsage();
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < calls; i++) await client.chat.completions.create(f.request);
  await sdk.flush(10_000);
}
const u = process.cpuUsage(t0);
const { readdirSync, readFileSync } = await import('node:fs');
const threads = {};
for (const tid of readdirSync('/proc/self/task')) {
  const comm =
    tid === String(process.pid) ? 'main' : readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() + '-other';
  const ns = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  threads[comm] = Math.round((threads[comm] ?? 0) + ns / 1000 / (rounds * (key === '1k' ? 25 : 8)));
}
if (process.env.THREADS) console.log('µs per call by thread (whole process, setup included)', JSON.stringify(threads));
const d = sdk.getDiagnostics();
const n = rounds * calls;
console.log(
  JSON.stringify({
    key,
    mode,
    extra,
    calls: n,
    cpuUsPerCall: Math.round((u.user + u.system) / n),
    exported: d.exportedTraces,
    dropped: d.droppedSpans,
    sinkBytesPerCall: Math.round(sink.stats.bytes / n),
    requests: sink.stats.requests,
  })
);
await sdk.shutdown();
process.exit(0);
