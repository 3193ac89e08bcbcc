/**
 * Parents made by another library: an OpenTelemetry span (its `spanContext()` returns
 * `{ traceId, spanId, traceFlags }`) or a plain `{ traceId, spanId }` object. A valid one is
 * continued like a remote parent (same trace id, its span id as our root's parent).
 */
import { isValidSpanId, isValidTraceId } from './ids.js';

/** The ids of a parent this process did not record. */
export interface RemoteParent {
  readonly traceId: string;
  readonly spanId: string;
  readonly sampled: boolean;
}

interface ContextLike {
  readonly traceId?: unknown;
  readonly spanId?: unknown;
  readonly traceFlags?: unknown;
  readonly sampled?: unknown;
}

function readContext(parent: object): ContextLike | undefined {
  const spanContext = (parent as { spanContext?: unknown }).spanContext;
  const ctx: unknown = typeof spanContext === 'function' ? (spanContext as () => unknown).call(parent) : parent;
  return ctx !== null && typeof ctx === 'object' ? (ctx as ContextLike) : undefined;
}

/**
 * The trace and span id of a foreign parent, or undefined when it has no valid W3C ids
 * (all zeros included: a span from an OpenTelemetry tracer with no SDK). Never throws.
 */
export function readForeignParent(parent: unknown): RemoteParent | undefined {
  if (parent === null || (typeof parent !== 'object' && typeof parent !== 'function')) return undefined;
  try {
    const ctx = readContext(parent);
    if (ctx === undefined) return undefined;
    const { traceId, spanId } = ctx;
    if (!isValidTraceId(traceId) || !isValidSpanId(spanId)) return undefined;
    const sampled = typeof ctx.traceFlags === 'number' ? (ctx.traceFlags & 1) === 1 : ctx.sampled !== false;
    return { traceId, spanId, sampled };
  } catch {
    // A throwing getter or a revoked proxy: not a parent we can continue.
    return undefined;
  }
}
