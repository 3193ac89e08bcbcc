/**
 * Peer pitfall 6 ("sampling that throws or does nothing"): one peer raised "no active trace" in
 * user code when a trace was sampled out. Here every public API is used inside a sampled-out
 * trace, with no try/catch of ours around it: each returns the user's values, throws nothing of
 * its own, warns nothing, hands out non-recording spans, and nothing is exported. (That a rate
 * is really applied is checked by test/unit/sampling/sampling-end-to-end.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { getClient } from '../../../src/api/client.js';
import { traceExistingFunction, traceLLMCall } from '../../../src/api/helpers.js';
import { init, shutdown } from '../../../src/api/init.js';
import { finishSpan, getCurrentSpan, getCurrentTrace, startSpan, withSpan } from '../../../src/api/manual.js';
import { startScopedSpan, traceOperation } from '../../../src/api/scoped.js';
import { trace } from '../../../src/decorators/trace.js';
import { traceAgent, traceLLM, traceRetrieval, traceTool } from '../../../src/decorators/trace-scopes.js';
import { getDiagnostics } from '../../../src/diag/internal-errors.js';
import { InMemoryExporter } from '../../../src/export/in-memory-exporter.js';
import { SimpleProcessor } from '../../../src/export/simple-processor.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { captureDiag } from '../../helpers/tracing.js';

/** Every span method a user might call, on a span of a sampled-out trace. */
function useSpan(span: ReturnType<typeof startSpan>): void {
  assert.equal(span.isRecording(), false, 'a sampled-out span records nothing');
  span.setAttribute('k', 'v').setAttributes({ a: 1 }).addEvent('e', { b: 2 }).setStatus('ok').updateName('renamed');
  span.recordException(new Error('recorded'));
  span.addLink({ traceId: span.traceId, spanId: span.spanId });
  assert.equal(typeof span.spanContext().traceId, 'string');
}

describe('a sampled-out trace', () => {
  let server: FakeOpenAIServer;
  const exporter = new InMemoryExporter();
  const diag = captureDiag();
  before(async () => {
    server = await startFakeOpenAI();
    init({ exporter: 'none', samplingRate: 0, processors: [new SimpleProcessor(exporter)] });
    instrument({ openai: OpenAI });
  });
  after(async () => {
    uninstrument('openai');
    await shutdown();
    diag.restore();
    await server.close();
  });

  it('runs every API for the user, throws nothing of its own, warns nothing and exports nothing', async () => {
    const internalErrors = getDiagnostics().internalErrors;
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
    class Service {
      @trace() run(x: number) {
        return x + 1;
      }
      @traceAgent({ agentType: 'planner' }) async plan() {
        return 'planned';
      }
    }
    const result = await traceOperation('request', async (root) => {
      useSpan(root);
      assert.equal(getCurrentSpan()?.isRecording() ?? false, false, 'no recording span is current');
      void getCurrentTrace();
      const manual = startSpan('manual', { parentSpanId: root.spanId });
      useSpan(manual);
      assert.equal(
        withSpan(manual, () => 'in manual'),
        'in manual'
      );
      finishSpan(manual);
      const scoped = startScopedSpan('scoped');
      useSpan(scoped);
      scoped.end();
      const llm = await traceLLM({ model: 'gpt-4o-mini' }, async (span) => {
        useSpan(span);
        return client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      });
      const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [], stream: true });
      for await (const _ of stream) void _;
      const parts = [
        llm.choices[0]!.message.content,
        traceTool({ name: 't' }, (s) => (useSpan(s), 'tool')),
        await traceRetrieval({ source: 's' }, async () => 'retrieved'),
        await traceAgent({ agentType: 'a' }, async () => 'agent'),
        new Service().run(1),
        await new Service().plan(),
        traceExistingFunction((a: number) => a * 2)(21),
        (await traceLLMCall(async () => ({ usage: { prompt_tokens: 1 } }))()).usage.prompt_tokens,
      ];
      return parts;
    });
    assert.deepEqual(result, ['Echo: hi', 'tool', 'retrieved', 'agent', 2, 'planned', 42, 1]);
    await getClient().forceFlush();
    assert.deepEqual(exporter.getFinishedSpans(), [], 'nothing exported at rate 0');
    assert.deepEqual(diag.lines, [], 'no warning or error line');
    assert.equal(getDiagnostics().internalErrors, internalErrors, 'no internal error either');
  });
});
