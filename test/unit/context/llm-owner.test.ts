/**
 * The LLM owner slot: a layer that opens an LLM span (traceLLM, a framework integration) marks it
 * as the owner; the first provider call inside writes onto it, across await and for streams.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { getClient } from '../../../src/api/client.js';
import { runInSpan } from '../../../src/api/run-in-span.js';
import { traceLLM, traceOperation } from '../../../src/api/scoped.js';
import { finishLlmCall, startLlmCall } from '../../../src/instrumentation/genai/llm-call.js';
import type { Span } from '../../../src/core/types.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('LLM owner', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());
  beforeEach(() => t.exporter.reset());

  it('a framework layer owns the span; the provider call after an await writes onto it', async () => {
    const framework = getClient().startSpan('langchain.chat', { attributes: { 'noveum.span_type': 'llm' } });
    await runInSpan(
      framework,
      async () => {
        await tick();
        const call = startLlmCall('chat m', { 'llm.model': 'm' }, { stream: false })!;
        assert.equal(call.span, framework, 'no second LLM span');
        finishLlmCall(call, { 'llm.input_tokens': 3 });
      },
      { llmOwner: true }
    );
    await getClient().forceFlush();
    assert.equal(t.spans().length, 1);
    assert.equal(t.spans()[0]!.attributes['llm.input_tokens'], 3);
  });

  it('does not hand the owner to a call under a span opened inside it', async () => {
    traceLLM({ operation: 'outer' }, () =>
      traceOperation('tool', () => {
        const call = startLlmCall('chat m', {}, { stream: false })!;
        assert.equal(call.enriched, false);
        finishLlmCall(call, {});
      })
    );
    await getClient().forceFlush();
    assert.equal(t.spans().length, 3);
  });

  it('holds the owner open until a claimed stream finishes, then ends it once', async () => {
    let streamCall: ReturnType<typeof startLlmCall>;
    traceLLM({ operation: 'streamed' }, () => {
      streamCall = startLlmCall('chat m', {}, { stream: true });
    });
    await getClient().forceFlush();
    assert.equal(t.spans().length, 0, 'the scope returned but its stream is still open');
    finishLlmCall(streamCall!, { 'llm.output_tokens': 9 });
    finishLlmCall(streamCall!, { 'llm.output_tokens': 10 });
    await getClient().forceFlush();
    assert.equal(t.spans().length, 1);
    assert.equal(t.spans()[0]!.attributes['llm.output_tokens'], 9);
  });

  it('holds only the owner’s own span: a span opened inside it ends as usual', async () => {
    let streamCall: ReturnType<typeof startLlmCall>;
    let inner: Span | undefined;
    traceLLM({ operation: 'outer' }, () => {
      streamCall = startLlmCall('chat m', {}, { stream: true });
      traceOperation('inner', (span) => {
        inner = span;
      });
    });
    assert.equal(inner?.isEnded(), true);
    finishLlmCall(streamCall!, {});
    await getClient().forceFlush();
    assert.equal(t.spans().length, 2);
  });
});
