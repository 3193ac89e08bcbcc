import { toIsoString } from '../../core/clock.js';
import { ATTR_NOVEUM_TAGS, ATTR_REQUEST_ID, ATTR_SESSION_ID, ATTR_USER_ID } from '../../core/semconv.js';
import { cutHeadOf, hasCutHeads } from '../../core/cut-text.js';
import { hasLongString, writePieces, type BodyPiece, type ChunkWriter } from '../chunk-writer.js';
import { writeCutString } from '../cut-json.js';
import type { AttributeValue, Attributes, FinishedTrace, ReadableSpan, Resource, SpanEvent } from '../../core/types.js';

/** A span as the Noveum API (and the Python SDK) names its fields. */
export interface NoveumSpanJson {
  span_id: string;
  trace_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  start_time: string;
  end_time: string;
  duration_ms: number;
  status: string;
  status_message: string | null;
  attributes: Attributes;
  events: NoveumEventJson[];
  links: { trace_id: string; span_id: string; attributes: Attributes }[];
  exception?: { type: string; message: string; stack_trace: string | null };
}

export interface NoveumEventJson {
  name: string;
  timestamp: string;
  attributes: Attributes;
}

/** A trace as the Noveum API expects it: one element of the request's `traces`. */
export interface NoveumTraceJson {
  trace_id: string;
  name: string;
  start_time: string;
  end_time: string;
  duration_ms: number;
  status: string;
  status_message: string | null;
  span_count: number;
  error_count: number;
  attributes: Attributes;
  metadata: {
    user_id: string | null;
    session_id: string | null;
    request_id: string | null;
    tags: Record<string, string>;
    custom_attributes: Attributes;
  };
  spans: NoveumSpanJson[];
  events: NoveumEventJson[];
  sdk: { name: string; version: string };
  project: string;
  environment: string;
  service_version?: string;
}

function toEvent(event: SpanEvent): NoveumEventJson {
  return { name: event.name, timestamp: toIsoString(event.time), attributes: event.attributes };
}

/** One span in the Python SDK's field names. */
export function toNoveumSpan(span: ReadableSpan): NoveumSpanJson {
  const out: NoveumSpanJson = {
    span_id: span.spanId,
    trace_id: span.traceId,
    parent_span_id: span.parentSpanId ?? null,
    name: span.name,
    kind: span.kind,
    start_time: toIsoString(span.startTime),
    end_time: toIsoString(span.endTime),
    duration_ms: span.durationMs,
    status: span.status.code,
    status_message: span.status.message ?? null,
    attributes: span.attributes,
    events: span.events.map(toEvent),
    links: span.links.map((l) => ({ trace_id: l.traceId, span_id: l.spanId, attributes: l.attributes })),
  };
  if (span.exception !== undefined) {
    const e = span.exception;
    out.exception = { type: e.type, message: e.message, stack_trace: e.stackTrace ?? null };
  }
  return out;
}

function countErrors(spans: readonly ReadableSpan[]): number {
  return spans.reduce((n, s) => (s.status.code === 'error' ? n + 1 : n), 0);
}

function stringOrNull(value: AttributeValue | undefined): string | null {
  return value === undefined ? null : Array.isArray(value) ? value.join(',') : String(value);
}

// The Python SDK keeps tags as a string map; a string array becomes {tag: "true"}.
function toTags(value: AttributeValue | undefined): Record<string, string> {
  if (value === undefined) return {};
  const list = Array.isArray(value) ? (value as readonly unknown[]) : [value];
  const tags: Record<string, string> = {};
  for (const item of list) tags[String(item)] = 'true';
  return tags;
}

/** Every field of {@link toNoveumTrace} but `spans`, which the writers add last. */
export function toNoveumTraceHead(trace: FinishedTrace, resource: Resource): Omit<NoveumTraceJson, 'spans'> {
  const root = trace.rootSpan;
  const rootAttrs: Attributes = root?.attributes ?? {};
  const errorCount = countErrors(trace.spans);
  const out: Omit<NoveumTraceJson, 'spans'> = {
    trace_id: trace.traceId,
    name: trace.name,
    start_time: toIsoString(trace.startTime),
    end_time: toIsoString(trace.endTime),
    duration_ms: trace.endTime - trace.startTime,
    status: root?.status.code ?? (errorCount > 0 ? 'error' : 'unset'),
    status_message: root?.status.message ?? null,
    span_count: trace.spans.length,
    error_count: errorCount,
    attributes: {},
    metadata: {
      user_id: stringOrNull(rootAttrs[ATTR_USER_ID]),
      session_id: stringOrNull(rootAttrs[ATTR_SESSION_ID]),
      request_id: stringOrNull(rootAttrs[ATTR_REQUEST_ID]),
      tags: toTags(rootAttrs[ATTR_NOVEUM_TAGS]),
      custom_attributes: {},
    },
    events: [],
    sdk: { name: resource.sdkName, version: resource.sdkVersion },
    project: resource.project,
    environment: resource.environment,
  };
  if (resource.serviceVersion !== undefined) out.service_version = resource.serviceVersion;
  return out;
}

/**
 * One finished trace in the Noveum wire format. A fragment (spans that ended after
 * their root was sent) keeps its trace id, so the backend joins it to the trace.
 */
export function toNoveumTrace(trace: FinishedTrace, resource: Resource): NoveumTraceJson {
  return { ...toNoveumTraceHead(trace, resource), spans: trace.spans.map(toNoveumSpan) };
}

/**
 * Writes one trace's JSON into `w` a span at a time, pausing between spans, so a
 * trace with many large LLM spans never becomes one long synchronous step.
 * The text is the JSON of {@link toNoveumTrace}.
 */
export function writeNoveumTrace(w: ChunkWriter, trace: FinishedTrace, resource: Resource): Promise<void> {
  return writePieces(w, noveumTracePieces(trace, resource));
}

/** The JSON of {@link toNoveumTrace} in pieces, a span each, for writers that yield or not between them. */
export function* noveumTracePieces(trace: FinishedTrace, resource: Resource): Generator<BodyPiece> {
  yield JSON.stringify(toNoveumTraceHead(trace, resource)).slice(0, -1) + ',"spans":[';
  for (let i = 0; i < trace.spans.length; i++) {
    if (i > 0) yield ',';
    yield spanPiece(toNoveumSpan(trace.spans[i]!));
  }
  yield ']}';
}

/** Writes the JSON of `attributes`, cut values from their heads (see `writeCutString`). */
function writeAttributes(w: ChunkWriter, attributes: Attributes): void {
  let sep = '{';
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    // JSON.stringify leaves out undefined members.
    if (value === undefined) continue;
    const head = cutHeadOf(attributes, key, value);
    if (head === undefined) w.write(`${sep}${JSON.stringify(key)}:${JSON.stringify(value)}`);
    else {
      w.write(`${sep}${JSON.stringify(key)}:`);
      writeCutString(w, head);
    }
    sep = ',';
  }
  w.write(sep === '{' ? '{}' : '}');
}

/**
 * One span's piece. With cut values whose heads are recorded (captured prompts and responses),
 * the span's JSON is written into the buffer here, field by field in {@link toNoveumSpan}'s
 * order, so that a cut value adds no '…' to it and its escaped text is neither sliced nor joined
 * into a larger string (copies) before it is encoded: the same JSON value, one pass of
 * `JSON.stringify` over each capture. Spans with very long strings keep the writer's paced path.
 */
function spanPiece(json: NoveumSpanJson): BodyPiece {
  if (!hasCutHeads(json.attributes) || hasLongString(json, 0)) return { json };
  const { attributes, events, links, exception, ...head } = json;
  return (w) => {
    w.write(`${JSON.stringify(head).slice(0, -1)},"attributes":`);
    writeAttributes(w, attributes);
    const tail = exception === undefined ? '' : `,"exception":${JSON.stringify(exception)}`;
    w.write(`,"events":${JSON.stringify(events)},"links":${JSON.stringify(links)}${tail}}`);
  };
}
