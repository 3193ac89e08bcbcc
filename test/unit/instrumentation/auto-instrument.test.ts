/**
 * `autoInstrument` in this very process, which runs under tsx like many TypeScript apps: the
 * `openai` ESM copy imported above is already loaded when `autoInstrument` is called.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { getClient } from '../../../src/api/client.js';
import { settleLoadedCopies } from '../../../src/instrumentation/hooks.js';
import { autoInstrument, getInstrumentationStatus, uninstrument } from '../../../src/instrumentation/index.js';
import { isWrapped } from '../../../src/instrumentation/patcher.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { detectUnhandledRejections } from '../../integration/openai/harness.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const proto = (OpenAI as any).Chat.Completions.prototype;
const ORIGINAL_CREATE = proto.create;

describe('autoInstrument() with openai already imported', () => {
  let server: FakeOpenAIServer;
  let tracing: TestTracing;
  let client: any;
  const rejections = detectUnhandledRejections();
  before(async () => {
    rejections.start();
    server = await startFakeOpenAI();
    tracing = setupTracing();
    client = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
  });
  afterEach(() => {
    uninstrument('openai');
    tracing.exporter.reset();
  });
  after(async () => {
    await tracing.close();
    await server.close();
    assert.deepEqual(rejections.stop(), [], 'no unhandled rejection fired');
  });
  const chat = () =>
    client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  const llmSpans = async () => {
    await getClient().forceFlush();
    return tracing.spans().filter((s) => s.attributes['noveum.span_type'] === 'llm');
  };

  it('patches the copy the app imported before returning, and calling it twice still gives one span per call', async () => {
    assert.equal(autoInstrument('openai'), true);
    // No wait: under tsx the first call right after autoInstrument used to go untraced.
    assert.ok(isWrapped(proto.create), 'the imported copy is patched');
    assert.equal(autoInstrument('openai'), true);
    await chat();
    await chat();
    assert.deepEqual(
      (await llmSpans()).map((s) => s.name),
      ['chat gpt-4o-mini', 'chat gpt-4o-mini']
    );
  });

  it('restores the original, and a copy reached after uninstrument() stays untouched', async () => {
    autoInstrument('openai');
    uninstrument('openai');
    await settleLoadedCopies();
    assert.equal(proto.create, ORIGINAL_CREATE);
    assert.equal(getInstrumentationStatus('openai').patchedMethods, 0);
    await chat();
    assert.equal((await llmSpans()).length, 0);
  });
});
