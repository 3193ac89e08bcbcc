import type { FinishedTrace, Resource, TraceExporter, TraceProcessor } from '../core/types.js';
import { diag } from '../diag/diag.js';
import { reportInternalError } from '../diag/internal-errors.js';
import { createTraceRedactor, type TraceRedactor } from '../redact/index.js';
import { BatchProcessor } from './batch-processor.js';
import { ConsoleExporter } from './console/console-exporter.js';
import { registerExitFlush } from './exit-hooks.js';
import { FileExporter } from './file/file-exporter.js';
import { credentialOf, isCredentialHeader, type HttpExporterOptions } from './http/settings.js';
import { InMemoryExporter } from './in-memory-exporter.js';
import { NoveumExporter } from './noveum/noveum-exporter.js';
import { resolveOtlpTracesUrl } from './otlp/otlp-config.js';
import { OtlpExporter } from './otlp/otlp-exporter.js';
import { SimpleProcessor } from './simple-processor.js';
import { runInSlices } from './yield.js';
import type { ExporterChoice, PipelineConfig } from './types.js';

function isExporter(value: unknown): value is TraceExporter {
  return typeof value === 'object' && value !== null && typeof (value as TraceExporter).export === 'function';
}

/**
 * Explicit `exporter` wins; otherwise an API key means Noveum, an OTLP endpoint
 * (options or `OTEL_EXPORTER_OTLP_*`) means OTLP, and neither means local files,
 * so the SDK works with no account.
 */
export function chooseExporters(
  config: PipelineConfig,
  env: Readonly<Record<string, string | undefined>>
): readonly ExporterChoice[] {
  const e = config.exporter;
  if (e !== undefined) return Array.isArray(e) ? (e as readonly ExporterChoice[]) : [e as ExporterChoice];
  if (config.apiKey !== undefined) return ['noveum'];
  if (resolveOtlpTracesUrl(config.otlp ?? {}, env) !== undefined) return ['otlp'];
  return ['file'];
}

function httpOptions(config: PipelineConfig): HttpExporterOptions {
  const x = config.export ?? {};
  const pairs = Object.entries({
    timeoutMs: x.timeoutMs,
    maxRetries: x.maxRetries,
    retryBaseDelayMs: x.retryBaseDelayMs,
    compressAboveBytes: x.compressAboveBytes,
    spoolDir: x.spoolDir,
    maxSpoolBytes: x.maxSpoolBytes,
  }).filter(([, v]) => v !== undefined);
  return Object.fromEntries(pairs) as HttpExporterOptions;
}

/** Builds the built-in exporter a string names; undefined (with a warning) when it cannot. */
function createNamedExporter(name: string, config: PipelineConfig, resource: Resource): TraceExporter | undefined {
  switch (name) {
    case 'noveum':
      if (config.apiKey === undefined) {
        diag.warn('exporter "noveum" needs an API key (apiKey or NOVEUM_API_KEY); it is not used');
        return undefined;
      }
      return new NoveumExporter({ ...httpOptions(config), apiKey: config.apiKey, endpoint: config.endpoint, resource });
    case 'otlp':
      return new OtlpExporter({ ...config.otlp, ...httpOptions(config), resource });
    case 'file':
      return new FileExporter({ ...config.file, resource });
    case 'console':
      return new ConsoleExporter();
    default:
      diag.warn(
        `exporter ${JSON.stringify(name)} is unknown (expected noveum, otlp, file, console, none or an exporter object); ignored`
      );
      return undefined;
  }
}

// Without capture settings (a bare pipeline config) nothing is cut; the key is still masked.
const CAPTURE_ALL = { inputs: true, outputs: true, maxInputLength: -1, maxOutputLength: -1 };

/** Credentials this configuration sends (the API key, OTLP auth header values): masked in every trace. */
function secretsOf(config: PipelineConfig): string[] {
  const headers = Object.entries(config.otlp?.headers ?? {});
  const credentials = headers
    .filter(([k, v]) => isCredentialHeader(k) && typeof v === 'string')
    .map(([, v]) => credentialOf(v));
  return config.apiKey === undefined ? credentials : [config.apiKey, ...credentials];
}

function createRedactor(config: PipelineConfig): TraceRedactor | undefined {
  try {
    return createTraceRedactor(config.redaction ?? {}, config.capture ?? CAPTURE_ALL, secretsOf(config));
  } catch (error) {
    reportInternalError('createTraceRedactor', error);
    return undefined;
  }
}

// A trace that redaction returned as it was: remembered without a reference back to it.
const UNCHANGED = Symbol('unchanged');

/**
 * The redactor's sliced form for the pipeline's batch processors. With two exporters (Noveum and
 * OTLP, say) each trace is redacted once and both send the same result (after `share()`); with
 * one, no result is remembered. An entry of a WeakMap whose value leads back to its key outlives
 * young-generation GCs: a trace that redaction returns unchanged is remembered as `UNCHANGED`, or
 * it stayed (captured prompts included) until a full GC, promoted to the old generation.
 */
function slicedRedaction(redact: TraceRedactor): {
  readonly transform: (trace: FinishedTrace) => Promise<FinishedTrace>;
  readonly share: () => void;
} {
  let redacted: WeakMap<FinishedTrace, Promise<FinishedTrace> | typeof UNCHANGED> | undefined;
  const transform = (trace: FinishedTrace): Promise<FinishedTrace> => {
    if (redacted === undefined) return runInSlices(redact.steps(trace));
    const known = redacted.get(trace);
    if (known === UNCHANGED) return Promise.resolve(trace);
    if (known !== undefined) return known;
    const result = runInSlices(redact.steps(trace));
    const map = redacted;
    map.set(trace, result);
    result.then(
      (out) => out === trace && map.set(trace, UNCHANGED),
      () => undefined
    );
    return result;
  };
  return { transform, share: () => void (redacted ??= new WeakMap()) };
}

/**
 * Builds the processors for the configured exporters. Network, file and user
 * exporters sit behind a `BatchProcessor` (flushed on exit unless
 * `export.flushOnExit` is false); the console and in-memory exporters behind a
 * `SimpleProcessor`, so what they show is there as soon as a trace ends.
 * Redaction runs before any exporter sees a trace.
 */
export function createPipeline(config: PipelineConfig, resource: Resource): TraceProcessor[] {
  const redact = createRedactor(config);
  // Batches redact a slice at a time between turns of the event loop; the console shows traces at once.
  const sliced = redact === undefined ? undefined : slicedRedaction(redact);
  const processors: TraceProcessor[] = [];
  let batches = 0;
  for (const choice of chooseExporters(config, process.env)) {
    if (choice === 'none') continue;
    try {
      const exporter = isExporter(choice) ? choice : createNamedExporter(String(choice), config, resource);
      if (exporter === undefined) continue;
      if (exporter instanceof ConsoleExporter || exporter instanceof InMemoryExporter) {
        processors.push(new SimpleProcessor(exporter, redact));
        continue;
      }
      const transform = sliced?.transform;
      const batch = new BatchProcessor(exporter, { ...config.export, transform, transformSync: redact });
      if (config.export?.flushOnExit !== false) registerExitFlush(batch);
      processors.push(batch);
      batches++;
    } catch (error) {
      diag.warn(
        `exporter ${isExporter(choice) ? 'object' : JSON.stringify(choice)} could not be created; ignored:`,
        error
      );
    }
  }
  if (batches > 1) sliced?.share();
  return processors;
}
