/**
 * Two processes, one trace: this test process is the client (an outgoing `fetch` inside a
 * traced operation), each framework's service runs in a child process with the built package,
 * and both export to one fake Noveum receiver on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { flush, init, shutdown } from '../../../src/api/init.js';
import { traceOperation } from '../../../src/api/scoped.js';
import { runConsumer, type ConsumerResult } from '../../helpers/consumer.js';
import {
  noveumSpans,
  noveumTraces,
  startNoveumReceiver,
  type NoveumSpanBody,
  type Receiver,
} from '../../fixtures/servers/noveum-receiver.js';
import { SERVER_CASES, type ServerCase } from './servers.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntilUp(base: string, child: { done: boolean }): Promise<void> {
  for (let i = 0; i < 400 && !child.done; i++) {
    try {
      const res = await fetch(`${base}/health`);
      await res.text();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`server at ${base} never came up`);
}

interface ClientRun {
  readonly traceId: string;
  readonly callSpanId: string;
  readonly streamed: string;
  readonly boomStatus: number;
  readonly server: ConsumerResult;
}

/** Starts the service, calls it from traced operations, stops it and waits for its export. */
async function runCase(c: ServerCase, receiver: Receiver): Promise<ClientRun> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const state = { done: false };
  const server = runConsumer(c.format, c.body, {
    imports: c.imports,
    env: { PORT: String(port), RECEIVER: receiver.url },
    timeoutMs: 30_000,
  }).finally(() => (state.done = true));
  let traceId = '';
  let callSpanId = '';
  let streamed = '';
  let boomStatus = 0;
  try {
    await waitUntilUp(base, state);
    await traceOperation('client-op', async (root) => {
      traceId = root.traceId;
      root.setAttribute('user.id', 'user-7');
      root.setAttribute('session.id', 'sess 1');
      await traceOperation('call-agent', async (call) => {
        callSpanId = call.spanId;
        streamed = await fetch(`${base}/chat/42?secret=s3`, { method: 'POST' }).then((r) => r.text());
      });
      boomStatus = (await fetch(`${base}/boom`).then(async (r) => (await r.text(), r))).status;
    });
    // Sampled out here (rule below): the service must record nothing for it.
    await traceOperation('dropped-op', () => fetch(`${base}/chat/7`, { method: 'POST' }).then((r) => r.text()));
    await fetch(`${base}/shutdown`, { method: 'POST' }).then((r) => r.text());
  } finally {
    await server;
  }
  return { traceId, callSpanId, streamed, boomStatus, server: await server };
}

function one(spans: NoveumSpanBody[], predicate: (s: NoveumSpanBody) => boolean, what: string): NoveumSpanBody {
  const found = spans.filter(predicate);
  assert.equal(found.length, 1, `expected one ${what}, got ${found.length}: ${found.map((s) => s.name).join(', ')}`);
  return found[0]!;
}

describe('one trace across two processes', () => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startNoveumReceiver();
    init({
      apiKey: 'client-key',
      endpoint: `${receiver.url}/api`,
      project: 'client',
      sampling: { rules: [{ name: 'dropped-op', rate: 0 }] },
    });
  });
  after(async () => {
    await shutdown();
    await receiver.close();
  });

  for (const c of SERVER_CASES) {
    it(`${c.name}: the server span continues the client's trace, its work nests under it, sampled-out calls stay unrecorded`, async () => {
      const run = await runCase(c, receiver);
      assert.equal(run.server.code, 0, `server exited with ${run.server.code}: ${run.server.stderr}`);
      assert.equal(run.streamed, 'data: 1\n\ndata: 2\n\n', 'the streamed body reaches the client unchanged');
      assert.equal(run.boomStatus, 500);
      await flush();
      const serverTraces = noveumTraces(receiver).filter((t) => t.project === 'server' && t.trace_id === run.traceId);
      const spans = serverTraces.flatMap((t) => t.spans);

      const route = c.chatRoute ?? '/chat/:id';
      const chat = one(spans, (s) => s.name === `POST ${route}`, `POST ${route} span`);
      assert.equal(chat.trace_id, run.traceId, 'the server span is in the client trace');
      assert.equal(chat.parent_span_id, run.callSpanId, "the server span's parent is the client span that called");
      assert.equal(chat.attributes['http.route'], route);
      assert.equal(chat.attributes['http.request.method'], 'POST');
      assert.equal(chat.attributes['url.path'], '/chat/42', 'no query string');
      assert.equal(chat.attributes['http.response.status_code'], 200);
      assert.equal(chat.attributes['user.id'], 'user-7', 'user.id travels as baggage');
      assert.equal(chat.attributes['session.id'], 'sess 1', 'session.id travels as baggage (percent-encoded)');
      for (const name of ['retrieve', 'sse-last']) {
        const child = one(spans, (s) => s.name === name, name);
        assert.equal(child.parent_span_id, chat.span_id, `${name} nests under the server span`);
      }
      // The stream's last span arrived with its root, not as a late fragment: the span was open until the end.
      const chatTrace = serverTraces.find((t) => t.spans.some((s) => s.span_id === chat.span_id))!;
      assert.ok(chatTrace.spans.some((s) => s.name === 'sse-last'));

      const boom = one(spans, (s) => s.name === 'GET /boom', 'GET /boom span');
      assert.equal(boom.status, 'error');
      assert.equal(boom.attributes['http.response.status_code'], 500);
      assert.equal(boom.parent_span_id !== null, true);

      const all = noveumSpans(receiver);
      assert.equal(all.filter((s) => s.attributes['url.path'] === '/chat/7').length, 0, 'nothing recorded for -00');
      assert.equal(
        all.filter((s) => /health|shutdown/.test(s.name) || /health|shutdown/.test(String(s.attributes['url.path'])))
          .length,
        0
      );
      for (const r of receiver.all) assert.equal(r.headers.traceparent, undefined, 'exports carry no trace headers');
    });
  }
});
