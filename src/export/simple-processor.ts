import { diag } from '../diag/diag.js';
import { incrementCounter, reportInternalError } from '../diag/internal-errors.js';
import type { ExportResult, FinishedTrace, TraceExporter, TraceProcessor } from '../core/types.js';

/**
 * Exports each trace as soon as it finishes, one request per trace. Meant for the
 * console and in-memory exporters; use the batch processor for anything on the network.
 */
export class SimpleProcessor implements TraceProcessor {
  private readonly _pending = new Set<Promise<unknown>>();
  private _stopped = false;

  /**
   * @param _exporter - receives each trace as it finishes.
   * @param _transform - applied first (redaction); a trace it maps to undefined is not exported.
   */
  constructor(
    private readonly _exporter: TraceExporter,
    private readonly _transform?: (trace: FinishedTrace) => FinishedTrace | undefined
  ) {}

  onTraceEnd(trace: FinishedTrace): void {
    if (this._stopped) {
      // A span the app ends after shutdown() is expected at exit, not an SDK failure: count it quietly.
      incrementCounter('droppedSpans', trace.spans.length);
      diag.debug(`trace "${trace.name}" ended after shutdown; dropped`);
      return;
    }
    let p: Promise<ExportResult>;
    try {
      const out = this._transform === undefined ? trace : this._transform(trace);
      if (out === undefined) return;
      p = this._exporter.export([out]);
    } catch (error) {
      reportInternalError('SimpleProcessor.export', error);
      return;
    }
    const tracked = p.then(
      (result) => {
        if (result.code !== 'success') reportInternalError('SimpleProcessor.export', result.error);
      },
      (error: unknown) => reportInternalError('SimpleProcessor.export', error)
    );
    this._pending.add(tracked);
    void tracked.finally(() => this._pending.delete(tracked));
  }

  async forceFlush(): Promise<void> {
    await Promise.all([...this._pending]);
    try {
      await this._exporter.forceFlush?.();
    } catch (error) {
      // Flush never rejects, whatever the exporter does (or whatever was passed as one).
      reportInternalError('SimpleProcessor.forceFlush', error);
    }
  }

  async shutdown(): Promise<void> {
    this._stopped = true;
    await this.forceFlush();
    try {
      await this._exporter.shutdown();
    } catch (error) {
      reportInternalError('SimpleProcessor.shutdown', error);
    }
  }
}
