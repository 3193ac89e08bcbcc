/**
 * With two exporters, each trace is redacted once: the user's mask runs once per match, and
 * both exporters receive the same redacted trace.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { flush, init, shutdown } from '../../../src/api/init.js';
import { startSpan } from '../../../src/api/manual.js';
import type { ExportResult, FinishedTrace, TraceExporter } from '../../../src/core/types.js';

function collector(): TraceExporter & { traces: FinishedTrace[] } {
  const traces: FinishedTrace[] = [];
  return {
    traces,
    export: async (batch): Promise<ExportResult> => {
      traces.push(...batch);
      return { code: 'success' };
    },
    shutdown: async () => {},
  };
}

describe('redaction with two exporters', () => {
  after(() => shutdown(1_000));

  it('runs once per trace, and both exporters get the same redacted spans', async () => {
    const masked: string[] = [];
    const a = collector();
    const b = collector();
    init({
      exporter: [a, b],
      export: { flushOnExit: false },
      redaction: {
        patterns: [/order-\d+/g],
        mask: (match) => (masked.push(match), '[ORDER]'),
      },
    });
    const span = startSpan('lookup');
    span.setAttribute('note', 'refund order-1234 and order-99');
    span.end();
    await flush(5_000);
    assert.deepEqual(masked, ['order-1234', 'order-99'], 'the mask ran once per match');
    assert.equal(a.traces.length, 1);
    assert.equal(b.traces.length, 1);
    assert.equal(a.traces[0]!.spans[0]!.attributes['note'], 'refund [ORDER] and [ORDER]');
    assert.equal(b.traces[0], a.traces[0], 'one redacted trace for both');
  });
});
