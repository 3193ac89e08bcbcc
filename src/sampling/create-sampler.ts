import { performance } from 'node:perf_hooks';
import { diag } from '../diag/diag.js';
import type { Sampler, SamplingDecision } from '../core/types.js';
import { RateLimiter } from './rate-limiter.js';
import { passesRatio, ratioThreshold, type RatioThreshold } from './trace-id-ratio.js';
import type { SamplingOptions, SamplingRule } from './types.js';
import { readNumber } from '../internal/validate.js';

/** Seams for tests: the clock the rate limit reads, in milliseconds. */
export interface SamplerDeps {
  readonly now?: () => number;
}

interface CompiledRule {
  readonly exact: string | undefined;
  readonly pattern: RegExp | undefined;
  readonly threshold: RatioThreshold;
}

const ALWAYS_SAMPLE: Sampler = { shouldSample: () => 'sample' };
const ALWAYS_DROP: Sampler = { shouldSample: () => 'drop' };
const ALWAYS_RECORD: Sampler = { shouldSample: () => 'record' };

function compileRule(rule: SamplingRule, index: number, fallbackRate: number): CompiledRule | undefined {
  const option = `sampling.rules[${index}]`;
  if (rule === null || typeof rule !== 'object') {
    diag.warn(`option "${option}" must be an object { name, rate }, got ${typeof rule}; ignored`);
    return undefined;
  }
  const name: unknown = rule.name;
  let exact: string | undefined;
  let pattern: RegExp | undefined;
  if (typeof name === 'string') exact = name;
  else if (name instanceof RegExp) {
    // A global or sticky RegExp keeps lastIndex between calls and would match every other time.
    pattern = name.global || name.sticky ? new RegExp(name.source, name.flags.replace(/[gy]/g, '')) : name;
  } else {
    diag.warn(`option "${option}.name" must be a string or a RegExp, got ${typeof name}; rule ignored`);
    return undefined;
  }
  const rate = readNumber(`${option}.rate`, rule.rate, { fallback: fallbackRate, min: 0, max: 1 }, diag.warn);
  return { exact, pattern, threshold: ratioThreshold(rate) };
}

function compileRules(rules: unknown, fallbackRate: number): CompiledRule[] {
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) {
    diag.warn(`option "sampling.rules" must be an array, got ${typeof rules}; ignored`);
    return [];
  }
  const out: CompiledRule[] = [];
  rules.forEach((rule: SamplingRule, i) => {
    const compiled = compileRule(rule, i, fallbackRate);
    if (compiled !== undefined) out.push(compiled);
  });
  return out;
}

function thresholdFor(rules: readonly CompiledRule[], fallback: RatioThreshold, name: string): RatioThreshold {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (rule.exact !== undefined ? rule.exact === name : rule.pattern!.test(name)) return rule.threshold;
  }
  return fallback;
}

/**
 * Builds the sampler for resolved options. Everything is decided here, once:
 * rules are compiled, thresholds precomputed, and the commonest cases (keep all,
 * keep none) get a constant sampler, so `shouldSample` allocates nothing.
 *
 * Decision for a trace, made once at its root:
 * 1. the first rule whose `name` equals (string) or matches (RegExp) the root
 *    span's name sets the rate; otherwise `rate` does;
 * 2. the trace id's last 56 bits decide against that rate (see trace-id-ratio.ts),
 *    so every service sharing the trace id and the rate agrees;
 * 3. a kept trace then needs a token from the `maxTracesPerSecond` bucket (per process);
 * 4. a trace not kept is `'record'` with `keepErrors` (exported only if it ends
 *    in error), else `'drop'`.
 */
export function createSampler(options: SamplingOptions, deps: SamplerDeps = {}): Sampler {
  const o: SamplingOptions = options !== null && typeof options === 'object' ? options : {};
  const rate = readNumber('sampling.rate', o.rate, { fallback: 1, min: 0, max: 1 }, diag.warn);
  const rules = compileRules(o.rules, rate);
  const limit = readNumber(
    'sampling.maxTracesPerSecond',
    o.maxTracesPerSecond,
    { fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER },
    diag.warn
  );
  const notKept: SamplingDecision = o.keepErrors === true ? 'record' : 'drop';
  const fallback = ratioThreshold(rate);
  // Rules that all repeat the default rate change nothing; dropping them keeps the fast paths.
  const active = rules.every((r) => r.threshold.high === fallback.high && r.threshold.low === fallback.low)
    ? []
    : rules;

  if (active.length === 0 && limit === 0) {
    if (rate >= 1) return ALWAYS_SAMPLE;
    if (rate <= 0) return notKept === 'drop' ? ALWAYS_DROP : ALWAYS_RECORD;
  }
  const limiter = limit > 0 ? new RateLimiter(limit, deps.now ?? (() => performance.now())) : undefined;
  return {
    shouldSample(traceId: string, spanName: string): SamplingDecision {
      const threshold = active.length === 0 ? fallback : thresholdFor(active, fallback, spanName);
      if (!passesRatio(traceId, threshold)) return notKept;
      if (limiter !== undefined && !limiter.tryTake()) return notKept;
      return 'sample';
    },
  };
}
