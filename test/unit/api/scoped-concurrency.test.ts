import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startScopedSpan, startSpan, traceOperation, withSpan } from '../../../src/index.js';
import type { ReadableSpan } from '../../../src/core/types.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const HANDLERS = 1000;

/** Groups exported spans by trace and checks each trace is one request with its own children. */
function assertOneTracePerRequest(spans: readonly ReadableSpan[], rootName: string, childNames: string[]): void {
  const byTrace = new Map<string, ReadableSpan[]>();
  for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
  assert.equal(byTrace.size, HANDLERS, 'one trace per handler');
  const seen = new Set<unknown>();
  for (const trace of byTrace.values()) {
    const roots = trace.filter((s) => s.parentSpanId === undefined);
    assert.equal(roots.length, 1, 'one root per trace');
    assert.equal(roots[0]!.name, rootName);
    const request = trace.find((s) => s.name === 'request')!;
    seen.add(request.attributes['req.i']);
    for (const child of childNames) {
      const found = trace.filter((s) => s.name === child);
      assert.equal(found.length, 1, `${child} belongs to its own request`);
      assert.equal(found[0]!.parentSpanId, request.spanId);
    }
  }
  assert.equal(seen.size, HANDLERS, 'every request traced once');
}

describe('startScopedSpan under concurrency', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());
  beforeEach(() => {
    t.exporter.reset();
    t.diagLines.length = 0;
  });

  it('gives 1,000 concurrent handlers 1,000 separate traces, each with its own children', async () => {
    async function handle(i: number): Promise<void> {
      using span = startScopedSpan('request', { attributes: { 'req.i': i } });
      withSpan(span, () => traceOperation('before_await', () => {}));
      await tick();
      await withSpan(span, async () => traceOperation('after_await', () => {}));
      startSpan('manual_child', { parent: span }).end();
    }
    await Promise.all(Array.from({ length: HANDLERS }, (_, i) => handle(i)));
    assertOneTracePerRequest(t.spans(), 'request', ['before_await', 'after_await', 'manual_child']);
    assert.deepEqual(t.diagLines, []);
  });

  it('keeps activated handlers apart when each call runs in its own scope', async () => {
    async function handle(i: number): Promise<void> {
      using _span = startScopedSpan('request', { attributes: { 'req.i': i }, activate: true });
      await tick();
      traceOperation('work', () => {});
    }
    await Promise.all(Array.from({ length: HANDLERS }, (_, i) => traceOperation('handler', () => handle(i))));
    assertOneTracePerRequest(t.spans(), 'handler', ['work']);
    assert.deepEqual(t.diagLines, []);
  });

  it('warns once, naming the fix, when activated handlers started together merge', async () => {
    async function handle(): Promise<void> {
      using _span = startScopedSpan('request', { activate: true });
      await tick();
    }
    await Promise.all(Array.from({ length: 10 }, () => handle()));
    const warnings = t.diagLines.filter((l) => l.includes('activate: true'));
    assert.equal(warnings.length, 1, t.diagLines.join('\n'));
    assert.match(warnings[0]!, /traceOperation or withSpan/);
  });

  it('does not warn for nested activated scopes that are awaited', async () => {
    async function inner(): Promise<void> {
      using _b = startScopedSpan('inner', { activate: true });
      await tick();
    }
    async function outer(): Promise<void> {
      using _a = startScopedSpan('outer', { activate: true });
      using _c = startScopedSpan('same_block', { activate: true });
      await inner();
    }
    await outer();
    assert.equal(t.span('inner').parentSpanId, t.span('same_block').spanId);
    assert.equal(t.span('same_block').parentSpanId, t.span('outer').spanId);
    assert.deepEqual(t.diagLines, []);
  });
});
