// Renders what the paired figures leave out: the warm-up's length (stated in the method) and its
// cold calls (a table next to the 1 KB figures), so the one-off cost is shown, not hidden.
import { pairedLines } from './paired-stats.mjs';
import { diffText, PAIRED_KEYS, PAIRED_LABELS } from './report-paired.mjs';
import { HTTP_KEYS, LANGCHAIN_KEYS } from './report-cross.mjs';

const fmt = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(0)}` : '–');
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(0) : '–');
const count = (v) => (typeof v === 'number' ? v.toLocaleString('en-US') : '–');

/** The warm-up calls per side of one workload's fixture, as recorded by the first process that has them. */
function warmCalls(paired, keys, key) {
  for (const byKey of Object.values(pairedLines(paired, keys))) if (byKey[key]?.warmup) return byKey[key].warmup.calls;
  return undefined;
}

/** "2,000 calls at 1 KB, 128 at 100 KB, 24 streams": the warm-up of each workload that ran. */
function lengths(r) {
  const of = (paired, keys, key) => count(warmCalls(paired, keys, key));
  const parts = [];
  for (const [name, paired] of [
    ['OpenAI', r.paired],
    ['Anthropic', r.pairedAnthropic],
  ])
    if (warmCalls(paired, PAIRED_KEYS, '1k') !== undefined)
      parts.push(
        `${name}: ${of(paired, PAIRED_KEYS, '1k')} calls at 1 KB, ${of(paired, PAIRED_KEYS, '100k')} at 100 KB, ${of(paired, PAIRED_KEYS, 'stream')} streams`
      );
  if (warmCalls(r.pairedLangChain, LANGCHAIN_KEYS, 'chain') !== undefined)
    parts.push(`LangChain: ${of(r.pairedLangChain, LANGCHAIN_KEYS, 'chain')} chain calls`);
  if (warmCalls(r.pairedHttp, HTTP_KEYS, 'server') !== undefined)
    parts.push(
      `across services: ${of(r.pairedHttp, HTTP_KEYS, 'server')} requests, ${of(r.pairedHttp, HTTP_KEYS, 'fetch')} fetches, ${of(r.pairedHttp, HTTP_KEYS, 'propagation')} propagated fetches`
    );
  return parts.join('; ');
}

/** The method's bullet on the warm-up: how long it was, and why the figures leave it out. */
export function warmupMethod(r) {
  const stated = lengths(r);
  if (stated === '')
    return `- **Warm-up, excluded.** Before the measured pairs each side made two warm-up rounds of four times
  a round's calls (this run predates the longer warm-up, so its figures include some of V8's
  one-off compilation).`;
  return `- **Warm-up, excluded.** Before the measured pairs, both sides of every configuration make the same
  warm-up calls, in rounds flushed and checked like measured ones (a dropped span makes the line
  invalid), per side: ${stated}. Later fixtures of a process run after the earlier ones, so
  they reuse code already compiled. On this bench the CPU that other threads spend per call, mostly
  V8 compiling in the background, falls over about the first 2,000 calls of a new call path, for
  the untraced side as for the traced one (which has more code to compile, and settles a few
  hundred calls later), then stays flat: the figures are the steady state a long-running app
  pays. The cold calls they leave out are shown below the 1 KB table, with the added CPU of the
  first and last third of the pairs (equal within noise once the warm-up was long enough).`;
}

/**
 * The cold calls of the 1 KB OpenAI fixture (the first fixture of each process, so its first
 * warm-up calls are the process's first): CPU per call of each side over the first block of the
 * warm-up and over its last, then the measured pairs (and their first and last third).
 */
export function warmupTable(r) {
  const lines = pairedLines(r.paired, PAIRED_KEYS);
  const rows = Object.entries(lines).filter(([, byKey]) => byKey['1k']?.warmup);
  if (rows.length === 0) return '';
  const w = rows[0][1]['1k'].warmup;
  const sides = (b, a, t) => `${num(b[a])} → ${num(b[t])}`;
  const out = [
    `**Cold calls, left out of the figures above** (1 KB call). CPU per call, all threads, untraced side →
traced side, over the first ${count(w.first.calls)} calls of each side in a fresh process and over the last
${count(w.last.calls)} of its ${count(w.calls)} warm-up calls (means; median of the processes), and the other threads'
share. In the first calls side A runs first and pays one-off costs both sides share, so the A/A
row is the baseline for the cold columns; the last column compares the first and last third of
the measured pairs (equal within noise in a steady state).`,
    '',
    `| configuration | first ${count(w.first.calls)} calls (cold) | of which other threads | last ${count(w.last.calls)} warm-up calls | of which other threads | measured added CPU | added CPU, first / last third of the pairs |`,
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [sdk, byKey] of rows) {
    const l = byKey['1k'];
    const { first, last } = l.warmup;
    out.push(
      `| ${PAIRED_LABELS[sdk] ?? sdk} | ${sides(first, 'cpuA', 'cpuB')} | ${sides(first, 'othersA', 'othersB')} | ${sides(last, 'cpuA', 'cpuB')} | ${sides(last, 'othersA', 'othersB')} | ${l.invalid.length > 0 ? 'invalid' : diffText(l.cpuUs, 0)} | ${fmt(l.drift?.first)} / ${fmt(l.drift?.last)} |`
    );
  }
  out.push('');
  return out.join('\n');
}
