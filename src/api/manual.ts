import type { Span } from '../core/types.js';
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
