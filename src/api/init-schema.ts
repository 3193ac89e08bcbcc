/**
 * Every key of `InitOptions`, nested as the type nests them: what `init()` checks unknown keys
 * against. `satisfies OptionSchema<InitOptions>` makes the compiler hold it to the type, so a
 * new option is one line here (e.g. `exitTimeoutMs: true` under `export`).
 */
import type { OptionSchema } from '../internal/option-schema.js';
import type { InitOptions } from './options.js';

export const INIT_OPTION_SCHEMA = {
  apiKey: true,
  project: true,
  environment: true,
  endpoint: true,
  serviceVersion: true,
  samplingRate: true,
  sampling: { rate: true, rules: true, maxTracesPerSecond: true, keepErrors: true },
  capture: { inputs: true, outputs: true, maxInputLength: true, maxOutputLength: true },
  redaction: { redactPii: true, patterns: true, mask: true, keys: true },
  debug: true,
  exporter: true,
  export: {
    batchSize: true,
    flushIntervalMs: true,
    maxQueueSize: true,
    maxQueueBytes: true,
    timeoutMs: true,
    maxRetries: true,
    spoolDir: true,
    compressAboveBytes: true,
    flushOnExit: true,
    exitTimeoutMs: true,
    retryBaseDelayMs: true,
    maxSpoolBytes: true,
  },
  otlp: { endpoint: true, tracesEndpoint: true, headers: true },
  file: { dir: true, maxFileBytes: true },
  propagation: { outgoing: true },
  processors: true,
  maxAttributeLength: true,
  enabled: true,
  autoInstrument: true,
} as const satisfies OptionSchema<InitOptions>;
