// Profiling driver (not part of the run): bytes promoted to the old generation per instrumented
// `openai` call, from V8's own GC log. Rounds of calls, each round flushed; only the GCs between
// the warm-up and the end count.
//   node --expose-gc --trace-gc-nvp bench/tools-promotion.mjs <mode> [1k|100k] [rounds] | node bench/tools-promotion.mjs --sum
// mode: off (untraced) | noveum (export to an in-process sink) | noop (no-op exporter, with the
// pipeline's redaction) | raw (a BatchProcessor with a no-op exporter: no redaction, no encoding,
// captured values never read) | raw-nocapture | raw-inputs (outputs not captured).
// CALLS=<n> calls per round; WARM=<rounds>; MINOR_GC=1 forces two scavenges after each round's
// flush (with --expose-gc): whatever is promoted then outlived its export.
// NOVEUM_BENCH_DIST=<copy of an old dist> measures another build. --sum also splits the GC work per
// call between the calls and the rounds' flushes: main-thread pauses (gcUsPerCall, wall time, so
// noisy on a busy machine) and bytes the scavenges copied (scavengedKbPerCall, load-independent).
// CALLS=100 matches the default batch size (100 traces): captures then wait as long as in an app.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

if (process.argv[2] === '--sum') {
  let on = false;
  let flushing = false;
  let promoted = 0;
  let scavenges = 0;
  let full = 0;
  // Main-thread GC pauses (ms), during the calls and during each round's flush (the export).
  const pause = { calls: 0, flush: 0 };
  // Bytes the scavenges copied (kept in the young generation or promoted): GC work, whatever the load.
  const copied = { calls: 0, flush: 0 };
  let result;
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'MARK-START' || line === 'MARK-END') on = line === 'MARK-START';
    else if (line === 'FLUSH-START' || line === 'FLUSH-END') flushing = line === 'FLUSH-START';
    else if (line.startsWith('{')) result = JSON.parse(line);
    else if (on && / gc=(\w+)/.test(line)) {
      promoted += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0);
      const where = flushing ? 'flush' : 'calls';
      pause[where] += Number(/ pause=([\d.]+)/.exec(line)?.[1] ?? 0);
      if (/ gc=s /.test(line)) {
        scavenges++;
        copied[where] += Number(/ new_space_survived=(\d+)/.exec(line)?.[1] ?? 0);
        copied[where] += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0);
      } else full++;
    }
  }
  const perCall = (x) => Math.round((x / result.calls) * 10) / 10;
  console.log(
    JSON.stringify({
      ...result,
      promotedKbPerCall: perCall(promoted / 1024),
      gcUsPerCall: { calls: perCall(pause.calls * 1000), flush: perCall(pause.flush * 1000) },
      scavengedKbPerCall: { calls: perCall(copied.calls / 1024), flush: perCall(copied.flush / 1024) },
      scavenges,
      fullGcs: full,
    })
  );
  process.exit(0);
}

const { CLIENT_FIXTURES } = await import('./lib/fixtures.mjs');
const { driverClient, NOOP_EXPORTER } = await import('./lib/driver.mjs');
const { startSinkServer } = await import('./servers/sink-server.mjs');
const require = createRequire(import.meta.url);
const [mode = 'noveum', key = '100k', roundsArg = '300'] = process.argv.slice(2);
const sink = await startSinkServer();
const sdk = require(
  process.env.NOVEUM_BENCH_DIST ? `${process.env.NOVEUM_BENCH_DIST}/cjs/index.js` : '../dist/cjs/index.js'
);
const noop = NOOP_EXPORTER;
const base = { project: 'bench', debug: 'error', export: { flushOnExit: false } };
const raw = { ...base, exporter: 'none', processors: [new sdk.BatchProcessor(noop)] };
const configs = {
  noveum: { ...base, exporter: 'noveum', apiKey: 'bench-key', endpoint: `${sink.url}/api` },
  noop: { ...base, exporter: noop },
  raw,
  'raw-nocapture': { ...raw, capture: { inputs: false, outputs: false } },
  'raw-inputs': { ...raw, capture: { outputs: false } },
};
if (mode !== 'off') {
  sdk.init(configs[mode]);
  sdk.instrument({ openai: require('openai') });
}
const client = driverClient(require);
const request = CLIENT_FIXTURES.find((x) => x.key === key).request;
const calls = Number(process.env.CALLS ?? (key === '1k' ? 25 : 8));

async function rounds(n) {
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < calls; i++) await client.chat.completions.create(request);
    if (marks) console.log('FLUSH-START');
    await sdk.flush(10_000);
    if (marks) console.log('FLUSH-END');
    if (process.env.MINOR_GC) {
      await new Promise((resolve) => setImmediate(resolve));
      globalThis.gc({ type: 'minor' });
      globalThis.gc({ type: 'minor' });
    }
  }
}

let marks = false;
await rounds(Number(process.env.WARM ?? 50));
marks = true;
console.log('MARK-START');
const t0 = process.cpuUsage();
await rounds(Number(roundsArg));
const u = process.cpuUsage(t0);
console.log('MARK-END');
const n = Number(roundsArg) * calls;
const d = mode === 'off' ? {} : sdk.getDiagnostics();
console.log(
  JSON.stringify({
    mode,
    key,
    calls: n,
    cpuUsPerCall: Math.round((u.user + u.system) / n),
    exported: d.exportedTraces,
    dropped: d.droppedSpans,
    sinkBytesPerCall: Math.round(sink.stats.bytes / n),
  })
);
process.exit(0);
