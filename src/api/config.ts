import { isDiagLevel, type DiagLevel } from '../diag/diag.js';
import type { TraceProcessor } from '../core/types.js';
import { warnUnknownKeys } from '../internal/option-schema.js';
import { describeValue, readBoolean, readNumber, type Warn } from '../internal/validate.js';
import { resolvePropagation } from '../propagation/resolve-options.js';
import { INIT_OPTION_SCHEMA } from './init-schema.js';
import type { CaptureOptions, InitOptions, ResolvedCapture, ResolvedConfig } from './options.js';

export const DEFAULT_ENDPOINT = 'https://api.noveum.ai/api';
export const DEFAULT_PROJECT = 'default';
export const DEFAULT_ENVIRONMENT = 'development';

export const DEFAULT_CAPTURE: ResolvedCapture = {
  inputs: true,
  outputs: true,
  maxInputLength: 20_000,
  maxOutputLength: 20_000,
};

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function pickString(option: string, value: unknown, envName: string, env: Env, warn: Warn): string | undefined {
  if (value !== undefined) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    warn(`option "${option}" must be a non-empty string, got ${describeValue(value)}; using ${envName} or the default`);
  }
  return nonEmpty(env[envName]);
}

function resolveNumber(option: string, value: unknown, fallback: number, min: number, max: number, warn: Warn): number {
  return readNumber(option, value, { fallback, min, max, fromString: true }, warn);
}

function parseBool(option: string, value: unknown, fallback: boolean, warn: Warn): boolean {
  return readBoolean(option, value, { fallback, fromString: true }, warn);
}

function resolveDebug(value: unknown, env: Env, warn: Warn): DiagLevel {
  const raw = value ?? nonEmpty(env['NOVEUM_DEBUG']);
  if (raw === undefined || raw === false) return 'warn';
  if (raw === true) return 'debug';
  if (isDiagLevel(raw)) return raw;
  if (typeof raw === 'string') {
    const v = raw.toLowerCase();
    if (isDiagLevel(v)) return v;
    if (['1', 'true', 'yes', 'on'].includes(v)) return 'debug';
    if (['0', 'false', 'no', 'off'].includes(v)) return 'warn';
  }
  warn(
    `option "debug" must be a boolean or a level (none, error, warn, info, debug, verbose), got ${describeValue(raw)}; using "warn"`
  );
  return 'warn';
}

function resolveCapture(capture: CaptureOptions | undefined, warn: Warn): ResolvedCapture {
  if (capture === undefined) return DEFAULT_CAPTURE;
  if (capture === null || typeof capture !== 'object') {
    warn(`option "capture" must be an object, got ${describeValue(capture)}; using the defaults`);
    return DEFAULT_CAPTURE;
  }
  const max = Number.MAX_SAFE_INTEGER;
  return {
    inputs: parseBool('capture.inputs', capture.inputs, DEFAULT_CAPTURE.inputs, warn),
    outputs: parseBool('capture.outputs', capture.outputs, DEFAULT_CAPTURE.outputs, warn),
    maxInputLength: resolveNumber(
      'capture.maxInputLength',
      capture.maxInputLength,
      DEFAULT_CAPTURE.maxInputLength,
      0,
      max,
      warn
    ),
    maxOutputLength: resolveNumber(
      'capture.maxOutputLength',
      capture.maxOutputLength,
      DEFAULT_CAPTURE.maxOutputLength,
      0,
      max,
      warn
    ),
  };
}

/** The Noveum endpoint, without trailing slashes; a value that is not an http(s) URL warns and uses the default. */
function resolveEndpoint(value: string | undefined, fromEnvironment: boolean, warn: Warn): string {
  if (value === undefined) return DEFAULT_ENDPOINT;
  let ok = false;
  try {
    const url = new URL(value);
    ok = url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    ok = false;
  }
  if (ok) return value.replace(/\/+$/, '');
  const source = fromEnvironment ? ' (the value came from NOVEUM_ENDPOINT)' : '';
  warn(`option "endpoint" must be an http(s) URL, got ${describeValue(value)}; using ${DEFAULT_ENDPOINT}${source}`);
  return DEFAULT_ENDPOINT;
}

function resolveServiceVersion(value: unknown, warn: Warn): string | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() !== '')) return value?.trim();
  warn(`option "serviceVersion" must be a non-empty string, got ${describeValue(value)}; leaving it unset`);
  return undefined;
}

function resolveProcessors(value: unknown, warn: Warn): readonly TraceProcessor[] {
  if (value === undefined) return [];
  const valid = (p: unknown): p is TraceProcessor =>
    typeof p === 'object' &&
    p !== null &&
    typeof (p as TraceProcessor).onTraceEnd === 'function' &&
    typeof (p as TraceProcessor).forceFlush === 'function' &&
    typeof (p as TraceProcessor).shutdown === 'function';
  if (Array.isArray(value) && value.every(valid)) return value;
  warn(
    `option "processors" must be an array of processors (with onTraceEnd, forceFlush and shutdown), got ${describeValue(value)}; using the valid entries`
  );
  return Array.isArray(value) ? value.filter(valid) : [];
}

/** Adds where a bad value came from, so a warning about an environment variable names it. */
function fromEnv(envName: string, warn: Warn): Warn {
  return (message) => warn(`${message} (the value came from ${envName})`);
}

/**
 * Merges options, environment variables and defaults. Options win over the
 * environment. Never throws: each bad value is reported through `warn` and replaced.
 */
export function resolveConfig(options: InitOptions, env: Env, warn: Warn): ResolvedConfig {
  const o: InitOptions = options !== null && typeof options === 'object' ? options : {};
  if (o !== options) warn(`init() takes an options object, got ${describeValue(options)}; using the defaults`);
  warnUnknownKeys('init()', o, INIT_OPTION_SCHEMA, warn);
  const rateOption =
    o.samplingRate !== undefined ? 'samplingRate' : o.sampling?.rate !== undefined ? 'sampling.rate' : undefined;
  const samplingRate = resolveNumber(
    rateOption ?? 'samplingRate',
    o.samplingRate ?? o.sampling?.rate ?? nonEmpty(env['NOVEUM_SAMPLING_RATE']),
    1,
    0,
    1,
    rateOption === undefined ? fromEnv('NOVEUM_SAMPLING_RATE', warn) : warn
  );
  return {
    apiKey: pickString('apiKey', o.apiKey, 'NOVEUM_API_KEY', env, warn),
    project: pickString('project', o.project, 'NOVEUM_PROJECT', env, warn) ?? DEFAULT_PROJECT,
    environment: pickString('environment', o.environment, 'NOVEUM_ENVIRONMENT', env, warn) ?? DEFAULT_ENVIRONMENT,
    endpoint: resolveEndpoint(
      pickString('endpoint', o.endpoint, 'NOVEUM_ENDPOINT', env, warn),
      o.endpoint === undefined,
      warn
    ),
    serviceVersion: resolveServiceVersion(o.serviceVersion, warn),
    enabled: parseBool(
      'enabled',
      o.enabled ?? nonEmpty(env['NOVEUM_ENABLED']),
      true,
      o.enabled === undefined ? fromEnv('NOVEUM_ENABLED', warn) : warn
    ),
    debug: resolveDebug(o.debug, env, o.debug === undefined ? fromEnv('NOVEUM_DEBUG', warn) : warn),
    sampling: { ...o.sampling, rate: samplingRate },
    capture: resolveCapture(o.capture, warn),
    redaction: o.redaction ?? {},
    exporter: o.exporter,
    export: o.export ?? {},
    otlp: o.otlp ?? {},
    file: o.file ?? {},
    processors: resolveProcessors(o.processors, warn),
    maxAttributeLength: resolveNumber('maxAttributeLength', o.maxAttributeLength, 32_768, 16, 10_000_000, warn),
    outgoingPropagation: resolvePropagation(o.propagation, warn),
  };
}
