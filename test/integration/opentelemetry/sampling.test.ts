/**
 * One trace, one sampling decision: OpenTelemetry's default parent-based sampler follows
 * noveum's decision for the spans the app starts inside noveum scopes, so a trace is either
 * whole at both ends or absent from both. And a hostile OpenTelemetry global never breaks a scope.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { traceOperation } from '../../../src/api/scoped.js';
import { NoveumSpanProcessor } from '../../../src/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

describe('sampling across noveum and OpenTelemetry', () => {
  let tracing: TestTracing | undefined;
  let provider: NodeTracerProvider | undefined;
  let otelMemory: InMemorySpanExporter;

  function start(options: Parameters<typeof setupTracing>[0]): void {
    otelMemory = new InMemorySpanExporter();
    provider = new NodeTracerProvider({
      spanProcessors: [new NoveumSpanProcessor(), new SimpleSpanProcessor(otelMemory)],
    });
    provider.register();
    tracing = setupTracing(options);
  }
  afterEach(async () => {
    await tracing?.close();
    await provider?.shutdown();
    provider = undefined;
    trace.disable();
  });

  it('a trace noveum samples out records no OpenTelemetry span inside it', async () => {
    start({ samplingRate: 0 });
    traceOperation('dropped', () => trace.getTracer('app').startSpan('inside').end());
    await provider!.forceFlush();
    assert.deepEqual(otelMemory.getFinishedSpans(), []);
    assert.deepEqual(tracing!.spans(), []);
  });

  it('a trace kept for its error (keepErrors) keeps the OpenTelemetry spans inside it too', async () => {
    start({ sampling: { rate: 0, keepErrors: true } });
    assert.throws(() =>
      traceOperation('failed', () => {
        trace.getTracer('app').startSpan('inside').end();
        throw new Error('boom');
      })
    );
    const failed = tracing!.span('failed');
    assert.equal(tracing!.span('inside').parentSpanId, failed.spanId);
    await provider!.forceFlush();
    assert.equal(otelMemory.getFinishedSpans()[0]?.parentSpanContext?.spanId, failed.spanId);
  });

  it('a hostile OpenTelemetry global is ignored: scopes run and record as usual', () => {
    const key = Symbol.for('opentelemetry.js.api.1');
    const g = globalThis as unknown as Record<symbol, unknown>;
    tracing = setupTracing({});
    const hostile = [
      {
        get context(): never {
          throw new Error('hostile');
        },
      },
      { context: { active: () => null, with: () => 'wrong' } },
    ];
    try {
      for (const [i, value] of hostile.entries()) {
        g[key] = value;
        assert.equal(
          traceOperation(`hostile-${i}`, () => traceOperation('child', () => 7)),
          7
        );
      }
    } finally {
      delete g[key];
    }
    assert.equal(tracing.spans().length, 4);
  });
});
