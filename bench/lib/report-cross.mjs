// The LangChain and "across services" sections of docs/benchmarks.md: the same paired tables
// as the client rows (lib/report-paired.mjs), read from `pairedLangChain` and `pairedHttp`.
import { repoLink } from './repo-link.mjs';
import { aaBiased, pairedLines } from './paired-stats.mjs';
import { diffText } from './report-paired.mjs';

export const LANGCHAIN_KEYS = ['chain'];
export const HTTP_KEYS = ['server', 'fetch', 'propagation'];

const KEY_LABELS = {
  chain: 'chain call: prompt → ChatOpenAI (1 KB) → string parser',
  server: 'Express request, `GET /items/:id` (per request)',
  fetch: 'outgoing `fetch` to another process: bare vs inside an active span (per request)',
  propagation: 'outgoing `fetch` inside an active span: propagation off vs on (per request)',
};

const LANGCHAIN_LABELS = {
  untraced: 'A/A: untraced vs untraced (noise floor)',
  noveum: "**noveum-trace** `autoInstrument('langchain')` + `('openai')` → sink (Noveum exporter)",
  'noveum-base': 'noveum-trace (base build) → sink',
  langfuse: 'Langfuse `@langfuse/langchain` CallbackHandler → sink',
  'lc-noop': "floor: a do-nothing `BaseCallbackHandler` (LangChain's background queue)",
  'lc-noop-await': 'floor: a do-nothing `BaseCallbackHandler`, `awaitHandlers: true`',
};

const HTTP_LABELS = {
  untraced: 'A/A: untraced vs untraced (noise floor)',
  noveum: '**noveum-trace** → sink (Noveum exporter)',
  'noveum-base': 'noveum-trace (base build) → sink',
  otel: 'OpenTelemetry SDK + instrumentation-http, -express, -undici → sink (OTLP JSON)',
};

/** Why the untraced column differs between rows: each row's A side runs in that row's process. */
export const BASE_NOTE =
  'The untraced column is each row\'s own A side: in a process where the SDK entered an `AsyncLocalStorage` context, it includes the promise-hook tax (see the method above), which no "added" figure counts.';

const fmt = (v, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');

function cell(line, metric, d = 1) {
  if (!line || line.pairs === 0) return 'no data';
  if (line.invalid.length > 0) return `invalid (${line.invalid.length} round(s))`;
  return diffText(line[metric], d);
}

/** One table per workload key, like section 1's, with the spans (or traces) each call exported. */
export function tables(paired, keys, labels, keyLabels = KEY_LABELS) {
  const lines = pairedLines(paired, keys);
  const out = [];
  for (const key of keys) {
    out.push(
      `**${keyLabels[key]}**`,
      '',
      '| configuration | untraced CPU / call (µs) | added CPU, all threads (µs) | of which main thread (µs) | added wall (µs) | added worst loop gap per round (ms) | exported per call | pairs × processes |',
      '|---|---:|---:|---:|---:|---:|---:|---:|'
    );
    for (const [sdk, byKey] of Object.entries(lines)) {
      const line = byKey[key];
      const unit = line.perCall === 1 ? line.unit?.replace(/s$/, '') : line.unit;
      const per = line.perCall === undefined ? '–' : `${fmt(line.perCall, 0)} ${unit}`;
      out.push(
        `| ${labels[sdk] ?? sdk} | ${fmt(line.cpuUs?.base)} | ${cell(line, 'cpuUs')} | ${cell(line, 'mainUs')} | ${cell(line, 'wallUs')} | ${cell(line, 'gapMs', 2)} | ${per} | ${line.pairs / Math.max(1, line.processes)} × ${line.processes} |`
      );
    }
    out.push('');
  }
  return out.join('\n');
}

export function aaText(paired, keys) {
  const aa = pairedLines(paired, keys).untraced;
  if (!aa) return '';
  const biased = keys.filter((k) => aaBiased(aa[k]?.cpuUs));
  return biased.length
    ? `**The A/A line's interval excludes zero for ${biased.join(', ')}: read these rows with that in mind.**`
    : "The A/A line's intervals contain zero.";
}

export function versionsOf(paired, extraKey) {
  const out = [];
  for (const [sdk, runs] of Object.entries(paired ?? {})) {
    const v = runs.find((x) => x?.version)?.version;
    if (v && sdk !== 'untraced') out.push(`${sdk}: ${v}`);
  }
  const lib = Object.values(paired ?? {})
    .flat()
    .find((x) => x?.[extraKey])?.[extraKey];
  return `${lib ? `${lib}. ` : ''}Configurations: ${out.join('; ')}.`;
}

/** Invalid rounds and failed processes of one paired workload, as lines of the page's failure list. */
export function workloadProblems(paired, keys, labels, what) {
  const out = [];
  for (const [sdk, byKey] of Object.entries(pairedLines(paired, keys)))
    for (const [key, line] of Object.entries(byKey))
      if (line.invalid.length > 0)
        out.push(
          `- ${what} / ${labels[sdk] ?? sdk} / ${key}: ${line.invalid.slice(0, 3).join('; ')}${line.invalid.length > 3 ? ` (and ${line.invalid.length - 3} more)` : ''}`
        );
  return out;
}

/** Invalid rounds and failed processes of both workloads, for the page's failure list. */
export function crossProblems(r) {
  return [
    ...workloadProblems(r.pairedLangChain, LANGCHAIN_KEYS, LANGCHAIN_LABELS, 'paired LangChain'),
    ...workloadProblems(r.pairedHttp, HTTP_KEYS, HTTP_LABELS, 'paired HTTP'),
  ];
}

/** Section 1c: a LangChain chain call (empty when the run had no LangChain rows). */
export function langchainSection(r) {
  if (!r.pairedLangChain) return '';
  const p = r.sizes;
  return `
## 1c. LangChain chain, paired

A LangChain chain as the README shows it, \`ChatPromptTemplate.pipe(ChatOpenAI).pipe(StringOutputParser)\`,
its \`@langchain/openai\` client on the same in-process transport as section 1 (\`configuration.fetch\`; the 1 KB
fixture's prompt and answer). Same method: ABBA rounds in one process, ${p.pairs} pairs × ${p.pairedProcesses} process(es); side A
is a copy of LangChain loaded before any SDK, side B a second copy loaded after it. A traced round ends
with LangChain's \`awaitAllCallbacks()\` and the SDK's flush, so it pays for its callbacks and its export;
its exported count must match its calls, or the round is invalid. noveum-trace traces through its hooks
(no code change): a span per runnable (sequence, prompt, parser) and one LLM span per model call, the
OpenAI patch writing onto it. Langfuse's handler is passed as \`callbacks\` with each call and exports
through its span processor. ${aaText(r.pairedLangChain, LANGCHAIN_KEYS)} ${BASE_NOTE}

${tables(r.pairedLangChain, LANGCHAIN_KEYS, LANGCHAIN_LABELS)}
${versionsOf(r.pairedLangChain, 'langchain')} Workload: ${repoLink('bench/macro/paired-langchain.bench.mjs')}.
`;
}

/** Section 1d: server middleware and outgoing propagation (empty when the run had no HTTP rows). */
export function httpSection(r) {
  if (!r.pairedHttp) return '';
  const p = r.sizes;
  return `
## 1d. Across services: server middleware and outgoing propagation, paired

Same method (ABBA rounds in one process, ${p.pairs} pairs × ${p.pairedProcesses} process(es), each traced round flushed, counters checked).

- **Express request.** Two Express apps in the worker answer \`GET /items/:id\` with a small JSON body: A
  without tracing (an Express copy loaded before any SDK), B with it: noveum-trace's
  \`traceRequests()\` middleware (\`noveum-trace/express\`), or OpenTelemetry's HTTP and Express
  instrumentations (loaded with the OpenTelemetry SDK, W3C propagators, OTLP JSON to the sink). Each
  request comes over a keep-alive socket written by hand (no client library runs in the process) and
  carries a sampled-in \`traceparent\`, as from an upstream service, so both continue a remote trace.
  OpenTelemetry's HTTP instrumentation patches the process's one \`http\` module, so side A's requests
  go through its \`ignoreIncomingRequestHook\` too: that hook's cost is left out of its "added".
- **Outgoing \`fetch\`.** A \`fetch\` to a server in another process (on 127.0.0.1). A calls it bare; B
  calls it inside an active span of the SDK (\`traceOperation\` / \`startActiveSpan\`), so the request
  carries \`traceparent\`: noveum-trace adds it from Node's undici diagnostics channel; OpenTelemetry's
  undici instrumentation adds it and records a client span (\`requireParentforSpans\`, so the bare
  fetches get none). "Added" is the span around the call plus the propagation, export included.
- **Propagation alone.** Both sides call \`fetch\` inside an active span and flush; A's URL is left out of
  propagation (noveum-trace: \`propagation.outgoing.exclude\`; OpenTelemetry: the undici instrumentation's
  \`ignoreRequestHook\`), B's is not. A's rounds must export their spans too. "Added" is the headers
  alone for noveum-trace, and the client span that carries them for OpenTelemetry.

${aaText(r.pairedHttp, HTTP_KEYS)} ${BASE_NOTE}

${tables(r.pairedHttp, HTTP_KEYS, HTTP_LABELS)}
${versionsOf(r.pairedHttp, 'express')} Workload: ${repoLink('bench/macro/paired-http.bench.mjs')}.
`;
}
