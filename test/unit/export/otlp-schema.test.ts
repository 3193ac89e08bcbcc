/**
 * Checks our OTLP/JSON against the official OpenTelemetry transformer
 * (@opentelemetry/otlp-transformer, the code the OTel JS exporters send with):
 * the same spans, given to its JsonTraceSerializer, must produce exactly the
 * ExportTraceServiceRequest our exporter put on the wire.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { FinishedTrace, ReadableSpan, SpanKind } from '../../../src/core/types.js';
import { OtlpExporter } from '../../../src/export/otlp/otlp-exporter.js';
import { withGenAiAttributes } from '../../../src/export/otlp/to-otlp-json.js';
import { startOtlpReceiver, type OtlpRequestBody } from '../../fixtures/servers/otlp-receiver.js';
import type { Receiver } from '../../fixtures/servers/noveum-receiver.js';
import { makeSpan, makeTrace, RESOURCE } from './trace-factory.js';

type OfficialSpans = Parameters<typeof JsonTraceSerializer.serializeRequest>[0];

// OpenTelemetry API enums: SpanKind INTERNAL=0..CONSUMER=4, SpanStatusCode UNSET=0, OK=1, ERROR=2.
const OTEL_KIND: Record<SpanKind, number> = { internal: 0, server: 1, client: 2, producer: 3, consumer: 4 };
const OTEL_STATUS = { unset: 0, ok: 1, error: 2 } as const;

function hrTime(epochMs: number): [number, number] {
  const whole = Math.floor(epochMs);
  const nanosInMs = Math.min(Math.round((epochMs - whole) * 1e6), 999_999);
  return [Math.floor(whole / 1000), (whole % 1000) * 1e6 + nanosInMs];
}

const officialResource = {
  attributes: {
    'service.name': RESOURCE.project,
    'deployment.environment.name': RESOURCE.environment,
    'service.version': RESOURCE.serviceVersion,
    'telemetry.sdk.name': RESOURCE.sdkName,
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': RESOURCE.sdkVersion,
  },
};

/** Our span as the OpenTelemetry SDK would hold it (the transformer's input). */
function toOfficialSpan(span: ReadableSpan): unknown {
  return {
    name: span.name,
    kind: OTEL_KIND[span.kind],
    spanContext: () => ({ traceId: span.traceId, spanId: span.spanId, traceFlags: 1 }),
    parentSpanContext:
      span.parentSpanId === undefined
        ? undefined
        : { traceId: span.traceId, spanId: span.parentSpanId, traceFlags: 1, isRemote: false },
    startTime: hrTime(span.startTime),
    endTime: hrTime(span.endTime),
    status: { code: OTEL_STATUS[span.status.code], message: span.status.message },
    attributes: withGenAiAttributes(span.attributes),
    links: span.links.map((l) => ({
      context: { traceId: l.traceId, spanId: l.spanId, traceFlags: 1 },
      attributes: l.attributes,
    })),
    events: span.events.map((e) => ({ name: e.name, attributes: e.attributes, time: hrTime(e.time) })),
    duration: hrTime(span.durationMs),
    ended: true,
    resource: officialResource,
    instrumentationScope: { name: 'noveum-trace', version: RESOURCE.sdkVersion },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

// Link flags carry the linked span's sampled bit, which we do not know; the field is optional.
function withoutLinkFlags(body: OtlpRequestBody): OtlpRequestBody {
  for (const rs of body.resourceSpans)
    for (const ss of rs.scopeSpans)
      for (const s of ss.spans) for (const l of s['links'] as Record<string, unknown>[]) delete l['flags'];
  return body;
}

function richTrace(): FinishedTrace {
  const base = makeTrace('agent-run', 0, {
    'llm.model': 'gpt-4o',
    'gen_ai.request.model': 'kept',
    'llm.finish_reason': 'stop',
  });
  const root = base.rootSpan!;
  const t = root.traceId;
  const llm = makeSpan({
    traceId: t,
    name: 'chat gpt-4o',
    kind: 'client',
    parentSpanId: root.spanId,
    status: { code: 'error', message: 'rate limited' },
    attributes: {
      'llm.provider': 'openai',
      'llm.input_tokens': 12,
      'llm.temperature': 0.2,
      'llm.streaming': false,
      tags: ['a', 'b'],
      ids: [1, 2],
    },
    events: [
      { name: 'first-token', time: root.startTime + 3.123456, attributes: { n: 1 } },
      {
        name: 'exception',
        time: root.startTime + 4,
        attributes: { 'exception.type': 'RateLimitError', 'exception.message': 'rate limited' },
      },
    ],
    links: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: { reason: 'retry-of' } }],
    exception: { type: 'RateLimitError', message: 'rate limited', stackTrace: undefined },
  });
  const tool = makeSpan({
    traceId: t,
    name: 'tool',
    kind: 'server',
    parentSpanId: root.spanId,
    status: { code: 'ok' },
  });
  const prod = makeSpan({ traceId: t, name: 'enqueue', kind: 'producer', parentSpanId: tool.spanId });
  const cons = makeSpan({ traceId: t, name: 'dequeue', kind: 'consumer', parentSpanId: tool.spanId });
  return { ...base, spans: [llm, tool, prod, cons, root] };
}

describe('OtlpExporter payload', () => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startOtlpReceiver();
  });
  after(() => receiver.close());

  it('is exactly the ExportTraceServiceRequest the official OpenTelemetry transformer produces for the same spans', async () => {
    const traces = [richTrace(), makeTrace('second', 3)];
    const exporter = new OtlpExporter({ endpoint: receiver.url, resource: RESOURCE, env: {}, compressAboveBytes: 0 });
    assert.equal((await exporter.export(traces)).code, 'success');
    const ours = withoutLinkFlags(receiver.accepted[0]!.json as OtlpRequestBody);
    const spans = traces.flatMap((t) => t.spans.map(toOfficialSpan)) as OfficialSpans;
    const official = JSON.parse(
      new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans))
    ) as OtlpRequestBody;
    assert.deepEqual(ours, withoutLinkFlags(official));
  });

  it('writes LLM attributes under gen_ai.* names too, never overwriting one already set', async () => {
    const attrs = withGenAiAttributes({
      'llm.model': 'gpt-4o',
      'llm.provider': 'openai',
      'llm.input_tokens': 5,
      'llm.cached_tokens': 3,
      'llm.cache_creation_tokens': 4,
      'llm.reasoning_tokens': 2,
      'gen_ai.request.model': 'mine',
      'llm.finish_reason': 'stop',
    });
    assert.equal(attrs['gen_ai.usage.cache_read.input_tokens'], 3);
    assert.equal(attrs['gen_ai.usage.cache_creation.input_tokens'], 4);
    const text = withGenAiAttributes({ 'llm.messages': '[{"role":"user"}]', 'llm.response': 'hi', 'llm.model': 'm' });
    assert.equal(text['gen_ai.input.messages'], '[{"role":"user"}]');
    assert.equal(text['gen_ai.output.messages'], 'hi');
    assert.equal(text['llm.messages'], undefined, 'large text is moved, not sent twice');
    assert.equal(text['llm.response'], undefined);
    assert.equal(text['llm.model'], 'm', 'small attributes keep their llm.* name too');
    assert.equal(attrs['gen_ai.usage.reasoning.output_tokens'], 2);
    assert.equal(attrs['gen_ai.request.model'], 'mine');
    assert.equal(attrs['gen_ai.provider.name'], 'openai');
    assert.equal(attrs['gen_ai.usage.input_tokens'], 5);
    assert.deepEqual(attrs['gen_ai.response.finish_reasons'], ['stop']);
  });
});
