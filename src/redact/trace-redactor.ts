import type {
  Attributes,
  FinishedTrace,
  ReadableSpan,
  RecordedException,
  SpanEvent,
  SpanLink,
  SpanStatus,
} from '../core/types.js';
import { cutHeadOf, hasCutHeads } from '../core/cut-text.js';
import { reportInternalError } from '../diag/internal-errors.js';
import { compileKeys, compileRules, pickMask, secretRule } from './compile-rules.js';
import { SLICE_CHARS } from './slice-text.js';
import { createTextRedactor, type TextRedactor } from './text-redactor.js';
import type { RedactionOptions } from './types.js';
import { createValueRedactor, type AttributesRedactor, type CaptureLimits, type ScanText } from './value-redactor.js';

/**
 * Redacts finished traces. `steps` does the same work with pauses (generator `yield`s)
 * between the pieces of long strings, after each long value and between spans, for an
 * export that gives the event loop a turn whenever a slice of work has run long.
 */
export interface TraceRedactor {
  (trace: FinishedTrace): FinishedTrace;
  steps(trace: FinishedTrace): Generator<void, FinishedTrace, void>;
}

type Steps<T> = Generator<void, T, void>;

// Strings at least this long are redacted ahead of their span by `steps`, one per step.
const LONG_TEXT = 1024;

/** Everything a span's redaction needs; `scan` may be a per-trace cache in front of `text`. */
interface SpanRedaction {
  readonly attrs: AttributesRedactor;
  readonly scan: ScanText | undefined;
  /** Span and trace names: only the configured secrets (names are not scanned for PII). */
  readonly names: ScanText | undefined;
}

function redactEvents(events: readonly SpanEvent[], r: SpanRedaction): readonly SpanEvent[] {
  let out: SpanEvent[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const attributes = r.attrs(e.attributes, r.scan);
    // Event names are free text too: `span.addEvent('mailed ' + email)`.
    const name = r.scan === undefined || e.name === '' ? e.name : (r.scan(e.name) ?? '[REDACTED]');
    if (attributes === e.attributes && name === e.name) continue;
    out ??= events.slice();
    out[i] = { name, time: e.time, attributes };
  }
  return out ?? events;
}

function redactLinks(links: readonly SpanLink[], r: SpanRedaction): readonly SpanLink[] {
  let out: SpanLink[] | undefined;
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    const attributes = r.attrs(l.attributes, r.scan);
    if (attributes === l.attributes) continue;
    out ??= links.slice();
    out[i] = { traceId: l.traceId, spanId: l.spanId, attributes };
  }
  return out ?? links;
}

function redactStatus(status: SpanStatus, scan: ScanText | undefined): SpanStatus {
  if (scan === undefined || status.message === undefined || status.message === '') return status;
  const message = scan(status.message);
  if (message === status.message) return status;
  return message === undefined ? { code: status.code } : { code: status.code, message };
}

function redactException(
  exception: RecordedException | undefined,
  scan: ScanText | undefined
): RecordedException | undefined {
  if (exception === undefined || scan === undefined) return exception;
  const message = scan(exception.message);
  const stackTrace = exception.stackTrace === undefined ? undefined : scan(exception.stackTrace);
  if (message === exception.message && stackTrace === exception.stackTrace) return exception;
  // A failed mask drops the text: an empty message and no stack, never the original.
  return { type: exception.type, message: message ?? '', stackTrace };
}

function copySpan(span: ReadableSpan, changes: Partial<ReadableSpan>): ReadableSpan {
  return {
    name: span.name,
    kind: span.kind,
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    startTime: span.startTime,
    endTime: span.endTime,
    durationMs: span.durationMs,
    attributes: span.attributes,
    events: span.events,
    links: span.links,
    status: span.status,
    exception: span.exception,
    ended: span.ended,
    ...changes,
  };
}

function redactFields(span: ReadableSpan, r: SpanRedaction): ReadableSpan {
  const name = r.names === undefined ? span.name : (r.names(span.name) ?? '[REDACTED]');
  const attributes = r.attrs(span.attributes, r.scan);
  const events = redactEvents(span.events, r);
  const links = redactLinks(span.links, r);
  const status = redactStatus(span.status, r.scan);
  const exception = redactException(span.exception, r.scan);
  if (
    name === span.name &&
    attributes === span.attributes &&
    events === span.events &&
    links === span.links &&
    status === span.status &&
    exception === span.exception
  ) {
    return span;
  }
  return copySpan(span, { name, attributes, events, links, status, exception });
}

function redactSpan(span: ReadableSpan, r: SpanRedaction): ReadableSpan {
  try {
    return redactFields(span, r);
  } catch (error) {
    // Unreachable by design; if it happens, send the span's shape and none of its data.
    reportInternalError('redaction.span', error);
    return copySpan(span, {
      attributes: {},
      events: [],
      links: [],
      status: { code: span.status.code },
      exception: undefined,
    });
  }
}

/** The trace with its redacted spans (the same object when nothing changed). */
function withSpans(
  trace: FinishedTrace,
  spans: ReadableSpan[] | undefined,
  rootSpan: ReadableSpan | undefined,
  r: SpanRedaction
) {
  const name = r.names === undefined ? trace.name : (r.names(trace.name) ?? '[REDACTED]');
  if (spans === undefined && rootSpan === trace.rootSpan && name === trace.name) return trace;
  return { ...trace, name, spans: spans ?? trace.spans, rootSpan };
}

/** Redacts `trace` span by span, in one go. */
function redactTrace(trace: FinishedTrace, r: SpanRedaction): FinishedTrace {
  let spans: ReadableSpan[] | undefined;
  let rootSpan = trace.rootSpan;
  for (let i = 0; i < trace.spans.length; i++) {
    const span = trace.spans[i]!;
    const redacted = redactSpan(span, r);
    if (span === trace.rootSpan) rootSpan = redacted;
    if (redacted === span) continue;
    spans ??= trace.spans.slice();
    spans[i] = redacted;
  }
  if (trace.rootSpan !== undefined && !trace.spans.includes(trace.rootSpan)) rootSpan = redactSpan(trace.rootSpan, r);
  return withSpans(trace, spans, rootSpan, r);
}

/** {@link redactTrace} with `before(span)` run ahead of each span: the place to pause. */
function* redactTraceSteps(
  trace: FinishedTrace,
  r: SpanRedaction,
  before: (span: ReadableSpan) => Steps<void>
): Steps<FinishedTrace> {
  let spans: ReadableSpan[] | undefined;
  let rootSpan = trace.rootSpan;
  for (let i = 0; i < trace.spans.length; i++) {
    const span = trace.spans[i]!;
    yield* before(span);
    const redacted = redactSpan(span, r);
    if (span === trace.rootSpan) rootSpan = redacted;
    if (redacted === span) continue;
    spans ??= trace.spans.slice();
    spans[i] = redacted;
  }
  if (trace.rootSpan !== undefined && !trace.spans.includes(trace.rootSpan)) {
    yield* before(trace.rootSpan);
    rootSpan = redactSpan(trace.rootSpan, r);
  }
  return withSpans(trace, spans, rootSpan, r);
}

function pushLong(out: string[], value: unknown, min: number): void {
  if (typeof value === 'string') {
    if (value.length >= min) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'string' && item.length >= min) out.push(item);
  }
}

function pushLongAttributes(out: string[], attributes: Attributes, min: number, cutHeads = false): void {
  const cuts = cutHeads && hasCutHeads(attributes);
  for (const key in attributes) {
    const value = attributes[key];
    // A cut capture redacted through its head (see value-redactor) is not scanned whole.
    const head = cuts ? cutHeadOf(attributes, key, value) : undefined;
    if (head === undefined || head.length > SLICE_CHARS) pushLong(out, value, min);
  }
}

/**
 * The strings of a span long enough to be redacted ahead of it (attribute values, event names,
 * messages, stacks). Plain loops into an array: generators here cost more than the short spans'
 * whole redaction.
 */
function longTexts(span: ReadableSpan, min: number, cutHeads: boolean): string[] {
  const out: string[] = [];
  pushLongAttributes(out, span.attributes, min, cutHeads);
  for (const e of span.events) {
    pushLong(out, e.name, min);
    pushLongAttributes(out, e.attributes, min);
  }
  for (const l of span.links) pushLongAttributes(out, l.attributes, min);
  pushLong(out, span.status.message, min);
  if (span.exception !== undefined) {
    pushLong(out, span.exception.message, min);
    pushLong(out, span.exception.stackTrace, min);
  }
  return out;
}

/** True when a span of `trace` (its root included) has a string `longTexts` would return. */
function hasLongTexts(trace: FinishedTrace, min: number, cutHeads: boolean): boolean {
  for (const span of trace.spans) if (longTexts(span, min, cutHeads).length > 0) return true;
  const root = trace.rootSpan;
  return root !== undefined && !trace.spans.includes(root) && longTexts(root, min, cutHeads).length > 0;
}

/**
 * The sliced form: the span's long strings are redacted first, each in its own steps (a
 * long one a slice at a time) into `cache`; the span itself then costs cache lookups.
 */
function stepsOf(text: TextRedactor, r: Omit<SpanRedaction, 'scan'>): (trace: FinishedTrace) => Steps<FinishedTrace> {
  // Literal secrets only (the default): a scan runs at indexOf speed, so strings shorter than a
  // slice are not worth a step of their own and are scanned with their span.
  const literal = text.cutHead !== undefined;
  const min = literal ? SLICE_CHARS : LONG_TEXT;
  const whole: SpanRedaction = { ...r, scan: text };
  return function* (trace) {
    // Nothing long enough for a step of its own (the usual trace of short messages): redacted in
    // one go, as `scan` would with an empty cache, without a cache and a generator per span.
    if (!hasLongTexts(trace, min, literal)) return redactTrace(trace, whole);
    const cache = new Map<string, string | undefined>();
    const scan: ScanText = (s) => (s.length >= min && cache.has(s) ? cache.get(s) : text(s));
    const prescan = function* (span: ReadableSpan): Steps<void> {
      cache.clear();
      for (const s of longTexts(span, min, literal)) {
        if (cache.has(s)) continue;
        cache.set(s, s.length > SLICE_CHARS ? yield* text.steps(s) : text(s));
        yield;
      }
    };
    return yield* redactTraceSteps(trace, { ...r, scan }, prescan);
  };
}

// Without a text redactor (capture limits, key masks) there is nothing long to scan: one step.
function* oneStep(trace: FinishedTrace, r: SpanRedaction): Steps<FinishedTrace> {
  yield;
  return redactTrace(trace, r);
}

/**
 * Builds the function the export pipeline applies to every finished trace before
 * it leaves the process: capture toggles, input/output truncation, PII detectors,
 * custom patterns and key masks, over span attributes, event names and attributes,
 * link attributes, status messages and exceptions. `secrets` (the API key) are masked
 * everywhere, span names included, whatever the options say. Everything is compiled here, once.
 *
 * The input is never mutated. Spans (and traces) with nothing to change are
 * returned as they are; changed ones are new plain objects with the ReadableSpan fields.
 *
 * @returns undefined when the options ask for nothing and there is no secret, so the pipeline can skip the step.
 */
export function createTraceRedactor(
  options: RedactionOptions,
  capture: CaptureLimits,
  secrets: readonly (string | undefined)[] = []
): TraceRedactor | undefined {
  const o: RedactionOptions = options !== null && typeof options === 'object' ? options : {};
  const mask = pickMask(o.mask);
  const text = createTextRedactor(compileRules(o, secrets), mask);
  const attrs = createValueRedactor(text, compileKeys(o.keys), mask, capture);
  if (attrs === undefined) return undefined;
  const secret = secretRule(secrets);
  const names = createTextRedactor(secret === undefined ? [] : [secret], undefined);
  const whole: SpanRedaction = { attrs, scan: text, names };
  const redact = ((trace: FinishedTrace) => redactTrace(trace, whole)) as TraceRedactor;
  redact.steps = text === undefined ? (trace) => oneStep(trace, whole) : stepsOf(text, { attrs, names });
  return redact;
}
