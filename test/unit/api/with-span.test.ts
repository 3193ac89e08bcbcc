import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { finishSpan, startSpan, traceOperation, withSpan } from '../../../src/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

describe('withSpan', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());
  beforeEach(() => t.exporter.reset());

  it('makes a manual span the parent of spans started inside, across await, and leaves it open', async () => {
    const batch = startSpan('batch');
    const query = startSpan('query_0', { parentSpanId: batch.spanId });
    const promise = withSpan(query, async () => {
      traceOperation('before_await', () => undefined);
      await new Promise((r) => setTimeout(r, 1));
      return traceOperation('after_await', () => 42);
    });
    assert.equal(await promise, 42);
    assert.equal(query.isEnded(), false, 'withSpan does not end the span');
    finishSpan(query);
    finishSpan(batch);
    const q = t.span('query_0');
    assert.equal(t.span('before_await').parentSpanId, q.spanId);
    assert.equal(t.span('after_await').parentSpanId, q.spanId);
    assert.equal(q.parentSpanId, t.span('batch').spanId);
  });

  it('returns the same promise object and rethrows the same error', async () => {
    const span = startSpan('outer');
    const p = Promise.resolve('same');
    assert.equal(
      withSpan(span, () => p),
      p
    );
    const boom = new Error('boom');
    assert.throws(
      () =>
        withSpan(span, () => {
          throw boom;
        }),
      (e) => e === boom
    );
    finishSpan(span);
  });

  it('keeps a sync function sync', () => {
    const span = startSpan('sync');
    const value = withSpan(span, () => 'plain value');
    assert.equal(value, 'plain value');
    finishSpan(span);
  });
});
