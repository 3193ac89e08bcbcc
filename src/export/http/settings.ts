import { warnOnce } from '../../diag/diag.js';
import { readNumber } from '../../internal/validate.js';
import type { HttpExporterSettings } from './http-exporter.js';

/** Delivery options shared by the Noveum and OTLP exporters (see `ExportOptions`). */
export interface HttpExporterOptions {
  /** Timeout of one request, in ms (default 30000). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt for 429/5xx/timeouts/connection errors (default 3). */
  readonly maxRetries?: number;
  /** First backoff delay in ms, doubled each retry, with jitter (default 1000). */
  readonly retryBaseDelayMs?: number;
  /**
   * Gzip bodies larger than this many bytes (0 disables). Default: 16 KiB, except to a loopback
   * endpoint (a local collector or sidecar), where nothing crosses a network and gzip is pure CPU.
   */
  readonly compressAboveBytes?: number;
  /** Folder where batches that still fail are written and re-sent later. */
  readonly spoolDir?: string;
  /** Most bytes the spool folder may hold (default 100 MiB). */
  readonly maxSpoolBytes?: number;
}

// Longer delays overflow Node's timers, which then fire at once (with a TimeoutOverflowWarning).
const MAX_TIMER_MS = 2_147_483_647;

// The Noveum and OTLP exporters read the same `export` options: one warning per mistake, not one each.
function warnShared(message: string): void {
  warnOnce(message, message);
}

function setting(name: string, value: unknown, fallback: number, min: number, max?: number): number {
  const rule = { fallback, min, outOfRange: 'fallback' as const, ...(max !== undefined && { max }) };
  return readNumber(`export.${name}`, value, rule, warnShared);
}

/**
 * Gzip costs about 8 ns of CPU per body byte (level 1, prose) to save ~60% of the bytes: worth it
 * on a network, never on loopback, where sending a byte costs far less than compressing it.
 */
function defaultCompressAbove(url: URL): number {
  return isLoopbackHost(url.hostname) ? 0 : 16 * 1024;
}

/** Fills the defaults of the Python SDK (30 s timeout, 3 retries, 1 s backoff factor); bad values warn. */
export function resolveHttpSettings(
  url: URL,
  options: HttpExporterOptions,
  headers: Readonly<Record<string, string>>
): HttpExporterSettings {
  return {
    url,
    headers,
    timeoutMs: setting('timeoutMs', options.timeoutMs, 30_000, 1, MAX_TIMER_MS),
    compressAboveBytes: setting('compressAboveBytes', options.compressAboveBytes, defaultCompressAbove(url), 0),
    retry: {
      maxRetries: Math.floor(setting('maxRetries', options.maxRetries, 3, 0, 100)),
      baseDelayMs: setting('retryBaseDelayMs', options.retryBaseDelayMs, 1000, 0, MAX_TIMER_MS),
      maxDelayMs: 30_000,
    },
    spoolDir: options.spoolDir,
    maxSpoolBytes: setting('maxSpoolBytes', options.maxSpoolBytes, 100 * 1024 * 1024, 0),
  };
}

/**
 * Header names that carry a credential: `Authorization`, vendor keys (`DD-API-KEY`,
 * `x-honeycomb-team`, `x-api-key`, `api-key`, `x-goog-api-key`) and anything naming a key,
 * token, secret, password or auth.
 */
const CREDENTIAL_HEADER = /key|token|secret|passw|auth|x-honeycomb-team|cookie|signature/i;

/** True when a header of this name carries a credential (see {@link warnIfInsecure}). */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name);
}

/** The secret part of a credential header's value: the token of `Bearer <token>`, else the whole value. */
export function credentialOf(value: string): string {
  const m = /^\s*(?:bearer|basic|token|apikey)\s+(\S+)\s*$/i.exec(value);
  return m === null ? value.trim() : m[1]!;
}

/**
 * Loopback, by the parsed host and nothing looser: `localhost`, 127.0.0.0/8 written as
 * four decimal numbers, and ::1. `127.0.0.1.evil.example` is a remote name.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === 'localhost.' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const parts = host.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** Warns once when a credential would travel in clear text to a host other than loopback. */
export function warnIfInsecure(url: URL, credential: string): void {
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return;
  warnOnce(
    `insecure-${url.origin}`,
    `${credential} is sent over plain http:// to ${url.origin}; anyone on the network path can read it. Use https://`
  );
}
