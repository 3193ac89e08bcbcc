/**
 * The Anthropic SDK records its own OpenTelemetry span for each call when the app registers a
 * tracer provider. With `NoveumSpanProcessor` on that provider, the SDK's span would reach
 * noveum's export next to noveum's own LLM span: the processor folds it into noveum's LLM span,
 * so one call is one LLM span, while the app's OpenTelemetry export keeps the SDK's span.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import Anthropic from '@anthropic-ai/sdk';
import { getClient } from '../../../src/api/client.js';
import { traceLLM, traceOperation } from '../../../src/api/scoped.js';
import { NoveumSpanProcessor } from '../../../src/index.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeAnthropic, type FakeAnthropicServer } from '../../fixtures/servers/anthropic-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

describe('Anthropic SDK OpenTelemetry spans through NoveumSpanProcessor', () => {
  const otelMemory = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({
    spanProcessors: [new NoveumSpanProcessor(), new SimpleSpanProcessor(otelMemory)],
  });
  const messages = [{ role: 'user' as const, content: 'both on' }];
  let server: FakeAnthropicServer;
  let tracing: TestTracing;
  let client: Anthropic;
  before(async () => {
    provider.register();
    server = await startFakeAnthropic();
    tracing = setupTracing();
    client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.url, maxRetries: 0 });
  });
  beforeEach(() => {
    tracing.exporter.reset();
    otelMemory.reset();
  });
  after(async () => {
    await tracing.close();
    await provider.shutdown();
    trace.disable();
    await server.close();
  });

  const sdkSpans = (): number =>
    otelMemory.getFinishedSpans().filter((s) => s.instrumentationScope.name.startsWith('com.anthropic')).length;
  const llmSpans = (): string[] =>
    tracing
      .spans()
      .filter((s) => s.attributes['noveum.span_type'] === 'llm' || s.attributes['gen_ai.provider.name'] !== undefined)
      .map((s) => s.name);

  it('with the Anthropic patch: one LLM span per call, plain, streamed and through stream()', async () => {
    instrument({ anthropic: Anthropic });
    try {
      await traceOperation('agent', async () => {
        await client.messages.create({ model: 'claude-test', max_tokens: 20, messages });
        const stream = await client.messages.create({ model: 'claude-test', max_tokens: 20, messages, stream: true });
        for await (const _ of stream) void _;
        // stream() starts the SDK's span itself, before the patched create() runs.
        await client.messages.stream({ model: 'claude-test', max_tokens: 20, messages }).finalMessage();
      });
    } finally {
      uninstrument('anthropic');
    }
    await getClient().forceFlush();
    assert.equal(sdkSpans(), 3, 'the SDK recorded its spans for the app’s OpenTelemetry export');
    assert.deepEqual(llmSpans(), ['chat claude-test', 'chat claude-test', 'chat claude-test']);
    const agent = tracing.span('agent');
    for (const s of tracing.spans()) if (s !== agent) assert.equal(s.parentSpanId, agent.spanId);
  });

  it('with the Anthropic patch, stream() outside any noveum scope: one LLM span, nothing else', async () => {
    instrument({ anthropic: Anthropic });
    try {
      await client.messages.stream({ model: 'claude-test', max_tokens: 20, messages }).finalMessage();
    } finally {
      uninstrument('anthropic');
    }
    await getClient().forceFlush();
    assert.equal(sdkSpans(), 1);
    assert.deepEqual(
      tracing.spans().map((s) => s.name),
      ['chat claude-test']
    );
  });

  it('inside traceLLM without the patch: the traceLLM span is the one LLM span', async () => {
    await traceLLM({ model: 'claude-test', provider: 'anthropic' }, () =>
      client.messages.create({ model: 'claude-test', max_tokens: 20, messages })
    );
    await getClient().forceFlush();
    assert.equal(sdkSpans(), 1);
    assert.equal(llmSpans().length, 1);
    assert.equal(tracing.spans().length, 1);
  });

  it('with neither, the SDK’s span is exported once, as recorded', async () => {
    await client.messages.create({ model: 'claude-test', max_tokens: 20, messages });
    await getClient().forceFlush();
    const spans = tracing.spans();
    assert.equal(spans.length, 1);
    assert.equal(spans[0]!.attributes['otel.scope.name'], otelMemory.getFinishedSpans()[0]?.instrumentationScope.name);
    assert.equal(spans[0]!.spanId, otelMemory.getFinishedSpans()[0]?.spanContext().spanId);
  });
});
