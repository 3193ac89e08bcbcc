/**
 * One span with a bad time used to make encoding throw and cost every other trace of its
 * batch its delivery. Through init(), to a Noveum receiver, an OTLP receiver and JSON-lines
 * files at once: every good trace arrives, as valid JSON, and the bad span arrives repaired.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { finishSpan, startSpan, traceOperation } from '../../../src/index.js';
import { setDiagSink } from '../../../src/diag/diag.js';
import { startAllExporters, type AllExporters, type Delivered } from '../../helpers/all-exporters.js';

const BAD: readonly [string, () => void][] = [
  ['start-nan', () => finishSpan(startSpan('bad:start-nan', { startTime: NaN }))],
  ['end-infinity', () => startSpan('bad:end-infinity').end(Infinity)],
  ['start-1e20', () => finishSpan(startSpan('bad:start-1e20', { startTime: 1e20 }))],
  [
    'event-nan',
    () => {
      const s = startSpan('bad:event-nan');
      s.addEvent('e', {}, NaN);
      s.end();
    },
  ],
];

describe('a span with a bad time in a batch of good traces', () => {
  let sinks: AllExporters;
  let got: Delivered;
  const restore = setDiagSink(() => {});
  before(async () => {
    sinks = await startAllExporters({ export: { flushIntervalMs: 60_000, batchSize: 100 } });
    // One batch: good traces around each bad span, all queued before the first export.
    for (const [name, bad] of BAD) {
      traceOperation(`good:before-${name}`, () => traceOperation('child', () => 1));
      bad();
      traceOperation(`good:after-${name}`, () => 1);
    }
    got = await sinks.collect();
  });
  after(async () => {
    restore();
    await sinks.close();
  });

  for (const exporter of ['noveum', 'otlp', 'file'] as const) {
    it(`${exporter}: delivers every good trace, as valid JSON`, () => {
      assert.equal(got.invalid[exporter], 0);
      for (const [name] of BAD) {
        assert.ok(got[exporter].includes(`good:before-${name}`), `good:before-${name} missing from ${exporter}`);
        assert.ok(got[exporter].includes(`good:after-${name}`), `good:after-${name} missing from ${exporter}`);
      }
    });
  }

  it('delivers the bad spans with their times repaired where they entered (now, end not before start)', () => {
    const now = Date.now();
    for (const [name] of BAD) {
      const [span] = got.noveumSpans.get(`bad:${name}`) ?? [];
      assert.ok(span, `bad:${name} was not delivered`);
      const start = Date.parse(String(span.start_time));
      const end = Date.parse(String(span.end_time));
      assert.ok(Math.abs(start - now) < 60_000, `${name}: start_time ${String(span.start_time)} is not about now`);
      assert.ok(end >= start, `${name}: end before start`);
      assert.ok(typeof span.duration_ms === 'number' && span.duration_ms >= 0, `${name}: duration_ms`);
    }
  });
});
