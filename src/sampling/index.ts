export type { SamplingOptions, SamplingRule } from './types.js';
export { createSampler } from './create-sampler.js';
export type { SamplerDeps } from './create-sampler.js';
