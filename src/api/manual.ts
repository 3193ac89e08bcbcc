import { setSpan } from '../context/active-span.js';
import { getActiveContext, withContext } from '../context/context-manager.js';
import type { Span } from '../core/types.js';
import { reportInternalError } from '../diag/internal-errors.js';
import { getClient, type CurrentTrace, type StartSpanOptions } from './client.js';

/**
 * Starts a span that you end yourself with `finishSpan` (or `span.end()`).
 * It is not made active: pass it as `parent` or its id as `parentSpanId` for children.
 * Without a parent option it is a child of the active span, or starts a trace.
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

/** Ends `span`; a second call warns and is ignored. */
export function finishSpan(span: Span, endTime?: number): void {
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
  let ctx;
  try {
    ctx = setSpan(getActiveContext(), span);
  } catch (error) {
    reportInternalError('withSpan', error);
    return fn();
  }
  return withContext(ctx, fn);
}
