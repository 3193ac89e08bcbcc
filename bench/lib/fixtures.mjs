// Labelled fixture tables shared by every SDK, so each one does exactly the same work.
import { makeText } from '../servers/openai-server.mjs';

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

function messagesOf(bytes) {
  const system = makeText(Math.min(200, bytes / 4));
  return [
    { role: 'system', content: system },
    { role: 'user', content: makeText(bytes - system.length) },
  ];
}

/** Request sizes for the instrumented-client workloads; the model name picks the response size. */
export const CLIENT_FIXTURES = [
  { label: '1 KB', key: '1k', request: { model: 'bench-1k', messages: messagesOf(1024) } },
  { label: '100 KB', key: '100k', request: { model: 'bench-100k', messages: messagesOf(100 * 1024) } },
];

/** The streaming fixture: a 1 KB request answered by 500 SSE chunks. */
export const STREAM_FIXTURE = {
  label: 'stream 500 chunks',
  key: 'stream',
  request: { model: 'bench-stream', messages: messagesOf(1024), stream: true, stream_options: { include_usage: true } },
};
