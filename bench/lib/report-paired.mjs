// Renders the paired workload (tables and budget lines) for docs/benchmarks.md.
import { repoLink } from './repo-link.mjs';
import { aaBiased, pairedLine, pairedLines, verdictAtMost, verdictRatio } from './paired-stats.mjs';

export const PAIRED_KEYS = ['1k', '100k', 'stream'];
const FIXTURE_LABELS = { '1k': '1 KB call', '100k': '100 KB call', stream: 'stream of 500 chunks' };

export const PAIRED_LABELS = {
  untraced: 'A/A: untraced vs untraced (noise floor)',
  noveum: '**noveum-trace** → sink (Noveum exporter)',
  'noveum-noop': '**noveum-trace**, no-op exporter',
  otel: 'OpenTelemetry + contrib instrumentation-openai (no content) → sink (OTLP JSON)',
  openinference: 'OpenTelemetry + OpenInference (captures content) → sink (OTLP JSON)',
  langsmith: 'LangSmith → sink',
  langfuse: 'Langfuse → sink',
  braintrust: 'Braintrust → sink',
};
const CONTEXT_TAX_LABEL =
  'untraced, rounds inside an `AsyncLocalStorage` context (the promise-hook tax, not in any "added" below)';

/** Peers that capture prompt and completion, as we do: the "≥ 3× below" line compares with these. */
const CONTENT_PEERS = ['openinference', 'langsmith', 'langfuse', 'braintrust'];

const fmt = (v, d = 1) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');

/** "+56.2 [48.0, 61.3]": the median of the per-pair differences and its 90% interval. */
export function diffText(s, d = 1) {
  if (!s || typeof s.median !== 'number') return '–';
  const sign = s.median >= 0 ? '+' : '';
  return `${sign}${fmt(s.median, d)} [${fmt(s.lo, d)}, ${fmt(s.hi, d)}]`;
}

function lineCell(line, metric, d) {
  if (!line || line.pairs === 0) return 'no data';
  if (line.invalid.length > 0) return `invalid (${line.invalid.length} round(s))`;
  return diffText(line[metric], d);
}

/** One table per fixture: CPU (all threads), main thread, wall time, worst event-loop gap. */
export function pairedTables(r, paired = r.paired) {
  const lines = pairedLines(paired, PAIRED_KEYS);
  const out = [];
  for (const key of PAIRED_KEYS) {
    out.push(
      `**${FIXTURE_LABELS[key]}**${key === 'stream' ? ' (per stream)' : ''}`,
      '',
      '| configuration | untraced CPU / call (µs) | added CPU, all threads (µs) | of which main thread (µs) | added wall (µs) | added worst loop gap per round (ms) | pairs × processes |',
      '|---|---:|---:|---:|---:|---:|---:|'
    );
    const rows = Object.entries(lines).map(([sdk, byKey]) => [PAIRED_LABELS[sdk] ?? sdk, byKey[key]]);
    const tax = paired?.untraced && pairedLine(paired.untraced, `${key}-ctx`);
    if (tax?.pairs > 0) rows.splice(1, 0, [CONTEXT_TAX_LABEL, tax]);
    for (const [label, line] of rows) {
      out.push(
        `| ${label} | ${fmt(line.cpuUs?.base, 0)} | ${lineCell(line, 'cpuUs')} | ${lineCell(line, 'mainUs')} | ${lineCell(line, 'wallUs')} | ${lineCell(line, 'gapMs', 2)} | ${line.pairs / Math.max(1, line.processes)} × ${line.processes} |`
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** Every invalid round and failed process of the paired workload, one line per configuration. */
export function pairedProblems(r, paired = r.paired, what = 'paired') {
  const lines = pairedLines(paired, PAIRED_KEYS);
  const out = [];
  for (const [sdk, byKey] of Object.entries(lines))
    for (const [key, line] of Object.entries(byKey))
      if (line.invalid.length > 0)
        out.push(
          `- ${what} / ${PAIRED_LABELS[sdk] ?? sdk} / ${FIXTURE_LABELS[key]}: ${line.invalid.slice(0, 3).join('; ')}${line.invalid.length > 3 ? ` (and ${line.invalid.length - 3} more)` : ''}`
        );
  return out;
}

/** A note when the A/A interval excludes zero: then every line of this run is suspect. */
export function aaNote(r) {
  const aa = pairedLines(r.paired, PAIRED_KEYS).untraced;
  if (!aa) return '';
  const biased = PAIRED_KEYS.filter((k) => aaBiased(aa[k]?.cpuUs));
  return biased.length
    ? `**The A/A line's interval excludes zero for ${biased.map((k) => FIXTURE_LABELS[k]).join(', ')}: the rounds were biased by their order or position in this run, so read every line with that in mind.**`
    : "The A/A line's intervals contain zero: no bias from round order or position showed in this run.";
}

function valid(line) {
  return line && line.pairs > 0 && line.invalid.length === 0;
}

/** A budget row: text, measured, status (never PASS for an invalid or noisy line). */
function row(id, text, line, metric, budget, unit = 'µs') {
  if (!line || line.pairs === 0) return { id, text, measured: '–', status: 'n/a' };
  if (!valid(line)) return { id, text, measured: `${line.invalid.length} invalid round(s)`, status: 'INVALID' };
  const s = line[metric];
  return {
    id,
    text,
    measured: `${diffText(s, unit === 'ms' ? 2 : 1)} ${unit}`,
    status: verdictAtMost(s, budget),
  };
}

function ratioRow(id, text, ours, peers, factor) {
  const present = peers.filter(([, line]) => line && line.pairs > 0);
  if (!ours || ours.pairs === 0 || present.length === 0) return { id, text, measured: '–', status: 'n/a' };
  if (!valid(ours)) return { id, text, measured: 'ours invalid', status: 'INVALID' };
  const parts = [`ours ${diffText(ours.cpuUs)}`];
  const verdicts = [];
  for (const [name, line] of present) {
    if (!valid(line)) {
      parts.push(`${name} invalid`);
      verdicts.push('unmeasured (noise)');
      continue;
    }
    parts.push(`${name} ${diffText(line.cpuUs)}`);
    verdicts.push(verdictRatio(ours.cpuUs, line.cpuUs, factor));
  }
  const status = verdicts.includes('MISS')
    ? 'MISS'
    : verdicts.every((v) => v === 'PASS')
      ? 'PASS'
      : 'unmeasured (noise)';
  return { id, text, measured: `${parts.join('; ')} µs`, status };
}

/** The paired budget lines (issue targets: added CPU per call, export to a local sink included). */
export function pairedBudget(r, paired = r.paired) {
  const lines = pairedLines(paired, PAIRED_KEYS);
  const nv = lines.noveum ?? {};
  const peersAt = (key) => CONTENT_PEERS.map((p) => [p, lines[p]?.[key]]);
  return [
    row('call1k', '1 KB call: ≤ 15 µs added CPU (export to the sink included)', nv['1k'], 'cpuUs', 15),
    ratioRow(
      'call1kContrib',
      '1 KB call: added CPU no more than OpenTelemetry contrib (which records no content)',
      nv['1k'],
      [['contrib', lines.otel?.['1k']]],
      1
    ),
    row('call100k', '100 KB call: ≤ 150 µs added CPU (export included)', nv['100k'], 'cpuUs', 150),
    ratioRow(
      'peers1k',
      '1 KB call: ≥ 3× less added CPU than every peer that captures content',
      nv['1k'],
      peersAt('1k'),
      3
    ),
    ratioRow(
      'peers100k',
      '100 KB call: ≥ 3× less added CPU than every peer that captures content',
      nv['100k'],
      peersAt('100k'),
      3
    ),
    row(
      'stall',
      '100 KB calls: export adds ≤ 1 ms to the worst event-loop gap of a round',
      nv['100k'],
      'gapMs',
      1,
      'ms'
    ),
    row('chunk', 'Stream of 500 chunks: ≤ 250 µs added CPU (0.5 µs per chunk)', nv.stream, 'cpuUs', 250),
  ];
}

function textLine(r) {
  const t = (r.text ?? []).map((x) => `${x.label} prompt ${x.gzipRatio.toFixed(2)}×`).join(', ');
  return t
    ? `gzip ratio of the fixture text: ${t} (real prose and code: about 2–3×; a small text compresses less)`
    : '';
}

/** The method, stated on the page: how every paired figure was made. */
export function pairedMethod(r) {
  const p = r.sizes;
  return `## How the overhead is measured

- **Paired rounds.** In one process, rounds of the same calls through an untraced \`openai\` client
  (A) and a traced one (B) alternate A B B A A B …; each adjacent A/B pair gives one difference
  B − A per call. ${p.pairs} pairs per process, ${p.pairedProcesses} process(es) per configuration, processes of all
  configurations interleaved. A figure is the **median of the per-pair differences** with its
  **bootstrap 90% interval** in brackets. The A/A line runs two untraced clients the same way: it
  is the noise floor. ${aaNote(r)}
- **Each round pays for its export.** A traced round ends with \`await flush()\` (or the peer's
  equivalent), and the in-process transport lets the event loop turn once per call as a socket would,
  so batch timers and the export's HTTP to the sink run inside the rounds that caused them.
- **Dropped spans invalidate a round.** Around every round the bench reads the SDK's own counters
  (noveum-trace: \`getDiagnostics()\` exported traces and dropped spans; OpenTelemetry-based SDKs: a
  counter around their exporter; LangSmith and Braintrust: the sink must have received their upload).
  A traced round must export exactly what it produced and drop nothing; an untraced round must
  export nothing. A line with any invalid round shows no figure.
- **CPU, split.** "Added CPU" is \`process.cpuUsage()\` (user + system, all threads: the export's
  gzip on the thread pool and GC helper threads count). "Main thread" is that minus the other
  threads' time from \`/proc/self/task/*/schedstat\`. Wall time is shown too; it includes waiting
  for the sink, another process.
- **Realistic text.** Prompts and completions are seeded prose and code (${repoLink('bench/lib/text.mjs')}), not
  a repeated word list: ${textLine(r)}.
- **Noise is not a result.** A budget line misses when its whole 90% interval is above the budget
  (a certain miss, however wide the interval). It passes only when the interval is no wider than the
  budget, lies under it, and the median is positive. Anything else (an interval wider than the
  budget, a negative or zero median, an interval across the budget) prints "unmeasured (noise)",
  never PASS. Ratios between configurations compare the intervals the same way.
- **What "added" leaves out.** On Node 20, once an SDK enters an \`AsyncLocalStorage\` context, promise
  hooks run for every promise of the process, so the untraced rounds of that process pay them too
  and its "added" leaves that tax out. noveum-trace's instrumented call enters no context, so its
  process has no such tax; the OpenTelemetry-based peers (Langfuse included) enter one per call, and
  their rows understate their cost by it.${r.paired?.untraced?.some((x) => x?.['1k-ctx']) ? ' The second line of the 1 KB table measures the tax alone.' : ''}`;
}
