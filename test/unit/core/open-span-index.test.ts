/**
 * `parentSpanId` lookups: a span becomes findable by id once its id has been read while it is
 * open (that is the only way a caller can know it), and stops being findable when it ends.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { finishSpan, getClient, startSpan, traceOperation } from '../../../src/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

describe('parent lookup by span id', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());
  beforeEach(() => {
    t.exporter.reset();
    t.diagLines.length = 0;
  });

  it('finds a scoped span whose id was read inside its scope', () => {
    traceOperation('scoped_parent', (parent) => {
      const id = parent.spanId;
      finishSpan(startSpan('manual_child', { parentSpanId: id }));
    });
    const parent = t.span('scoped_parent');
    const child = t.span('manual_child');
    assert.equal(child.parentSpanId, parent.spanId);
    assert.equal(child.traceId, parent.traceId);
    assert.deepEqual(t.diagLines, []);
  });

  it('finds a span whose id came from spanContext()', () => {
    const parent = startSpan('ctx_parent');
    const child = startSpan('ctx_child', { parentSpanId: parent.spanContext().spanId });
    finishSpan(child);
    finishSpan(parent);
    assert.equal(t.span('ctx_child').parentSpanId, t.span('ctx_parent').spanId);
  });

  it('forgets a span when it ends: a child naming it warns and starts a new trace', () => {
    const parent = startSpan('ended_parent');
    const id = parent.spanId;
    finishSpan(parent);
    const orphan = startSpan('late_child', { parentSpanId: id });
    finishSpan(orphan);
    const late = t.span('late_child');
    assert.equal(late.parentSpanId, undefined);
    assert.notEqual(late.traceId, parent.traceId);
    assert.equal(t.diagLines.filter((l) => l.includes('is not an open span')).length, 1);
  });

  it('keeps ids unique and well-formed across many spans', () => {
    const ids = new Set<string>();
    const traces = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const s = getClient().startSpan(`s${i}`);
      ids.add(s.spanId);
      traces.add(s.traceId);
      s.end();
    }
    assert.equal(ids.size, 2000);
    assert.equal(traces.size, 2000);
    for (const id of ids) assert.match(id, /^[0-9a-f]{16}$/);
    for (const id of traces) assert.match(id, /^[0-9a-f]{32}$/);
  });
});
