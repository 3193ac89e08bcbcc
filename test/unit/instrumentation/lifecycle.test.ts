import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { getClient } from '../../../src/api/client.js';
import { getInstrumentationStatus, instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { OPENAI_DEFINITION } from '../../../src/instrumentation/openai/index.js';
import { prepareCaptureConfig } from '../../../src/instrumentation/genai/capture.js';
import { patchRoot } from '../../../src/instrumentation/patcher.js';
import { TracedOpenAIClient } from '../../../src/instrumentation/openai/traced-client.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const proto = (OpenAI as any).Chat.Completions.prototype;
const ORIGINAL_CREATE = proto.create;

describe('instrument() / uninstrument()', () => {
  let server: FakeOpenAIServer;
  let tracing: TestTracing;
  let client: any;
  before(async () => {
    server = await startFakeOpenAI();
    tracing = setupTracing();
    client = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
  });
  after(async () => {
    uninstrument('openai');
    await tracing.close();
    await server.close();
  });
  beforeEach(() => {
    uninstrument('openai');
    tracing.exporter.reset();
  });
  const chat = () =>
    client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'call me at jane@example.com' }],
    });
  const llmSpans = async () => {
    await getClient().forceFlush();
    return tracing.spans().filter((s) => s.attributes['noveum.span_type'] === 'llm');
  };

  it('is idempotent: instrumenting twice still yields one span per call', async () => {
    instrument({ openai: OpenAI });
    const wrapper = proto.create;
    instrument({ openai: OpenAI });
    assert.equal(proto.create, wrapper);
    await chat();
    assert.equal((await llmSpans()).length, 1);
  });

  it('uninstrument restores the original methods and stops tracing', async () => {
    instrument({ openai: OpenAI });
    assert.notEqual(proto.create, ORIGINAL_CREATE);
    uninstrument('openai');
    assert.equal(proto.create, ORIGINAL_CREATE);
    assert.equal(getInstrumentationStatus('openai').active, false);
    await chat();
    assert.equal((await llmSpans()).length, 0);
  });

  it('traces only the selected methods', async () => {
    assert.equal(instrument({ openai: OpenAI }, { methods: ['embeddings.create'] }), 1);
    assert.equal(proto.create, ORIGINAL_CREATE);
    await chat();
    await client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' });
    assert.deepEqual(
      (await llmSpans()).map((s) => s.name),
      ['embeddings text-embedding-3-small']
    );
  });

  it('maps helper names to the method that traces them and warns about unknown ones', () => {
    instrument({ openai: OpenAI }, { methods: ['chat.completions.parse', 'chat.completions.nope'] });
    assert.deepEqual(getInstrumentationStatus('openai').methods, ['chat.completions.create']);
    assert.ok(tracing.diagLines.some((l) => l.includes('chat.completions.nope')));
  });

  it('captures nothing when capture is off, and masks PII when redaction is on', async () => {
    instrument({ openai: OpenAI }, { config: { captureInputs: false, captureOutputs: false } });
    await chat();
    let [s] = await llmSpans();
    assert.equal(s!.attributes['llm.messages'], undefined);
    assert.equal(s!.attributes['llm.response'], undefined);
    assert.ok(s!.attributes['llm.input_tokens']);
    tracing.exporter.reset();
    instrument({ openai: OpenAI }, { config: { redactPii: true } });
    await chat();
    [s] = await llmSpans();
    assert.doesNotMatch(JSON.stringify(s!.attributes), /jane@example\.com/);
    assert.match(String(s!.attributes['llm.messages']), /REDACTED/);
  });

  it('records one span per call for a TracedOpenAIClient over a patched client', async () => {
    instrument({ openai: OpenAI });
    const traced = new TracedOpenAIClient(client);
    await traced.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'twice wrapped' }],
    });
    assert.equal((await llmSpans()).length, 1);
  });

  it('applies capture and redaction options given to TracedOpenAIClient', async () => {
    const masked = new TracedOpenAIClient(client, { redactPii: true });
    await masked.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'call me at jane@example.com' }],
    });
    const quiet = new TracedOpenAIClient(client, { captureInputs: false, captureOutputs: false });
    await quiet.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'secret plans' }],
    });
    const [redacted, silent] = await llmSpans();
    assert.doesNotMatch(JSON.stringify(redacted!.attributes), /jane@example\.com/);
    assert.match(String(redacted!.attributes['llm.messages']), /REDACTED/);
    assert.doesNotMatch(JSON.stringify(silent!.attributes), /secret plans/);
    assert.ok(silent!.attributes['llm.input_tokens']);
  });

  it('leaves an unknown module shape untouched with one warning, and the client keeps working', async () => {
    assert.equal(instrument({ openai: { notOpenAI: true } }), 0);
    assert.equal(proto.create, ORIGINAL_CREATE);
    assert.ok(tracing.diagLines.some((l) => l.includes('not the openai module')));
    const res = await chat();
    assert.match(res.choices[0].message.content, /^Echo: call me/);
    assert.equal((await llmSpans()).length, 0);
  });

  it('leaves a client class without the expected resources untouched with one warning', () => {
    class LookAlike {
      static Chat = class {};
    }
    assert.equal(instrument({ openai: { OpenAI: LookAlike } }), 0);
    assert.equal(tracing.diagLines.filter((l) => l.includes('does not have the expected shape')).length, 1);
  });

  it('leaves an unsupported version untouched with one warning, and the client keeps working', async () => {
    const state = {
      def: OPENAI_DEFINITION,
      settings: { enabled: true, capture: prepareCaptureConfig({}) },
      selected: Object.keys(OPENAI_DEFINITION.methods),
      roots: new Set<object>(),
      records: [],
    };
    assert.equal(patchRoot(state, OpenAI, '8.0.0'), 0);
    assert.equal(patchRoot(state, OpenAI, '8.0.0'), 0);
    assert.equal(proto.create, ORIGINAL_CREATE);
    assert.equal(tracing.diagLines.filter((l) => l.includes('openai@8.0.0')).length, 1);
    const res = await chat();
    assert.match(res.choices[0].message.content, /^Echo: call me/);
    assert.equal((await llmSpans()).length, 0);
  });
});
