/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): parsing and formatting of the
 * `traceparent` and `tracestate` headers. Hostile input is expected: anything that is not a
 * valid header is reported as absent (the caller starts a fresh trace), never thrown.
 */
import type { RemoteParent } from '../core/foreign-parent.js';
import { isValidSpanId, isValidTraceId } from '../core/ids.js';

/** A parent read from a `traceparent` header, with the `tracestate` that came with it. */
export interface RemoteTraceContext extends RemoteParent {
  /** The vendor list to pass on unchanged, or undefined when absent or malformed. */
  readonly traceState: string | undefined;
}

// version "-" trace-id "-" parent-id "-" flags; lowercase hex only, as the spec requires.
const TRACEPARENT_RE = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
// A header longer than this is not a traceparent of any version we could read; skip the regex.
const MAX_TRACEPARENT_LENGTH = 512;

/** The remote parent in a `traceparent` value, or undefined when it is malformed. */
export function parseTraceparent(value: unknown): RemoteParent | undefined {
  if (typeof value !== 'string' || value.length > MAX_TRACEPARENT_LENGTH) return undefined;
  const m = TRACEPARENT_RE.exec(value.trim());
  if (m === null) return undefined;
  const [, version, traceId, spanId, flags, rest] = m;
  // Version ff is forbidden; version 00 has exactly four fields; a later version may add fields after a dash.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (!isValidTraceId(traceId) || !isValidSpanId(spanId)) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags!, 16) & 1) === 1 };
}

/** A `traceparent` value (version 00) for a span; the flags carry only the sampled bit. */
export function formatTraceparent(traceId: string, spanId: string, sampled: boolean): string {
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}

// list-member = key "=" value; key: lowercase start, up to 256 chars with an optional tenant@system;
// value: printable ASCII except "," and "=", up to 256 chars, no trailing space.
const TRACESTATE_MEMBER_RE =
  /^(?:[a-z][a-z0-9_\-*/]{0,255}|[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13})=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
const MAX_TRACESTATE_MEMBERS = 32;
const MAX_TRACESTATE_LENGTH = 512;

/**
 * The `tracestate` to pass on: its valid list members, at most 32, in order, or undefined when
 * none is valid. A header over 512 characters is dropped whole (the spec allows dropping it).
 */
export function parseTracestate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TRACESTATE_LENGTH) return undefined;
  const members: string[] = [];
  const seen = new Set<string>();
  for (const raw of value.split(',')) {
    const member = raw.trim();
    if (member === '') continue;
    if (!TRACESTATE_MEMBER_RE.test(member)) continue;
    const key = member.slice(0, member.indexOf('='));
    // Duplicated keys make the whole header invalid per spec.
    if (seen.has(key)) return undefined;
    seen.add(key);
    members.push(member);
    if (members.length > MAX_TRACESTATE_MEMBERS) return undefined;
  }
  return members.length === 0 ? undefined : members.join(',');
}

export { isValidTraceId, isValidSpanId };
