/**
 * The Anthropic SDK (since 0.134) records OpenTelemetry spans of its own when the app registers
 * a global OpenTelemetry tracer provider. noveum-trace keeps its own pipeline and never registers
 * one, so with both on, the OpenTelemetry side gets the SDK's spans and Noveum's export has one
 * LLM span per call, never two.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as otel from '@opentelemetry/api';
import Anthropic from '@anthropic-ai/sdk';
import { getClient } from '../../../src/api/client.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeAnthropic, type FakeAnthropicServer } from '../../fixtures/servers/anthropic-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

/** A recording OpenTelemetry span that keeps only its name; every other method is accepted. */
function recordingSpan(name: string, ended: string[]): otel.Span {
  const context: otel.SpanContext = {
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    traceFlags: otel.TraceFlags.SAMPLED,
  };
  const span: otel.Span = new Proxy({} as otel.Span, {
    get(_target, key) {
      if (key === 'spanContext') return () => context;
      if (key === 'isRecording') return () => true;
      if (key === 'end') return () => void ended.push(name);
      return () => span;
    },
  });
  return span;
}

/** The app's own OpenTelemetry setup, reduced to what the test reads: the names of ended spans. */
class RecordingProvider implements otel.TracerProvider {
  readonly ended: string[] = [];
  getTracer(): otel.Tracer {
    const ended = this.ended;
    return {
      startSpan: (name: string) => recordingSpan(name, ended),
      startActiveSpan: ((name: string, ...rest: unknown[]) => {
        const fn = rest[rest.length - 1] as (span: otel.Span) => unknown;
        return fn(recordingSpan(name, ended));
      }) as otel.Tracer['startActiveSpan'],
    };
  }
}

describe('Anthropic SDK OpenTelemetry spans next to noveum-trace', () => {
  const provider = new RecordingProvider();
  let server: FakeAnthropicServer;
  let tracing: TestTracing;
  let client: Anthropic;
  before(async () => {
    assert.ok(otel.trace.setGlobalTracerProvider(provider), 'the app registered its provider');
    server = await startFakeAnthropic();
    tracing = setupTracing();
    instrument({ anthropic: Anthropic });
    client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.url, maxRetries: 0 });
  });
  after(async () => {
    uninstrument('anthropic');
    await tracing.close();
    await server.close();
    otel.trace.disable();
  });

  it('leaves the app’s global tracer provider alone', () => {
    assert.equal((otel.trace.getTracerProvider() as otel.ProxyTracerProvider).getDelegate(), provider);
  });

  it('exports one LLM span per call while the SDK records its own OpenTelemetry spans', async () => {
    const messages = [{ role: 'user' as const, content: 'both on' }];
    await client.messages.create({ model: 'claude-test', max_tokens: 20, messages });
    const stream = await client.messages.create({ model: 'claude-test', max_tokens: 20, messages, stream: true });
    for await (const _ of stream) void _;
    await client.messages.stream({ model: 'claude-test', max_tokens: 20, messages }).finalMessage();
    await getClient().forceFlush();
    assert.ok(provider.ended.length >= 3, `the SDK recorded its spans: ${provider.ended.join(', ')}`);
    const llm = tracing.spans().filter((s) => s.attributes['noveum.span_type'] === 'llm');
    assert.deepEqual(
      llm.map((s) => s.name),
      ['chat claude-test', 'chat claude-test', 'chat claude-test']
    );
    assert.equal(tracing.spans().length, 3, 'nothing of the SDK’s OpenTelemetry spans reaches the Noveum export');
  });
});
