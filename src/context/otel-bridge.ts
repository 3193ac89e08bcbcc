/**
 * One tree with an app's OpenTelemetry setup, without importing `@opentelemetry/api`.
 *
 * The OpenTelemetry API keeps its globals on `globalThis[Symbol.for('opentelemetry.js.api.1')]`
 * (shared by every API copy of major 1); when the app registers an SDK, `context` there is the
 * context manager. Only then, and only reading that slot, does this module do anything:
 * - noveum → OpenTelemetry: while a noveum span is active, OpenTelemetry's active context holds a
 *   non-recording stand-in with the noveum span's ids, so spans the app's instrumentations start
 *   (HTTP, databases, an SDK's own spans) are its children;
 * - OpenTelemetry → noveum: a noveum span started with no explicit parent takes the innermost of
 *   the two active spans as its parent.
 * Without a registered context manager nothing changes, and nothing is loaded.
 */
import { isValidSpanId, isValidTraceId } from '../core/ids.js';
import { reportInternalError } from '../diag/internal-errors.js';
import { getGlobal } from '../internal/global.js';
import { createContextKey, type Context } from './context.js';

const API_KEY = Symbol.for('opentelemetry.js.api.1');
/** The key under which the OpenTelemetry API stores the active span in its context. */
const SPAN_IN_OTEL = Symbol.for('OpenTelemetry Context Key SPAN');
/** Our active span (the key `active-span.ts` uses; the same symbol in every copy of the package). */
const SPAN_IN_NOVEUM = createContextKey('span');
/** OpenTelemetry's suppression key (`suppressTracing` of `@opentelemetry/core`): instrumentations record nothing under it. */
const SUPPRESS_IN_OTEL = Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING');
/** Which noveum span an OpenTelemetry context was entered for (see `activeParent`). */
const ENTERED_FOR_KEY = createContextKey('otel-entered-for');

/** The parts of OpenTelemetry's `Context` and `ContextManager` this module calls. */
interface OtelContext {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): OtelContext;
}
interface OtelContextManager {
  active(): OtelContext;
  with<R>(context: OtelContext, fn: () => R): R;
}

interface SpanIds {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
}

/** The app's registered OpenTelemetry context manager, or undefined (no API loaded, or no SDK). */
export function otelContextManager(): OtelContextManager | undefined {
  const api = (globalThis as unknown as Record<symbol, { context?: unknown } | undefined>)[API_KEY];
  if (api === undefined) return undefined;
  try {
    const cm = api.context as Partial<OtelContextManager> | undefined;
    if (typeof cm?.active === 'function' && typeof cm.with === 'function') return cm as OtelContextManager;
  } catch {
    // A hostile global: behave as if OpenTelemetry were absent.
  }
  return undefined;
}

/**
 * What OpenTelemetry sees of a noveum span: its ids, never recording (OpenTelemetry exports
 * nothing for it; noveum exports the span itself). Every method an instrumentation may call is a no-op.
 */
class StandInSpan {
  constructor(private readonly _ids: SpanIds) {}
  spanContext(): SpanIds {
    return this._ids;
  }
  isRecording(): boolean {
    return false;
  }
  setAttribute(): this {
    return this;
  }
  setAttributes(): this {
    return this;
  }
  addEvent(): this {
    return this;
  }
  addLink(): this {
    return this;
  }
  addLinks(): this {
    return this;
  }
  setStatus(): this {
    return this;
  }
  updateName(): this {
    return this;
  }
  recordException(): void {}
  end(): void {}
}

// Process-wide, like the context storage: a span activated by one copy of the package may be read by another.
const standIns = getGlobal('otel-stand-ins', () => new WeakMap<object, object>());
const standInSet = getGlobal('otel-stand-in-set', () => new WeakSet<object>());

function isRecording(span: object): boolean {
  const fn = (span as { isRecording?: unknown }).isRecording;
  return typeof fn === 'function' && (fn as () => unknown).call(span) === true;
}

/** The OpenTelemetry view of `span`: an OpenTelemetry span as is, a stand-in for ours, undefined without valid ids. */
function otelSpanFor(span: object): object | undefined {
  const cached = standIns.get(span);
  if (cached !== undefined) return cached;
  const ctx = (
    span as { spanContext?: () => { traceId?: unknown; spanId?: unknown; traceFlags?: unknown; sampled?: unknown } }
  ).spanContext?.();
  if (ctx === undefined || !isValidTraceId(ctx.traceId) || !isValidSpanId(ctx.spanId)) return undefined;
  // A span from OpenTelemetry (made active with withSpan) goes back as itself.
  if (typeof ctx.traceFlags === 'number') return span;
  const standIn = new StandInSpan({
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    // Sampled when we record it (keepErrors records a trace before deciding to send it), so an
    // OpenTelemetry parent-based sampler follows our decision and the trace stays whole.
    traceFlags: ctx.sampled === false && !isRecording(span) ? 0 : 1,
  });
  standIns.set(span, standIn);
  standInSet.add(standIn);
  return standIn;
}

/**
 * Runs `fn` with OpenTelemetry's context showing the span active in `context` (see the module
 * comment); `fn` as is when that span is already what OpenTelemetry was entered for.
 */
export function withOtelSpan<R>(cm: OtelContextManager, context: Context, fn: () => R): R {
  return enter(cm, context.getValue(SPAN_IN_NOVEUM), fn);
}

/**
 * Runs `fn` with `span` as OpenTelemetry's active span only (a client call of ours, whose span is
 * not made active for noveum: spans the client library records itself become its children).
 */
export function withOtelActiveSpan<R>(span: object | undefined, fn: () => R): R {
  const cm = otelContextManager();
  return cm === undefined ? fn() : enter(cm, span, fn);
}

function enter<R>(cm: OtelContextManager, span: unknown, fn: () => R): R {
  if (span === undefined || span === null || typeof span !== 'object') return fn();
  let next: OtelContext;
  try {
    const active = cm.active();
    if (active.getValue(ENTERED_FOR_KEY) === span) return fn();
    const otelSpan = otelSpanFor(span);
    if (otelSpan === undefined) return fn();
    next = active.setValue(SPAN_IN_OTEL, otelSpan).setValue(ENTERED_FOR_KEY, span);
  } catch (error) {
    reportInternalError('otel-bridge.enter', error);
    return fn();
  }
  return cm.with(next, fn);
}

function hasValidIds(span: unknown): boolean {
  try {
    const ctx = (span as { spanContext?: () => { traceId?: unknown; spanId?: unknown } }).spanContext?.();
    return isValidTraceId(ctx?.traceId) && isValidSpanId(ctx?.spanId);
  } catch {
    return false;
  }
}

/**
 * The parent of a span started with none given: `noveumActive` (our active span), or the active
 * OpenTelemetry span when that one is inner. OpenTelemetry's context is entered for each of our
 * scopes, so an OpenTelemetry span is inner exactly when it was made active in a context entered
 * for `noveumActive` (or when none of ours is active).
 */
export function activeParent<S>(noveumActive: S | undefined): S | undefined {
  const cm = otelContextManager();
  if (cm === undefined) return noveumActive;
  try {
    const ctx = cm.active();
    const otelSpan = ctx.getValue(SPAN_IN_OTEL);
    if (otelSpan === undefined || otelSpan === null || typeof otelSpan !== 'object') return noveumActive;
    if (standInSet.has(otelSpan) || !hasValidIds(otelSpan)) return noveumActive;
    if (noveumActive === undefined || ctx.getValue(ENTERED_FOR_KEY) === noveumActive) return otelSpan as S;
  } catch (error) {
    reportInternalError('otel-bridge.parent', error);
  }
  return noveumActive;
}

/**
 * Runs `fn` with OpenTelemetry's tracing suppressed: the exporter's own requests must not become
 * OpenTelemetry HTTP spans, which `NoveumSpanProcessor` would send back through the exporter.
 */
export function withOtelSuppressed<R>(fn: () => R): R {
  const cm = otelContextManager();
  if (cm === undefined) return fn();
  let suppressed: OtelContext;
  try {
    suppressed = cm.active().setValue(SUPPRESS_IN_OTEL, true);
  } catch (error) {
    reportInternalError('otel-bridge.suppress', error);
    return fn();
  }
  return cm.with(suppressed, fn);
}
