export type { PiiDetector, RedactionOptions } from './types.js';
