/**
 * Peer pitfall 2 (streams), the paths the OpenAI scenarios do not reach: a caller that stops
 * reading a stream without `break` or `abort()` (the span must still be exported, at shutdown
 * or when the script ends, with what was read), and a caller that breaks early (the response
 * must stop there: nothing may keep reading it in the background).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { getClient } from '../../../src/api/client.js';
import { traceOperation } from '../../../src/api/scoped.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { traceOpenAI } from '../../../src/instrumentation/openai/traced-client.js';
import { runConsumer } from '../../helpers/consumer.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { noveumSpans, startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';
import { setupTracing } from '../../helpers/tracing.js';

const CHUNKS = 200;

/** An SSE endpoint that sends CHUNKS chat chunks, 5 ms apart, and counts what it wrote. */
async function startCountingServer(): Promise<{
  url: string;
  written: () => number;
  closed: Promise<void>;
  server: Server;
}> {
  let written = 0;
  let onClosed!: () => void;
  const closed = new Promise<void>((resolve) => (onClosed = resolve));
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = (i: number) =>
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: `w${i} ` }, finish_reason: null }] })}\n\n`;
    const timer = setInterval(() => {
      if (written === CHUNKS) {
        clearInterval(timer);
        res.end('data: [DONE]\n\n');
        return;
      }
      res.write(chunk(written++));
    }, 5);
    res.on('close', () => {
      clearInterval(timer);
      onClosed();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    written: () => written,
    closed,
    server,
  };
}

const MODES = [
  ['instrument({ openai })', (c: OpenAI) => (instrument({ openai: OpenAI }), c)],
  ['traceOpenAI(client)', (c: OpenAI) => traceOpenAI(c)],
] as const;

describe('a stream the caller stops reading', () => {
  let server: FakeOpenAIServer;
  let receiver: Receiver;
  before(async () => {
    [server, receiver] = await Promise.all([startFakeOpenAI(), startNoveumReceiver()]);
  });
  after(async () => {
    await Promise.all([server.close(), receiver.close()]);
  });

  for (const [mode, trace] of MODES) {
    it(`is still exported at shutdown, with what was read, and not as an error (${mode})`, async () => {
      const tracing = setupTracing();
      try {
        const client = trace(new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 }));
        let read = '';
        // The caller keeps the stream (a stream it drops is garbage-collected and forgotten).
        let kept: unknown;
        await traceOperation('root', async () => {
          const stream = await client.chat.completions.create({
            model: 'gpt-4o-mini@chunks=4',
            messages: [{ role: 'user', content: 'one two three four' }],
            stream: true,
          });
          kept = stream;
          const iterator = stream[Symbol.asyncIterator]();
          for (let i = 0; i < 3; i++) read += (await iterator.next()).value?.choices[0]?.delta?.content ?? '';
          // The caller walks away: no break, no return(), no abort().
        });
        await getClient().forceFlush();
        assert.deepEqual(
          tracing.spans().map((s) => s.name),
          ['root'],
          'a flush alone does not cut a stream short'
        );
        await getClient().shutdown();
        assert.ok(kept);
        const llm = tracing.spans().find((s) => s.attributes['noveum.span_type'] === 'llm');
        assert.ok(llm, 'the abandoned stream span was exported');
        assert.equal(llm.attributes['llm.stream.outcome'], 'abandoned');
        assert.equal(llm.attributes['llm.response'], read);
        assert.equal(llm.status.code, 'ok');
        const root = tracing.span('root');
        assert.equal(llm.parentSpanId, root.spanId);
        assert.ok(llm.endTime <= root.endTime, 'it ends at the last chunk read, not at shutdown');
      } finally {
        uninstrument('openai');
        await tracing.close();
      }
    });
  }

  it('is still delivered when a short script ends without reading it to the end', async () => {
    const from = receiver.accepted.length;
    const run = await runConsumer(
      'esm',
      `
      nt.init({ apiKey: 'k-abandon', endpoint: ${JSON.stringify(receiver.url + '/api')}, export: { flushIntervalMs: 60000 } });
      const client = nt.traceOpenAI(new sdk.OpenAI({ apiKey: 'sk-test', baseURL: ${JSON.stringify(server.url)}, maxRetries: 0 }));
      const stream = await client.chat.completions.create({ model: 'gpt-4o-mini@chunks=3', messages: [{ role: 'user', content: 'a b c' }], stream: true });
      const first = await stream[Symbol.asyncIterator]().next();
      report(first.done);
      `,
      { imports: { nt: 'noveum-trace', sdk: 'openai' } }
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.reports, [false]);
    const spans = noveumSpans({ ...receiver, accepted: receiver.accepted.slice(from) });
    assert.deepEqual(
      spans.map((s) => [s.name, s.attributes['llm.stream.outcome']]),
      [['chat gpt-4o-mini@chunks=3', 'abandoned']]
    );
  });
});

describe('a stream the caller breaks out of', () => {
  for (const [mode, trace] of MODES) {
    it(`stops being read there: the response is closed long before its end (${mode})`, async () => {
      const counting = await startCountingServer();
      const tracing = setupTracing();
      try {
        const client = trace(new OpenAI({ apiKey: 'sk-test', baseURL: counting.url, maxRetries: 0 }));
        const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [], stream: true });
        let n = 0;
        for await (const _ of stream) if (++n === 2) break;
        await counting.closed;
        assert.ok(counting.written() < CHUNKS, `the server wrote ${counting.written()} of ${CHUNKS} chunks`);
        await getClient().forceFlush();
        const llm = tracing.spans().find((s) => s.attributes['noveum.span_type'] === 'llm');
        assert.equal(llm?.attributes['llm.stream.outcome'], 'cancelled');
        assert.equal(llm?.attributes['llm.response'], 'w0 w1 ');
      } finally {
        uninstrument('openai');
        await tracing.close();
        counting.server.closeAllConnections();
        await new Promise((resolve) => counting.server.close(resolve));
      }
    });
  }
});
