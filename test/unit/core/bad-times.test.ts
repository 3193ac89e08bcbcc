/**
 * Times given to the span API are checked where they enter: a bad one is replaced by the
 * current time (an end never before its start), with one warning per kind, and counted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { finishSpan, startSpan } from '../../../src/index.js';
import { getDiagnostics } from '../../../src/diag/internal-errors.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const YEAR_2000 = 946_684_800_000;
const YEAR_2100 = 4_102_444_800_000;

function assertPlausible(t: number, what: string): void {
  assert.ok(Number.isFinite(t) && t > YEAR_2000 && t < YEAR_2100, `${what} = ${t}`);
}

describe('times given to the span API', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());

  it('replaces a NaN, infinite, far-future or seconds-based startTime by now, and warns once per kind', () => {
    const misuse = getDiagnostics().misuseWarnings;
    const before = Date.now();
    for (const [i, bad] of [NaN, Infinity, -Infinity, 1e20, -5, 1_700_000_000].entries())
      finishSpan(startSpan(`bad-start-${i}`, { startTime: bad }));
    for (let i = 0; i < 6; i++) {
      const s = t.span(`bad-start-${i}`);
      assertPlausible(s.startTime, `startTime of bad-start-${i}`);
      assert.ok(s.startTime >= before - 1 && s.endTime >= s.startTime);
    }
    const lines = t.diagLines.filter((l) => l.includes('startTime'));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /epoch milliseconds \(Date\.now\(\)\) or a Date/);
    assert.equal(getDiagnostics().misuseWarnings - misuse, 6);
  });

  it('replaces end(Infinity) and an end before the start, so the end is never before the start', () => {
    const a = startSpan('end-infinity');
    a.end(Infinity);
    const b = startSpan('end-before-start', { startTime: Date.now() + 60_000 });
    b.end(Date.now());
    const s = t.span('end-infinity');
    assertPlausible(s.endTime, 'endTime');
    assert.ok(s.endTime >= s.startTime);
    const e = t.span('end-before-start');
    assert.ok(e.endTime >= e.startTime, `${e.endTime} >= ${e.startTime}`);
    assert.equal(t.diagLines.filter((l) => l.includes('endTime')).length, 2, 'one for the bad time, one for the order');
  });

  it('replaces a NaN event or exception time by now', () => {
    const span = startSpan('bad-event');
    span.addEvent('e', {}, NaN);
    span.recordException(new Error('x'), Number.POSITIVE_INFINITY);
    span.end();
    for (const e of t.span('bad-event').events) assertPlausible(e.time, `time of event ${e.name}`);
  });

  it('accepts epoch milliseconds and Dates, kept exactly', () => {
    const start = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    const span = startSpan('dated', { startTime: start });
    span.addEvent('at', undefined, start.getTime() + 1.5);
    finishSpan(span, new Date(start.getTime() + 250));
    const s = t.span('dated');
    assert.equal(s.startTime, start.getTime());
    assert.equal(s.endTime, start.getTime() + 250);
    assert.equal(s.events[0]!.time, start.getTime() + 1.5);
  });
});
