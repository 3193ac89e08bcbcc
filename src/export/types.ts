import type { TraceExporter } from '../core/types.js';
import type { CaptureLimits, RedactionOptions } from '../redact/index.js';

/** Where traces go. A string picks a built-in exporter; an object is used as is. */
export type ExporterChoice = 'noveum' | 'otlp' | 'file' | 'console' | 'none' | TraceExporter;

/** Batching, retry and delivery settings of the export pipeline. */
export interface ExportOptions {
  /** Traces per export request (default 100). */
  readonly batchSize?: number;
  /** Longest time a finished trace waits before export, in ms (default 5000). */
  readonly flushIntervalMs?: number;
  /** Most traces held in memory waiting for export; more are dropped and counted (default 2048). */
  readonly maxQueueSize?: number;
  /** Most bytes (estimated) held in memory waiting for export (default 64 MiB). */
  readonly maxQueueBytes?: number;
  /** Timeout of one export request, in ms (default 30000). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt for retryable failures (default 3). */
  readonly maxRetries?: number;
  /** Folder where batches that still fail are written and re-sent later. */
  readonly spoolDir?: string;
  /** Gzip request bodies larger than this many bytes (default 16 KiB, 0 to a loopback endpoint; 0 disables). */
  readonly compressAboveBytes?: number;
  /** Flush pending traces on normal exit, SIGTERM/SIGINT/SIGHUP, `process.exit()` and crashes (default true). */
  readonly flushOnExit?: boolean;
  /**
   * Longest wait for delivery when the process ends, in ms (default 5000). What is not delivered
   * by then is spooled (`spoolDir`) or counted as dropped and reported in one line.
   */
  readonly exitTimeoutMs?: number;
  /** First retry delay in ms, doubled each retry with jitter (default 1000). */
  readonly retryBaseDelayMs?: number;
  /** Most bytes `spoolDir` may hold; batches beyond it are dropped and counted (default 100 MiB). */
  readonly maxSpoolBytes?: number;
}

export interface OtlpOptions {
  /** Base URL (`/v1/traces` is appended) or, with `tracesEndpoint`, the full URL. */
  readonly endpoint?: string;
  readonly tracesEndpoint?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FileExportOptions {
  /** Folder for JSON-lines files (default `.noveum`). */
  readonly dir?: string;
  /** Rotate a file once it passes this many bytes (default 10 MiB). */
  readonly maxFileBytes?: number;
}

/** What the export layer needs from the resolved configuration (a subset of it). */
export interface PipelineConfig {
  readonly apiKey: string | undefined;
  readonly endpoint: string;
  readonly exporter: ExporterChoice | readonly ExporterChoice[] | undefined;
  readonly export: ExportOptions;
  readonly otlp: OtlpOptions;
  readonly file: FileExportOptions;
  /** What may leave the process: applied with `redaction` before any exporter sees a trace. */
  readonly capture?: CaptureLimits;
  readonly redaction?: RedactionOptions;
}
