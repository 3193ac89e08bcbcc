import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import {
  BatchProcessor,
  InMemoryExporter,
  flush,
  getDiagnostics,
  init,
  shutdown,
  traceOperation,
  type FinishedTrace,
  type TraceProcessor,
} from '../../../src/index.js';
import { captureDiag } from '../../helpers/tracing.js';

/** A user processor whose flush and shutdown fail: one throws synchronously, the other rejects. */
const brokenProcessor: TraceProcessor = {
  onTraceEnd(_trace: FinishedTrace): void {},
  forceFlush(): Promise<void> {
    throw new Error('flush exploded');
  },
  shutdown(): Promise<void> {
    return Promise.reject(new Error('shutdown exploded'));
  },
};

describe('flush() and shutdown()', () => {
  const diag = captureDiag();
  afterEach(async () => {
    await shutdown();
  });
  after(() => diag.restore());

  it('settle and still export through the other processors when one throws or rejects', async () => {
    const exporter = new InMemoryExporter();
    // A long interval, so only flush() can have delivered the trace.
    const batch = new BatchProcessor(exporter, { flushIntervalMs: 3_600_000 });
    init({ exporter: 'none', processors: [brokenProcessor, batch] });
    const before = getDiagnostics().internalErrors;
    traceOperation('kept', () => {});
    await flush(5_000);
    assert.deepEqual(
      exporter.getFinishedSpans().map((s) => s.name),
      ['kept']
    );
    await shutdown(5_000);
    assert.equal(getDiagnostics().internalErrors - before, 2, 'both failures were reported');
    assert.ok(diag.lines.some((l) => l.includes('flush exploded')));
  });

  it('drop invalid processors passed to init() with a warning instead of failing later', async () => {
    const exporter = new InMemoryExporter();
    const batch = new BatchProcessor(exporter, { flushIntervalMs: 3_600_000 });
    init({ exporter: 'none', processors: [{ onTraceEnd() {} } as unknown as TraceProcessor, batch] });
    traceOperation('kept', () => {});
    await flush(5_000);
    assert.equal(exporter.getFinishedSpans().length, 1);
    assert.ok(diag.lines.some((l) => l.includes('"processors"')));
  });
});
