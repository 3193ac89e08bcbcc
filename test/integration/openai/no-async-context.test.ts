/**
 * An app that only auto-instruments its client never enters an AsyncLocalStorage context:
 * on Node 20 the first `run()`/`enterWith()` turns on promise hooks that tax every promise of
 * the process, and such an app uses no scope that would need them. Calls, streams and export
 * to a real receiver all run here, with the SDK's storage watched.
 */
import assert from 'node:assert/strict';
import type { AsyncLocalStorage } from 'node:async_hooks';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { flush, init, shutdown } from '../../../src/api/init.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { noveumSpans, startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';

function watchSdkStorage(): { entered: () => number; restore: () => void } {
  const slots = (globalThis as unknown as Record<symbol, Record<string, unknown>>)[
    Symbol.for('noveum-trace.global.v0')
  ];
  const storage = slots?.['contextStorage'] as AsyncLocalStorage<unknown> | undefined;
  assert.ok(storage, 'the SDK keeps its context storage in its global slot');
  let entered = 0;
  const run = storage.run;
  const enterWith = storage.enterWith;
  storage.run = function (this: unknown, ...args: Parameters<typeof run>) {
    entered++;
    return run.apply(storage, args);
  } as typeof run;
  storage.enterWith = function (...args: Parameters<typeof enterWith>) {
    entered++;
    return enterWith.apply(storage, args);
  };
  return {
    entered: () => entered,
    restore: () => {
      storage.run = run;
      storage.enterWith = enterWith;
    },
  };
}

describe('auto-instrumentation alone', () => {
  let openaiServer: FakeOpenAIServer;
  let receiver: Receiver;
  before(async () => {
    openaiServer = await startFakeOpenAI();
    receiver = await startNoveumReceiver();
  });
  after(async () => {
    uninstrument('openai');
    await shutdown(5_000);
    await openaiServer.close();
    await receiver.close();
  });

  it('never enters an AsyncLocalStorage context, for plain and streamed calls and their export', async () => {
    init({ apiKey: 'k-no-als', endpoint: `${receiver.url}/api`, export: { flushOnExit: false } });
    const watch = watchSdkStorage();
    try {
      assert.ok(instrument({ openai: OpenAI }) > 0);
      const client = new OpenAI({ apiKey: 'sk-test', baseURL: openaiServer.url, maxRetries: 0 });
      const reply = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'plain' }],
      });
      assert.equal(reply.choices[0]?.message.content, 'Echo: plain');
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'streamed' }],
        stream: true,
      });
      for await (const chunk of stream) void chunk;
      await flush(5_000);
      const names = noveumSpans(receiver).map((s) => s.name);
      assert.deepEqual(names.sort(), ['chat gpt-4o-mini', 'chat gpt-4o-mini'], 'both calls were traced and exported');
      assert.equal(watch.entered(), 0, 'no run()/enterWith() on the SDK context storage');
    } finally {
      watch.restore();
    }
  });
});
