/**
 * The span model shared by every layer: what a span holds, what a finished
 * trace looks like, and the two seams (processor, exporter) the pipeline plugs into.
 */

/** A primitive attribute value, or a homogeneous array of them. */
export type AttributePrimitive = string | number | boolean;
export type AttributeValue =
  AttributePrimitive | ReadonlyArray<string> | ReadonlyArray<number> | ReadonlyArray<boolean>;
export type Attributes = Record<string, AttributeValue>;

/**
 * A point in time as the span API accepts it: epoch milliseconds (`Date.now()`, or
 * `performance.timeOrigin + performance.now()` for sub-millisecond precision) or a `Date`.
 * Not seconds, not `performance.now()` alone, not `process.hrtime()` (its origin is arbitrary).
 */
export type TimeInput = number | Date;

/** What a span does, as OpenTelemetry names it. */
export type SpanKind = 'internal' | 'client' | 'server' | 'producer' | 'consumer';

/** `unset` until someone decides; `ok` and `error` are final answers. */
export type SpanStatusCode = 'unset' | 'ok' | 'error';

export interface SpanStatus {
  readonly code: SpanStatusCode;
  readonly message?: string;
}

export interface SpanEvent {
  readonly name: string;
  /** Epoch milliseconds with sub-millisecond precision. */
  readonly time: number;
  readonly attributes: Attributes;
}

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: Attributes;
}

export interface RecordedException {
  readonly type: string;
  readonly message: string;
  readonly stackTrace: string | undefined;
}

/** The ids that identify a span across processes (W3C trace context). */
export interface SpanContext {
  /** 32 lowercase hex characters. */
  readonly traceId: string;
  /** 16 lowercase hex characters. */
  readonly spanId: string;
  /** Whether this trace was chosen for export. */
  readonly sampled: boolean;
}

/** A span as the pipeline sees it once it has ended. */
export interface ReadableSpan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  /** Epoch milliseconds with sub-millisecond precision. */
  readonly startTime: number;
  /** Epoch milliseconds; equal to `startTime` until the span ends. */
  readonly endTime: number;
  readonly durationMs: number;
  readonly attributes: Attributes;
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
  readonly status: SpanStatus;
  readonly exception: RecordedException | undefined;
  readonly ended: boolean;
}

/** The handle user code holds: recording spans and no-op spans share it. */
export interface Span {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  spanContext(): SpanContext;
  /** False for sampled-out and pre-`init()` spans: skip expensive attribute work. */
  isRecording(): boolean;
  isEnded(): boolean;
  setAttribute(key: string, value: unknown): this;
  setAttributes(attributes: Readonly<Record<string, unknown>>): this;
  /** `time` defaults to now; see `TimeInput` for what a time may be. */
  addEvent(name: string, attributes?: Readonly<Record<string, unknown>>, time?: TimeInput): this;
  addLink(link: { traceId: string; spanId: string; attributes?: Record<string, unknown> }): this;
  setStatus(code: SpanStatusCode, message?: string): this;
  recordException(error: unknown, time?: TimeInput): this;
  updateName(name: string): this;
  /** Ends the span at `endTime` (default now; see `TimeInput`), never before its start. A second call warns and is ignored. */
  end(endTime?: TimeInput): void;
  /** Ends the span at scope exit: `using span = startActiveSpan(...)`. */
  [Symbol.dispose](): void;
}

/** Spans that share a trace id, handed over once the local root has ended. */
export interface FinishedTrace {
  readonly traceId: string;
  /** The root span's name. */
  readonly name: string;
  /** Undefined for a fragment: spans that ended after their root was sent. */
  readonly rootSpan: ReadableSpan | undefined;
  readonly spans: readonly ReadableSpan[];
  readonly startTime: number;
  readonly endTime: number;
}

/** Receives finished traces; the batch processor and the simple processor implement it. */
export interface TraceProcessor {
  onTraceEnd(trace: FinishedTrace): void;
  /** Optional per-span hooks for live views; called synchronously, must not throw. */
  onSpanStart?(span: ReadableSpan): void;
  onSpanEnd?(span: ReadableSpan): void;
  forceFlush(timeoutMs?: number): Promise<void>;
  shutdown(timeoutMs?: number): Promise<void>;
}

export type ExportResult =
  // `spooled`: not delivered yet but kept on disk (`spoolDir`), to be re-sent by this or a later process.
  | { readonly code: 'success'; readonly spooled?: boolean }
  | { readonly code: 'failed'; readonly error?: unknown; readonly retryable?: boolean };

/**
 * How hard an exporter tries: `normal` retries as configured; `flush` (a flush or shutdown is
 * waiting) does not retry a refused connection; `exit` (the process is ending) retries nothing.
 */
export type DeliveryMode = 'normal' | 'flush' | 'exit';

/** What {@link TraceExporter.finishSync} did with the batch in flight (if any) and with each batch given. */
export interface FinishSyncResult {
  readonly inFlight: ExportResult | undefined;
  readonly batches: readonly ExportResult[];
}

/** Sends traces somewhere: the Noveum API, OTLP, a file, the console, memory. */
export interface TraceExporter {
  export(traces: readonly FinishedTrace[]): Promise<ExportResult>;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
  /** True while the exporter has work of its own under way (e.g. re-sending spooled batches); exit flushes wait for it. */
  hasPendingWork?(): boolean;
  /** Optional: see {@link DeliveryMode}. */
  setDeliveryMode?(mode: DeliveryMode): void;
  /**
   * Optional, for a process that is ending (`process.exit()`, a crash, an exhausted exit budget),
   * where only synchronous work still happens: gives up the export in flight and delivers
   * `batches` within `sendMs` (0: no attempt), else spools them. Never throws.
   */
  finishSync?(batches: readonly (readonly FinishedTrace[])[], sendMs: number): FinishSyncResult;
}

/** Describes the process that produced the traces: sent with every export. */
export interface Resource {
  readonly project: string;
  readonly environment: string;
  readonly serviceVersion: string | undefined;
  readonly sdkName: string;
  readonly sdkVersion: string;
}

/** `sample`: record and export; `record`: record, export only if the trace ends in error; `drop`: no-op spans. */
export type SamplingDecision = 'sample' | 'record' | 'drop';

/** Decides, once per trace at its root, whether the trace is kept. Must be cheap and must not throw. */
export interface Sampler {
  shouldSample(
    traceId: string,
    spanName: string,
    attributes: Readonly<Record<string, unknown>> | undefined
  ): SamplingDecision;
}
