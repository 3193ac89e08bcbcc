// Renders docs/benchmarks.md from the runner's results. Everything in the page is generated.
import { cpus } from 'node:os';
import { repoLink } from './repo-link.mjs';
import { LIMITS } from './limits.mjs';
import { quantile } from './stats.mjs';
import { PAIRED_LABELS, pairedBudget, pairedMethod, pairedProblems, pairedTables } from './report-paired.mjs';
import { anthropicBudget, anthropicLimit, anthropicProblems, anthropicSection } from './report-anthropic.mjs';
import { crossProblems, httpSection, langchainSection } from './report-cross.mjs';
import { aiProblems, aiSection, aiVersions } from './report-ai.mjs';
import { warmupMethod, warmupTable } from './report-warmup.mjs';
import { SLICE_SPANS } from '../micro/span.bench.mjs';

const LABELS = {
  untraced: 'untraced',
  noveum: '**noveum-trace**',
  'noveum-noop': '**noveum-trace** (no-op exporter)',
  otel: 'OpenTelemetry SDK (+ contrib instrumentation-openai)',
  openinference: 'OpenTelemetry SDK (+ OpenInference instrumentation)',
  langsmith: 'LangSmith',
  langfuse: 'Langfuse',
  braintrust: 'Braintrust',
};
const num = (v, d = 2) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');
const ratio = (v, base) =>
  typeof v === 'number' && typeof base === 'number' && base > 0 ? `${(v / base).toFixed(2)}×` : '–';
const ok = (r) => r !== undefined && r !== null && !r.error && !r.skipped;
const mb = (b) => (typeof b === 'number' ? (b / 2 ** 20).toFixed(2) : '–');

/** Budget verdict for an absolute figure from rounds: noise (IQR of rounds) wider than the budget is no result. */
function absolute(value, samples, budget) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  const q1 = quantile(samples ?? [], 0.25);
  const q3 = quantile(samples ?? [], 0.75);
  if (typeof q1 === 'number' && q3 - q1 > budget) return 'unmeasured (noise)';
  return value <= budget ? 'PASS' : 'MISS';
}

/** "otel ≥ factor × ours", decided on the rounds' quartiles so that noise cannot pass it. */
function fasterBy(ours, theirs, factor) {
  if (!ours?.samples || !theirs?.samples) return 'n/a';
  const [o1, o3] = [quantile(ours.samples, 0.25), quantile(ours.samples, 0.75)];
  const [t1, t3] = [quantile(theirs.samples, 0.25), quantile(theirs.samples, 0.75)];
  if (!(o1 > 0)) return 'unmeasured (noise)';
  if (t1 / o3 >= factor) return 'PASS';
  if (t3 / o1 < factor) return 'MISS';
  return 'unmeasured (noise)';
}

/** A micro line (one SDK × `flat` or `nested`) with a round that dropped spans shows no figure. */
const microInvalid = (m) => (m?.invalid?.length ?? 0) > 0;
const microCell = (m, d) => (microInvalid(m) ? `invalid (${m.invalid.length} round(s))` : num(m?.medianUs, d));

/** An absolute micro budget row: INVALID, never a figure, when a round dropped spans. */
function microRow(id, text, m, budgetUs, extra = '') {
  if (microInvalid(m)) return { id, text, measured: `${m.invalid.length} invalid round(s)`, status: 'INVALID' };
  return {
    id,
    text,
    measured: `${num(m?.medianUs, 3)} µs${extra}`,
    status: absolute(m?.medianUs, m?.samples, budgetUs),
  };
}

/** "≥ 3× faster than OpenTelemetry": like the paired ratio rows, an invalid side gives no verdict. */
function vsOtelRow(flat, otelFlat) {
  const id = 'vsOtel';
  const text = 'Recorded span: ≥ 3× faster than the raw OpenTelemetry SDK';
  if (microInvalid(flat)) return { id, text, measured: 'ours invalid', status: 'INVALID' };
  if (microInvalid(otelFlat)) return { id, text, measured: 'OpenTelemetry invalid', status: 'unmeasured (noise)' };
  return {
    id,
    text,
    measured: `${ratio(otelFlat?.medianUs, flat?.medianUs)} faster`,
    status: fasterBy(flat, otelFlat, 3),
  };
}

const sumOf = (res) =>
  res?.importMs === undefined || res?.initMs === undefined ? undefined : res.importMs + res.initMs;

function budget(r) {
  const flat = r.micro?.sampled?.noveum?.flat;
  const otelFlat = r.micro?.sampled?.otel?.flat;
  const off = r.micro?.unsampled?.noveum?.flat;
  const down = r.export?.receiverDown;
  const heapGrowth = down ? down.peakHeapMb - down.heapBeforeMb : undefined;
  const imp = r.startup?.['noveum-esm']?.importMs;
  return [
    ...pairedBudget(r),
    ...anthropicBudget(r),
    microRow('sampledOut', 'Sampled-out span: ≤ 0.3 µs', off, 0.3),
    microRow(
      'recorded',
      'Recorded span (create + 6 attributes + end, no-op exporter): ≤ 0.5 µs',
      flat,
      0.5,
      ` (floor ${num(r.micro?.sampled?.untraced?.flat?.medianUs, 3)} µs)`
    ),
    vsOtelRow(flat, otelFlat),
    {
      id: 'import',
      text: 'Cold import: ≤ 20 ms',
      // Built-ins some users never need load on first use, and `init()` loads http/https when
      // outgoing propagation is on: the import alone would hide that, so both are shown.
      measured: `${num(imp, 1)} ms (ESM), ${num(r.startup?.['noveum-cjs']?.importMs, 1)} ms (CJS); import + \`init()\`: ${num(sumOf(r.startup?.['noveum-esm']), 1)} ms (ESM), ${num(sumOf(r.startup?.['noveum-cjs']), 1)} ms (CJS)`,
      status: absolute(imp, undefined, 20),
    },
    {
      id: 'heap',
      text: 'Heap bounded with the backend down (growth ≤ 64 MiB, the default queue byte bound)',
      measured: down
        ? `${num(heapGrowth, 1)} MiB growth over ${down.spans} spans, peak ${num(down.peakHeapMb, 1)} MiB, ${down.droppedSpans} dropped`
        : '–',
      status: absolute(heapGrowth, undefined, 64),
    },
  ];
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
    const x = (m, floor) => (microInvalid(m) ? '' : ratio(m.medianUs, floor));
    rows.push(
      `| ${name} | ${microCell(res.flat, 3)} | ${x(res.flat, floorFlat)} | ${microCell(res.nested, 2)} | ${x(res.nested, floorNested)} | ${ok(off) ? microCell(off.flat, 3) : 'n/a'} | ${ok(off) ? microCell(off.nested, 2) : 'n/a'} |`
    );
  }
  return rows.join('\n');
}

function clientTables(r) {
  const c = r.client ?? {};
  const u = c.untraced ?? {};
  const seq = [
    '| SDK | 1 KB call (µs) | × untraced | 100 KB call (µs) | × untraced | stream, 500 chunks (µs) | × untraced |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  const par = [
    '| SDK | 32 in flight, 1 KB (µs/call) | × untraced | 32 in flight, 100 KB (µs/call) | × untraced | event loop max at 100 KB (ms) | p99 (ms) | heap after (MiB) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [sdk, res] of Object.entries(c)) {
    if (!ok(res)) {
      seq.push(`| ${LABELS[sdk]} | failed: see below | | | | | |`);
      continue;
    }
    seq.push(
      `| ${LABELS[sdk]} | ${num(res.seq_1k.medianUs, 0)} | ${ratio(res.seq_1k.medianUs, u.seq_1k?.medianUs)} | ${num(res.seq_100k.medianUs, 0)} | ${ratio(res.seq_100k.medianUs, u.seq_100k?.medianUs)} | ${num(res.stream.medianUs, 0)} | ${ratio(res.stream.medianUs, u.stream?.medianUs)} |`
    );
    par.push(
      `| ${LABELS[sdk]} | ${num(res.inflight_1k.perCallUs, 0)} | ${ratio(res.inflight_1k.perCallUs, u.inflight_1k?.perCallUs)} | ${num(res.inflight_100k.perCallUs, 0)} | ${ratio(res.inflight_100k.perCallUs, u.inflight_100k?.perCallUs)} | ${num(res.eventLoop.maxMs, 1)} | ${num(res.eventLoop.p99Ms, 1)} | ${num(res.heapUsedMb, 0)} |`
    );
  }
  return `${seq.join('\n')}\n\n${par.join('\n')}`;
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
  for (const [what, bySdk] of [
    ['micro', r.micro?.sampled],
    ['micro (sampling 0%)', r.micro?.unsampled],
  ])
    for (const [sdk, res] of Object.entries(bySdk ?? {}))
      for (const kind of ['flat', 'nested'])
        if (microInvalid(res?.[kind]))
          lines.push(
            `- ${what} / ${LABELS[sdk] ?? sdk} / ${kind}: ${res[kind].invalid.slice(0, 3).join('; ')}${res[kind].invalid.length > 3 ? ` (and ${res[kind].invalid.length - 3} more)` : ''}`
          );
  lines.push(...pairedProblems(r));
  lines.push(...anthropicProblems(r));
  lines.push(...crossProblems(r));
  lines.push(...aiProblems(r));
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
  for (const [sdk, runs] of Object.entries(r.paired ?? {})) {
    const v = runs.find((x) => x?.version)?.version;
    if (v) seen.add(`- ${PAIRED_LABELS[sdk] ?? sdk}: ${v}`);
  }
  for (const line of aiVersions(r)) seen.add(line);
  const openai = Object.values(r.client ?? {}).find((x) => x?.openai)?.openai;
  return `${[...seen].join('\n')}\n- openai (client under test): ${openai ?? '–'}`;
}

/** A warning when the machine was busier than its cores during the run (load average). */
function busyNote(r) {
  const peak = Math.max(r.loadAtStart?.[0] ?? 0, r.loadAtEnd?.[0] ?? 0);
  if (peak <= cpus().length) return '';
  return `\n\n**The machine was busy during this run (load average up to ${peak.toFixed(1)} on ${cpus().length} cores): every figure is higher and noisier than on a quiet machine. Compare rows of the same run; quote absolute figures only from a quiet full run.**`;
}

function runLine(r) {
  const load = (l) => (Array.isArray(l) ? l.map((x) => x.toFixed(2)).join(' / ') : '–');
  return `run mode \`${r.mode}\`, started ${r.startedAt}, ${Math.round(r.totalSeconds ?? 0)} s; load average (1 / 5 / 15 min) ${load(r.loadAtStart)} at the start and ${load(r.loadAtEnd)} at the end`;
}

/** The whole page. */
export function renderReport(r) {
  const b = budget(r);
  const misses = b.filter((l) => l.status === 'MISS');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const p = r.sizes;
  return `# Benchmarks

<!-- Generated by \`npm run bench\` (bench/run.mjs). Do not edit by hand. -->

Tracing overhead of noveum-trace against untraced code and peer SDKs, **measured side by side in
one run** on ${cpus().length} × ${cpu}, Node ${r.node}. This page comes from one run: ${runLine(r)}.
${r.mode === 'full' ? '' : `A \`${r.mode}\` run has fewer pairs and processes than a full run, so its intervals are wider. `}A load
average above the number of cores means other jobs shared the machine: read the intervals, not
just the medians. Every SDK exports to a sink on 127.0.0.1; nothing leaves the machine.
noveum-trace does not gzip to a loopback endpoint by default (\`compressAboveBytes\`), and the
OpenTelemetry rows' OTLP exporters do not compress by default either. To a remote endpoint
noveum-trace gzips bodies over 16 KiB, which costs about 8 ns of CPU per body byte (level 1,
prose, on the thread pool): with gzip forced on, this workload measured about +50 µs per 1 KB call
and +500 µs per 100 KB call more on this machine.${busyNote(r)}

${pairedMethod(r)}
${warmupMethod(r)}

## Budget

| budget line | measured | result |
|---|---|---|
${b.map((l) => `| ${l.text} | ${l.measured} | ${l.status} |`).join('\n')}

## 1. Instrumented OpenAI client, paired (the overhead figures)

The real \`openai\` client with an in-process transport (\`fetch\` option; the same bodies as the fake
server). ${p.pairs} pairs × ${p.pairedProcesses} process(es); rounds of ${Math.max(2, Math.round(25 * p.pairedScale))} calls at 1 KB, ${Math.max(2, Math.round(8 * p.pairedScale))} at 100 KB and ${Math.max(2, Math.round(3 * p.pairedScale))} streams,
each traced round flushed. Per call (per stream for streams); "added worst loop gap" is the
difference of each round's largest event-loop delay (\`monitorEventLoopDelay\`, 1 ms resolution).

${pairedTables(r)}
${warmupTable(r)}
${anthropicSection(r)}${langchainSection(r)}${httpSection(r)}${aiSection(r)}
## 2. Span micro-benchmarks (µs per operation, no-op exporters)

${microTable(r)}

LangSmith's \`traceable\` returns a promise even for a sync function, so its flat row includes one
\`await\`. A round (about ${p.roundMs} ms of operations, ${p.rounds} rounds after a warm-up of about two) is timed in
slices of at most ${SLICE_SPANS.toLocaleString('en')} spans (${SLICE_SPANS.toLocaleString('en')} flat spans, ${SLICE_SPANS / 4} nested operations of 4 spans), and the SDK is
flushed between slices, outside the timing: the figure is the median over rounds of the slices'
summed time / operations. Each slice stays well under every SDK's export queue bound (2,048 traces
or spans), so every span is recorded and exported, never refused by a full queue: a round timed in
one piece (some 100,000 spans without yielding) would measure the drop path instead. Around every
round (and the warm-up) the bench reads the SDK's counters (noveum-trace: \`getDiagnostics()\`
dropped spans and exported traces; OpenTelemetry-based SDKs: a counter around their exporter, since
their batch processor drops silently): a round that dropped a span, or exported fewer than it
produced, is invalid, and a line with an invalid round shows no figure. Sampled-out spans are not
exported by design; that line is checked for drops too. These are absolute costs of the caller's
path, not paired differences; their budget lines are "unmeasured" when the rounds' interquartile
range is wider than the budget.

## 3. Loopback HTTP (latency, unpaired)

The same client against the fake server over 127.0.0.1: ${p.calls} calls per workload per pass
(${p.passes} pass(es)), ${p.streams} streams. Each SDK runs in its own process at its own time, so
differences between rows here are **not** overhead measurements (this machine moves a loopback call by
tens of µs between processes); they show latency, concurrency and event-loop behaviour. The OpenTelemetry
rows export OTLP JSON to the sink.

${clientTables(r)}

## 4. Export (noveum-trace)

${exportTable(r)}

## 5. Start-up and size

${startupTable(r)}

## What limits it

${misses.length === 0 ? 'No budget line is a certain miss in this run.' : misses.map((l) => `- **${l.text}** — ${LIMITS[l.id] ?? anthropicLimit(l.id, misses) ?? 'not yet analysed.'}`).join('\n')}

## Failures and invalid rounds

${failures(r)}

## Versions

${versions(r)}

## Running it

- \`npm run bench\` builds the package and runs ${repoLink('bench/run.mjs')} against \`dist/\`; \`npm run bench -- --quick\`
  uses fewer pairs and calls; \`npm run bench -- --smoke\` runs every workload a few times into a temp file
  and fails when a paired or micro round of noveum-trace is invalid (CI).
- Peers are installed in ${repoLink('bench/')} only (${repoLink('bench/package.json')}); they never enter the SDK's dependencies.
- Fixtures (${repoLink('bench/lib/fixtures.mjs')}) are labelled tables shared by every SDK; results are folded into
  a sink so V8 cannot drop the work. The fake OpenAI and Anthropic servers (${repoLink('bench/servers/')}) build every response once.
- Raw results of the run above: ${repoLink('bench/results/latest.json')} (re-render with \`node bench/run.mjs --render <json>\`).
`;
}
