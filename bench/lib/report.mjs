// Renders docs/benchmarks.md from the runner's results. Everything in the page is generated.
import { cpus } from 'node:os';
import { LIMITS } from './limits.mjs';

const LABELS = {
  untraced: 'untraced',
  noveum: '**noveum-trace**',
  'noveum-noop': '**noveum-trace** (no-op exporter)',
  otel: 'OpenTelemetry SDK (+ contrib instrumentation-openai, no-op exporter)',
  openinference: 'OpenTelemetry SDK (+ OpenInference instrumentation, no-op exporter)',
  langsmith: 'LangSmith',
  langfuse: 'Langfuse',
  braintrust: 'Braintrust',
};
const PEERS = ['otel', 'openinference', 'langsmith', 'langfuse', 'braintrust'];

const num = (v, d = 2) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');
const ratio = (v, base) =>
  typeof v === 'number' && typeof base === 'number' && base > 0 ? `${(v / base).toFixed(2)}×` : '–';
const ok = (r) => r !== undefined && r !== null && !r.error && !r.skipped;
const mb = (b) => (typeof b === 'number' ? (b / 2 ** 20).toFixed(2) : '–');

function added(client, sdk, key) {
  const a = client[sdk]?.[key]?.medianUs;
  const b = client.untraced?.[key]?.medianUs;
  return typeof a === 'number' && typeof b === 'number' ? a - b : undefined;
}

/** µs added per call over untraced with the in-process transport (workload 2b). */
function addedInProcess(client, sdk, key) {
  const a = client[sdk]?.inproc?.[key]?.medianUs;
  const b = client.untraced?.inproc?.[key]?.medianUs;
  return typeof a === 'number' && typeof b === 'number' ? a - b : undefined;
}

function budget(r) {
  const c = r.client ?? {};
  const nv = (k) => added(c, 'noveum', k);
  const ip = (k) => addedInProcess(c, 'noveum', k);
  const peerAdded = PEERS.map((p) => added(c, p, 'seq_1k')).filter((v) => typeof v === 'number');
  const bestPeer = peerAdded.length ? Math.min(...peerAdded) : undefined;
  const peerAddedIp = PEERS.map((p) => addedInProcess(c, p, '1k')).filter((v) => typeof v === 'number');
  const bestPeerIp = peerAddedIp.length ? Math.min(...peerAddedIp) : undefined;
  const chunks = c.noveum?.stream?.chunksPerStream ?? 500;
  const perChunk = typeof nv('stream') === 'number' ? nv('stream') / chunks : undefined;
  const perChunkIp = typeof ip('stream') === 'number' ? ip('stream') / chunks : undefined;
  const flat = r.micro?.sampled?.noveum?.flat?.medianUs;
  const otelFlat = r.micro?.sampled?.otel?.flat?.medianUs;
  const off = r.micro?.unsampled?.noveum?.flat?.medianUs;
  const down = r.export?.receiverDown;
  const heapGrowth = down ? down.peakHeapMb - down.heapBeforeMb : undefined;
  const imp = r.startup?.['noveum-esm']?.importMs;
  const lines = [
    [
      'call1kIp',
      'Instrumented call at 1 KB: ≤ 15 µs added (in-process transport)',
      `${num(ip('1k'), 1)} µs`,
      (v) => v <= 15,
      ip('1k'),
    ],
    [
      'call1k',
      'Instrumented call at 1 KB: ≤ 15 µs added (loopback HTTP)',
      `${num(nv('seq_1k'), 1)} µs`,
      (v) => v <= 15,
      nv('seq_1k'),
    ],
    [
      'call1kPeersIp',
      'Instrumented call at 1 KB: ≥ 10× less added than the best peer (in-process transport)',
      `${num(ip('1k'), 1)} µs vs best peer ${num(bestPeerIp, 1)} µs`,
      () => ip('1k') <= 0 || ip('1k') * 10 <= bestPeerIp,
      typeof ip('1k') === 'number' && typeof bestPeerIp === 'number' ? 0 : undefined,
    ],
    [
      'call1kPeers',
      'Instrumented call at 1 KB: ≥ 10× less added than the best peer (loopback HTTP)',
      `${num(nv('seq_1k'), 1)} µs vs best peer ${num(bestPeer, 1)} µs`,
      () => nv('seq_1k') <= 0 || nv('seq_1k') * 10 <= bestPeer,
      typeof nv('seq_1k') === 'number' && typeof bestPeer === 'number' ? 0 : undefined,
    ],
    [
      'call100kIp',
      'Instrumented call at 100 KB: ≤ 40 µs added (in-process transport)',
      `${num(ip('100k'), 1)} µs`,
      (v) => v <= 40,
      ip('100k'),
    ],
    [
      'call100k',
      'Instrumented call at 100 KB: ≤ 40 µs added (loopback HTTP)',
      `${num(nv('seq_100k'), 1)} µs`,
      (v) => v <= 40,
      nv('seq_100k'),
    ],
    [
      'stall',
      'Largest event-loop stall at 100 KB (export included): ≤ 5 ms',
      `${num(c.noveum?.eventLoop?.maxMs, 1)} ms (untraced ${num(c.untraced?.eventLoop?.maxMs, 1)} ms)`,
      (v) => v <= 5,
      c.noveum?.eventLoop?.maxMs,
    ],
    [
      'chunkIp',
      'Streaming: ≤ 0.5 µs added per chunk (in-process transport)',
      `${num(perChunkIp, 3)} µs`,
      (v) => v <= 0.5,
      perChunkIp,
    ],
    [
      'chunk',
      'Streaming: ≤ 0.5 µs added per chunk (loopback HTTP)',
      `${num(perChunk, 3)} µs`,
      (v) => v <= 0.5,
      perChunk,
    ],
    ['sampledOut', 'Sampled-out span: ≤ 0.3 µs', `${num(off, 3)} µs`, (v) => v <= 0.3, off],
    [
      'recorded',
      'Recorded span (create + 6 attributes + end): ≤ 0.5 µs',
      `${num(flat, 3)} µs (floor ${num(r.micro?.sampled?.untraced?.flat?.medianUs, 3)} µs)`,
      (v) => v <= 0.5,
      flat,
    ],
    [
      'vsOtel',
      'Recorded span: ≥ 3× faster than the raw OpenTelemetry SDK',
      `${ratio(otelFlat, flat)} faster`,
      (v) => v >= 3,
      typeof otelFlat === 'number' && typeof flat === 'number' ? otelFlat / flat : undefined,
    ],
    [
      'import',
      'Cold import: ≤ 20 ms',
      `${num(imp, 1)} ms (ESM), ${num(r.startup?.['noveum-cjs']?.importMs, 1)} ms (CJS)`,
      (v) => v <= 20,
      imp,
    ],
    [
      'heap',
      'Heap bounded with the backend down (stated figure: growth ≤ 64 MiB, the default queue byte bound)',
      down
        ? `${num(heapGrowth, 1)} MiB growth over ${down.spans} spans, peak ${num(down.peakHeapMb, 1)} MiB, ${down.droppedSpans} dropped`
        : '–',
      (v) => v <= 64,
      heapGrowth,
    ],
  ];
  return lines.map(([id, text, measured, test, value]) => ({
    id,
    text,
    measured,
    status: typeof value === 'number' && Number.isFinite(value) ? (test(value) ? 'PASS' : 'MISS') : 'n/a',
  }));
}

function microTable(r) {
  const m = r.micro ?? {};
  const floorFlat = m.sampled?.untraced?.flat?.medianUs;
  const floorNested = m.sampled?.untraced?.nested?.medianUs;
  const rows = [
    '| SDK | span: create + 6 attrs + end (µs) | × floor | nested 1 + 3 with await (µs) | × floor | sampled out (0%) span (µs) | sampled out nested (µs) |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [sdk, res] of Object.entries(m.sampled ?? {})) {
    const off = m.unsampled?.[sdk];
    if (!ok(res)) {
      rows.push(`| ${LABELS[sdk]} | failed: see below | | | | | |`);
      continue;
    }
    const name =
      sdk === 'untraced'
        ? 'floor: object with 6 attributes pushed to an array'
        : sdk === 'otel'
          ? 'OpenTelemetry SDK (BatchSpanProcessor, no-op exporter)'
          : LABELS[sdk];
    rows.push(
      `| ${name} | ${num(res.flat.medianUs, 3)} | ${ratio(res.flat.medianUs, floorFlat)} | ${num(res.nested.medianUs, 2)} | ${ratio(res.nested.medianUs, floorNested)} | ${ok(off) ? num(off.flat.medianUs, 3) : 'n/a'} | ${ok(off) ? num(off.nested.medianUs, 2) : 'n/a'} |`
    );
  }
  return rows.join('\n');
}

function inProcessTable(r) {
  const c = r.client ?? {};
  const u = c.untraced?.inproc ?? {};
  const rows = [
    '| SDK | 1 KB call (µs) | added (µs) | × untraced | 100 KB call (µs) | added (µs) | × untraced | stream, 500 chunks (µs) | added per chunk (µs) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [sdk, res] of Object.entries(c)) {
    const p = res?.inproc;
    if (!ok(res) || !p || !p['1k']) continue;
    const base = sdk === 'untraced';
    const streamAdded = addedInProcess(c, sdk, 'stream');
    rows.push(
      `| ${LABELS[sdk]} | ${num(p['1k'].medianUs, 1)} | ${base ? '' : num(addedInProcess(c, sdk, '1k'), 1)} | ${ratio(p['1k'].medianUs, u['1k']?.medianUs)} | ${num(p['100k']?.medianUs, 1)} | ${base ? '' : num(addedInProcess(c, sdk, '100k'), 1)} | ${ratio(p['100k']?.medianUs, u['100k']?.medianUs)} | ${num(p.stream?.medianUs, 0)} | ${base || streamAdded === undefined ? '' : num(streamAdded / 500, 3)} |`
    );
  }
  return rows.join('\n');
}

function clientTables(r) {
  const c = r.client ?? {};
  const u = c.untraced ?? {};
  const seq = [
    '| SDK | 1 KB call (µs) | added (µs) | × untraced | 100 KB call (µs) | added (µs) | × untraced | stream, 500 chunks (µs) | added per chunk (µs) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const par = [
    '| SDK | 32 in flight, 1 KB (µs/call) | × untraced | 32 in flight, 100 KB (µs/call) | × untraced | event loop max at 100 KB (ms) | p99 (ms) | heap after (MiB) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [sdk, res] of Object.entries(c)) {
    if (!ok(res)) {
      seq.push(`| ${LABELS[sdk]} | failed: see below | | | | | | | |`);
      continue;
    }
    const chunks = res.stream?.chunksPerStream || 500;
    const streamAdded = added(c, sdk, 'stream');
    seq.push(
      `| ${LABELS[sdk]} | ${num(res.seq_1k.medianUs, 0)} | ${sdk === 'untraced' ? '' : num(added(c, sdk, 'seq_1k'), 1)} | ${ratio(res.seq_1k.medianUs, u.seq_1k?.medianUs)} | ${num(res.seq_100k.medianUs, 0)} | ${sdk === 'untraced' ? '' : num(added(c, sdk, 'seq_100k'), 1)} | ${ratio(res.seq_100k.medianUs, u.seq_100k?.medianUs)} | ${num(res.stream.medianUs, 0)} | ${sdk === 'untraced' || streamAdded === undefined ? '' : num(streamAdded / chunks, 3)} |`
    );
    par.push(
      `| ${LABELS[sdk]} | ${num(res.inflight_1k.perCallUs, 0)} | ${ratio(res.inflight_1k.perCallUs, u.inflight_1k?.perCallUs)} | ${num(res.inflight_100k.perCallUs, 0)} | ${ratio(res.inflight_100k.perCallUs, u.inflight_100k?.perCallUs)} | ${num(res.eventLoop.maxMs, 1)} | ${num(res.eventLoop.p99Ms, 1)} | ${num(res.heapUsedMb, 0)} |`
    );
  }
  return `${seq.join('\n')}\n\n${par.join('\n')}`;
}

function noise(r) {
  const runs = (r.clientPasses?.untraced ?? []).filter(ok).map((p) => p.seq_1k.medianUs);
  if (runs.length < 2) return undefined;
  return (Math.max(...runs) - Math.min(...runs)) / 2;
}

function exportTable(r) {
  const e = r.export;
  if (!ok(e)) return `Export workload failed: ${e?.error ?? 'not run'}`;
  const d = e.receiverDown;
  return [
    '| exporter → local receiver | spans | spans / s | bytes / span | requests |',
    '|---|---:|---:|---:|---:|',
    `| Noveum API (JSON) | ${e.noveum.spans} | ${num(e.noveum.spansPerSec, 0)} | ${num(e.noveum.bytesPerSpan, 0)} | ${e.noveum.requests} |`,
    `| OTLP/HTTP | ${e.otlp.spans} | ${num(e.otlp.spansPerSec, 0)} | ${num(e.otlp.bytesPerSpan, 0)} | ${e.otlp.requests} |`,
    '',
    `Receiver down (connection refused), ${d.spans} single-span traces: heap ${num(d.heapBeforeMb, 1)} MiB before, peak ${num(d.peakHeapMb, 1)} MiB, ${d.droppedSpans} spans dropped and counted.`,
  ].join('\n');
}

function startupTable(r) {
  const rows = [
    '| package | cold import (ms) | init() (ms) | installed size with runtime deps | packages |',
    '|---|---:|---:|---:|---:|',
  ];
  const sizeKey = {
    'noveum-esm': 'noveum-trace',
    otel: 'OpenTelemetry SDK',
    langsmith: 'LangSmith',
    langfuse: 'Langfuse',
    braintrust: 'Braintrust',
  };
  for (const [target, res] of Object.entries(r.startup ?? {})) {
    const size = r.size?.[sizeKey[target]];
    rows.push(
      `| ${target} | ${ok(res) ? num(res.importMs, 1) : 'failed'} | ${num(res?.initMs, 2)} | ${size && ok(size) ? `${mb(size.installedBytes)} MiB` : ''} | ${size?.packages ?? ''} |`
    );
  }
  const own = r.size?.['noveum-trace'];
  if (ok(own))
    rows.push(
      '',
      `noveum-trace tarball: ${(own.packBytes / 1024).toFixed(0)} KiB packed, ${mb(own.unpackedBytes)} MiB unpacked, ${own.files} files.`
    );
  return rows.join('\n');
}

function failures(r) {
  const lines = [];
  const scan = (where, obj) => {
    for (const [sdk, res] of Object.entries(obj ?? {}))
      if (res?.error)
        lines.push(`- ${where} / ${LABELS[sdk] ?? sdk}: ${String(res.error).split('\n')[0].slice(0, 300)}`);
  };
  scan('micro', r.micro?.sampled);
  scan('micro (sampling 0%)', r.micro?.unsampled);
  scan('client', r.client);
  for (const [sdk, runs] of Object.entries(r.clientPasses ?? {})) {
    const steps = [...new Set(runs.flatMap((run) => run?.flushTimeouts ?? []))];
    if (steps.length)
      lines.push(
        `- client / ${LABELS[sdk] ?? sdk}: flush did not settle within 30 s after: ${steps.join('; ')} (the run went on)`
      );
  }
  scan('start-up', r.startup);
  if (r.export?.error) lines.push(`- export: ${String(r.export.error).split('\n')[0].slice(0, 300)}`);
  return lines.length ? lines.join('\n') : 'None.';
}

function versions(r) {
  const seen = new Set();
  const add = (obj) =>
    Object.entries(obj ?? {}).forEach(
      ([sdk, res]) => res?.version && seen.add(`- ${LABELS[sdk] ?? sdk}: ${res.version}`)
    );
  add(r.micro?.sampled);
  add(r.client);
  const openai = Object.values(r.client ?? {}).find((x) => x?.openai)?.openai;
  return `${[...seen].join('\n')}\n- openai (client under test): ${openai ?? '–'}`;
}

/** The whole page. */
// The page ships in the npm package, where bench/ does not exist: repository files are linked.
const REPO = 'https://github.com/noveum/noveum-trace-ts';
const repoLink = (path) =>
  `[\`${path}\`](${REPO}/${path.endsWith('/') ? 'tree' : 'blob'}/main/${path.replace(/\/$/, '')})`;

export function renderReport(r) {
  const b = budget(r);
  const misses = b.filter((l) => l.status === 'MISS');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const n = noise(r);
  return `# Benchmarks

<!-- Generated by \`npm run bench\` (bench/run.mjs). Do not edit by hand. -->

Tracing overhead of noveum-trace against untraced code and peer SDKs, **measured side by side in
one run** on this machine: ${cpus().length} × ${cpu}, Node ${r.node}, run mode \`${r.mode}\`,
${r.startedAt}, total run time ${Math.round(r.totalSeconds ?? 0)} s. Each SDK runs in its own
child process; every peer is pointed at a local sink on 127.0.0.1 (nothing leaves the machine).
Figures are medians (of rounds for micro-benchmarks, of calls and then of ${r.sizes.passes} interleaved
pass(es) for client workloads). "Added" is the SDK's median minus untraced.${n === undefined ? '' : ` Pass-to-pass spread of the untraced 1 KB call was ±${n.toFixed(1)} µs: smaller differences are noise on this shared machine.`}

## Budget

| budget line | measured | result |
|---|---|---|
${b.map((l) => `| ${l.text} | ${l.measured} | ${l.status} |`).join('\n')}

## 1. Span micro-benchmarks (µs per operation)

${microTable(r)}

LangSmith's \`traceable\` returns a promise even for a sync function, so its flat row includes one
\`await\`. Export work that a round queues is flushed between rounds, outside the timing.

## 2–3. Instrumented OpenAI client (\`openai\` against a local fake server)

${r.sizes.calls} calls per workload per pass (${r.sizes.passes} pass(es)), ${r.sizes.streams} streams of 500 chunks per pass.
Sequential calls: median per-call latency. 32 in flight: wall time / calls. The event-loop figures
(\`perf_hooks.monitorEventLoopDelay\`, 1 ms resolution) cover the sequential 100 KB phase and the
flush of everything it produced.

${clientTables(r)}

### 2b. The same calls with an in-process transport

The real \`openai\` client with its \`fetch\` option answering in-process (the same bodies as the
fake server, no socket): what is left is the client's and the SDK's own CPU, including the export
work each SDK does on the same thread meanwhile. Within one process the rounds agree to about a
microsecond, but each SDK runs in its own process at its own time, and between processes this shared
machine still moves the figures by several µs: the two noveum-trace rows run the same code apart from
the exporter, so their difference shows the spread. Medians of 7 rounds of ${r.sizes?.calls ? Math.max(20, Math.floor(r.sizes.calls / 4)) : '–'} calls.

${inProcessTable(r)}

## 4. Export (noveum-trace)

${exportTable(r)}

## 5. Start-up and size

${startupTable(r)}

## What limits it

${misses.length === 0 ? 'Every budget line holds in this run.' : misses.map((l) => `- **${l.text}** — ${LIMITS[l.id] ?? 'not yet analysed.'}`).join('\n')}

## Peers that failed to install or run

${failures(r)}

## Versions

${versions(r)}

## Method

- \`npm run bench\` builds the package and runs ${repoLink('bench/run.mjs')} against \`dist/\`; \`npm run bench -- --quick\`
  uses fewer calls; \`npm run bench -- --smoke\` runs every workload a few times into a temp file (CI).
- Peers are installed in ${repoLink('bench/')} only (${repoLink('bench/package.json')}); they never enter the SDK's dependencies.
- Fixtures (${repoLink('bench/lib/fixtures.mjs')}) are labelled tables shared by every SDK; results are folded into
  a sink so V8 cannot drop the work. The fake OpenAI server (${repoLink('bench/servers/')}) builds every response once.
- Raw results of the last full run: ${repoLink('bench/results/latest.json')}.
`;
}
