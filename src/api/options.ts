import type { DiagLevel } from '../diag/diag.js';
import type { TraceProcessor } from '../core/types.js';
import type { ExportOptions, ExporterChoice, FileExportOptions, OtlpOptions } from '../export/types.js';
import type { RedactionOptions } from '../redact/types.js';
import type { SamplingOptions } from '../sampling/types.js';
import type { OutgoingFilter } from '../propagation/outgoing.js';
import type { PropagationOptions } from '../propagation/types.js';

/** What instrumentations and helpers record of inputs and outputs. */
export interface CaptureOptions {
  /** Record prompts, messages and other inputs (default true). */
  readonly inputs?: boolean;
  /** Record completions and other outputs (default true). */
  readonly outputs?: boolean;
  /** Longest input text kept, in characters (default 20000). */
  readonly maxInputLength?: number;
  /** Longest output text kept, in characters (default 20000). */
  readonly maxOutputLength?: number;
}

/** Options of `init()`. Every field is optional; environment variables fill the gaps. */
export interface InitOptions {
  /** Noveum API key (`NOVEUM_API_KEY`). With a key, traces go to the Noveum API by default. */
  readonly apiKey?: string;
  /** Project name (`NOVEUM_PROJECT`); also the OTLP `service.name`. */
  readonly project?: string;
  /** Deployment environment (`NOVEUM_ENVIRONMENT`, default "development"). */
  readonly environment?: string;
  /** Noveum API base URL (`NOVEUM_ENDPOINT`, default https://api.noveum.ai/api). */
  readonly endpoint?: string;
  /** Version of the traced service, sent with every trace. */
  readonly serviceVersion?: string;
  /** Fraction of traces kept, 0..1 (`NOVEUM_SAMPLING_RATE`, default 1). */
  readonly samplingRate?: number;
  readonly sampling?: SamplingOptions;
  readonly capture?: CaptureOptions;
  readonly redaction?: RedactionOptions;
  /** true for debug lines, or a level (`NOVEUM_DEBUG`). Warnings print by default. */
  readonly debug?: boolean | DiagLevel;
  /** Where traces go; by default Noveum with an API key, OTLP with an OTLP endpoint, else local files. */
  readonly exporter?: ExporterChoice | readonly ExporterChoice[];
  readonly export?: ExportOptions;
  readonly otlp?: OtlpOptions;
  readonly file?: FileExportOptions;
  /** W3C trace context across services: outgoing headers on by default (see docs/propagation.md). */
  readonly propagation?: PropagationOptions;
  /** Extra processors that receive every finished trace. */
  readonly processors?: readonly TraceProcessor[];
  /** Longest string kept in any one attribute (default 32768). */
  readonly maxAttributeLength?: number;
  /** false turns tracing off entirely: every API becomes a no-op (`NOVEUM_ENABLED=false`). */
  readonly enabled?: boolean;
  /**
   * `true` instruments every supported library installed, a list only those named. Handled by
   * the package entry's `init()` (auto-discovery sits above this layer); ignored here.
   */
  readonly autoInstrument?: boolean | readonly string[];
}

export interface ResolvedCapture {
  readonly inputs: boolean;
  readonly outputs: boolean;
  readonly maxInputLength: number;
  readonly maxOutputLength: number;
}

/** `InitOptions` after environment variables, defaults and validation. */
export interface ResolvedConfig {
  readonly apiKey: string | undefined;
  readonly project: string;
  readonly environment: string;
  readonly endpoint: string;
  readonly serviceVersion: string | undefined;
  readonly enabled: boolean;
  readonly debug: DiagLevel;
  readonly sampling: SamplingOptions & { readonly rate: number };
  readonly capture: ResolvedCapture;
  readonly redaction: RedactionOptions;
  readonly exporter: ExporterChoice | readonly ExporterChoice[] | undefined;
  readonly export: ExportOptions;
  readonly otlp: OtlpOptions;
  readonly file: FileExportOptions;
  readonly processors: readonly TraceProcessor[];
  readonly maxAttributeLength: number;
  /** Outgoing propagation filter; undefined when `propagation.outgoing` is false. */
  readonly outgoingPropagation: OutgoingFilter | undefined;
}
