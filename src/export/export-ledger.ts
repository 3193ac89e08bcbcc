import type { ExportResult, FinishedTrace } from '../core/types.js';
import { diag } from '../diag/diag.js';
import { incrementCounter, wasReported } from '../diag/internal-errors.js';

/** What the ledger needs of a batch: counts, not the spans (see `BatchProcessor._exportBatch`). */
export interface BatchCounts {
  readonly traces: number;
  readonly spans: number;
}

export function countsOf(traces: readonly FinishedTrace[]): BatchCounts {
  return { traces: traces.length, spans: traces.reduce((n, t) => n + t.spans.length, 0) };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Where every span a batch processor was given ends up: exported, spooled or dropped
 * (`getDiagnostics()`), and the few lines that say so. A stretch of losses gets one warning
 * when it starts and one summary when it ends; once the process is ending (`exiting`), the
 * losses gather silently for one line (`report`).
 */
export class ExportLedger {
  /** Set when the process is ending: losses are reported together by `report`. */
  exiting = false;
  private _droppedStreak = 0;
  private _failedStreak = 0;
  private _spooled = 0;
  private _lossReason: string | undefined;

  /** A trace the full queue could not take; `describeQueue` is called for the first warning only. */
  queueFull(spans: number, describeQueue: () => string): void {
    incrementCounter('droppedSpans', spans);
    if (this._droppedStreak === 0)
      diag.warn(
        `export queue is full (${describeQueue()}): dropping spans until it drains (the backend is slow or unreachable)`
      );
    this._droppedStreak += spans;
  }

  queueAccepts(): void {
    if (this._droppedStreak === 0) return;
    diag.warn(`export queue accepts traces again; ${this._droppedStreak} span(s) were dropped while it was full`);
    this._droppedStreak = 0;
  }

  /** Counts one batch by what became of it. */
  record(result: ExportResult, batch: BatchCounts): void {
    if (result.code === 'success' && result.spooled === true) {
      // Kept on disk for a later attempt: not exported (yet), and not lost.
      incrementCounter('spooledTraces', batch.traces);
      incrementCounter('spooledSpans', batch.spans);
      if (this.exiting) this._spooled += batch.spans;
      return;
    }
    if (result.code === 'success') {
      incrementCounter('exportedTraces', batch.traces);
      incrementCounter('exportedSpans', batch.spans);
      if (this.exiting) return;
      if (this._failedStreak > 0)
        diag.warn(`export recovered; ${this._failedStreak} span(s) were lost while it failed`);
      this._failedStreak = 0;
      return;
    }
    const n = batch.spans;
    incrementCounter('failedExports');
    incrementCounter('droppedSpans', n);
    this._lossReason = errorText(result.error);
    if (this.exiting) diag.debug(`export failed at exit; ${n} span(s) dropped:`, result.error);
    else if (this._failedStreak === 0 && !wasReported(result.error))
      diag.warn(`export failed; ${n} span(s) dropped (further failures are counted until it recovers):`, result.error);
    else diag.debug(`export failed${this._failedStreak > 0 ? ' again' : ''}; ${n} span(s) dropped:`, result.error);
    this._failedStreak += n;
  }

  /**
   * One line for what has not been summarised yet: spans spooled for a later run, spans lost
   * (with the last reason) and spans the full queue dropped. Silent when there is nothing.
   */
  report(context: string): void {
    const { _failedStreak: lost, _droppedStreak: full, _spooled: spooled } = this;
    this._failedStreak = this._droppedStreak = this._spooled = 0;
    const parts: string[] = [];
    if (spooled > 0) parts.push(`${spooled} span(s) spooled (spoolDir) for a later run to send`);
    if (lost > 0) parts.push(`${lost} span(s) lost (${this._lossReason ?? 'unknown reason'})`);
    if (full > 0) parts.push(`${full} span(s) were dropped while it was full`);
    if (parts.length > 0) diag.warn(`${context}: ${parts.join('; ')}`);
  }
}
