import { diag } from '../../diag/diag.js';
import type { OtlpOptions } from '../types.js';

type Env = Readonly<Record<string, string | undefined>>;

/** OpenTelemetry's default OTLP/HTTP traces URL. */
export const DEFAULT_OTLP_TRACES_URL = 'http://localhost:4318/v1/traces';

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * The traces URL from options, then the environment: `tracesEndpoint` and
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` are used as they are; `endpoint` and
 * `OTEL_EXPORTER_OTLP_ENDPOINT` get `/v1/traces` appended (OTel spec).
 * Undefined when none is set.
 */
export function resolveOtlpTracesUrl(options: OtlpOptions, env: Env): string | undefined {
  const full = nonEmpty(options.tracesEndpoint);
  if (full !== undefined) return full;
  const base = nonEmpty(options.endpoint);
  if (base !== undefined) return `${base.replace(/\/+$/, '')}/v1/traces`;
  const envFull = nonEmpty(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
  if (envFull !== undefined) return envFull;
  const envBase = nonEmpty(env['OTEL_EXPORTER_OTLP_ENDPOINT']);
  return envBase === undefined ? undefined : `${envBase.replace(/\/+$/, '')}/v1/traces`;
}

/** Parses `key1=value1,key2=value2` with URL-encoded keys and values (the OTel env format). */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (text === undefined) return headers;
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      if (part.trim() !== '') diag.warn(`OTEL_EXPORTER_OTLP_HEADERS: entry without "=" ignored`);
      continue;
    }
    try {
      const key = decodeURIComponent(part.slice(0, eq).trim());
      headers[key] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      diag.warn(`OTEL_EXPORTER_OTLP_HEADERS: an entry is not valid URL encoding; ignored`);
    }
  }
  return headers;
}

/** Headers from the environment (generic, then traces-specific), then options; later ones win. */
export function resolveOtlpHeaders(options: OtlpOptions, env: Env): Record<string, string> {
  return {
    ...parseOtlpHeaders(env['OTEL_EXPORTER_OTLP_HEADERS']),
    ...parseOtlpHeaders(env['OTEL_EXPORTER_OTLP_TRACES_HEADERS']),
    ...options.headers,
  };
}
