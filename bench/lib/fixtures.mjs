// Labelled fixture tables shared by every SDK, so each one does exactly the same work.
import { gzipRatio, makeText } from './text.mjs';

/** The six attributes every micro-benchmark span gets (a typical LLM span's small fields). */
export const SPAN_ATTRIBUTES = [
  ['llm.model', 'gpt-4o-mini'],
  ['llm.provider', 'openai'],
  ['llm.operation', 'chat'],
  ['llm.input_tokens', 250],
  ['llm.output_tokens', 120],
  ['llm.streaming', false],
];

/** The same six attributes as one object (for SDKs that take metadata objects). */
export const SPAN_ATTRIBUTES_OBJECT = Object.fromEntries(SPAN_ATTRIBUTES);

function messagesOf(bytes, seed) {
  const system = makeText(Math.min(200, bytes / 4), seed);
  return [
    { role: 'system', content: system },
    { role: 'user', content: makeText(bytes - system.length, seed + 1) },
  ];
}

/** Request sizes for the instrumented-client workloads; the model name picks the response size. */
export const CLIENT_FIXTURES = [
  { label: '1 KB', key: '1k', request: { model: 'bench-1k', messages: messagesOf(1024, 11) } },
  { label: '100 KB', key: '100k', request: { model: 'bench-100k', messages: messagesOf(100 * 1024, 21) } },
];

/** The streaming fixture: a 1 KB request answered by 500 SSE chunks. */
export const STREAM_FIXTURE = {
  label: 'stream 500 chunks',
  key: 'stream',
  request: {
    model: 'bench-stream',
    messages: messagesOf(1024, 31),
    stream: true,
    stream_options: { include_usage: true },
  },
};

/** The Vercel AI SDK workload's fixtures: section 1's, by key (the same prompts and answers). */
export const AI_FIXTURE_KEYS = ['1k', '100k', 'stream'];

/** Size and gzip ratio of each fixture's prompt text, printed with the results (real text: ~2–3×). */
export function fixtureTextStats() {
  return CLIENT_FIXTURES.map((f) => {
    const text = f.request.messages.map((m) => m.content).join('\n');
    return { label: f.label, key: f.key, bytes: text.length, gzipRatio: gzipRatio(text) };
  });
}

/** The Anthropic Messages API's shape of a chat request: the system prompt is a top-level field. */
function anthropicRequest(model, bytes, seed, extra = {}) {
  const [system, user] = messagesOf(bytes, seed);
  return { model, max_tokens: 4096, system: system.content, messages: [user], ...extra };
}

/** The Anthropic fixtures: the same sizes, keys and text as the OpenAI ones, in Messages API form. */
export const ANTHROPIC_FIXTURES = [
  { label: '1 KB', key: '1k', request: anthropicRequest('bench-1k', 1024, 11) },
  { label: '100 KB', key: '100k', request: anthropicRequest('bench-100k', 100 * 1024, 21) },
  { label: 'stream 500 chunks', key: 'stream', request: anthropicRequest('bench-stream', 1024, 31, { stream: true }) },
];
