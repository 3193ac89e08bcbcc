export type { PiiDetector, RedactionOptions } from './types.js';
export { createTraceRedactor, type TraceRedactor } from './trace-redactor.js';
export type { CaptureLimits } from './value-redactor.js';
export { redactText } from './redact-text.js';
