import { optionsObject } from '../internal/options-object.js';
import { runSuppressed } from '../context/active-span.js';
import type { ExportResult, FinishedTrace, TraceExporter, TraceProcessor } from '../core/types.js';
import { diag } from '../diag/diag.js';
import { incrementCounter, reportInternalError, wasReported } from '../diag/internal-errors.js';
import { resolveBatchOptions, type BatchProcessorOptions, type ResolvedBatchOptions } from './batch-options.js';
import { TraceQueue } from './trace-queue.js';
import { pauseIfBusy } from './yield.js';

export type { BatchProcessorOptions } from './batch-options.js';

const TIMED_OUT = Symbol('timed out');

/**
 * A batch is also sent once this many (estimated) bytes wait, whatever `batchSize`:
 * spans with 100 KB messages held until 100 traces gather would be copied by every
 * young-generation GC meanwhile (long pauses), and make one needlessly large request.
 */
const BATCH_BYTES = 4 * 1024 * 1024;

/** Resolves with the promise's value, or `TIMED_OUT` after `ms`; never rejects when `promise` does not. */
function within<T>(promise: Promise<T>, ms: number, holdProcess = false): Promise<T | typeof TIMED_OUT> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(TIMED_OUT), ms);
    // An awaited flush keeps the process up (bounded by `ms`): backoff timers are unref'd.
    if (!holdProcess) timer.unref();
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e))
    );
  });
}

/** What `_record` needs of a batch: counts, not the spans (see `_exportBatch`). */
interface BatchCounts {
  readonly traces: number;
  readonly spans: number;
}

function spanCount(traces: readonly FinishedTrace[]): number {
  return traces.reduce((n, t) => n + t.spans.length, 0);
}

/**
 * Queues finished traces and exports them in batches, off the caller's path:
 * `onTraceEnd` only enqueues; redaction, serialisation and I/O happen later, in
 * slices that yield to the event loop. The queue is bounded by count and bytes;
 * overflow is dropped and counted (`getDiagnostics().droppedSpans`), with one
 * warning when dropping starts and one summary when it stops.
 *
 * @example
 * ```ts
 * init({ processors: [new BatchProcessor(myExporter, { batchSize: 50, flushIntervalMs: 1000 })], exporter: 'none' });
 * ```
 */
export class BatchProcessor implements TraceProcessor {
  private readonly _options: ResolvedBatchOptions;
  private readonly _queue: TraceQueue;
  private _timer: NodeJS.Timeout | undefined;
  private _kickScheduled = false;
  private _running: Promise<void> | undefined;
  private _shutdown: Promise<void> | undefined;
  private _droppedStreak = 0;
  private _failedStreak = 0;

  constructor(
    private readonly _exporter: TraceExporter,
    options: BatchProcessorOptions = {}
  ) {
    this._options = resolveBatchOptions(optionsObject(options));
    this._queue = new TraceQueue(this._options.maxQueueSize, this._options.maxQueueBytes);
  }

  get isShutdown(): boolean {
    return this._shutdown !== undefined;
  }

  /** True while traces wait in the queue, an export is under way, or the exporter is busy (spool replay). */
  hasPendingWork(): boolean {
    if (this._queue.length > 0 || this._running !== undefined || this._kickScheduled) return true;
    try {
      return this._exporter.hasPendingWork?.() === true;
    } catch (error) {
      reportInternalError('exporter.hasPendingWork', error);
      return false;
    }
  }

  onTraceEnd(trace: FinishedTrace): void {
    if (this._shutdown !== undefined) {
      incrementCounter('droppedSpans', trace.spans.length);
      diag.debug(`trace "${trace.name}" ended after shutdown; dropped`);
      return;
    }
    if (!this._queue.offer(trace)) return this._drop(trace);
    if (this._droppedStreak > 0) {
      diag.warn(`export queue accepts traces again; ${this._droppedStreak} span(s) were dropped while it was full`);
      this._droppedStreak = 0;
    }
    if (this._batchReady()) this._kick();
    else this._timer ??= this._startTimer();
  }

  private _batchReady(): boolean {
    return this._queue.length >= this._options.batchSize || this._queue.bytes >= BATCH_BYTES;
  }

  private _drop(trace: FinishedTrace): void {
    const n = trace.spans.length;
    incrementCounter('droppedSpans', n);
    if (this._droppedStreak === 0) {
      const o = this._options;
      diag.warn(
        `export queue is full (${this._queue.length} traces, ~${this._queue.bytes} bytes; limits ${o.maxQueueSize} traces / ${o.maxQueueBytes} bytes): ` +
          'dropping spans until it drains (the backend is slow or unreachable)'
      );
    }
    this._droppedStreak += n;
  }

  private _startTimer(): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this._timer = undefined;
      this._kick();
    }, this._options.flushIntervalMs);
    timer.unref();
    return timer;
  }

  /** Starts an export on a later turn, never inside the caller's `span.end()`. */
  private _kick(): void {
    if (this._kickScheduled || this._running !== undefined) return;
    this._kickScheduled = true;
    setImmediate(() => {
      this._kickScheduled = false;
      if (this._running === undefined) void this._startRun(false);
    }).unref();
  }

  private _startRun(drainAll: boolean): Promise<void> {
    if (this._timer !== undefined) clearTimeout(this._timer);
    this._timer = undefined;
    const run = this._run(drainAll).finally(() => {
      this._running = undefined;
      if (this._batchReady()) this._kick();
      else if (this._queue.length > 0 && this._shutdown === undefined) this._timer ??= this._startTimer();
    });
    this._running = run;
    return run;
  }

  private async _run(drainAll: boolean): Promise<void> {
    do {
      if (this._queue.length === 0) return;
      // Taken inside the call, not into a local of this long-lived async frame (see `_exportBatch`).
      await this._exportBatch(this._queue.take(this._options.batchSize, BATCH_BYTES));
    } while (drainAll ? this._queue.length > 0 : this._batchReady());
  }

  /**
   * Redacts, exports and records one batch. A promise chain rather than an async
   * function on purpose: a suspended async frame keeps its arguments reachable, and
   * the batch's spans (100 KB messages included) should not outlive their encoding
   * through the HTTP round trip and its retries; `_record` needs only the counts.
   */
  private _exportBatch(traces: readonly FinishedTrace[]): Promise<void> {
    const fallback: BatchCounts = { traces: traces.length, spans: spanCount(traces) };
    return this._transform(traces)
      .then((batch) => {
        if (batch.length === 0) return;
        const counts: BatchCounts = { traces: batch.length, spans: spanCount(batch) };
        return this._send(batch).then((result) => this._record(result, counts));
      })
      .catch((error: unknown) => this._record({ code: 'failed', error }, fallback));
  }

  private _send(batch: readonly FinishedTrace[]): Promise<ExportResult> {
    const exporting = runSuppressed(() => this._exporter.export(batch));
    const ms = this._options.exportTimeoutMs;
    return within(exporting, ms).then((result) =>
      result === TIMED_OUT ? { code: 'failed', error: new Error(`export did not finish within ${ms} ms`) } : result
    );
  }

  /** Applies the redactor (if any) trace by trace; a trace it cannot handle is dropped, not sent raw. */
  private async _transform(traces: readonly FinishedTrace[]): Promise<readonly FinishedTrace[]> {
    const transform = this._options.transform;
    if (transform === undefined) return traces;
    const out: FinishedTrace[] = [];
    for (const t of traces) {
      await pauseIfBusy();
      try {
        const redacted = await transform(t);
        if (redacted !== undefined) out.push(redacted);
      } catch (error) {
        reportInternalError('redaction', error);
        incrementCounter('droppedSpans', t.spans.length);
      }
    }
    return out;
  }

  private _record(result: ExportResult, batch: BatchCounts): void {
    if (result.code === 'success') {
      incrementCounter('exportedTraces', batch.traces);
      if (this._failedStreak > 0)
        diag.warn(`export recovered; ${this._failedStreak} span(s) were lost while it failed`);
      this._failedStreak = 0;
      return;
    }
    const n = batch.spans;
    incrementCounter('failedExports');
    incrementCounter('droppedSpans', n);
    if (this._failedStreak === 0 && !wasReported(result.error))
      diag.warn(`export failed; ${n} span(s) dropped (further failures are counted until it recovers):`, result.error);
    else diag.debug(`export failed${this._failedStreak > 0 ? ' again' : ''}; ${n} span(s) dropped:`, result.error);
    this._failedStreak += n;
  }

  /** Exports everything queued now; settles within `timeoutMs` and never rejects. */
  async forceFlush(timeoutMs = 30_000): Promise<void> {
    const work = (async () => {
      while (this._queue.length > 0 || this._running !== undefined) {
        await (this._running ?? this._startRun(true));
      }
      await this._exporter.forceFlush?.();
    })();
    try {
      if ((await within(work, timeoutMs, true)) === TIMED_OUT) {
        diag.warn(`flush did not finish within ${timeoutMs} ms; ${this._queue.length} trace(s) still queued`);
      }
    } catch (error) {
      reportInternalError('BatchProcessor.forceFlush', error);
    }
  }

  /**
   * Nothing more leaves after shutdown: count what is still queued as dropped, and
   * give the summaries that a recovery would have given, so no loss goes unreported.
   */
  private _reportLosses(): void {
    const left = spanCount(this._queue.take(Number.MAX_SAFE_INTEGER));
    if (left > 0) incrementCounter('droppedSpans', left);
    if (this._droppedStreak > 0 || left > 0)
      diag.warn(
        `export stopped: ${this._droppedStreak} span(s) were dropped while it was full; ${left} span(s) still queued were dropped`
      );
    if (this._failedStreak > 0) diag.warn(`export stopped: ${this._failedStreak} span(s) were lost to failed exports`);
    this._droppedStreak = 0;
    this._failedStreak = 0;
  }

  /** Flushes, then shuts the exporter down; later traces are dropped. Settles within `timeoutMs`. */
  shutdown(timeoutMs = 30_000): Promise<void> {
    this._shutdown ??= (async () => {
      const started = Date.now();
      await this.forceFlush(timeoutMs);
      if (this._timer !== undefined) clearTimeout(this._timer);
      this._reportLosses();
      const left = Math.max(1, timeoutMs - (Date.now() - started));
      try {
        await within(
          Promise.resolve().then(() => this._exporter.shutdown()),
          left,
          true
        );
      } catch (error) {
        reportInternalError('exporter.shutdown', error);
      }
    })();
    return this._shutdown;
  }
}
