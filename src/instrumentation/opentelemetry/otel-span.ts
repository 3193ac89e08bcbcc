/**
 * The parts of an OpenTelemetry SDK span (`ReadableSpan` of `@opentelemetry/sdk-trace-base`,
 * 1.x and 2.x) that `NoveumSpanProcessor` reads, and their conversion to noveum's values.
 * Structural only: nothing here imports OpenTelemetry.
 */
import type { SpanKind, SpanStatusCode } from '../../core/types.js';

/** `[seconds, nanoseconds]` since the epoch. */
export type HrTime = readonly [number, number];

interface OtelSpanContext {
  readonly traceId: string;
  readonly spanId: string;
}

export interface OtelReadableSpan {
  readonly name: string;
  readonly kind: number;
  spanContext(): OtelSpanContext;
  /** SDK 2.x. */
  readonly parentSpanContext?: OtelSpanContext | undefined;
  /** SDK 1.x. */
  readonly parentSpanId?: string | undefined;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly links: readonly { readonly context: OtelSpanContext; readonly attributes?: Record<string, unknown> }[];
  readonly events: readonly {
    readonly name: string;
    readonly time: HrTime;
    readonly attributes?: Readonly<Record<string, unknown>>;
  }[];
  readonly status: { readonly code: number; readonly message?: string };
  /** SDK 2.x. */
  readonly instrumentationScope?: { readonly name: string; readonly version?: string };
  /** SDK 1.x. */
  readonly instrumentationLibrary?: { readonly name: string; readonly version?: string };
}

const KINDS: readonly SpanKind[] = ['internal', 'server', 'client', 'producer', 'consumer'];
const STATUS: readonly SpanStatusCode[] = ['unset', 'ok', 'error'];

export function kindOf(kind: number): SpanKind {
  return KINDS[kind] ?? 'internal';
}

export function statusOf(code: number): SpanStatusCode {
  return STATUS[code] ?? 'unset';
}

/** Epoch milliseconds (noveum's unit) of an OpenTelemetry time. */
export function toMillis(time: HrTime): number {
  return time[0] * 1000 + time[1] / 1e6;
}

export function parentIdOf(span: OtelReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId ?? span.parentSpanId;
}

/** `otel.scope.name` / `otel.scope.version`: what non-OTLP exporters report of the instrumentation scope. */
export function scopeAttributes(span: OtelReadableSpan): Record<string, string> {
  const scope = span.instrumentationScope ?? span.instrumentationLibrary;
  if (scope === undefined) return {};
  return scope.version === undefined
    ? { 'otel.scope.name': scope.name }
    : { 'otel.scope.name': scope.name, 'otel.scope.version': scope.version };
}

/** A span a GenAI client library records for one model call (OpenTelemetry GenAI conventions). */
export function isGenAiCall(attributes: Readonly<Record<string, unknown>>): boolean {
  return (
    attributes['gen_ai.operation.name'] !== undefined ||
    attributes['gen_ai.provider.name'] !== undefined ||
    attributes['gen_ai.system'] !== undefined
  );
}
