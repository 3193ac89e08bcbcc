/**
 * The dual-package case: one process loads both the ESM and the CommonJS build (an ESM app
 * using a CommonJS library that also depends on noveum-trace). Both must share one client
 * and one active-span context, or the library's spans would be lost or start new traces.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { runConsumer } from '../../helpers/consumer.js';

describe('the ESM and CommonJS builds loaded in one process', () => {
  it('share the client and the active span, so spans nest across builds', async () => {
    const result = await runConsumer(
      'esm',
      `
      import { createRequire } from 'node:module';
      const cjs = createRequire(import.meta.url)('noveum-trace');
      report(cjs.init === nt.init);
      const exporter = new nt.InMemoryExporter();
      nt.init({ exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
      report(cjs.getClient().isEnabled);
      await nt.traceOperation('esm_root', async () => {
        await cjs.traceLLM({ model: 'gpt-4', provider: 'openai' }, async () => {
          report(nt.getCurrentSpan()?.name);
          nt.traceOperation('esm_grandchild', () => {});
        });
      });
      await cjs.flush();
      report(exporter.getFinishedSpans().map((s) => [s.name, s.spanId, s.parentSpanId ?? null, s.traceId]));
      `
    );
    assert.equal(result.code, 0, result.stderr);
    const [sameFunction, cjsSeesInit, activeInCjsScope, spans] = result.reports as [
      boolean,
      boolean,
      string,
      [string, string, string | null, string][],
    ];
    assert.equal(sameFunction, false, 'two separate copies of the code were loaded');
    assert.equal(cjsSeesInit, true, 'init() through ESM configures the CommonJS copy too');
    assert.equal(activeInCjsScope, 'llm.gpt-4');
    const byName = new Map(spans.map((s) => [s[0], s]));
    assert.equal(byName.get('llm.gpt-4')?.[2], byName.get('esm_root')?.[1]);
    assert.equal(byName.get('esm_grandchild')?.[2], byName.get('llm.gpt-4')?.[1]);
    assert.equal(new Set(spans.map((s) => s[3])).size, 1, 'one trace');
  });

  describe('with openai instrumented by the CommonJS build', () => {
    let server: FakeOpenAIServer;
    before(async () => {
      server = await startFakeOpenAI();
    });
    after(() => server.close());

    it('enriches a traceLLM span of the ESM build, captured messages included', async () => {
      const result = await runConsumer(
        'esm',
        `
        import { createRequire } from 'node:module';
        const require = createRequire(import.meta.url);
        const cjs = require('noveum-trace');
        const OpenAI = require('openai').OpenAI;
        const exporter = new nt.InMemoryExporter();
        nt.init({ exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
        cjs.instrument({ openai: require('openai') });
        const client = new OpenAI({ apiKey: 'sk-test', baseURL: process.env.FAKE_OPENAI_URL, maxRetries: 0 });
        await nt.traceLLM({ model: 'gpt-4o-mini', operation: 'summarise' }, () =>
          client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'across builds' }] })
        );
        await nt.flush();
        report(exporter.getFinishedSpans().map((s) => ({ name: s.name, messages: s.attributes['llm.messages'], response: s.attributes['llm.response'] })));
        `,
        { env: { FAKE_OPENAI_URL: server.url } }
      );
      assert.equal(result.code, 0, result.stderr);
      const spans = result.reports[0] as Array<{ name: string; messages?: string; response?: string }>;
      assert.deepEqual(
        spans.map((s) => s.name),
        ['llm.summarise'],
        'one span: the call enriched the scope instead of nesting a second LLM span'
      );
      assert.equal(spans[0]!.messages, '[{"role":"user","content":"across builds"}]');
      assert.equal(spans[0]!.response, 'Echo: across builds');
    });
  });
});
