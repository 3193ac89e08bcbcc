// Export-cost driver (not part of the run): one part of the export of flushed rounds of 25 traced
// 1 KB `openai` calls, repeated, CPU per round printed. Under callgrind the counters are dumped
// (and reset) between warm-up and measured rounds, so the last dump counts the measured rounds only.
// `SINK_URL=<sink of node bench/servers/main.mjs> node bench/tools-export.mjs <part> [warm] [measured] [1k|100k]`
// (`valgrind --tool=callgrind node --single-threaded bench/tools-export.mjs ...` for instructions)
// Parts, each per round of CALLS (25) traces:
//   encode   the Noveum exporter's encoder alone (traces to body Buffers)
//   request  one POST of an encoded round's body to the sink (the exporter's delivery step)
//   export   the Noveum exporter's export() (encode + request + retry bookkeeping)
//   batch    the batch processor with a no-op exporter (queue, ledger, timers, flush)
//   calls-noveum | calls-noop   the whole thing: instrumented calls, flushed to the sink / a no-op
// NOVEUM_BENCH_DIST=<copy of an older dist/> measures another build; PROFILE=out.cpuprofile profiles
// the measured rounds only.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { CLIENT_FIXTURES } from './lib/fixtures.mjs';
import { driverClient, NOOP_EXPORTER } from './lib/driver.mjs';

const require = createRequire(import.meta.url);
const [part = 'export', warmArg = '200', measuredArg = '200', key = '1k'] = process.argv.slice(2);
const dist = process.env.NOVEUM_BENCH_DIST ?? new URL('../dist', import.meta.url).pathname;
const sdk = require(`${dist}/cjs/index.js`);
const sinkUrl = process.env.SINK_URL;
if (sinkUrl === undefined && part !== 'encode' && part !== 'batch' && part !== 'calls-noop')
  throw new Error('SINK_URL: start `node bench/servers/main.mjs` and pass its sinkUrl');
const calls = Number(process.env.CALLS ?? (key === '1k' ? 25 : 8));

const kept = [];
const keeper = {
  export: async (traces) => (kept.length < calls * 4 && kept.push(...traces), { code: 'success' }),
  shutdown: async () => {},
  forceFlush: async () => {},
};
const noop = NOOP_EXPORTER;
const calling = part.startsWith('calls-');
sdk.init({
  project: 'bench',
  debug: 'error',
  export: { flushOnExit: false },
  ...(part === 'calls-noveum'
    ? { exporter: 'noveum', apiKey: 'bench-key', endpoint: `${sinkUrl}/api` }
    : { exporter: calling ? noop : keeper }),
});
sdk.instrument({ openai: require('openai') });
const client = driverClient(require);
const fixture = CLIENT_FIXTURES.find((x) => x.key === key);

async function tracedRound() {
  for (let i = 0; i < calls; i++) await client.chat.completions.create(fixture.request);
  await sdk.flush(10_000);
}
// Real traces (redacted as the pipeline does), kept once and replayed by the parts that need them.
if (!calling) while (kept.length < calls * 4) await tracedRound();
const batches = [0, 1, 2, 3].map((i) => kept.slice(i * calls, (i + 1) * calls));

const exporter = new sdk.NoveumExporter({
  apiKey: 'bench-key',
  endpoint: `${sinkUrl ?? 'http://127.0.0.1:9'}/api`,
  resource: {
    project: 'bench',
    environment: 'bench',
    serviceVersion: undefined,
    sdkName: 'noveum-trace',
    sdkVersion: '0',
  },
});
const body = await exporter._encode(batches[0]);
const processor = new sdk.BatchProcessor(noop, { batchSize: 100, flushIntervalMs: 5000 });

// The exporter unrefs its sockets: something must keep the process up between rounds.
setInterval(() => {}, 1 << 30);
let exported = 0;
const parts = {
  encode: (i) => exporter._encode(batches[i % 4]),
  request: async () => {
    // The exporter's delivery step (headers, node:http, response, retry bookkeeping), no retries.
    const outcome = await exporter._deliver(body, exporter._oneAttempt ?? 0);
    if (outcome.kind !== 'ok') throw new Error(`sink: ${outcome.kind}`);
  },
  export: async (i) => {
    const r = await exporter.export(batches[i % 4]);
    if (r.code !== 'success') throw r.error;
    exported += batches[i % 4].length;
  },
  batch: async (i) => {
    for (const t of batches[i % 4]) processor.onTraceEnd(t);
    await processor.forceFlush(10_000);
  },
  'calls-noveum': tracedRound,
  'calls-noop': tracedRound,
};
const step = parts[part];
if (step === undefined) throw new Error(`unknown part ${part}`);

async function rounds(n) {
  for (let i = 0; i < n; i++) await step(i);
}
await rounds(Number(warmArg));
spawnSync('callgrind_control', ['--dump=warm-up', String(process.pid)], { stdio: 'ignore' });
const session = process.env.PROFILE ? new Session() : undefined;
if (session !== undefined) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
}
const t0 = process.cpuUsage();
const measured = Number(measuredArg);
await rounds(measured);
const u = process.cpuUsage(t0);
if (session !== undefined)
  writeFileSync(process.env.PROFILE, JSON.stringify((await session.post('Profiler.stop')).profile));
spawnSync('callgrind_control', ['--dump=measured', String(process.pid)], { stdio: 'ignore' });
const d = sdk.getDiagnostics();
const usPerRound = (u.user + u.system) / measured;
console.log(
  JSON.stringify({
    part,
    key,
    rounds: measured,
    cpuUsPerRound: Math.round(usPerRound),
    cpuUsPerCall: +(usPerRound / calls).toFixed(1),
    bodyBytes: body.reduce((n, b) => n + b.length, 0),
    exported: part === 'export' ? exported : d.exportedTraces,
    dropped: d.droppedSpans,
  })
);
process.exit(0);
