// A lean OpenAI-compatible fake server for benchmarks: every response body is built once
// at start-up, so the server costs the same for every SDK and stays off the critical path.
// The model name picks the response: "bench-1k" → ~1 KB of content, "bench-100k" → ~100 KB.
// `stream: true` answers with STREAM_CHUNKS SSE chunks (plus a final usage chunk).
import { createServer } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
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
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`
  );
  for (let i = 1; i < STREAM_CHUNKS - 1; i++) {
    parts.push(
      `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: `tok${i} ` }, finish_reason: null }] })}\n\n`
    );
  }
  parts.push(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
  parts.push(
    `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 250, completion_tokens: STREAM_CHUNKS, total_tokens: 250 + STREAM_CHUNKS } })}\n\n`
  );
  parts.push('data: [DONE]\n\n');
  return Buffer.from(parts.join(''));
}

const BODIES = {
  'bench-1k': completionBody('bench-1k', makeText(1024, 101)),
  'bench-100k': completionBody('bench-100k', makeText(100 * 1024, 102)),
};
const STREAM = streamBody('bench-stream');
const JSON_HEADERS = { 'content-type': 'application/json', 'x-request-id': 'req_bench' };

function modelOf(raw) {
  // Cheap scan instead of JSON.parse of up to 100 KB per request.
  const i = raw.indexOf('"model":"');
  if (i < 0) return 'bench-1k';
  return raw.slice(i + 9, raw.indexOf('"', i + 9));
}

const STREAM_HEADERS = { 'content-type': 'text/event-stream', 'x-request-id': 'req_bench' };

/**
 * The same answers without a socket: a `fetch` for the client's `fetch` option. The real
 * `openai` client still builds, sends, parses and streams everything; only the transport is
 * in-process, so a workload measures the SDKs' CPU cost without loopback-network noise.
 */
export async function inProcessFetch(_url, init) {
  const raw = typeof init?.body === 'string' ? init.body : '';
  if (raw.includes('"stream":true')) return new Response(STREAM, { status: 200, headers: STREAM_HEADERS });
  const body = BODIES[modelOf(raw)] ?? BODIES['bench-1k'];
  return new Response(body, { status: 200, headers: JSON_HEADERS });
}

/**
 * `inProcessFetch` that first lets the event loop turn once (setImmediate), as a socket would:
 * timers and I/O callbacks (the SDK's batch timer, its export's HTTP) run between calls, as
 * they do in an app, instead of waiting until the measured calls are over.
 */
export async function yieldingFetch(url, init) {
  await nextTurn();
  return inProcessFetch(url, init);
}

/** Starts the server on 127.0.0.1 and an ephemeral port; resolves to { server, url }. */
export function startOpenAIServer(port = 0) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      if (raw.includes('"stream":true')) {
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          'x-request-id': 'req_bench',
        });
        res.end(STREAM);
        return;
      }
      const body = BODIES[modelOf(raw)] ?? BODIES['bench-1k'];
      res.writeHead(200, { ...JSON_HEADERS, 'content-length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/v1` }));
  });
}
