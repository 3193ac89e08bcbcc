// A lean Anthropic-compatible fake server (`POST /v1/messages`) for benchmarks: every response
// body is built once at start-up, like the OpenAI one (servers/openai-server.mjs), with which it
// shares the HTTP and SSE code (servers/fake-http.mjs). The model name picks the response:
// "bench-1k" → ~1 KB of text, "bench-100k" → ~100 KB. `stream: true` answers with the real event
// sequence: message_start (with usage), content_block_start, STREAM_CHUNKS text deltas,
// content_block_stop, message_delta (output_tokens, stop_reason), message_stop.
import { fakeProvider, modelOf, sseFrame } from './fake-http.mjs';
import { STREAM_CHUNKS } from './openai-server.mjs';
import { makeText } from '../lib/text.mjs';

const INPUT_TOKENS = 250;

function messageBody(model, text) {
  return Buffer.from(
    JSON.stringify({
      id: 'msg_bench',
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: INPUT_TOKENS, output_tokens: Math.ceil(text.length / 4) },
    })
  );
}

function streamBody(model) {
  const frames = [
    sseFrame(
      {
        type: 'message_start',
        message: {
          id: 'msg_bench',
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: INPUT_TOKENS, output_tokens: 1 },
        },
      },
      'message_start'
    ),
    sseFrame(
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      'content_block_start'
    ),
  ];
  for (let i = 0; i < STREAM_CHUNKS; i++) {
    const delta = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `tok${i} ` } };
    frames.push(sseFrame(delta, 'content_block_delta'));
  }
  frames.push(
    sseFrame({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
    sseFrame(
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: STREAM_CHUNKS },
      },
      'message_delta'
    ),
    sseFrame({ type: 'message_stop' }, 'message_stop')
  );
  return Buffer.from(frames.join(''));
}

const BODIES = {
  'bench-1k': messageBody('bench-1k', makeText(1024, 201)),
  'bench-100k': messageBody('bench-100k', makeText(100 * 1024, 202)),
};

const provider = fakeProvider({
  pick: (raw) => BODIES[modelOf(raw, 'bench-1k')] ?? BODIES['bench-1k'],
  stream: streamBody('bench-stream'),
  headers: { 'request-id': 'req_bench', 'anthropic-version': '2023-06-01' },
});

/** In-process answers for the client's `fetch` option (see servers/fake-http.mjs). */
export const { inProcessFetch: anthropicInProcessFetch, yieldingFetch: anthropicYieldingFetch } = provider;

/** Starts the server on 127.0.0.1 and an ephemeral port; resolves to { server, url } (the client's baseURL). */
export function startAnthropicServer(port = 0) {
  return provider.start(port);
}
