/**
 * With `keepErrors` and `samplingRate: 0`, a child that failed after its root had ended used
 * to be exported alone, without its root. Traces kept for an error are exported whole.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { finishSpan, startSpan } from '../../../src/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

describe('keepErrors with samplingRate 0', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing({ samplingRate: 0, sampling: { keepErrors: true } });
  });
  after(() => t.close());

  it('exports a trace whose child fails after the root ended whole: root, earlier children and the failed child', () => {
    const root = startSpan('request', { root: true });
    const early = startSpan('early-step', { parent: root });
    const late = startSpan('late-step', { parent: root });
    finishSpan(early);
    finishSpan(root);
    assert.equal(t.spans().length, 0, 'nothing is exported while no span has failed');
    late.setStatus('error', 'boom');
    finishSpan(late);
    const traces = t.exporter.getFinishedTraces();
    assert.equal(traces.length, 1);
    assert.equal(traces[0]!.rootSpan?.name, 'request');
    assert.deepEqual(traces[0]!.spans.map((s) => s.name).sort(), ['early-step', 'late-step', 'request']);
  });

  it('still exports nothing for a trace where no span fails, even when a child ends after the root', () => {
    const before = t.spans().length;
    const root = startSpan('quiet', { root: true });
    const late = startSpan('quiet-late', { parent: root });
    finishSpan(root);
    finishSpan(late);
    assert.equal(t.spans().length, before);
  });

  it('sends a span that ends after a kept trace was exported as a fragment of the same trace', () => {
    const root = startSpan('kept', { root: true });
    const failed = startSpan('kept-failed', { parent: root });
    const later = startSpan('kept-later', { parent: root });
    failed.setStatus('error');
    finishSpan(failed);
    finishSpan(root);
    finishSpan(later);
    const traces = t.exporter.getFinishedTraces().filter((tr) => tr.traceId === root.traceId);
    assert.deepEqual(
      traces.map((tr) => tr.spans.map((s) => s.name).sort()),
      [['kept', 'kept-failed'], ['kept-later']]
    );
  });
});
