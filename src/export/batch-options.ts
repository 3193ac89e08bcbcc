import type { FinishedTrace } from '../core/types.js';
import { diag } from '../diag/diag.js';
import { readNumber } from '../internal/validate.js';

/** Options of `BatchProcessor`; the first four mirror `ExportOptions`. */
export interface BatchProcessorOptions {
  /** Traces per export call (default 100). */
  readonly batchSize?: number;
  /** Longest wait before a queued trace is exported, in ms (default 5000; 0: the next turn). */
  readonly flushIntervalMs?: number;
  /** Most traces queued; more are dropped and counted (default 2048). */
  readonly maxQueueSize?: number;
  /** Most estimated bytes queued (default 64 MiB). */
  readonly maxQueueBytes?: number;
  /** Longest one `exporter.export()` may take before the batch is counted as failed (default 180000). */
  readonly exportTimeoutMs?: number;
  /** Longest wait for delivery when the process ends (exit, signal, crash), in ms (default 5000). */
  readonly exitTimeoutMs?: number;
  /**
   * Applied to each trace in the export step, before any exporter sees it (redaction). Undefined drops
   * the trace. A promise is awaited: long work (redacting large values) can yield to the event loop.
   */
  readonly transform?: BatchTransform | undefined;
  /**
   * The same transform, synchronous, for a process that is ending (`process.exit()`, a crash), where
   * a promise can no longer be awaited. Without it, `transform` is used if it answers synchronously.
   */
  readonly transformSync?: ((trace: FinishedTrace) => FinishedTrace | undefined) | undefined;
}

export interface ResolvedBatchOptions {
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly maxQueueSize: number;
  readonly maxQueueBytes: number;
  readonly exportTimeoutMs: number;
  readonly exitTimeoutMs: number;
  readonly transform: BatchTransform | undefined;
  readonly transformSync: ((trace: FinishedTrace) => FinishedTrace | undefined) | undefined;
}

export type BatchTransform = (trace: FinishedTrace) => FinishedTrace | undefined | Promise<FinishedTrace | undefined>;

/** A whole number in [min, max]; anything else warns once, naming the option, and uses the fallback or the clamp. */
function pick(name: string, value: unknown, fallback: number, min: number, max: number): number {
  return readNumber(`export.${name}`, value, { fallback, min, max, integer: true }, diag.warn);
}

/** Fills defaults and corrects bad values (never throws); `batchSize` never exceeds `maxQueueSize`. */
export function resolveBatchOptions(o: BatchProcessorOptions): ResolvedBatchOptions {
  const maxQueueSize = pick('maxQueueSize', o.maxQueueSize, 2048, 1, 1_000_000);
  let batchSize = pick('batchSize', o.batchSize, 100, 1, 100_000);
  if (batchSize > maxQueueSize) {
    diag.warn(
      `option "export.batchSize" (${batchSize}) is larger than "export.maxQueueSize" (${maxQueueSize}); using ${maxQueueSize}`
    );
    batchSize = maxQueueSize;
  }
  return {
    batchSize,
    maxQueueSize,
    flushIntervalMs: pick('flushIntervalMs', o.flushIntervalMs, 5000, 0, 3_600_000),
    maxQueueBytes: pick('maxQueueBytes', o.maxQueueBytes, 64 * 1024 * 1024, 1024, Number.MAX_SAFE_INTEGER),
    exportTimeoutMs: pick('exportTimeoutMs', o.exportTimeoutMs, 180_000, 1, 3_600_000),
    exitTimeoutMs: pick('exitTimeoutMs', o.exitTimeoutMs, 5000, 0, 600_000),
    transform: o.transform,
    transformSync: o.transformSync,
  };
}
