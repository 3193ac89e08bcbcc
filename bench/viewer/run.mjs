// Viewer benchmark: writes N traces in the file exporter's format (Noveum wire shape, files
// rotated at 10 MB), starts `noveum-trace view` on them, and measures in headless Chromium the
// time to the first painted row of the list, the time to open a trace, the time until the whole
// folder is indexed, and the server's memory (RSS now and peak) at each point.
// Usage: npm run build && node bench/viewer/run.mjs [--traces 100000] [--bytes 10000] [--dir path [--reuse]] [--keep]
// (100,000 traces of 10 KB is about 1 GB: too big for CI; try --traces 2000 for a quick look.)
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const TRACES = Number(arg('traces', 100_000));
const BYTES = Number(arg('bytes', 10_000));
const FILE_BYTES = 10 * 1024 * 1024;
const dir = arg('dir', undefined) ?? mkdtempSync(join(tmpdir(), 'noveum-viewer-bench-'));
const hex = (n, width) => n.toString(16).padStart(width, '0');

/** One trace line: an agent root, a retrieval, two LLM calls and a tool, padded to about BYTES. */
function traceLine(i, t0) {
  const id = hex(i + 1, 32);
  const at = (ms) => new Date(t0 + ms).toISOString().replace('Z', '000+00:00');
  const span = (n, parent, name, start, dur, attributes) => ({
    span_id: hex(i * 8 + n, 16),
    trace_id: id,
    parent_span_id: parent === null ? null : hex(i * 8 + parent, 16),
    name,
    kind: 'internal',
    start_time: at(start),
    end_time: at(start + dur),
    duration_ms: dur,
    status: 'ok',
    status_message: null,
    attributes,
    events: [],
    links: [],
  });
  const model = i % 3 === 0 ? 'gpt-4o' : 'gpt-4o-mini';
  const llm = (prompt) => ({
    'noveum.span_type': 'llm',
    'llm.model': model,
    'llm.provider': 'openai',
    'llm.input_tokens': 120,
    'llm.output_tokens': 40,
    'llm.total_tokens': 160,
    'llm.cost.total': 0.0004,
    'llm.messages': JSON.stringify([
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: prompt },
    ]),
    'llm.response': 'A short answer.',
  });
  const pad = 'lorem ipsum '.repeat(Math.max(0, Math.floor((BYTES - 3000) / 24)));
  const spans = [
    span(1, null, `agent_run_${i % 50}`, 0, 900, { 'noveum.span_type': 'agent', 'user.id': `user-${i % 1000}` }),
    span(2, 1, 'retrieval.kb', 5, 40, { 'noveum.span_type': 'retrieval', 'retrieval.results_count': 3 }),
    span(3, 1, `chat ${model}`, 50, 400, llm(`question ${i}: ${pad}`)),
    span(4, 1, 'tool.lookup', 460, 30, { 'noveum.span_type': 'tool', 'tool.name': 'lookup' }),
    span(5, 1, `chat ${model}`, 500, 390, llm(`follow-up ${i}: ${pad}`)),
  ];
  return JSON.stringify({
    trace_id: id,
    name: `agent_run_${i % 50}`,
    start_time: at(0),
    end_time: at(900),
    duration_ms: 900,
    status: i % 17 === 0 ? 'error' : 'ok',
    status_message: null,
    span_count: spans.length,
    error_count: 0,
    attributes: {},
    metadata: {},
    events: [],
    sdk: { name: 'noveum-trace-ts', version: 'bench' },
    project: 'bench',
    environment: 'bench',
    spans,
  });
}

function writeFolder() {
  const start = Date.now() - TRACES * 1000;
  let file = 0;
  let fd = -1;
  let size = FILE_BYTES;
  let total = 0;
  for (let i = 0; i < TRACES; i++) {
    const line = traceLine(i, start + i * 1000) + '\n';
    if (size + line.length > FILE_BYTES) {
      if (fd !== -1) closeSync(fd);
      fd = openSync(join(dir, `traces-20260101-000000-1-${String(++file).padStart(5, '0')}.jsonl`), 'w');
      size = 0;
    }
    size += writeSync(fd, line);
    total += line.length;
  }
  if (fd !== -1) closeSync(fd);
  return { files: file, bytes: total };
}

function reusedFolder() {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  return { files: files.length, bytes: files.reduce((n, f) => n + statSync(join(dir, f)).size, 0) };
}

const memory = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMB: Math.round(kb('VmRSS') / 1024), peakMB: Math.round(kb('VmHWM') / 1024) };
};

// --reuse: measure a folder written by an earlier run (with --dir and --keep) instead of writing it again.
const written = process.argv.includes('--reuse') ? reusedFolder() : writeFolder();
console.log(`wrote ${TRACES} traces, ${(written.bytes / 1e6).toFixed(0)} MB in ${written.files} files to ${dir}`);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage();
const t0 = performance.now();
const child = spawn(process.execPath, [join(ROOT, 'dist/viewer/cli.js'), 'view', dir, '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
process.on('exit', () => child.kill('SIGTERM'));
const url = await new Promise((r) => createInterface({ input: child.stdout }).once('line', r));
const listening = performance.now() - t0;
await page.goto(url);
await page.waitForSelector('a.trace-row');
const firstPaint = performance.now() - t0;
const atFirstPaint = memory(child.pid);
const o0 = performance.now();
await page.click('a.trace-row');
await page.waitForSelector('#span-details');
const openTrace = performance.now() - o0;
let list;
do {
  await new Promise((r) => setTimeout(r, 200));
  list = await (await fetch(`${url}api/traces`)).json();
} while (list.indexing);
const indexed = performance.now() - t0;
const s0 = performance.now();
await (await fetch(`${url}api/traces?q=agent_run_7`)).json();
const nameSearch = performance.now() - s0;
// Full text: a phrase from one prompt near the oldest end, so the scan reads every file.
const needle = encodeURIComponent(`follow-up ${Math.floor(TRACES / 10)}: lorem`);
const f0 = performance.now();
let firstHit;
for (;;) {
  const found = await (await fetch(`${url}api/traces?q=${needle}`)).json();
  if (firstHit === undefined && found.total > 0) firstHit = performance.now() - f0;
  if (!found.search.running) break;
  await new Promise((r) => setTimeout(r, 100));
}
const fullText = performance.now() - f0;
const atEnd = memory(child.pid);
const result = {
  traces: TRACES,
  megabytes: Math.round(written.bytes / 1e6),
  files: written.files,
  listeningMs: Math.round(listening),
  firstPaintMs: Math.round(firstPaint),
  openTraceMs: Math.round(openTrace),
  fullyIndexedMs: Math.round(indexed),
  nameSearchMs: Math.round(nameSearch),
  fullTextFirstMatchMs: Math.round(firstHit ?? NaN),
  fullTextScanMs: Math.round(fullText),
  rssAtFirstPaintMB: atFirstPaint.rssMB,
  rssIndexedMB: atEnd.rssMB,
  peakRssMB: atEnd.peakMB,
};
console.log(JSON.stringify(result, null, 2));
await browser.close();
child.kill('SIGTERM');
if (!process.argv.includes('--keep') && arg('dir', undefined) === undefined)
  rmSync(dir, { recursive: true, force: true });
