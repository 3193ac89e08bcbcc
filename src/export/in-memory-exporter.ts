import type { ExportResult, FinishedTrace, ReadableSpan, TraceExporter } from '../core/types.js';

/**
 * Keeps exported traces in memory: for tests, ours and users'.
 *
 * @example
 * ```ts
 * const exporter = new InMemoryExporter();
 * init({ exporter, export: { flushIntervalMs: 0 } });
 * traceOperation('step', () => {});
 * await getClient().forceFlush();
 * exporter.getFinishedSpans().map((s) => s.name); // ['step']
 * ```
 */
export class InMemoryExporter implements TraceExporter {
  private _traces: FinishedTrace[] = [];
  private _stopped = false;

  export(traces: readonly FinishedTrace[]): Promise<ExportResult> {
    if (this._stopped) return Promise.resolve({ code: 'failed', error: new Error('exporter is shut down') });
    this._traces.push(...traces);
    return Promise.resolve({ code: 'success' });
  }

  /** Every trace exported so far, in export order. */
  getFinishedTraces(): readonly FinishedTrace[] {
    return this._traces.slice();
  }

  /** Every span exported so far, in the order the spans ended within each trace. */
  getFinishedSpans(): readonly ReadableSpan[] {
    return this._traces.flatMap((t) => t.spans);
  }

  reset(): void {
    this._traces = [];
  }

  shutdown(): Promise<void> {
    this._stopped = true;
    return Promise.resolve();
  }
}
