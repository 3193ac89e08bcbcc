/**
 * In-process tracing for unit tests: init() with an in-memory exporter behind a
 * SimpleProcessor (spans are readable as soon as their trace's root ends), and
 * diagnostics captured instead of printed.
 */
import { init, shutdown } from '../../src/api/init.js';
import type { InitOptions } from '../../src/api/options.js';
import type { FinishedTrace, ReadableSpan, TraceProcessor } from '../../src/core/types.js';
import { setDiagSink } from '../../src/diag/diag.js';
import { InMemoryExporter } from '../../src/export/in-memory-exporter.js';
import { SimpleProcessor } from '../../src/export/simple-processor.js';

export interface TestTracing {
  readonly exporter: InMemoryExporter;
  /** Every diag line printed since setup. */
  readonly diagLines: string[];
  spans(): readonly ReadableSpan[];
  /** The exported span named `name`; throws if there is none or more than one. */
  span(name: string): ReadableSpan;
  /** Shuts tracing down and restores the diag sink. */
  close(): Promise<void>;
}

export function setupTracing(options: InitOptions = {}): TestTracing {
  const diagLines: string[] = [];
  const restoreSink = setDiagSink((line) => diagLines.push(line));
  const exporter = new InMemoryExporter();
  init({ exporter: 'none', processors: [new SimpleProcessor(exporter)], ...options });
  return {
    exporter,
    diagLines,
    spans: () => exporter.getFinishedSpans(),
    span(name) {
      const found = exporter.getFinishedSpans().filter((s) => s.name === name);
      if (found.length !== 1) {
        const names = exporter.getFinishedSpans().map((s) => s.name);
        throw new Error(
          `expected one span named ${JSON.stringify(name)}, found ${found.length} among ${JSON.stringify(names)}`
        );
      }
      return found[0]!;
    },
    async close() {
      await shutdown();
      restoreSink();
    },
  };
}

/** Captures diag lines without initialising tracing. */
export function captureDiag(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const restore = setDiagSink((line) => lines.push(line));
  return { lines, restore };
}

/** A processor that keeps the finished traces it is handed and reads nothing, as a queue would. */
export class KeptTraces implements TraceProcessor {
  traces: FinishedTrace[] = [];
  onTraceEnd(trace: FinishedTrace): void {
    this.traces.push(trace);
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
