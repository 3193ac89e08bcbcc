/**
 * The dual-package case: one process loads both the ESM and the CommonJS build (an ESM app
 * using a CommonJS library that also depends on noveum-trace). Both must share one client
 * and one active-span context, or the library's spans would be lost or start new traces.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
