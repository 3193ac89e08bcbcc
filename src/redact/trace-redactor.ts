import type {
  Attributes,
  FinishedTrace,
  ReadableSpan,
  RecordedException,
  SpanEvent,
  SpanLink,
  SpanStatus,
} from '../core/types.js';
import { reportInternalError } from '../diag/internal-errors.js';
import { compileKeys, compileRules, pickMask } from './compile-rules.js';
import { createValueRedactor, type CaptureLimits } from './value-redactor.js';
import type { RedactionOptions } from './types.js';
import { createTextRedactor, type TextRedactor } from './text-redactor.js';

type AttributesFn = (attributes: Attributes) => Attributes;

function redactEvents(events: readonly SpanEvent[], attrs: AttributesFn): readonly SpanEvent[] {
  let out: SpanEvent[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const attributes = attrs(e.attributes);
    if (attributes === e.attributes) continue;
    out ??= events.slice();
    out[i] = { name: e.name, time: e.time, attributes };
  }
  return out ?? events;
}

function redactLinks(links: readonly SpanLink[], attrs: AttributesFn): readonly SpanLink[] {
  let out: SpanLink[] | undefined;
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    const attributes = attrs(l.attributes);
    if (attributes === l.attributes) continue;
    out ??= links.slice();
    out[i] = { traceId: l.traceId, spanId: l.spanId, attributes };
  }
  return out ?? links;
}

function redactStatus(status: SpanStatus, text: TextRedactor | undefined): SpanStatus {
  if (text === undefined || status.message === undefined || status.message === '') return status;
  const message = text(status.message);
  if (message === status.message) return status;
  return message === undefined ? { code: status.code } : { code: status.code, message };
}

function redactException(
  exception: RecordedException | undefined,
  text: TextRedactor | undefined
): RecordedException | undefined {
  if (exception === undefined || text === undefined) return exception;
  const message = text(exception.message);
  const stackTrace = exception.stackTrace === undefined ? undefined : text(exception.stackTrace);
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

function makeSpanRedactor(attrs: AttributesFn, text: TextRedactor | undefined): (span: ReadableSpan) => ReadableSpan {
  return (span) => {
    try {
      const attributes = attrs(span.attributes);
      const events = redactEvents(span.events, attrs);
      const links = redactLinks(span.links, attrs);
      const status = redactStatus(span.status, text);
      const exception = redactException(span.exception, text);
      if (
        attributes === span.attributes &&
        events === span.events &&
        links === span.links &&
        status === span.status &&
        exception === span.exception
      ) {
        return span;
      }
      return copySpan(span, { attributes, events, links, status, exception });
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
  };
}

/**
 * Builds the function the export pipeline applies to every finished trace before
 * it leaves the process: capture toggles, input/output truncation, PII detectors,
 * custom patterns and key masks, over span attributes, event and link attributes,
 * status messages and exceptions. Everything is compiled here, once.
 *
 * The input is never mutated. Spans (and traces) with nothing to change are
 * returned as they are; changed ones are new plain objects with the ReadableSpan fields.
 *
 * @returns undefined when the options ask for nothing, so the pipeline can skip the step.
 */
export function createTraceRedactor(
  options: RedactionOptions,
  capture: CaptureLimits
): ((trace: FinishedTrace) => FinishedTrace) | undefined {
  const o: RedactionOptions = options !== null && typeof options === 'object' ? options : {};
  const mask = pickMask(o.mask);
  const text = createTextRedactor(compileRules(o), mask);
  const attrs = createValueRedactor(text, compileKeys(o.keys), mask, capture);
  if (attrs === undefined) return undefined;
  const redactSpan = makeSpanRedactor(attrs, text);
  return (trace) => {
    let spans: ReadableSpan[] | undefined;
    let rootSpan = trace.rootSpan;
    for (let i = 0; i < trace.spans.length; i++) {
      const span = trace.spans[i]!;
      const redacted = redactSpan(span);
      if (span === trace.rootSpan) rootSpan = redacted;
      if (redacted === span) continue;
      spans ??= trace.spans.slice();
      spans[i] = redacted;
    }
    if (trace.rootSpan !== undefined && !trace.spans.includes(trace.rootSpan)) rootSpan = redactSpan(trace.rootSpan);
    if (spans === undefined && rootSpan === trace.rootSpan) return trace;
    return { ...trace, spans: spans ?? trace.spans, rootSpan };
  };
}
