/**
 * The public entry points that run discovery, in this process with the real `openai`
 * devDependency already imported: `enableAutoTracing()` with and without a list, and
 * `init({ autoInstrument })`. Each call against the fake server must produce one LLM span.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { getClient } from '../../../src/api/client.js';
import { shutdown } from '../../../src/api/init.js';
import { DiscoveryReport } from '../../../src/discovery/discovery-report.js';
import { InMemoryExporter } from '../../../src/export/in-memory-exporter.js';
import { SimpleProcessor } from '../../../src/export/simple-processor.js';
import { settleLoadedCopies } from '../../../src/instrumentation/hooks.js';
import { autoInstrument, enableAutoTracing, getInstrumentationStatus, init, uninstrument } from '../../../src/index.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { captureDiag } from '../../helpers/tracing.js';

describe('enableAutoTracing() and init({ autoInstrument })', () => {
  let server: FakeOpenAIServer;
  let client: OpenAI;
  let exporter: InMemoryExporter;
  let diag: ReturnType<typeof captureDiag>;
  const setup = (extra: Parameters<typeof init>[0] = {}) => {
    exporter = new InMemoryExporter();
    return init({ exporter: 'none', processors: [new SimpleProcessor(exporter)], ...extra });
  };
  const chatSpans = async () => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    await getClient().forceFlush();
    return exporter
      .getFinishedSpans()
      .filter((s) => s.attributes['noveum.span_type'] === 'llm')
      .map((s) => s.name);
  };
  before(async () => {
    diag = captureDiag();
    server = await startFakeOpenAI();
    // One retry: discovery may load a large installed library (llamaindex) synchronously, and a
    // kept-alive socket the fake server closed meanwhile is then reset on reuse.
    client = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 1 });
  });
  afterEach(async () => {
    uninstrument('openai');
    uninstrument('llamaindex');
    await shutdown();
  });
  after(async () => {
    await server.close();
    diag.restore();
  });

  it('with a list, keeps its boolean answer', async () => {
    setup();
    assert.equal(enableAutoTracing(['openai']), true);
    await settleLoadedCopies();
    assert.deepEqual(await chatSpans(), ['chat gpt-4o-mini']);
  });

  it('with no list, discovers every installed library, instruments them and returns the report', async () => {
    setup();
    const report = enableAutoTracing(undefined, { captureInputs: false });
    assert.ok(report instanceof DiscoveryReport);
    assert.deepEqual(report.names, [
      'openai',
      'anthropic',
      'openai-agents',
      'langchain',
      'google-genai',
      'bedrock',
      'mistral',
      'llamaindex',
      'ai',
    ]);
    assert.match(report.instrumented[0]?.version ?? '', /^[5-7]\./);
    assert.ok(report.instrumented[0]?.methods.includes('chat.completions.create'));
    await settleLoadedCopies();
    assert.deepEqual(await chatSpans(), ['chat gpt-4o-mini']);
    assert.equal(exporter.getFinishedSpans()[0]?.attributes['llm.messages'], undefined, 'config was applied');
  });

  it('init({ autoInstrument: true }) instruments what is installed, with no unknown-option warning', async () => {
    setup({ autoInstrument: true });
    await settleLoadedCopies();
    assert.equal(getInstrumentationStatus('openai').active, true);
    assert.deepEqual(await chatSpans(), ['chat gpt-4o-mini']);
    assert.deepEqual(
      diag.lines.filter((l) => l.includes('unknown option')),
      []
    );
  });

  it("init({ autoInstrument: ['openai'] }) instruments the libraries named", async () => {
    setup({ autoInstrument: ['openai'] });
    await settleLoadedCopies();
    assert.deepEqual(await chatSpans(), ['chat gpt-4o-mini']);
  });

  it("keeps the methods chosen by an earlier autoInstrument('openai', { methods })", async () => {
    setup();
    autoInstrument('openai', { methods: ['embeddings.create'] });
    const report = enableAutoTracing();
    assert.deepEqual(report.instrumented[0]?.methods, ['embeddings.create']);
    assert.deepEqual(getInstrumentationStatus('openai').methods, ['embeddings.create']);
    await settleLoadedCopies();
    assert.deepEqual(await chatSpans(), [], 'chat stays untraced, as the user chose');
  });

  it('init() without autoInstrument, or with tracing disabled, instruments nothing', () => {
    setup();
    assert.equal(getInstrumentationStatus('openai').active, false);
    setup({ autoInstrument: true, enabled: false });
    assert.equal(getInstrumentationStatus('openai').active, false);
  });
});
