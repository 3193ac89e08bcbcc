// The Anthropic rows of docs/benchmarks.md: the same paired tables and budget lines as the
// OpenAI ones (lib/report-paired.mjs), read from the `pairedAnthropic` results.
import { LIMITS } from './limits.mjs';
import { repoLink } from './repo-link.mjs';
import { aaNote, pairedBudget, pairedProblems, pairedTables } from './report-paired.mjs';

/** The OpenAI budget lines that apply here too; the contrib comparison has no Anthropic peer. */
const NOT_HERE = new Set(['call1kContrib']);

/** The Anthropic budget rows: same rules and verdicts, ids and texts marked as Anthropic's. */
export function anthropicBudget(r) {
  if (!r.pairedAnthropic) return [];
  return pairedBudget(r, r.pairedAnthropic)
    .filter((l) => !NOT_HERE.has(l.id))
    .map((l) => ({ ...l, id: `anthropic.${l.id}`, text: `Anthropic, ${l.text}` }));
}

/**
 * The "what limits it" note of an Anthropic line: its OpenAI line's, read on section 1b's rows;
 * only a pointer when that OpenAI line is listed too (`misses`), so the page does not say it twice.
 */
export function anthropicLimit(id, misses = []) {
  if (!id.startsWith('anthropic.')) return undefined;
  const openaiId = id.slice('anthropic.'.length);
  const note = LIMITS[openaiId];
  if (note === undefined) return undefined;
  return misses.some((l) => l.id === openaiId)
    ? "as for the OpenAI line above, read on section 1b's rows."
    : `as for the OpenAI line, read on section 1b's rows in place of table 1's: ${note}`;
}

export function anthropicProblems(r) {
  return r.pairedAnthropic ? pairedProblems(r, r.pairedAnthropic, 'paired Anthropic') : [];
}

/** Versions of the Anthropic configurations (those not already listed for OpenAI). */
export function anthropicVersions(r) {
  const out = [];
  for (const runs of Object.values(r.pairedAnthropic ?? {})) {
    const v = runs.find((x) => x?.version)?.version;
    if (v) out.push(v);
  }
  const sdk = Object.values(r.pairedAnthropic ?? {})
    .flat()
    .find((x) => x?.anthropic)?.anthropic;
  return { configurations: out, sdk };
}

/** The page's Anthropic section (empty when the run had no Anthropic rows). */
export function anthropicSection(r) {
  if (!r.pairedAnthropic) return '';
  const p = r.sizes;
  const { configurations, sdk } = anthropicVersions(r);
  return `## 1b. Instrumented Anthropic client, paired

The real \`@anthropic-ai/sdk\` client (${sdk ?? '–'}), \`messages.create\`, with the same method, rounds and
in-process transport as section 1: the fake Anthropic server's bodies (${repoLink('bench/servers/anthropic-server.mjs')}: JSON
messages, and streams in the API's event sequence, message_start → 500 text deltas → message_stop), the
same prompt text as the OpenAI fixtures (system prompt as the top-level \`system\` field). ${p.pairs} pairs ×
${p.pairedProcesses} process(es). The client's own OpenTelemetry call spans (\`openTelemetry\` option) are off on
both sides, so a row measures only the SDK named in it. For these rows: ${aaNote({ paired: r.pairedAnthropic })}

Peers: OpenTelemetry + OpenInference's \`@arizeai/openinference-instrumentation-anthropic\` (OTLP JSON to the
same sink), LangSmith's \`wrapAnthropic\` and Braintrust's \`wrapAnthropic\`. **No row, for want of an
integration of their own:** OpenTelemetry contrib (its instrumentation in section 1 covers OpenAI only) and
Langfuse (its JS packages wrap OpenAI only; its documented route for Anthropic is OpenInference's
instrumentation above with Langfuse's span processor in place of the OTLP exporter, which this run did
not measure).

${pairedTables(r, r.pairedAnthropic)}
Configurations: ${configurations.join('; ')}.
`;
}
