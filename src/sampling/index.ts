export type { SamplingOptions, SamplingRule } from './types.js';
export { createSampler } from './create-sampler.js';
