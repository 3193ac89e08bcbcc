import { RecordingSpan } from '../core/span.js';
import type { AttributeValue, Attributes, FinishedTrace } from '../core/types.js';

// Fixed per-span and per-event overheads (ids, times, field names in the JSON).
const SPAN_OVERHEAD = 400;
const EVENT_OVERHEAD = 80;

function valueBytes(value: AttributeValue): number {
  if (typeof value === 'string') return value.length + 4;
  if (typeof value !== 'object') return 12;
  let n = 2;
  for (const item of value as readonly unknown[]) n += typeof item === 'string' ? item.length + 4 : 12;
  return n;
}

function attributesBytes(attributes: Attributes): number {
  let n = 0;
  for (const key in attributes) n += key.length + 4 + valueBytes(attributes[key]!);
  return n;
}

/**
 * A cheap estimate of a trace's serialised size: string lengths plus fixed
 * overheads, without serialising anything on the caller's path.
 */
export function estimateTraceBytes(trace: FinishedTrace): number {
  let n = 200;
  const spans = trace.spans;
  // Indexed loops: this runs in the caller's `span.end()`, and for-of costs an iterator per array.
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    // Reading `attributes` would resolve deferred captures here, on the caller's path.
    const attributes =
      span instanceof RecordingSpan
        ? attributesBytes(span.rawAttributes) + span.deferredSizeHint
        : attributesBytes(span.attributes);
    n += SPAN_OVERHEAD + span.name.length + attributes;
    const events = span.events;
    for (let e = 0; e < events.length; e++) {
      const event = events[e]!;
      n += EVENT_OVERHEAD + event.name.length + attributesBytes(event.attributes);
    }
    if (span.exception !== undefined) n += span.exception.message.length + (span.exception.stackTrace?.length ?? 0);
  }
  return n;
}

interface Entry {
  readonly trace: FinishedTrace;
  readonly bytes: number;
}

/** A FIFO of traces bounded by count and by estimated bytes. */
export class TraceQueue {
  private _entries: Entry[] = [];
  private _bytes = 0;

  constructor(
    private readonly _maxCount: number,
    private readonly _maxBytes: number
  ) {}

  get length(): number {
    return this._entries.length;
  }

  get bytes(): number {
    return this._bytes;
  }

  /** Spans in the queued traces (for loss reports; walks the queue). */
  spanCount(): number {
    let n = 0;
    for (const e of this._entries) n += e.trace.spans.length;
    return n;
  }

  /** Adds the trace, or returns false (and keeps nothing) when either bound would be passed. */
  offer(trace: FinishedTrace): boolean {
    if (this._entries.length >= this._maxCount) return false;
    const bytes = estimateTraceBytes(trace);
    // One oversized trace is still accepted into an empty queue, or it could never be sent.
    if (this._bytes + bytes > this._maxBytes && this._entries.length > 0) return false;
    this._entries.push({ trace, bytes });
    this._bytes += bytes;
    return true;
  }

  /** Removes and returns up to `n` traces (and about `maxBytes`, at least one trace), oldest first. */
  take(n: number, maxBytes = Number.POSITIVE_INFINITY): FinishedTrace[] {
    let count = 0;
    let bytes = 0;
    while (count < n && count < this._entries.length && (count === 0 || bytes < maxBytes)) {
      bytes += this._entries[count]!.bytes;
      count++;
    }
    const taken = this._entries.splice(0, count);
    this._bytes -= bytes;
    return taken.map((e) => e.trace);
  }
}
