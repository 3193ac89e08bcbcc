import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { init, shutdown, flush } from '../../../src/api/init.js';
import { startSpan, finishSpan } from '../../../src/api/manual.js';
import { traceOperation } from '../../../src/api/scoped.js';
import type { ReadableSpan } from '../../../src/core/types.js';
import { InMemoryExporter } from '../../../src/export/in-memory-exporter.js';

const SPANS_PER_TRACE = 4;

/** One trace: a root scope, a scoped child, a manual child by id and a manual grandchild by id. */
function runTrace(i: number, fail = false): void {
  try {
    traceOperation(`request`, (root) => {
      root.setAttribute('i', i);
      traceOperation('scoped-child', () => {});
      const manual = startSpan('manual-child', { parentSpanId: root.spanId });
      const grandchild = startSpan('manual-grandchild', { parentSpanId: manual.spanId });
      finishSpan(grandchild);
      finishSpan(manual);
      if (fail) throw new Error('boom');
    });
  } catch {
    // The error is the point of the trace; the test checks what was exported.
  }
}

function assertWhole(spans: readonly ReadableSpan[]): Map<string, ReadableSpan[]> {
  const byTrace = new Map<string, ReadableSpan[]>();
  for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
  for (const [traceId, group] of byTrace) {
    const ids = new Set(group.map((s) => s.spanId));
    const roots = group.filter((s) => s.parentSpanId === undefined);
    assert.equal(roots.length, 1, `trace ${traceId} has ${roots.length} roots`);
    for (const s of group) {
      if (s.parentSpanId !== undefined) assert.ok(ids.has(s.parentSpanId), `${s.name} in ${traceId} lost its parent`);
    }
    assert.equal(group.length, SPANS_PER_TRACE, `trace ${traceId} has ${group.length} spans`);
  }
  return byTrace;
}

afterEach(async () => {
  await shutdown(1000);
});

describe('sampling through init()', () => {
  it('exports about 10% of 10,000 traces, within 4 standard deviations, each whole: never a child without its root', async () => {
    const exporter = new InMemoryExporter();
    init({ exporter, samplingRate: 0.1 });
    const n = 10_000;
    for (let i = 0; i < n; i++) runTrace(i);
    await flush(5000);
    const byTrace = assertWhole(exporter.getFinishedSpans());
    const sigma = Math.sqrt(n * 0.1 * 0.9);
    assert.ok(Math.abs(byTrace.size - n * 0.1) <= 4 * sigma, `exported ${byTrace.size} of ${n} traces`);
    assert.equal(exporter.getFinishedTraces().length, byTrace.size, 'one export per trace, no fragments');
  });

  it('with keepErrors, exports the sampled-out traces that end in error, whole', async () => {
    const exporter = new InMemoryExporter();
    init({ exporter, samplingRate: 0, sampling: { keepErrors: true } });
    for (let i = 0; i < 50; i++) runTrace(i, i % 5 === 0);
    await flush(5000);
    const byTrace = assertWhole(exporter.getFinishedSpans());
    assert.equal(byTrace.size, 10);
    for (const group of byTrace.values()) {
      const root = group.find((s) => s.parentSpanId === undefined)!;
      assert.equal(root.status.code, 'error');
      assert.equal((root.attributes['i'] as number) % 5, 0);
    }
  });

  it('applies per-name rules to the root span name', async () => {
    const exporter = new InMemoryExporter();
    init({ exporter, sampling: { rules: [{ name: /^health/, rate: 0 }] } });
    for (let i = 0; i < 20; i++) {
      traceOperation('healthcheck', () => traceOperation('db', () => {}));
      traceOperation('checkout', () => traceOperation('db', () => {}));
    }
    await flush(5000);
    const names = new Set(exporter.getFinishedTraces().map((t) => t.name));
    assert.deepEqual([...names], ['checkout']);
    assert.equal(exporter.getFinishedSpans().length, 40);
  });
});
