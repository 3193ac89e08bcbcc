import { toIsoString } from '../../core/clock.js';
import { cutHeadOf, hasCutHeads } from '../../core/cut-text.js';
import { spanHasLongString, writePieces, type BodyPiece, type ChunkWriter } from '../chunk-writer.js';
import { writeCutString } from '../cut-json.js';
import type { Attributes, FinishedTrace, ReadableSpan, Resource } from '../../core/types.js';
import {
  spanHeadJson,
  spanTailJson,
  toNoveumEvent,
  toNoveumMetadata,
  traceHeadJson,
  type NoveumEventJson,
  type NoveumMetadataJson,
} from './noveum-json.js';

export type { NoveumEventJson, NoveumMetadataJson } from './noveum-json.js';

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
  metadata: NoveumMetadataJson;
  spans: NoveumSpanJson[];
  events: NoveumEventJson[];
  sdk: { name: string; version: string };
  project: string;
  environment: string;
  service_version?: string;
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
    events: span.events.map(toNoveumEvent),
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
    metadata: toNoveumMetadata(rootAttrs),
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

/**
 * The JSON of {@link toNoveumTrace} in pieces, for writers that yield or not between them: a
 * piece per span, the first with `prefix` and the trace's head, the last with the closing
 * brackets, so a trace of one small span is one piece. See {@link spanPiece}.
 */
export function* noveumTracePieces(trace: FinishedTrace, resource: Resource, prefix = ''): Generator<BodyPiece> {
  const spans = trace.spans;
  const head =
    traceHeadJson(trace, resource, countErrors(spans)) ??
    JSON.stringify(toNoveumTraceHead(trace, resource)).slice(0, -1);
  let text = `${prefix}${head},"spans":[`;
  let closed = false;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const spanHead = plainSpanHead(span);
    if (spanHead === undefined) {
      yield text;
      yield spanPiece(span);
    } else {
      const tail = spanTailJson(span);
      closed = i === spans.length - 1;
      yield writeTexts(text + spanHead, JSON.stringify(span.attributes), closed ? `${tail}]}` : tail);
    }
    text = ',';
  }
  if (!closed) yield spans.length === 0 ? `${text}]}` : ']}';
}

/**
 * A piece that writes its texts one after the other: the attributes' JSON is not joined into a
 * larger string, which encoding would then copy to flatten.
 */
function writeTexts(head: string, attributes: string, tail: string): BodyPiece {
  return (w) => {
    w.write(head);
    w.write(attributes);
    w.write(tail);
  };
}

/** Writes the JSON of `attributes`, cut values from their heads (see `writeCutString`). */
function writeAttributes(w: ChunkWriter, attributes: Attributes): void {
  // Text not written yet: the members since the last cut value go to the writer as one string.
  let text = '{';
  let sep = '';
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    const head = cutHeadOf(attributes, key, value);
    if (head !== undefined) {
      w.write(`${text}${sep}${JSON.stringify(key)}:`);
      writeCutString(w, head);
      text = '';
    } else {
      const json = JSON.stringify(value);
      // JSON.stringify leaves out members it cannot write (undefined).
      if (json === undefined) continue;
      text += `${sep}${JSON.stringify(key)}:${json}`;
    }
    sep = ',';
  }
  w.write(`${text}}`);
}

/**
 * The JSON of `toNoveumSpan(span)` up to its attributes, for a span whose attributes are
 * written with one `JSON.stringify`: no cut value with a recorded head, no very long string,
 * no field of an unexpected type. Else undefined: the span is a piece of its own.
 */
function plainSpanHead(span: ReadableSpan): string | undefined {
  const attributes = span.attributes;
  if (typeof attributes !== 'object' || attributes === null || hasCutHeads(attributes)) return;
  return spanHasLongString(span) ? undefined : spanHeadJson(span);
}

/**
 * The piece of a span {@link plainSpanHead} leaves out. With cut values whose heads are recorded
 * (captured prompts and responses), a function that writes the span's JSON into the buffer, field
 * by field, so that a cut value adds no '…' to it and its escaped text is neither sliced nor
 * joined into a larger string (copies) before it is encoded: the same JSON value, one pass of
 * `JSON.stringify` over each capture. Spans with very long strings keep the writer's paced path.
 */
function spanPiece(span: ReadableSpan): BodyPiece {
  const attributes = span.attributes;
  const cut = typeof attributes === 'object' && attributes !== null && hasCutHeads(attributes);
  // The head's text only once the span is known to take this path.
  const head = cut && !spanHasLongString(span) ? spanHeadJson(span) : undefined;
  if (head === undefined) return { json: toNoveumSpan(span) };
  const tail = spanTailJson(span);
  return (w) => {
    w.write(head);
    writeAttributes(w, attributes);
    w.write(tail);
  };
}
