/**
 * A parent made by another library (an OpenTelemetry span, or plain W3C ids) used to give a
 * silent non-recording span. A valid one is continued (same trace id, its span id as the
 * parent of our root); an invalid one warns once and starts a new, recorded trace.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { INVALID_SPAN_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import {
  finishSpan,
  getCurrentTrace,
  getDiagnostics,
  startSpan,
  traceOperation,
  withSpan,
  type Span,
} from '../../../src/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const otelSpan = trace.wrapSpanContext({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });

describe('a parent from another library', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());

  it('startSpan({ parent: an OpenTelemetry span }) continues its trace, recorded, with our span as the local root', () => {
    const span = startSpan('child-of-otel', { parent: otelSpan as unknown as Span });
    const child = startSpan('grandchild', { parent: span });
    finishSpan(child);
    finishSpan(span);
    const s = t.span('child-of-otel');
    assert.equal(s.traceId, TRACE_ID);
    assert.equal(s.parentSpanId, SPAN_ID);
    assert.equal(t.span('grandchild').parentSpanId, s.spanId);
    const trace0 = t.exporter.getFinishedTraces().find((tr) => tr.name === 'child-of-otel');
    assert.equal(trace0?.rootSpan?.spanId, s.spanId);
  });

  it('withSpan(an OpenTelemetry span, fn) makes spans started inside continue its trace', () => {
    const seen = withSpan(otelSpan as unknown as Span, () => {
      traceOperation('inside-with-otel', () => undefined);
      return getCurrentTrace()?.traceId;
    });
    assert.equal(seen, TRACE_ID);
    const s = t.span('inside-with-otel');
    assert.equal(s.traceId, TRACE_ID);
    assert.equal(s.parentSpanId, SPAN_ID);
  });

  it('continues a plain { traceId, spanId } object', () => {
    finishSpan(startSpan('child-of-plain', { parent: { traceId: TRACE_ID, spanId: SPAN_ID } as unknown as Span }));
    assert.equal(t.span('child-of-plain').traceId, TRACE_ID);
    assert.equal(t.span('child-of-plain').parentSpanId, SPAN_ID);
  });

  it('an invalid one (all-zero ids, bad hex, a revoked proxy) warns once, counts, and starts a new recorded trace', () => {
    const misuse = getDiagnostics().misuseWarnings;
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const parents: unknown[] = [
      trace.wrapSpanContext(INVALID_SPAN_CONTEXT),
      { traceId: 'not-hex', spanId: SPAN_ID },
      { spanContext: () => ({ traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID }) },
      revoked.proxy,
    ];
    parents.forEach((parent, i) => finishSpan(startSpan(`bad-parent-${i}`, { parent: parent as Span })));
    withSpan(revoked.proxy as Span, () => traceOperation('inside-revoked', () => undefined));
    for (const name of ['bad-parent-0', 'bad-parent-1', 'bad-parent-2', 'bad-parent-3', 'inside-revoked']) {
      const s = t.span(name);
      assert.notEqual(s.traceId, TRACE_ID);
      assert.equal(s.parentSpanId, undefined, `${name} is a root`);
    }
    assert.equal(t.diagLines.filter((l) => l.includes('startSpan(') && l.includes('valid trace')).length, 1);
    assert.equal(t.diagLines.filter((l) => l.includes('withSpan:')).length, 1);
    assert.equal(getDiagnostics().misuseWarnings - misuse, 5);
  });

  it('a foreign span id given as parentSpanId warns that it is not an open span, counts, and starts a trace', () => {
    const misuse = getDiagnostics().misuseWarnings;
    finishSpan(startSpan('by-foreign-id', { parentSpanId: SPAN_ID }));
    assert.equal(t.span('by-foreign-id').parentSpanId, undefined);
    assert.equal(getDiagnostics().misuseWarnings - misuse, 1);
    assert.ok(t.diagLines.some((l) => l.includes('is not an open span')));
  });
});
