import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTracingSuppressed } from '../../../src/context/active-span.js';
import type { ExportResult, FinishedTrace, TraceExporter } from '../../../src/core/types.js';
import { BatchProcessor } from '../../../src/export/batch-processor.js';
import { InMemoryExporter } from '../../../src/export/in-memory-exporter.js';
import { makeTrace } from './trace-factory.js';

class RecordingExporter implements TraceExporter {
  batches: string[][] = [];
  suppressed: boolean[] = [];
  export(traces: readonly FinishedTrace[]): Promise<ExportResult> {
    this.batches.push(traces.map((t) => t.name));
    this.suppressed.push(isTracingSuppressed());
    return Promise.resolve({ code: 'success' });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

describe('BatchProcessor', () => {
  it('never exports inside onTraceEnd: the caller only enqueues', async () => {
    const exporter = new RecordingExporter();
    const p = new BatchProcessor(exporter, { batchSize: 2, flushIntervalMs: 0 });
    p.onTraceEnd(makeTrace('a'));
    p.onTraceEnd(makeTrace('b'));
    assert.deepEqual(exporter.batches, []);
    await p.forceFlush();
    assert.deepEqual(exporter.batches, [['a', 'b']]);
  });

  it('exports in batches of batchSize, each trace once, under a tracing-suppressed context', async () => {
    const exporter = new RecordingExporter();
    const p = new BatchProcessor(exporter, { batchSize: 3, flushIntervalMs: 60_000 });
    for (let i = 0; i < 7; i++) p.onTraceEnd(makeTrace(`t${i}`));
    await p.forceFlush();
    assert.deepEqual(
      exporter.batches.map((b) => b.length),
      [3, 3, 1]
    );
    assert.deepEqual(exporter.batches.flat(), ['t0', 't1', 't2', 't3', 't4', 't5', 't6']);
    assert.ok(exporter.suppressed.every(Boolean));
  });

  it('exports on the interval without a flush call', async () => {
    const exporter = new InMemoryExporter();
    const p = new BatchProcessor(exporter, { flushIntervalMs: 10 });
    p.onTraceEnd(makeTrace('timed'));
    while (exporter.getFinishedTraces().length === 0) await new Promise((r) => setTimeout(r, 5));
    assert.equal(exporter.getFinishedTraces()[0]?.name, 'timed');
  });

  it('settles forceFlush and shutdown within their timeout when the exporter never answers', async () => {
    const hung: TraceExporter = {
      export: () => new Promise<ExportResult>(() => {}),
      shutdown: () => new Promise<void>(() => {}),
    };
    const p = new BatchProcessor(hung, { flushIntervalMs: 0 });
    p.onTraceEnd(makeTrace('stuck'));
    await p.forceFlush(50);
    await p.shutdown(50);
    assert.equal(p.isShutdown, true);
  });

  it('applies the transform before the exporter sees a trace, and drops a trace it throws on', async () => {
    const exporter = new InMemoryExporter();
    const p = new BatchProcessor(exporter, {
      transform: (t) => {
        if (t.name === 'bad') throw new Error('redactor failed');
        return { ...t, name: `redacted:${t.name}` };
      },
    });
    p.onTraceEnd(makeTrace('ok'));
    p.onTraceEnd(makeTrace('bad'));
    await p.forceFlush();
    assert.deepEqual(
      exporter.getFinishedTraces().map((t) => t.name),
      ['redacted:ok']
    );
  });

  it('corrects a batchSize larger than maxQueueSize instead of throwing', async () => {
    const exporter = new RecordingExporter();
    const p = new BatchProcessor(exporter, { batchSize: 50, maxQueueSize: 4, flushIntervalMs: 60_000 });
    for (let i = 0; i < 6; i++) p.onTraceEnd(makeTrace(`q${i}`));
    await p.forceFlush();
    assert.ok(exporter.batches.every((b) => b.length <= 4));
  });

  it('sends a batch early once about 1 MiB of large traces wait, before batchSize or the interval', async () => {
    const exporter = new RecordingExporter();
    const p = new BatchProcessor(exporter, { batchSize: 100, flushIntervalMs: 3_600_000 });
    const message = 'm'.repeat(1024 * 1024);
    for (let i = 0; i < 6; i++) p.onTraceEnd(makeTrace(`big${i}`, 0, { 'llm.messages': message }));
    for (let turn = 0; turn < 200 && exporter.batches.length === 0; turn++) await new Promise((r) => setTimeout(r, 5));
    assert.ok(exporter.batches.length > 0, 'a batch left without flush()');
    assert.ok(exporter.batches[0]!.length < 6, 'the early batch holds about 1 MiB, not every queued trace');
    await p.forceFlush();
    assert.deepEqual(exporter.batches.flat(), ['big0', 'big1', 'big2', 'big3', 'big4', 'big5']);
  });

  it('does not let the captures of 100 KB calls gather 4 MiB before they are sent', async () => {
    // What a 100 KB call leaves waiting: a 20,000-character prompt and completion. Measured with
    // traces of such calls batched 100 at a time, their captures were promoted to the old
    // generation (about 55 KB a call); batches of about 25 let them die young.
    const exporter = new RecordingExporter();
    const p = new BatchProcessor(exporter, { batchSize: 100, flushIntervalMs: 3_600_000 });
    const captures = { 'llm.messages': 'm'.repeat(20_000), 'llm.response': 'r'.repeat(20_000) };
    const names = Array.from({ length: 40 }, (_, i) => `call${i}`);
    for (const name of names) p.onTraceEnd(makeTrace(name, 0, captures));
    for (let turn = 0; turn < 200 && exporter.batches.length === 0; turn++) await new Promise((r) => setTimeout(r, 5));
    assert.ok(exporter.batches.length > 0, 'a batch left without flush()');
    assert.ok(exporter.batches[0]!.length <= 30, `the early batch holds ${exporter.batches[0]!.length} traces`);
    await p.forceFlush();
    assert.deepEqual(exporter.batches.flat(), names);
  });
});
