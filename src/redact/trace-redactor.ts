import type { FinishedTrace, ReadableSpan, RecordedException, SpanEvent, SpanLink, SpanStatus } from '../core/types.js';
import { reportInternalError } from '../diag/internal-errors.js';
import { compileKeys, compileRules, pickMask, secretRule } from './compile-rules.js';
import { SLICE_CHARS } from './slice-text.js';
import { createTextRedactor, type TextRedactor } from './text-redactor.js';
import type { RedactionOptions } from './types.js';
import { createValueRedactor, type AttributesSteps, type CaptureLimits } from './value-redactor.js';

/** Redacts finished traces; `steps` does it with pauses (generator `yield`s) between spans and slices. */
export interface TraceRedactor {
  (trace: FinishedTrace): FinishedTrace;
  steps(trace: FinishedTrace): Generator<void, FinishedTrace, void>;
}

type Steps<T> = Generator<void, T, void>;

/** What redacts one span's text fields: everything but names, names, and the attributes. */
interface Redactors {
  readonly text: TextRedactor | undefined;
  /** Span and trace names: only the configured secrets (names are not scanned for PII). */
  readonly names: TextRedactor | undefined;
  readonly attrs: AttributesSteps;
}

/** Text through `text`, a slice at a time when it is long; unchanged without a redactor. */
function* redactLong(text: TextRedactor | undefined, value: string): Steps<string | undefined> {
  if (text === undefined || value === '') return value;
  return value.length > SLICE_CHARS ? yield* text.steps(value) : text(value);
}

function* redactEvents(events: readonly SpanEvent[], r: Redactors): Steps<readonly SpanEvent[]> {
  let out: SpanEvent[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const attributes = yield* r.attrs(e.attributes);
    // Event names are free text too: `span.addEvent('mailed ' + email)`.
    const name = (yield* redactLong(r.text, e.name)) ?? '[REDACTED]';
    if (attributes === e.attributes && name === e.name) continue;
    out ??= events.slice();
    out[i] = { name, time: e.time, attributes };
  }
  return out ?? events;
}

function* redactLinks(links: readonly SpanLink[], r: Redactors): Steps<readonly SpanLink[]> {
  let out: SpanLink[] | undefined;
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    const attributes = yield* r.attrs(l.attributes);
    if (attributes === l.attributes) continue;
    out ??= links.slice();
    out[i] = { traceId: l.traceId, spanId: l.spanId, attributes };
  }
  return out ?? links;
}

function* redactStatus(status: SpanStatus, text: TextRedactor | undefined): Steps<SpanStatus> {
  if (text === undefined || status.message === undefined || status.message === '') return status;
  const message = yield* redactLong(text, status.message);
  if (message === status.message) return status;
  return message === undefined ? { code: status.code } : { code: status.code, message };
}

function* redactException(
  exception: RecordedException | undefined,
  text: TextRedactor | undefined
): Steps<RecordedException | undefined> {
  if (exception === undefined || text === undefined) return exception;
  const message = yield* redactLong(text, exception.message);
  const stackTrace = exception.stackTrace === undefined ? undefined : yield* redactLong(text, exception.stackTrace);
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

function* redactFields(span: ReadableSpan, r: Redactors): Steps<ReadableSpan> {
  const name = r.names === undefined ? span.name : (r.names(span.name) ?? '[REDACTED]');
  const attributes = yield* r.attrs(span.attributes);
  const events = yield* redactEvents(span.events, r);
  const links = yield* redactLinks(span.links, r);
  const status = yield* redactStatus(span.status, r.text);
  const exception = yield* redactException(span.exception, r.text);
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

function* redactSpan(span: ReadableSpan, r: Redactors): Steps<ReadableSpan> {
  try {
    return yield* redactFields(span, r);
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

function* redactTrace(trace: FinishedTrace, r: Redactors): Steps<FinishedTrace> {
  let spans: ReadableSpan[] | undefined;
  let rootSpan = trace.rootSpan;
  for (let i = 0; i < trace.spans.length; i++) {
    const span = trace.spans[i]!;
    const redacted = yield* redactSpan(span, r);
    yield;
    if (span === trace.rootSpan) rootSpan = redacted;
    if (redacted === span) continue;
    spans ??= trace.spans.slice();
    spans[i] = redacted;
  }
  if (trace.rootSpan !== undefined && !trace.spans.includes(trace.rootSpan))
    rootSpan = yield* redactSpan(trace.rootSpan, r);
  const name = r.names === undefined ? trace.name : (r.names(trace.name) ?? '[REDACTED]');
  if (spans === undefined && rootSpan === trace.rootSpan && name === trace.name) return trace;
  return { ...trace, name, spans: spans ?? trace.spans, rootSpan };
}

/** Runs redaction steps to the end without pausing (the synchronous form). */
function runToEnd<T>(steps: Steps<T>): T {
  let r = steps.next();
  while (r.done !== true) r = steps.next();
  return r.value;
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
  const r: Redactors = { text, attrs, names: createTextRedactor(secret === undefined ? [] : [secret], undefined) };
  const redact = ((trace: FinishedTrace) => runToEnd(redactTrace(trace, r))) as TraceRedactor;
  redact.steps = (trace) => redactTrace(trace, r);
  return redact;
}
