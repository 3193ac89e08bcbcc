import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toIsoString, toUnixNanoString } from '../../../src/core/clock.js';

/** The plain way: the Date's own ISO text with the microseconds appended. */
function reference(epochMs: number): string {
  const whole = Math.floor(epochMs);
  const micros = Math.floor((epochMs - whole) * 1000);
  return `${new Date(whole).toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}+00:00`;
}

describe('toIsoString', () => {
  it('writes UTC with microseconds and an explicit offset', () => {
    assert.equal(toIsoString(Date.UTC(2026, 0, 2, 3, 4, 5, 678) + 0.5), '2026-01-02T03:04:05.678500+00:00');
  });

  it('agrees with the Date-based formatting across seconds, days and back again (its cache never goes stale)', () => {
    const base = Date.UTC(2026, 10, 27, 23, 59, 58);
    const values = [base, base + 999.999, base + 1000, base + 2500.5, base - 0.001, base + 86_400_000.25, base + 1.5];
    for (let i = 0; i < 5000; i++) values.push(base + (i % 2 === 0 ? i * 0.7 : -i * 1337.123));
    for (const v of values) assert.equal(toIsoString(v), reference(v), `at ${v}`);
  });
});

describe('toUnixNanoString', () => {
  it('writes nanoseconds without float error', () => {
    assert.equal(toUnixNanoString(1_700_000_000_123.25), '1700000000123250000');
  });
});
