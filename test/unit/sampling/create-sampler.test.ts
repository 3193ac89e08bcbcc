import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { generateTraceId } from '../../../src/core/ids.js';
import { setDiagSink } from '../../../src/diag/diag.js';
import { createSampler } from '../../../src/sampling/create-sampler.js';

/** A trace id whose last 56 bits are `random56` (a 14-hex-digit string). */
function idWithRandom(random56: string): string {
  return '0123456789abcdef01'.slice(0, 32 - 14) + random56;
}

function countSampled(rate: number, n: number): number {
  const sampler = createSampler({ rate });
  let kept = 0;
  for (let i = 0; i < n; i++) if (sampler.shouldSample(generateTraceId(), 'root', undefined) === 'sample') kept++;
  return kept;
}

let lines: string[] = [];
let restore: () => void = () => {};
beforeEach(() => {
  lines = [];
  restore = setDiagSink((line) => lines.push(line));
});
afterEach(() => restore());

describe('createSampler', () => {
  describe('rate', () => {
    it('keeps about 10% of 10,000 traces, within 4 standard deviations', () => {
      const n = 10_000;
      const sigma = Math.sqrt(n * 0.1 * 0.9); // 30
      const kept = countSampled(0.1, n);
      assert.ok(Math.abs(kept - 1000) <= 4 * sigma, `kept ${kept} of ${n}`);
    });

    it('keeps every trace at rate 1 and none at rate 0', () => {
      assert.equal(countSampled(1, 1000), 1000);
      assert.equal(countSampled(0, 1000), 0);
    });

    it('gives the same decision for the same trace id, in separate samplers (services)', () => {
      const a = createSampler({ rate: 0.3 });
      const b = createSampler({ rate: 0.3 });
      for (let i = 0; i < 2000; i++) {
        const id = generateTraceId();
        const first = a.shouldSample(id, 'x', undefined);
        assert.equal(a.shouldSample(id, 'y', undefined), first);
        assert.equal(b.shouldSample(id, 'x', undefined), first);
      }
    });

    it('keeps a superset of a lower rate at a higher rate', () => {
      const low = createSampler({ rate: 0.2 });
      const high = createSampler({ rate: 0.6 });
      for (let i = 0; i < 2000; i++) {
        const id = generateTraceId();
        if (low.shouldSample(id, 'x', undefined) === 'sample')
          assert.equal(high.shouldSample(id, 'x', undefined), 'sample');
      }
    });

    it('decides from the last 56 bits against the threshold (1 - rate) * 2^56', () => {
      const sampler = createSampler({ rate: 0.5 });
      // Threshold for 0.5 is 2^55 = 0x80000000000000.
      assert.equal(sampler.shouldSample(idWithRandom('80000000000000'), 'x', undefined), 'sample');
      assert.equal(sampler.shouldSample(idWithRandom('7fffffffffffff'), 'x', undefined), 'drop');
      assert.equal(sampler.shouldSample(idWithRandom('ffffffffffffff'), 'x', undefined), 'sample');
      assert.equal(sampler.shouldSample(idWithRandom('00000000000000'), 'x', undefined), 'drop');
      // The leading 18 hex digits play no part.
      assert.equal(sampler.shouldSample('ffffffffffffffffff' + '00000000000001', 'x', undefined), 'drop');
    });
  });

  describe('rules', () => {
    it('lets the first matching rule set the rate, by exact name or RegExp', () => {
      const sampler = createSampler({
        rate: 0,
        rules: [
          { name: 'health', rate: 0 },
          { name: /^chat\./g, rate: 1 },
          { name: /chat/, rate: 0 },
        ],
      });
      const id = generateTraceId();
      for (let i = 0; i < 3; i++) {
        // Repeated on purpose: a global RegExp must not alternate between calls.
        assert.equal(sampler.shouldSample(id, 'chat.completions', undefined), 'sample');
      }
      assert.equal(sampler.shouldSample(id, 'health', undefined), 'drop');
      assert.equal(sampler.shouldSample(id, 'my-chat', undefined), 'drop');
      assert.equal(sampler.shouldSample(id, 'other', undefined), 'drop');
    });

    it('falls back to the default rate when no rule matches', () => {
      const sampler = createSampler({ rate: 1, rules: [{ name: 'noisy', rate: 0 }] });
      assert.equal(sampler.shouldSample(generateTraceId(), 'quiet', undefined), 'sample');
      assert.equal(sampler.shouldSample(generateTraceId(), 'noisy', undefined), 'drop');
    });
  });

  describe('maxTracesPerSecond', () => {
    it('keeps at most the limit per second and refills as the clock advances', () => {
      let t = 1000;
      const sampler = createSampler({ maxTracesPerSecond: 5 }, { now: () => t });
      const decide = (): string => sampler.shouldSample(generateTraceId(), 'x', undefined);
      const first = Array.from({ length: 8 }, decide);
      assert.deepEqual(first.filter((d) => d === 'sample').length, 5);
      assert.equal(decide(), 'drop');
      t += 200; // one token back at 5/s
      assert.equal(decide(), 'sample');
      assert.equal(decide(), 'drop');
      t += 10_000; // refill caps at one second's worth
      const later = Array.from({ length: 8 }, decide);
      assert.equal(later.filter((d) => d === 'sample').length, 5);
    });

    it('spends tokens only on traces the rate keeps', () => {
      const t = 0;
      const sampler = createSampler({ rate: 0.5, maxTracesPerSecond: 1 }, { now: () => t });
      assert.equal(sampler.shouldSample(idWithRandom('00000000000000'), 'x', undefined), 'drop');
      assert.equal(sampler.shouldSample(idWithRandom('ffffffffffffff'), 'x', undefined), 'sample');
      assert.equal(sampler.shouldSample(idWithRandom('ffffffffffffff'), 'x', undefined), 'drop');
    });

    it('ignores a clock that goes backwards', () => {
      let t = 5000;
      const sampler = createSampler({ maxTracesPerSecond: 1 }, { now: () => t });
      assert.equal(sampler.shouldSample(generateTraceId(), 'x', undefined), 'sample');
      t = 0;
      assert.equal(sampler.shouldSample(generateTraceId(), 'x', undefined), 'drop');
    });
  });

  describe('keepErrors', () => {
    it('records sampled-out traces instead of dropping them', () => {
      const sampler = createSampler({ rate: 0.5, keepErrors: true });
      assert.equal(sampler.shouldSample(idWithRandom('00000000000000'), 'x', undefined), 'record');
      assert.equal(sampler.shouldSample(idWithRandom('ffffffffffffff'), 'x', undefined), 'sample');
      assert.equal(
        createSampler({ rate: 0, keepErrors: true }).shouldSample(generateTraceId(), 'x', undefined),
        'record'
      );
    });

    it('records traces the rate limit turns away', () => {
      const sampler = createSampler({ maxTracesPerSecond: 1, keepErrors: true }, { now: () => 0 });
      assert.equal(sampler.shouldSample(generateTraceId(), 'x', undefined), 'sample');
      assert.equal(sampler.shouldSample(generateTraceId(), 'x', undefined), 'record');
    });
  });

  describe('bad configuration', () => {
    it('clamps an out-of-range rate with one warning naming the option', () => {
      const sampler = createSampler({ rate: 7 });
      assert.equal(sampler.shouldSample(generateTraceId(), 'x', undefined), 'sample');
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /"sampling\.rate" must be between 0 and 1, got 7; using 1/);
    });

    it('corrects bad rules and limits without throwing', () => {
      const sampler = createSampler({
        rate: 0,
        rules: [
          { name: 'a', rate: Number.NaN },
          { name: 42 as unknown as string, rate: 1 },
          { name: 'b', rate: -1 },
        ],
        maxTracesPerSecond: -3,
      });
      assert.equal(sampler.shouldSample(generateTraceId(), 'a', undefined), 'drop');
      assert.equal(lines.length, 4, lines.join('\n'));
      assert.match(lines[0]!, /"sampling\.rules\[0\]\.rate" must be a number, got NaN; using 0/);
      assert.match(lines[1]!, /"sampling\.rules\[1\]\.name" must be a string or a RegExp/);
      assert.match(lines[2]!, /"sampling\.rules\[2\]\.rate" must be between 0 and 1, got -1; using 0/);
      assert.match(lines[3]!, /"sampling\.maxTracesPerSecond" must be between 0 and .*, got -3; using 0/);
    });

    it('accepts a missing options object', () => {
      const sampler = createSampler(undefined as never);
      assert.equal(sampler.shouldSample(generateTraceId(), 'x', undefined), 'sample');
    });
  });
});
