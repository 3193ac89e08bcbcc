// The benchmark runner: starts the fake OpenAI server and the sink in their own process,
// runs every SDK × workload in its own child process (processes interleaved so drift on a
// shared machine hits every SDK alike), pools the paired rounds, and regenerates
// docs/benchmarks.md.
//
//   node bench/run.mjs            full run (< 10 min on 2 cores), writes docs/benchmarks.md
//   node bench/run.mjs --quick    fewer paired processes and calls, same output file
//   node bench/run.mjs --smoke    tiny counts and a two-round warm-up, writes to a temp file, and
//                                 exits 1 when a paired round of noveum-trace (or the A/A line,
//                                 warm-up rounds included) is invalid: spans dropped, or fewer
//                                 exported than produced (CI runs it)
//   node bench/run.mjs --paired-only --sdks untraced,noveum [--pairs 20 --processes 2 --fixtures 1k,100k]
//                                 only the paired workload: a table on stdout, raw JSON to a temp
//                                 file, docs untouched (for before/after checks of a change;
//                                 `noveum-base` runs the build in NOVEUM_BENCH_BASE_DIST;
//                                 `--llm langchain|ai|http|anthropic` runs that workload instead;
//                                 `--warm-scale 0.1` shortens the warm-up to the smoke run's)
//   node bench/run.mjs --micro-only --sdks noveum,otel [--smoke|--quick] [--slice-spans 1000]
//                                 only the span micro workload: a table on stdout, raw JSON to a
//                                 temp file, docs untouched; exits 1 when a round of noveum-trace
//                                 dropped or did not export its spans (`--slice-spans 0` times a
//                                 round in one piece, the old method, to see its drops)
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { renderReport } from './lib/report.mjs';
import { measureInstalledSize } from './startup/installed-size.mjs';
import { median } from './lib/stats.mjs';
import { fixtureTextStats } from './lib/fixtures.mjs';
import { PAIRED_KEYS } from './lib/report-paired.mjs';
import { HTTP_KEYS, LANGCHAIN_KEYS } from './lib/report-cross.mjs';
import { AI_KEYS } from './lib/report-ai.mjs';
import { pairedLines } from './lib/paired-stats.mjs';

const { values: opts } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    sdks: { type: 'string' },
    render: { type: 'string' },
    'paired-only': { type: 'boolean', default: false },
    pairs: { type: 'string' },
    processes: { type: 'string' },
    fixtures: { type: 'string' },
    llm: { type: 'string', default: 'openai' },
    'warm-scale': { type: 'string' },
    'micro-only': { type: 'boolean', default: false },
    'slice-spans': { type: 'string' },
  },
});

const HERE = new URL('.', import.meta.url).pathname;
const ROOT = new URL('..', import.meta.url).pathname;
const MODE = opts.smoke ? 'smoke' : opts.quick ? 'quick' : 'full';
const SIZES = {
  full: {
    passes: 3,
    calls: 2000,
    streams: 100,
    rounds: 7,
    roundMs: 100,
    traces: 20_000,
    downSpans: 100_000,
    startupRuns: 7,
    pairedProcesses: 3,
    pairs: 30,
    pairedScale: 1,
    warmScale: 1,
  },
  quick: {
    passes: 1,
    calls: 300,
    streams: 30,
    rounds: 5,
    roundMs: 50,
    traces: 5_000,
    downSpans: 50_000,
    startupRuns: 3,
    // Two processes: each pays the full warm-up (most of a paired process's time); more pairs each.
    pairedProcesses: 2,
    pairs: 24,
    pairedScale: 1,
    warmScale: 1,
  },
  smoke: {
    passes: 1,
    calls: 8,
    streams: 2,
    rounds: 2,
    roundMs: 5,
    traces: 100,
    downSpans: 2_000,
    startupRuns: 1,
    pairedProcesses: 1,
    pairs: 3,
    pairedScale: 0.4,
    // Two warm-up rounds per side: enough to count spans per call and check the rules.
    warmScale: 0.1,
  },
}[MODE];
if (opts.pairs) SIZES.pairs = Number(opts.pairs);
if (opts.processes) SIZES.pairedProcesses = Number(opts.processes);
if (opts['warm-scale']) SIZES.warmScale = Number(opts['warm-scale']);
const OUT =
  opts.out ??
  (MODE === 'smoke' || opts['paired-only'] || opts['micro-only']
    ? join(tmpdir(), `noveum-bench-smoke-${process.pid}.md`)
    : join(ROOT, 'docs/benchmarks.md'));

const ALL_SDKS = ['untraced', 'noveum', 'noveum-noop', 'otel', 'openinference', 'langsmith', 'langfuse', 'braintrust'];
const SDKS = opts.sdks ? opts.sdks.split(',') : ALL_SDKS;
// `openinference` has the same core as `otel`; `noveum-noop` is the client workload with a no-op
// exporter (like the OpenTelemetry rows), which the micro workloads always use.
const MICRO_SDKS = SDKS.filter((s) => s !== 'openinference' && s !== 'noveum-noop');
const NO_SAMPLING = new Set(['braintrust']); // no head-sampling option
// Configurations whose invalid paired rounds fail the smoke run: ours, and the A/A line (a
// peer's flaky flush is reported, never allowed to break our CI).
const MUST_BE_VALID = new Set(['untraced', 'noveum', 'noveum-noop']);
// The Anthropic paired rows: the configurations with an Anthropic integration (OpenTelemetry
// contrib's instrumentation covers OpenAI only, Langfuse has no Anthropic wrapper).
const ANTHROPIC_SDKS = SDKS.filter((s) =>
  [
    'untraced',
    'noveum',
    'noveum-noop',
    'noveum-base',
    'noveum-base-noop',
    'openinference',
    'langsmith',
    'braintrust',
  ].includes(s)
);
// The LangChain rows: ours and a peer that traces LangChain (Langfuse's callback handler); on
// request, the floor: a do-nothing handler run in LangChain's queue or awaited (`lc-noop[-await]`).
const LANGCHAIN_SDKS = SDKS.filter((s) =>
  ['untraced', 'noveum', 'noveum-base', 'langfuse', 'lc-noop', 'lc-noop-await'].includes(s)
);
// The Vercel AI SDK rows: ours and the peers that trace it through its telemetry hook.
const AI_SDKS = SDKS.filter((s) =>
  ['untraced', 'noveum', 'noveum-noop', 'noveum-base', 'noveum-base-noop', 'otel', 'langfuse'].includes(s)
);
// The across-services rows: ours against OpenTelemetry's HTTP, Express and undici instrumentations.
const HTTP_SDKS = SDKS.filter((s) => ['untraced', 'noveum', 'noveum-base', 'otel'].includes(s));
/** Each paired workload: its configurations and the keys of its lines. */
const WORKLOADS = {
  openai: { sdks: SDKS, keys: PAIRED_KEYS },
  anthropic: { sdks: ANTHROPIC_SDKS, keys: PAIRED_KEYS },
  langchain: { sdks: LANGCHAIN_SDKS, keys: LANGCHAIN_KEYS },
  ai: { sdks: AI_SDKS, keys: AI_KEYS },
  http: { sdks: HTTP_SDKS, keys: HTTP_KEYS },
};
const WORKER_TIMEOUT_MS = MODE === 'smoke' ? 60_000 : 240_000;

function log(line) {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
}
const started = performance.now();

// A base build copied outside the repository (NOVEUM_BENCH_BASE_DIST=/tmp/…) finds its own runtime
// dependencies (`require-in-the-middle`, which `autoInstrument` needs) through the repository's.
const NODE_PATH = [process.env.NODE_PATH, join(ROOT, 'node_modules')].filter(Boolean).join(delimiter);

/** Runs a node script, returns { stdout, stderr, code }; killed after `timeoutMs`. */
function runNode(args, timeoutMs = WORKER_TIMEOUT_MS) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: HERE,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NOVEUM_DEBUG: '', NODE_PATH },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

async function runWorker(args) {
  const { stdout, stderr, code } = await runNode(['worker.mjs', ...args]);
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined)
    return { error: `no result (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}` };
  return JSON.parse(line.slice(7));
}

function startServers() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['servers/main.mjs'], { cwd: HERE, stdio: ['pipe', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve({ child, ...JSON.parse(buf.slice(0, nl)) });
    });
    child.on('error', reject);
  });
}

/** Keeps the first error per key, the median of each numeric leaf across passes. */
function mergePasses(passes) {
  const ok = passes.filter((p) => p && !p.error);
  if (ok.length === 0) return passes[0];
  const merge = (values) => {
    const first = values[0];
    if (typeof first === 'number') return median(values);
    if (first === null || typeof first !== 'object' || Array.isArray(first)) return first;
    const out = {};
    for (const key of Object.keys(first)) out[key] = merge(values.map((v) => v?.[key]));
    return out;
  };
  return merge(ok);
}

async function runMicro(servers) {
  const micro = { sampled: {}, unsampled: {} };
  for (const sdk of MICRO_SDKS) {
    log(`micro ${sdk}`);
    const common = [
      '--suite',
      'micro',
      '--sink',
      servers.sinkUrl,
      '--rounds',
      String(SIZES.rounds),
      '--round-ms',
      String(SIZES.roundMs),
      ...(opts['slice-spans'] ? ['--slice-spans', opts['slice-spans']] : []),
    ];
    micro.sampled[sdk] = await runWorker(['--sdk', sdk, ...common]);
    if (NO_SAMPLING.has(sdk)) micro.unsampled[sdk] = { skipped: 'no head-sampling option' };
    else micro.unsampled[sdk] = await runWorker(['--sdk', sdk, ...common, '--sampling', '0']);
  }
  return micro;
}

async function runClient(servers) {
  const passes = Object.fromEntries(SDKS.map((s) => [s, []]));
  const failed = new Set();
  for (let p = 0; p < SIZES.passes; p++) {
    // Rotate the order each pass so no SDK always runs first or last.
    const order = SDKS.map((_, i) => SDKS[(i + p) % SDKS.length]);
    for (const sdk of order) {
      if (failed.has(sdk)) continue;
      log(`client pass ${p + 1}/${SIZES.passes} ${sdk}`);
      const r = await runWorker([
        '--sdk',
        sdk,
        '--suite',
        'client',
        '--sink',
        servers.sinkUrl,
        '--openai',
        servers.openaiUrl,
        '--calls',
        String(SIZES.calls),
        '--streams',
        String(SIZES.streams),
        ...(sdk.endsWith('-noop') ? ['--export-mode', 'noop'] : []),
      ]);
      passes[sdk].push(r);
      // A worker that failed once (not installed, not supported) is not retried.
      if (r.error) failed.add(sdk);
    }
  }
  return {
    merged: Object.fromEntries(Object.entries(passes).map(([sdk, runs]) => [sdk, mergePasses(runs)])),
    passes,
  };
}

/** Paired rounds: every configuration once per process round, order rotated each time. */
async function runPaired(servers, llm = 'openai', sdks = SDKS) {
  const runs = Object.fromEntries(sdks.map((s) => [s, []]));
  for (let p = 0; p < SIZES.pairedProcesses; p++) {
    const order = sdks.map((_, i) => sdks[(i + p) % sdks.length]);
    for (const sdk of order) {
      log(`paired ${llm} process ${p + 1}/${SIZES.pairedProcesses} ${sdk}`);
      const r = await runWorker([
        '--sdk',
        sdk,
        '--suite',
        'paired',
        '--sink',
        servers.sinkUrl,
        '--pairs',
        String(SIZES.pairs),
        '--scale',
        String(SIZES.pairedScale),
        '--warm-scale',
        String(SIZES.warmScale),
        ...(opts.fixtures ? ['--fixtures', opts.fixtures] : []),
        ...(sdk.endsWith('-noop') ? ['--export-mode', 'noop'] : []),
        '--llm',
        llm,
      ]);
      runs[sdk].push(r);
    }
  }
  return runs;
}

/** Smoke: the validity rules, checked. Returns the problems that must fail the run. */
function pairedViolations(paired, llm = 'openai') {
  const lines = pairedLines(paired, WORKLOADS[llm].keys);
  const out = [];
  for (const [sdk, byKey] of Object.entries(lines)) {
    for (const [key, line] of Object.entries(byKey)) {
      const problems = line.pairs === 0 ? [...line.invalid, 'no paired rounds'] : line.invalid;
      if (problems.length === 0) continue;
      const text = `${llm} ${sdk} ${key}: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (+${problems.length - 3})` : ''}`;
      if (MUST_BE_VALID.has(sdk)) out.push(text);
      else log(`warning (peer, not fatal): ${text}`);
    }
  }
  return out;
}

/** Smoke: a micro round of ours that dropped or did not export its spans fails the run. */
function microViolations(micro) {
  const out = [];
  for (const [sampling, bySdk] of Object.entries(micro ?? {}))
    for (const [sdk, res] of Object.entries(bySdk)) {
      const problems = res?.error
        ? { run: [String(res.error).split('\n')[0]] }
        : { flat: res?.flat?.invalid ?? [], nested: res?.nested?.invalid ?? [] };
      for (const [what, list] of Object.entries(problems)) {
        if (list.length === 0) continue;
        const text = `micro (${sampling}) ${sdk} ${what}: ${list.slice(0, 3).join('; ')}${list.length > 3 ? ` (+${list.length - 3})` : ''}`;
        if (MUST_BE_VALID.has(sdk)) out.push(text);
        else log(`warning (peer, not fatal): ${text}`);
      }
    }
  return out;
}

async function runStartup() {
  const targets = ['noveum-esm', 'noveum-cjs', 'otel', 'langsmith', 'langfuse', 'braintrust'];
  const out = {};
  for (const target of targets) {
    log(`startup ${target}`);
    const runs = [];
    for (let i = 0; i < SIZES.startupRuns; i++) {
      const { stdout, stderr } = await runNode(['startup/import-time.mjs', target], 60_000);
      try {
        runs.push(JSON.parse(stdout.trim().split('\n').pop()));
      } catch {
        runs.push({ error: stderr.trim().split('\n').slice(-2).join(' | ') || 'no output' });
        break;
      }
    }
    out[target] = mergePasses(runs);
  }
  return out;
}

async function main() {
  log(`mode ${MODE}; output ${OUT}`);
  const servers = await startServers();
  const results = {
    mode: MODE,
    sizes: SIZES,
    node: process.version,
    startedAt: new Date().toISOString(),
    loadAtStart: loadavg(),
    text: fixtureTextStats(),
  };
  for (const t of results.text) log(`fixture text ${t.label}: ${t.bytes} chars, gzip ratio ${t.gzipRatio.toFixed(2)}×`);
  try {
    results.paired = await runPaired(servers);
    if (ANTHROPIC_SDKS.length > 0) results.pairedAnthropic = await runPaired(servers, 'anthropic', ANTHROPIC_SDKS);
    if (LANGCHAIN_SDKS.length > 0) results.pairedLangChain = await runPaired(servers, 'langchain', LANGCHAIN_SDKS);
    if (AI_SDKS.length > 0) results.pairedAI = await runPaired(servers, 'ai', AI_SDKS);
    if (HTTP_SDKS.length > 0) results.pairedHttp = await runPaired(servers, 'http', HTTP_SDKS);
    results.micro = await runMicro(servers);
    const client = await runClient(servers);
    results.client = client.merged;
    results.clientPasses = client.passes;
    log('export');
    results.export = await runWorker([
      '--sdk',
      'noveum',
      '--suite',
      'export',
      '--sink',
      servers.sinkUrl,
      '--traces',
      String(SIZES.traces),
      '--down-spans',
      String(SIZES.downSpans),
    ]);
    results.startup = await runStartup();
    results.size = await measureInstalledSize(ROOT, HERE);
  } finally {
    servers.child.stdin.end();
  }
  results.totalSeconds = (performance.now() - started) / 1000;
  results.loadAtEnd = loadavg();
  // Raw results first, so a rendering bug never loses a run (re-render with --render <json>).
  const rawOut =
    OUT === join(ROOT, 'docs/benchmarks.md') ? join(HERE, 'results/latest.json') : OUT.replace(/\.md$/, '.json');
  mkdirSync(dirname(rawOut), { recursive: true });
  // One line, five significant digits: every paired round is kept (the page is computed from them).
  const digits5 = (_key, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(5)) : v);
  writeFileSync(rawOut, `${JSON.stringify(results, digits5)}\n`);
  writeFileSync(OUT, renderReport(results));
  log(`wrote ${OUT} in ${results.totalSeconds.toFixed(0)} s`);
  const violations = [
    ...pairedViolations(results.paired),
    ...(results.pairedAnthropic ? pairedViolations(results.pairedAnthropic, 'anthropic') : []),
    ...(results.pairedLangChain ? pairedViolations(results.pairedLangChain, 'langchain') : []),
    ...(results.pairedAI ? pairedViolations(results.pairedAI, 'ai') : []),
    ...(results.pairedHttp ? pairedViolations(results.pairedHttp, 'http') : []),
    ...microViolations(results.micro),
  ];
  for (const v of violations) log(`INVALID: ${v}`);
  if (violations.length > 0) {
    log('paired or micro rounds broke the validity rules (spans dropped or not exported within the round)');
    process.exitCode = 1;
  }
}

/**
 * The warm-up and the steady-state check of one line: added CPU per call over the first and the
 * last block of the warm-up (other threads' CPU per call of A and B in brackets), and the median
 * added CPU of the first and last third of the measured pairs.
 */
function warmupRow(l) {
  const n = (v) => (typeof v === 'number' ? v.toFixed(0) : '–');
  const d = (v) => (typeof v === 'number' && v >= 0 ? '+' : '') + n(v);
  const w = l.warmup;
  const block = (b) => `${n(b.calls)} calls ${d(b.cpuUs)} (others A ${n(b.othersA)}, B ${n(b.othersB)})`;
  const warm = w
    ? `warm-up ${w.calls}/side ${(w.ms / 1000).toFixed(1)} s: first ${block(w.first)}, last ${block(w.last)}`
    : '';
  return `${''.padEnd(25)} ${warm}; pairs first third ${d(l.drift?.first)}, last third ${d(l.drift?.last)}`;
}

/** `--paired-only`: one paired workload alone (`--llm`), printed as added CPU / main thread / loop gap. */
async function mainPairedOnly() {
  const workload = WORKLOADS[opts.llm];
  if (workload === undefined) throw new Error(`unknown --llm ${opts.llm} (${Object.keys(WORKLOADS).join(', ')})`);
  const servers = await startServers();
  const loadAtStart = loadavg();
  let paired;
  try {
    paired = await runPaired(servers, opts.llm, workload.sdks);
  } finally {
    servers.child.stdin.end();
  }
  writeFileSync(OUT.replace(/\.md$/, '.json'), `${JSON.stringify({ paired, loadAtStart, loadAtEnd: loadavg() })}\n`);
  const fmt = (s) => (s ? `${s.median.toFixed(1)} [${s.lo.toFixed(1)}, ${s.hi.toFixed(1)}]` : 'n/a');
  const lines = pairedLines(paired, workload.keys);
  const rows = [
    `load ${loadAtStart.map((l) => l.toFixed(1)).join('/')} → ${loadavg()
      .map((l) => l.toFixed(1))
      .join('/')}`,
  ];
  for (const [sdk, byKey] of Object.entries(lines))
    for (const [key, l] of Object.entries(byKey)) {
      if (l.pairs === 0 && l.invalid.length === 0) continue;
      const bad = l.invalid.length > 0 ? ` INVALID: ${l.invalid.slice(0, 2).join('; ')}` : '';
      rows.push(
        `${sdk.padEnd(17)} ${key.padEnd(7)} cpu ${fmt(l.cpuUs)}  main ${fmt(l.mainUs)}  gap ms ${fmt(l.gapMs)}  base ${l.cpuUs?.base?.toFixed(0)}${bad}`,
        warmupRow(l)
      );
    }
  process.stdout.write(`${rows.join('\n')}\n`);
  log(`raw results in ${OUT.replace(/\.md$/, '.json')}`);
}

/** `--micro-only`: the span micro workload alone, printed per SDK, with each line's validity. */
async function mainMicroOnly() {
  const servers = await startServers();
  const loadAtStart = loadavg();
  let micro;
  try {
    micro = await runMicro(servers);
  } finally {
    servers.child.stdin.end();
  }
  const loadAtEnd = loadavg();
  writeFileSync(OUT.replace(/\.md$/, '.json'), `${JSON.stringify({ micro, sizes: SIZES, loadAtStart, loadAtEnd })}\n`);
  const load = (l) => l.map((x) => x.toFixed(1)).join('/');
  const rows = [`load ${load(loadAtStart)} → ${load(loadAtEnd)}`];
  const cell = (m) => {
    if (!m) return 'n/a';
    if (m.invalid?.length > 0) return `invalid (${m.invalid.length} round(s): ${m.invalid.slice(0, 2).join('; ')})`;
    return `${m.medianUs.toFixed(3)} µs [rounds ${m.samples.map((v) => v.toFixed(3)).join(' ')}], ${m.opsPerRound} ops/round in slices of ${m.sliceOps}`;
  };
  for (const [sampling, bySdk] of Object.entries(micro))
    for (const [sdk, res] of Object.entries(bySdk)) {
      if (res?.error || res?.skipped) {
        rows.push(`${sampling.padEnd(9)} ${sdk.padEnd(10)} ${res.error ?? res.skipped}`);
        continue;
      }
      for (const what of ['flat', 'nested'])
        rows.push(`${sampling.padEnd(9)} ${sdk.padEnd(10)} ${what.padEnd(6)} ${cell(res[what])}`);
    }
  process.stdout.write(`${rows.join('\n')}\n`);
  const violations = microViolations(micro);
  for (const v of violations) log(`INVALID: ${v}`);
  if (violations.length > 0) process.exitCode = 1;
}

if (opts['micro-only']) {
  mainMicroOnly().catch((error) => {
    process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  });
} else if (opts['paired-only']) {
  mainPairedOnly().catch((error) => {
    process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  });
} else if (opts.render) {
  writeFileSync(OUT, renderReport(JSON.parse(readFileSync(opts.render, 'utf8'))));
  log(`re-rendered ${OUT} from ${opts.render}`);
} else {
  main().catch((error) => {
    process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  });
}
