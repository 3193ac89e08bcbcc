import { optionsObject } from '../../internal/options-object.js';
import type { ExportResult, FinishedTrace, TraceExporter } from '../../core/types.js';
import { ANSI, PLAIN, formatTrace } from './format-trace.js';

/** Options of `ConsoleExporter`. */
export interface ConsoleExporterOptions {
  /** Where the text goes; default `process.stdout.write`. */
  readonly write?: (text: string) => void;
  /** ANSI colours; default on only when writing to a TTY stdout and `NO_COLOR` is not set. */
  readonly colors?: boolean;
}

function stdoutIsColourTTY(): boolean {
  const env = process.env;
  return (
    process.stdout.isTTY === true && (env['NO_COLOR'] === undefined || env['NO_COLOR'] === '') && env['TERM'] !== 'dumb'
  );
}

/**
 * Prints each finished trace as an indented tree: span name, duration, status, and the
 * LLM figures (model, tokens, cost, errors). For development and demos; pair it with
 * another exporter in production.
 *
 * @example
 * ```ts
 * import { init, ConsoleExporter, traceOperation } from 'noveum-trace';
 * init({ exporter: new ConsoleExporter() });
 * traceOperation('hello', () => {});
 * // trace 4bf92f3577b34da6a3ce929d0e0e4736 · hello · 1 span
 * // hello  0.03 ms  ok
 * ```
 */
export class ConsoleExporter implements TraceExporter {
  private readonly _write: (text: string) => void;
  private readonly _colors: boolean;
  private _stopped = false;

  constructor(options: ConsoleExporterOptions = {}) {
    options = optionsObject(options);
    const custom = options.write;
    // Bound at call time, not construction, so a test or host that swaps stdout.write is honoured.
    this._write = typeof custom === 'function' ? custom : (text) => void process.stdout.write(text);
    this._colors = options.colors ?? (custom === undefined && stdoutIsColourTTY());
  }

  export(traces: readonly FinishedTrace[]): Promise<ExportResult> {
    if (this._stopped) return Promise.resolve({ code: 'failed', error: new Error('ConsoleExporter is shut down') });
    try {
      const painter = this._colors ? ANSI : PLAIN;
      for (const trace of traces) this._write(formatTrace(trace, painter));
      return Promise.resolve({ code: 'success' });
    } catch (error) {
      return Promise.resolve({ code: 'failed', error, retryable: false });
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this._stopped = true;
    return Promise.resolve();
  }
}
