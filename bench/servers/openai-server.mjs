// A lean OpenAI-compatible fake server for benchmarks: every response body is built once
// at start-up, so the server costs the same for every SDK and stays off the critical path.
// The model name picks the response: "bench-1k" → ~1 KB of content, "bench-100k" → ~100 KB.
// `stream: true` answers with STREAM_CHUNKS SSE chunks (plus a final usage chunk).
import { fakeProvider, modelOf, sseFrame } from './fake-http.mjs';
import { makeText } from '../lib/text.mjs';

export const STREAM_CHUNKS = 500;

function completionBody(model, content) {
  return Buffer.from(
    JSON.stringify({
      id: 'chatcmpl-bench',
      object: 'chat.completion',
      created: 1_700_000_000,
      model,
      choices: [
        { index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' },
      ],
      usage: {
        prompt_tokens: 250,
        completion_tokens: Math.ceil(content.length / 4),
        total_tokens: 250 + Math.ceil(content.length / 4),
      },
      system_fingerprint: 'fp_bench',
    })
  );
}

function streamBody(model) {
  const parts = [];
  const base = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model,
    system_fingerprint: 'fp_bench',
  };
  parts.push(
    sseFrame({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })
  );
  for (let i = 1; i < STREAM_CHUNKS - 1; i++) {
    parts.push(sseFrame({ ...base, choices: [{ index: 0, delta: { content: `tok${i} ` }, finish_reason: null }] }));
  }
  parts.push(sseFrame({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
  parts.push(
    sseFrame({
      ...base,
      choices: [],
      usage: { prompt_tokens: 250, completion_tokens: STREAM_CHUNKS, total_tokens: 250 + STREAM_CHUNKS },
    })
  );
  parts.push(sseFrame('[DONE]'));
  return Buffer.from(parts.join(''));
}

const BODIES = {
  'bench-1k': completionBody('bench-1k', makeText(1024, 101)),
  'bench-100k': completionBody('bench-100k', makeText(100 * 1024, 102)),
};

const provider = fakeProvider({
  pick: (raw) => BODIES[modelOf(raw, 'bench-1k')] ?? BODIES['bench-1k'],
  stream: streamBody('bench-stream'),
  headers: { 'x-request-id': 'req_bench' },
});

/** In-process answers for the client's `fetch` option (see servers/fake-http.mjs). */
export const { inProcessFetch, yieldingFetch } = provider;

/** Starts the server on 127.0.0.1 and an ephemeral port; resolves to { server, url }. */
export async function startOpenAIServer(port = 0) {
  const { server, url } = await provider.start(port);
  return { server, url: `${url}/v1` };
}
