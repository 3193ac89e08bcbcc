import { setSpan } from '../context/active-span.js';
import { getActiveContext, withContext } from '../context/context-manager.js';
import { readForeignParent } from '../core/foreign-parent.js';
import { NOOP_SPAN, NonRecordingSpan, isRecordingSpan } from '../core/span.js';
import type { Span, TimeInput } from '../core/types.js';
import { quote, warnOnce } from '../diag/diag.js';
import { incrementCounter, reportInternalError } from '../diag/internal-errors.js';
import { getClient, type CurrentTrace, type StartSpanOptions } from './client.js';

/**
 * Starts a span that you end yourself with `finishSpan` (or `span.end()`).
 * It is not made active: pass it as `parent` or its id as `parentSpanId` for children.
 * Without a parent option it is a child of the active span, or starts a trace.
 *
 * `parent` may also be a span of another library: an OpenTelemetry span (anything whose
 * `spanContext()` returns W3C `traceId` and `spanId`) or a plain `{ traceId, spanId }`. The
 * trace is continued: same trace id, and this span, the root of what this process records,
 * names the foreign span as its parent. A parent without valid ids warns once and starts a
 * new trace. `startTime` is epoch milliseconds (`Date.now()`) or a `Date`.
 *
 * @example
 * ```ts
 * const batch = startSpan('batch_query_processing', { attributes: { 'batch.size': queries.length } });
 * try {
 *   for (const [i, q] of queries.entries()) {
 *     const child = startSpan(`query_processing_${i}`, { parentSpanId: batch.spanId });
 *     try { await run(q); child.setStatus('ok'); } finally { finishSpan(child); }
 *   }
 * } finally {
 *   finishSpan(batch);
 * }
 * ```
 */
export function startSpan(name: string, options?: StartSpanOptions): Span {
  return getClient().startSpan(name, options);
}

/**
 * Ends `span` at `endTime` (epoch milliseconds or a `Date`; default now, and never before its
 * start); a second call warns and is ignored.
 */
export function finishSpan(span: Span, endTime?: TimeInput): void {
  getClient().finishSpan(span, endTime);
}

/** The active span, or undefined outside any span. */
export function getCurrentSpan(): Span | undefined {
  return getClient().getCurrentSpan();
}

/** The trace of the active span, or undefined outside any span. */
export function getCurrentTrace(): CurrentTrace | undefined {
  return getClient().getCurrentTrace();
}

/**
 * Runs `fn` with `span` as the active span, so spans started inside it (scopes, decorated
 * methods, instrumented client calls) become its children. Unlike `traceOperation`, it does
 * not end the span: a manual span stays yours to finish. `fn`'s value (a promise included,
 * the same object) is returned and its errors pass through unchanged.
 *
 * `span` may be another library's span (an OpenTelemetry span, or `{ traceId, spanId }`):
 * spans started inside continue its trace, as with `startSpan`'s `parent`. One without valid
 * ids warns once, and spans started inside begin new traces.
 *
 * @example
 * ```ts
 * const querySpan = startSpan(`query_processing_${i}`, { parentSpanId: batch.spanId });
 * try {
 *   const answer = await withSpan(querySpan, () => openai.chat.completions.create(request));
 * } finally {
 *   finishSpan(querySpan);
 * }
 * ```
 */
export function withSpan<R>(span: Span, fn: () => R): R {
  if (typeof fn !== 'function') {
    incrementCounter('misuseWarnings');
    warnOnce(
      'with-span-no-fn',
      `withSpan: the second argument must be a function, got ${quote(fn, 40)}; nothing was run`
    );
    return undefined as R;
  }
  let ctx;
  try {
    ctx = setSpan(getActiveContext(), activeSpanFor(span));
  } catch (error) {
    reportInternalError('withSpan', error);
    return fn();
  }
  return withContext(ctx, fn);
}

/** The span `withSpan` makes active: ours as is, a foreign one with valid ids as is, anything else none. */
function activeSpanFor(span: unknown): Span {
  try {
    if (isRecordingSpan(span as Span) || span instanceof NonRecordingSpan) return span as Span;
  } catch {
    // instanceof on a revoked proxy throws: not a span we can use.
  }
  if (readForeignParent(span) !== undefined) return span as Span;
  incrementCounter('misuseWarnings');
  warnOnce(
    'with-span-invalid',
    `withSpan: ${quote(span, 40)} is not a span of this SDK and has no valid trace and span ids; ` +
      'spans started inside begin new traces (further cases are counted, not printed)'
  );
  // An all-zero span: children start new traces, and getCurrentSpan() inside returns undefined.
  return NOOP_SPAN;
}
