import type { Sampler } from '../core/types.js';
import type { SamplingOptions } from './types.js';

const ALWAYS: Sampler = { shouldSample: () => 'sample' };

/** Builds the sampler for resolved options. (Placeholder until the sampling module lands.) */
export function createSampler(options: SamplingOptions): Sampler {
  const rate = options.rate ?? 1;
  if (rate >= 1) return ALWAYS;
  return {
    shouldSample: (traceId) => (parseInt(traceId.slice(-8), 16) / 0x1_0000_0000 < rate ? 'sample' : 'drop'),
  };
}
