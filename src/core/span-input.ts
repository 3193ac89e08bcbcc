/**
 * Checks for what user code hands the span API, applied where it enters: a bad time, key,
 * link or attribute map is repaired or ignored here, with one warning per cause, so nothing
 * invalid is stored and nothing downstream (encoding, export) can fail on it.
 */
import { quote, warnOnce } from '../diag/diag.js';
import { incrementCounter } from '../diag/internal-errors.js';
import { now, toEpochMs } from './clock.js';
import { isValidSpanId, isValidTraceId } from './ids.js';
import type { SpanKind } from './types.js';

function misuse(cause: string, message: string): void {
  incrementCounter('misuseWarnings');
  warnOnce(cause, message);
}

function unitHint(input: unknown): string {
  if (typeof input !== 'number' || !(input > 0)) return '';
  if (input >= 1e8 && input < 1e10) return ' (it looks like seconds: multiply by 1000)';
  if (input < 1e8) return ' (performance.now() counts from process start: add performance.timeOrigin)';
  return '';
}

/**
 * The epoch milliseconds of a time given to the span API (`startTime`, `end()`, an event's
 * time): a number of epoch milliseconds or a `Date`. Anything else (NaN, Infinity, seconds,
 * a year past 2100) is replaced by the current time, with one warning per `what`.
 */
export function entryTime(input: unknown, what: string, spanName: string): number {
  const ms = toEpochMs(input);
  if (ms !== undefined) return ms;
  misuse(
    `bad-time-${what}`,
    `${what} ${quote(input, 60)} of span ${quote(spanName, 100)} is not a time${unitHint(input)}; ` +
      'pass epoch milliseconds (Date.now()) or a Date. Used the current time (further bad times are counted)'
  );
  return now();
}

/** The end time of a span started at `startTime`: never before it (see `entryTime`). */
export function entryEndTime(input: unknown, startTime: number, spanName: string): number {
  if (input === undefined) return Math.max(now(), startTime);
  const end = entryTime(input, 'endTime', spanName);
  if (end >= startTime) return end;
  misuse(
    'end-before-start',
    `endTime of span ${quote(spanName, 100)} is before its startTime; used the current time (or the start time, if later)`
  );
  return Math.max(now(), startTime);
}

const SPAN_KINDS: ReadonlySet<unknown> = new Set(['internal', 'client', 'server', 'producer', 'consumer']);

/** A span kind: one of the five OpenTelemetry kinds; anything else is reported once and 'internal' used. */
export function entryKind(kind: unknown, spanName: string): SpanKind {
  if (kind === undefined) return 'internal';
  if (SPAN_KINDS.has(kind)) return kind as SpanKind;
  misuse(
    'bad-span-kind',
    `kind ${quote(kind, 40)} of span ${quote(spanName, 100)} is not a span kind (internal, client, server, producer, consumer); used "internal"`
  );
  return 'internal';
}

/** An attribute key: strings pass; any other type is reported once and the attribute ignored. */
export function isAttributeKey(key: unknown, api: string): key is string {
  if (typeof key === 'string') return true;
  misuse(`bad-attribute-key-${api}`, `${api}: attribute keys must be strings, got ${quote(key, 60)}; ignored`);
  return false;
}

/**
 * True for a map of attributes (a non-null, non-array object). A string given instead would
 * otherwise become one attribute per character; it is reported once and ignored.
 */
export function isAttributeMap(value: unknown, api: string): value is Readonly<Record<string, unknown>> {
  if (value !== null && typeof value === 'object' && !isArraySafe(value)) return true;
  if (value === undefined || value === null) return false;
  misuse(
    `bad-attributes-${api}`,
    `${api}: attributes must be an object of key/value pairs such as { 'doc.count': 3 }, got ${describeType(value)}; ignored`
  );
  return false;
}

function isArraySafe(value: object): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false; // a revoked proxy: reading it fails later, where that is handled
  }
}

function describeType(value: unknown): string {
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return typeof value === 'object' && value !== null && isArraySafe(value) ? 'an array' : `a ${typeof value}`;
}

/** The ids and attributes of a link, or undefined (reported once) when it is not a link to a valid span. */
export function readLink(
  link: unknown
): { traceId: string; spanId: string; attributes: Record<string, unknown> | undefined } | undefined {
  let traceId: unknown;
  let spanId: unknown;
  let attributes: unknown;
  try {
    if (link !== null && typeof link === 'object') {
      const l = link as { traceId?: unknown; spanId?: unknown; attributes?: unknown };
      traceId = l.traceId;
      spanId = l.spanId;
      attributes = l.attributes;
    }
  } catch {
    traceId = undefined; // unreadable: reported below as not a link
  }
  if (isValidTraceId(traceId) && isValidSpanId(spanId)) {
    return { traceId, spanId, attributes: isAttributeMap(attributes, 'addLink') ? attributes : undefined };
  }
  misuse(
    'bad-link',
    `addLink: expected { traceId, spanId } with W3C ids (32 and 16 lowercase hex characters), got ${quote(link, 60)}; ignored`
  );
  return undefined;
}
