/**
 * The contract every exporter passes (HOUSE_STYLE rule 33): each runs the same
 * cases against what really arrived (receiver bodies, files, memory), and each
 * skipped case carries its reason.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { FinishedTrace, TraceExporter } from '../../../src/core/types.js';
import { makeFragment, makeSpan, makeTrace } from './trace-factory.js';

/** A span as it arrived, in one shape for every exporter. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly status: string;
  readonly exceptionMessage: string | undefined;
}

export type ContractCase =
  'trace' | 'batch' | 'fragment' | 'attributes' | 'error' | 'empty' | 'unicode' | 'large' | 'after-shutdown';

export interface ExporterContract<C extends { exporter: TraceExporter; close?: () => Promise<void> }> {
  readonly name: string;
  /** A fresh exporter and whatever `received` needs to read its output. */
  readonly create: () => Promise<C>;
  /** Everything that arrived so far, after `export()` resolved. */
  readonly received: (created: C) => Promise<ReceivedSpan[]>;
  /** Cases this exporter cannot meet, each with the reason. */
  readonly skip?: Partial<Record<ContractCase, string>>;
}

async function exportOk(exporter: TraceExporter, traces: readonly FinishedTrace[]): Promise<void> {
  const result = await exporter.export(traces);
  assert.equal(result.code, 'success', `export failed: ${result.code === 'failed' ? String(result.error) : ''}`);
  await exporter.forceFlush?.();
}

/** The longest string `JSON.stringify` returned while `fn` ran (the exporter's largest single step). */
async function longestStringifyDuring(fn: () => Promise<void>): Promise<number> {
  const original = JSON.stringify;
  let longest = 0;
  JSON.stringify = function (this: unknown, ...args: Parameters<typeof JSON.stringify>): string {
    const out = original.apply(this, args);
    if (typeof out === 'string' && out.length > longest) longest = out.length;
    return out;
  } as typeof JSON.stringify;
  try {
    await fn();
  } finally {
    JSON.stringify = original;
  }
  return longest;
}

/** Registers the contract cases for one exporter under `describe(name + ' exporter contract')`. */
export function runExporterContractTests<C extends { exporter: TraceExporter; close?: () => Promise<void> }>(
  contract: ExporterContract<C>
): void {
  const { create, received, skip = {} } = contract;
  const opened: C[] = [];
  const open = async (): Promise<C> => {
    const c = await create();
    opened.push(c);
    return c;
  };
  const test = (key: ContractCase, title: string, fn: () => Promise<void>): void => {
    const reason = skip[key];
    if (reason !== undefined) it(title, { skip: reason }, () => {});
    else it(title, fn);
  };

  describe(`${contract.name} exporter contract`, () => {
    after(async () => {
      for (const c of opened) await c.close?.();
    });

    test('trace', 'delivers every span of a trace with its ids and parent links', async () => {
      const c = await open();
      const trace = makeTrace('contract-root', 2);
      await exportOk(c.exporter, [trace]);
      const got = await received(c);
      assert.equal(got.length, 3);
      for (const span of trace.spans) {
        const r = got.find((g) => g.spanId === span.spanId);
        assert.ok(r, `span ${span.name} missing`);
        assert.equal(r.traceId, trace.traceId);
        assert.equal(r.name, span.name);
        assert.equal(r.parentSpanId, span.parentSpanId);
      }
    });

    test('batch', 'delivers a batch of 50 traces with each span exactly once', async () => {
      const c = await open();
      const traces = Array.from({ length: 50 }, (_, i) => makeTrace(`t${i}`, 2));
      await exportOk(c.exporter, traces);
      const got = await received(c);
      const ids = got.map((g) => g.spanId).sort();
      assert.deepEqual(ids, traces.flatMap((t) => t.spans.map((s) => s.spanId)).sort());
    });

    test('fragment', 'delivers a fragment (spans that ended after their root) under the same trace id', async () => {
      const c = await open();
      const trace = makeTrace('with-late-child', 0);
      await exportOk(c.exporter, [trace, makeFragment(trace, 2)]);
      const got = await received(c);
      assert.deepEqual(
        got.map((g) => g.traceId),
        [trace.traceId, trace.traceId, trace.traceId]
      );
      assert.deepEqual(
        got.filter((g) => g.name.startsWith('late')).map((g) => g.parentSpanId),
        [trace.rootSpan!.spanId, trace.rootSpan!.spanId]
      );
    });

    test('attributes', 'keeps string, integer, float, boolean and array attributes', async () => {
      const c = await open();
      const attrs = {
        'llm.model': 'gpt-x',
        'llm.input_tokens': 42,
        'llm.temperature': 0.7,
        'llm.streaming': true,
        'retrieval.documents': ['a', 'b'],
      };
      await exportOk(c.exporter, [makeTrace('attrs', 0, attrs)]);
      const [span] = await received(c);
      for (const [k, v] of Object.entries(attrs)) assert.deepEqual(span?.attributes[k], v, k);
    });

    test('error', 'carries the error status and the exception message', async () => {
      const c = await open();
      const traceId = makeTrace().traceId;
      const root = makeSpan({
        traceId,
        name: 'failing',
        status: { code: 'error', message: 'boom' },
        exception: { type: 'TypeError', message: 'boom', stackTrace: 'TypeError: boom\n    at x' },
      });
      await exportOk(c.exporter, [
        { traceId, name: 'failing', rootSpan: root, spans: [root], startTime: root.startTime, endTime: root.endTime },
      ]);
      const [span] = await received(c);
      assert.equal(span?.status, 'error');
      assert.equal(span?.exceptionMessage, 'boom');
    });

    test('empty', 'resolves success for an empty batch and delivers nothing', async () => {
      const c = await open();
      await exportOk(c.exporter, []);
      assert.deepEqual(await received(c), []);
    });

    test('unicode', 'keeps unicode and long strings byte for byte', async () => {
      const c = await open();
      const text = 'héllo 世界 🚀 "quoted" \\ back\nline '.repeat(2000);
      await exportOk(c.exporter, [makeTrace('unicode ✓', 0, { 'llm.response': text })]);
      const [span] = await received(c);
      assert.equal(span?.name, 'unicode ✓');
      assert.equal(span?.attributes['llm.response'], text);
    });

    test(
      'large',
      'delivers a trace of large LLM spans intact, never serialising more than one span in one step',
      async () => {
        const c = await open();
        const traceId = makeTrace('x', 0).traceId;
        const spans = Array.from({ length: 30 }, (_, i) =>
          makeSpan({
            traceId,
            name: `chat ${i}`,
            attributes: {
              'llm.messages': `${i} m€ssage `.repeat(10_000),
              'llm.response': `${i} answer ✓ `.repeat(10_000),
            },
          })
        );
        const trace: FinishedTrace = { ...makeTrace('llm', 0), traceId, spans, rootSpan: undefined };
        const longest = await longestStringifyDuring(() => exportOk(c.exporter, [trace]));
        const got = await received(c);
        assert.equal(got.length, 30);
        for (const span of got) {
          const i = Number(span.name.slice(5));
          assert.equal(span.attributes['llm.messages'], `${i} m€ssage `.repeat(10_000));
          assert.equal(span.attributes['llm.response'], `${i} answer ✓ `.repeat(10_000));
        }
        // One span is ~230 KB of JSON; a whole-trace or whole-batch stringify would be 30 times that.
        assert.ok(longest < 500_000, `one serialisation step produced ${longest} characters`);
      }
    );

    test('after-shutdown', 'after shutdown, export resolves "failed" and delivers nothing', async () => {
      const c = await open();
      await c.exporter.shutdown();
      const result = await c.exporter.export([makeTrace('late', 0)]);
      assert.equal(result.code, 'failed');
      assert.deepEqual(await received(c), []);
    });
  });
}
