/**
 * The headers that carry the running code's trace to another process: `traceparent` for the
 * active span (or the remote parent of a continued trace with no local span yet), the
 * `tracestate` received with that trace, and `baggage` with `user.id` / `session.id` of the
 * local root over whatever baggage came in.
 */
import { getActiveSpan } from '../context/active-span.js';
import { getActiveContext } from '../context/context-manager.js';
import { getBaggage, getRemoteParent } from '../context/remote-context.js';
import { readForeignParent } from '../core/foreign-parent.js';
import { isValidSpanId, isValidTraceId } from '../core/ids.js';
import { isRecordingSpan, NonRecordingSpan } from '../core/span.js';
import type { Span } from '../core/types.js';
import { formatBaggage } from './baggage.js';
import { formatTraceparent } from './trace-context.js';

export interface PropagationHeaders {
  readonly traceparent: string;
  readonly tracestate: string | undefined;
  readonly baggage: string | undefined;
}

const BAGGAGE_ATTRIBUTES = ['user.id', 'session.id'] as const;

function idsOf(span: Span): { traceId: string; spanId: string; sampled: boolean } | undefined {
  if (isRecordingSpan(span) || span instanceof NonRecordingSpan) {
    const ctx = span.spanContext();
    return isValidTraceId(ctx.traceId) && isValidSpanId(ctx.spanId) ? ctx : undefined;
  }
  return readForeignParent(span);
}

/** The local root's ids over the incoming baggage; the root's values win. */
function baggageFor(span: Span | undefined, incoming: ReadonlyMap<string, string> | undefined): string | undefined {
  let entries = incoming;
  const root = span !== undefined && isRecordingSpan(span) ? span._record.root : undefined;
  if (root !== undefined) {
    for (const key of BAGGAGE_ATTRIBUTES) {
      const value = root._attributes[key];
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      if (entries === incoming) entries = new Map(incoming);
      (entries as Map<string, string>).set(key, String(value));
    }
  }
  return entries === undefined || entries.size === 0 ? undefined : formatBaggage(entries);
}

/** The headers for an outgoing request made now, or undefined when no trace is active. */
export function currentPropagationHeaders(): PropagationHeaders | undefined {
  const ctx = getActiveContext();
  const span = getActiveSpan();
  const remote = getRemoteParent(ctx);
  const ids = span === undefined ? remote : idsOf(span);
  if (ids === undefined) return undefined;
  // The tracestate and baggage received belong to the continued trace only.
  const sameTrace = remote !== undefined && remote.traceId === ids.traceId;
  const incoming = remote === undefined || sameTrace ? getBaggage(ctx) : undefined;
  return {
    traceparent: formatTraceparent(ids.traceId, ids.spanId, ids.sampled),
    tracestate: sameTrace ? remote.traceState : undefined,
    baggage: baggageFor(span, incoming),
  };
}
