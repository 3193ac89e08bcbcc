import { optionsObject } from '../internal/options-object.js';
import { runSuppressed } from '../context/active-span.js';
import type {
  DeliveryMode,
  ExportResult,
  FinishedTrace,
  FinishSyncResult,
  TraceExporter,
  TraceProcessor,
} from '../core/types.js';
import { diag } from '../diag/diag.js';
import { incrementCounter, reportInternalError } from '../diag/internal-errors.js';
import { resolveBatchOptions, type BatchProcessorOptions, type ResolvedBatchOptions } from './batch-options.js';
import { countsOf, ExportLedger, type BatchCounts } from './export-ledger.js';
import { TraceQueue } from './trace-queue.js';
import { pauseIfBusy, sliceIsLong } from './yield.js';

export type { BatchProcessorOptions } from './batch-options.js';

const TIMED_OUT = Symbol('timed out');

/**
 * A batch is also sent once this many (estimated) bytes wait, whatever `batchSize`:
 * spans with 100 KB messages held until 100 traces gather would be copied by every
 * young-generation GC meanwhile (long pauses), and make one needlessly large request.
 * Measured with 100 KB `openai` calls (40 KB of captures each) batched by 4 MiB, about 55 KB
 * a call was promoted to the old generation; by 1 MiB (about 25 such traces), 4-20 KB.
 */
const BATCH_BYTES = 1024 * 1024;

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

/** Spans not delivered yet when a flush gave up. */
export interface FlushLeftover {
  readonly queuedSpans: number;
  readonly inFlightSpans: number;
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
  private readonly _ledger = new ExportLedger();
  /** Taken from the queue and being redacted: not yet the exporter's. */
  private _preparing: readonly FinishedTrace[] | undefined;
  /** Handed to the exporter and not settled. */
  private _inFlight: BatchCounts | undefined;
  /** Bumped by `finishSync`: an export it gave up on is not recorded again when it settles. */
  private _epoch = 0;
  /** A flush timed out on the export still running: waiting again would wait as long for nothing. */
  private _stalled = false;
  private _flushes = 0;

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

  /** How long the process may wait for delivery when it ends (`export.exitTimeoutMs`). */
  get exitTimeoutMs(): number {
    return this._options.exitTimeoutMs;
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
    this._ledger.queueAccepts();
    if (this._batchReady()) this._kick();
    else this._timer ??= this._startTimer();
  }

  private _batchReady(): boolean {
    return this._queue.length >= this._options.batchSize || this._queue.bytes >= BATCH_BYTES;
  }

  private _drop(trace: FinishedTrace): void {
    const o = this._options;
    this._ledger.queueFull(
      trace.spans.length,
      () =>
        `${this._queue.length} traces, ~${this._queue.bytes} bytes; limits ${o.maxQueueSize} traces / ${o.maxQueueBytes} bytes`
    );
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
      this._stalled = false;
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
   * through the HTTP round trip and its retries; the ledger needs only the counts.
   */
  private _exportBatch(traces: readonly FinishedTrace[]): Promise<void> {
    const epoch = this._epoch;
    const fallback = countsOf(traces);
    this._preparing = traces;
    return this._transform(traces)
      .then((batch) => {
        if (epoch !== this._epoch) return;
        this._preparing = undefined;
        if (batch.length === 0) return;
        const counts = countsOf(batch);
        this._inFlight = counts;
        return this._send(batch).then((result) => {
          // Given up by `finishSync`, which already counted it (spooled or dropped).
          if (epoch !== this._epoch) return;
          this._inFlight = undefined;
          this._ledger.record(result, counts);
        });
      })
      .catch((error: unknown) => {
        if (epoch !== this._epoch) return;
        this._preparing = this._inFlight = undefined;
        this._ledger.record({ code: 'failed', error }, fallback);
      });
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
      if (sliceIsLong()) await pauseIfBusy();
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

  /**
   * The transform for a process that is ending, where only synchronous work runs: `transformSync`
   * when given, else `transform` if it answers synchronously. A trace whose transform can only
   * answer later is dropped and counted, never sent untransformed (it may hold unredacted data).
   */
  private _transformOne(trace: FinishedTrace): FinishedTrace | undefined {
    const { transform, transformSync } = this._options;
    try {
      if (transformSync !== undefined) return transformSync(trace);
      if (transform === undefined) return trace;
      const out = transform(trace);
      if (!(out instanceof Promise)) return out;
      out.catch(() => undefined);
      throw new Error('export.transform returned a promise where the process is ending; the trace is dropped');
    } catch (error) {
      reportInternalError('redaction', error);
      incrementCounter('droppedSpans', trace.spans.length);
      return undefined;
    }
  }

  private _applyMode(): void {
    const mode: DeliveryMode = this._ledger.exiting ? 'exit' : this._flushes > 0 ? 'flush' : 'normal';
    try {
      this._exporter.setDeliveryMode?.(mode);
    } catch (error) {
      reportInternalError('exporter.setDeliveryMode', error);
    }
  }

  private _leftover(): FlushLeftover {
    return { queuedSpans: this._queue.spanCount(), inFlightSpans: this._inFlight?.spans ?? 0 };
  }

  /** Exports everything queued now; settles within `timeoutMs` and never rejects. */
  async forceFlush(timeoutMs = 30_000): Promise<void> {
    const stalled = this._stalled;
    const left = await this.flushWithin(timeoutMs);
    if (left === undefined) return;
    const what = `${left.queuedSpans} span(s) queued and ${left.inFlightSpans} in flight (the backend is slow or unreachable)`;
    if (stalled) diag.warn(`flush did not wait: an earlier flush timed out and its export has not finished; ${what}`);
    else diag.warn(`flush did not finish within ${timeoutMs} ms; ${what}`);
  }

  /**
   * Exports everything queued now, for at most `timeoutMs`; resolves with what is left when it
   * gives up, or undefined. Does not wait at all while an export a flush already gave up on hangs.
   */
  async flushWithin(timeoutMs: number): Promise<FlushLeftover | undefined> {
    if (this._stalled) return this._leftover();
    const work = (async () => {
      while (this._queue.length > 0 || this._running !== undefined) {
        await (this._running ?? this._startRun(true));
      }
      await this._exporter.forceFlush?.();
    })();
    this._flushes++;
    this._applyMode();
    try {
      if ((await within(work, timeoutMs, true)) === TIMED_OUT) {
        if (this._running !== undefined) this._stalled = true;
        return this._leftover();
      }
    } catch (error) {
      reportInternalError('BatchProcessor.forceFlush', error);
    } finally {
      this._flushes--;
      this._applyMode();
    }
    return undefined;
  }

  /** The process is ending: nothing is retried any more, losses are reported together (`reportExit`). */
  beginExit(): void {
    this._ledger.exiting = true;
    this._applyMode();
  }

  /**
   * For a process that is ending, synchronously: gives up the export in flight, sends what is
   * queued within `sendMs` (0: no attempt), spools what is not sent, and counts the rest as
   * dropped. The exporter does the sending and spooling (`TraceExporter.finishSync`).
   */
  finishSync(sendMs: number): void {
    if (this._timer !== undefined) clearTimeout(this._timer);
    this._timer = undefined;
    this._ledger.exiting = true;
    this._epoch++;
    const inFlight = this._inFlight;
    const pending = [...(this._preparing ?? []), ...this._queue.take(Number.MAX_SAFE_INTEGER)];
    this._preparing = this._inFlight = undefined;
    const batches: FinishedTrace[][] = [];
    for (let i = 0; i < pending.length; i += this._options.batchSize) {
      const batch = pending.slice(i, i + this._options.batchSize).map((t) => this._transformOne(t));
      const kept = batch.filter((t): t is FinishedTrace => t !== undefined);
      if (kept.length > 0) batches.push(kept);
    }
    const result = this._finishInExporter(batches, sendMs);
    if (inFlight !== undefined)
      this._ledger.record(
        result.inFlight ?? { code: 'failed', error: new Error('no answer before export stopped') },
        inFlight
      );
    result.batches.forEach((r, i) => this._ledger.record(r, countsOf(batches[i]!)));
  }

  private _finishInExporter(batches: readonly (readonly FinishedTrace[])[], sendMs: number): FinishSyncResult {
    try {
      if (this._exporter.finishSync !== undefined) return this._exporter.finishSync(batches, sendMs);
    } catch (error) {
      reportInternalError('exporter.finishSync', error);
    }
    const error = new Error('this exporter cannot send while the process ends');
    return { inFlight: undefined, batches: batches.map(() => ({ code: 'failed', error })) };
  }

  /**
   * One line for what the end of the process cost: spans spooled for a later run, and spans
   * lost (with the last reason). Silent when everything was delivered.
   */
  reportExit(context: string): void {
    this._ledger.report(context);
  }

  /** Flushes, then shuts the exporter down; later traces are dropped. Settles within `timeoutMs`. */
  shutdown(timeoutMs = 30_000): Promise<void> {
    this._shutdown ??= (async () => {
      const started = Date.now();
      const left = await this.flushWithin(timeoutMs);
      if (this._timer !== undefined) clearTimeout(this._timer);
      const leftover = this._queue.length > 0 || this._inFlight !== undefined || this._preparing !== undefined;
      if (left !== undefined || leftover) {
        // Counted now, before shutdown resolves: spooled when possible, else dropped.
        this.finishSync(0);
        this.reportExit(`shutdown did not finish within ${timeoutMs} ms`);
      } else this.reportExit('export stopped');
      const rest = Math.max(1, timeoutMs - (Date.now() - started));
      try {
        await within(
          Promise.resolve().then(() => this._exporter.shutdown()),
          rest,
          true
        );
      } catch (error) {
        reportInternalError('exporter.shutdown', error);
      }
    })();
    return this._shutdown;
  }
}
