// The Vercel AI SDK section of docs/benchmarks.md (1e): the same paired tables as sections 1c
// and 1d (lib/report-cross.mjs), read from `pairedAI`.
import { AI_FIXTURE_KEYS } from './fixtures.mjs';
import { repoLink } from './repo-link.mjs';
import { pairedLines } from './paired-stats.mjs';
import { BASE_NOTE, aaText, tables, versionsOf, workloadProblems } from './report-cross.mjs';

export const AI_KEYS = AI_FIXTURE_KEYS;

const KEY_LABELS = {
  '1k': '`generateText`, 1 KB prompt and answer (per call)',
  '100k': '`generateText`, 100 KB prompt and answer (per call)',
  stream: '`streamText`, 1 KB prompt, 500 chunks read (per stream)',
};

const AI_LABELS = {
  untraced: 'A/A: untraced vs untraced (noise floor)',
  noveum: '**noveum-trace** `tracer: noveumAITracer()` → sink (Noveum exporter)',
  'noveum-noop': '**noveum-trace** `tracer: noveumAITracer()`, no-op exporter',
  'noveum-base': 'noveum-trace (base build) → sink',
  'noveum-base-noop': 'noveum-trace (base build), no-op exporter',
  otel: 'OpenTelemetry SDK + the AI SDK telemetry → sink (OTLP JSON)',
  langfuse: 'Langfuse `LangfuseSpanProcessor` + the AI SDK telemetry → sink',
};

export function aiProblems(r) {
  return workloadProblems(r.pairedAI, AI_KEYS, AI_LABELS, 'paired Vercel AI SDK');
}

/** The Versions list's lines for this workload: the library under test and each configuration. */
export function aiVersions(r) {
  const out = [];
  for (const [sdk, runs] of Object.entries(r.pairedAI ?? {})) {
    const v = runs.find((x) => x?.version)?.version;
    if (v && sdk !== 'untraced') out.push(`- ${AI_LABELS[sdk] ?? sdk} (section 1e): ${v}`);
  }
  const lib = Object.values(r.pairedAI ?? {})
    .flat()
    .find((x) => x?.ai)?.ai;
  if (lib) out.push(`- Vercel AI SDK (section 1e, library under test): ${lib}`);
  return out;
}

/** Section 1e: `generateText` / `streamText` (empty when the run had no Vercel AI SDK rows). */
export function aiSection(r) {
  if (!r.pairedAI) return '';
  const p = r.sizes;
  const lines = pairedLines(r.pairedAI, AI_KEYS);
  // Calls per round as the workers ran them (fewer than section 1's: these calls cost more).
  const n = (key) => Object.values(lines).find((l) => l[key]?.calls)?.[key].calls ?? '–';
  return `
## 1e. Vercel AI SDK, paired

The Vercel AI SDK's \`generateText\` and \`streamText\` (every text delta read), the model from
\`@ai-sdk/openai\` (\`provider.chat(...)\`, chat completions) whose provider uses the same in-process
transport as section 1 (its \`fetch\` option) and section 1's prompts (\`system\` + \`prompt\`). Same
method: ABBA rounds in one process, ${p.pairs} pairs × ${p.pairedProcesses} process(es), rounds of ${n('1k')} calls at 1 KB, ${n('100k')} at 100 KB and
${n('stream')} streams, each traced round flushed and its exported count checked. Every row traces through the
SDK's own telemetry hook, so both sides call the same \`ai\` module and nothing is patched: A passes no
\`experimental_telemetry\` (telemetry off, which no globally registered tracer provider turns on), B passes
the row's. noveum-trace: \`{ isEnabled: true, tracer: noveumAITracer() }\` as its README shows (the
openai provider makes no \`openai\` client call, so nothing else traces); an operation span and one LLM
span per model call, in one trace. OpenTelemetry: \`{ isEnabled: true }\` on a global provider with a
\`BatchSpanProcessor\` and the OTLP JSON exporter, as in section 1. Langfuse: \`{ isEnabled: true }\` with
\`LangfuseSpanProcessor\` on the registered provider, as Langfuse documents for the AI SDK. The AI SDK
records prompts and answers by default (\`recordInputs\`, \`recordOutputs\`), so every row captures
content, and every row's "added" includes the AI SDK's own telemetry work (building its attributes,
serialising the prompt and the answer into them), which no tracer can avoid. ${aaText(r.pairedAI, AI_KEYS)} ${BASE_NOTE}

${tables(r.pairedAI, AI_KEYS, AI_LABELS, KEY_LABELS)}
${versionsOf(r.pairedAI, 'ai')} Workload: ${repoLink('bench/macro/paired-ai.bench.mjs')}.
`;
}
