import { warnOnce } from '../../diag/diag.js';
import type { HttpExporterSettings } from './http-exporter.js';

/** Delivery options shared by the Noveum and OTLP exporters (see `ExportOptions`). */
export interface HttpExporterOptions {
  /** Timeout of one request, in ms (default 30000). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt for 429/5xx/timeouts/connection errors (default 3). */
  readonly maxRetries?: number;
  /** First backoff delay in ms, doubled each retry, with jitter (default 1000). */
  readonly retryBaseDelayMs?: number;
  /** Gzip bodies larger than this many bytes (default 16 KiB; 0 disables). */
  readonly compressAboveBytes?: number;
  /** Folder where batches that still fail are written and re-sent later. */
  readonly spoolDir?: string;
  /** Most bytes the spool folder may hold (default 100 MiB). */
  readonly maxSpoolBytes?: number;
}

function nonNegative(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** Fills the defaults of the Python SDK (30 s timeout, 3 retries, 1 s backoff factor). */
export function resolveHttpSettings(
  url: URL,
  options: HttpExporterOptions,
  headers: Readonly<Record<string, string>>
): HttpExporterSettings {
  return {
    url,
    headers,
    timeoutMs: nonNegative(options.timeoutMs, 30_000) || 30_000,
    compressAboveBytes: nonNegative(options.compressAboveBytes, 16 * 1024),
    retry: {
      maxRetries: Math.floor(nonNegative(options.maxRetries, 3)),
      baseDelayMs: nonNegative(options.retryBaseDelayMs, 1000),
      maxDelayMs: 30_000,
    },
    spoolDir: options.spoolDir,
    maxSpoolBytes: nonNegative(options.maxSpoolBytes, 100 * 1024 * 1024),
  };
}

/** Warns once when a credential would travel in clear text to a host other than loopback. */
export function warnIfInsecure(url: URL, credential: string): void {
  if (url.protocol !== 'http:') return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || host.startsWith('127.')) return;
  warnOnce(
    `insecure-${url.origin}`,
    `${credential} is sent over plain http:// to ${url.origin}; anyone on the network path can read it. Use https://`
  );
}
