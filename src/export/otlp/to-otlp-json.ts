import { toUnixNanoString } from '../../core/clock.js';
import {
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_LLM_MESSAGES,
  ATTR_LLM_RESPONSE,
  LLM_TO_GEN_AI,
} from '../../core/semconv.js';
import type {
  AttributeValue,
  Attributes,
  FinishedTrace,
  ReadableSpan,
  Resource,
  SpanKind,
  SpanStatusCode,
} from '../../core/types.js';
import { cutHeadOf, hasCutHeads } from '../../core/cut-text.js';
import { spanHasLongString, type BodyPiece } from '../chunk-writer.js';
import { writeCutString } from '../cut-json.js';

/** OTLP `AnyValue` in its JSON form (only the variants we produce). */
export type OtlpAnyValue =
  | { stringValue: string }
  | { intValue: number }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: OtlpAnyValue[] } };

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

// OTLP's Span.SpanKind enum: 0 is UNSPECIFIED.
const KIND: Readonly<Record<SpanKind, number>> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
// OTLP's Status.StatusCode enum.
const STATUS: Readonly<Record<SpanStatusCode, number>> = { unset: 0, ok: 1, error: 2 };
// W3C sampled flag plus "has is_remote" (0x100): the parent is in this process.
const FLAGS_LOCAL_PARENT = 0x101;
const FLAGS_SAMPLED = 0x01;

export const OTLP_SCOPE_NAME = 'noveum-trace';

function toAnyValue(value: AttributeValue | string | number | boolean): OtlpAnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return { arrayValue: { values: (value as readonly (string | number | boolean)[]).map(toAnyValue) } };
}

/** Attributes as OTLP key/value pairs, in insertion order. */
export function toOtlpAttributes(attributes: Attributes): OtlpKeyValue[] {
  return Object.keys(attributes).map((key) => ({ key, value: toAnyValue(attributes[key]!) }));
}

// Captured prompts and completions can be tens of kilobytes: they move to their `gen_ai.*`
// name instead of being sent twice.
const MOVED_TO_GEN_AI: ReadonlySet<string> = new Set([ATTR_LLM_MESSAGES, ATTR_LLM_RESPONSE]);
const GEN_AI_PAIRS: readonly (readonly [string, string])[] = Object.entries(LLM_TO_GEN_AI);
const LLM_TO_GEN_AI_BY_KEY: ReadonlyMap<string, string> = new Map(GEN_AI_PAIRS);

/**
 * Adds the GenAI semantic-convention names next to the Noveum `llm.*` ones, so
 * OTLP backends that read `gen_ai.*` (Langfuse, Phoenix, ...) see the same data.
 * A `gen_ai.*` key the span already has is never overwritten. Messages and responses
 * are moved rather than copied (`llm.messages` → `gen_ai.input.messages`,
 * `llm.response` → `gen_ai.output.messages`), so large text is sent once.
 */
export function withGenAiAttributes(attributes: Attributes): Attributes {
  let out: Attributes | undefined;
  for (const [llmKey, genAiKey] of GEN_AI_PAIRS) {
    const value = attributes[llmKey];
    if (value === undefined || attributes[genAiKey] !== undefined) continue;
    out ??= { ...attributes };
    out[genAiKey] = genAiValue(genAiKey, value);
    if (MOVED_TO_GEN_AI.has(llmKey)) delete out[llmKey];
  }
  return out ?? attributes;
}

function genAiValue(genAiKey: string, value: AttributeValue): AttributeValue {
  // The convention's finish reasons are an array, ours a single reason.
  return genAiKey === ATTR_GEN_AI_RESPONSE_FINISH_REASONS && !Array.isArray(value) ? [String(value)] : value;
}

/**
 * `toOtlpAttributes(withGenAiAttributes(attributes))`, in the same order, without the copy of the
 * attributes: measured, the copy, its added keys and the deleted `llm.*` ones moved the object to
 * slow properties, and cost more than writing the JSON.
 */
export function toOtlpGenAiAttributes(attributes: Attributes): OtlpKeyValue[] {
  const added: OtlpKeyValue[] = [];
  for (const [llmKey, genAiKey] of GEN_AI_PAIRS) {
    const value = attributes[llmKey];
    if (value === undefined || attributes[genAiKey] !== undefined) continue;
    // A GenAI key already there with an undefined value keeps its place: the general path.
    if (Object.hasOwn(attributes, genAiKey)) return toOtlpAttributes(withGenAiAttributes(attributes));
    added.push({ key: genAiKey, value: toAnyValue(genAiValue(genAiKey, value)) });
  }
  const out: OtlpKeyValue[] = [];
  for (const key of Object.keys(attributes)) {
    const value = attributes[key]!;
    // Moved to their GenAI name (see withGenAiAttributes).
    const moved = MOVED_TO_GEN_AI.has(key) && attributes[LLM_TO_GEN_AI_BY_KEY.get(key)!] === undefined;
    if (moved && value !== undefined) continue;
    out.push({ key, value: toAnyValue(value) });
  }
  for (const kv of added) out.push(kv);
  return out;
}

function toOtlpEvents(span: ReadableSpan): object[] {
  const events = span.events.map((e) => ({
    attributes: toOtlpAttributes(e.attributes),
    name: e.name,
    timeUnixNano: toUnixNanoString(e.time),
    droppedAttributesCount: 0,
  }));
  // OTLP carries exceptions as an "exception" event; add one if only the field was set.
  const ex = span.exception;
  if (ex !== undefined && !span.events.some((e) => e.name === 'exception')) {
    const attrs: Attributes = { 'exception.type': ex.type, 'exception.message': ex.message };
    if (ex.stackTrace !== undefined) attrs['exception.stacktrace'] = ex.stackTrace;
    events.push({
      attributes: toOtlpAttributes(attrs),
      name: 'exception',
      timeUnixNano: toUnixNanoString(span.endTime),
      droppedAttributesCount: 0,
    });
  }
  return events;
}

/** A span in OTLP/JSON; only `attributes` is read apart. */
export interface OtlpSpanJson {
  readonly attributes: OtlpKeyValue[];
  readonly [field: string]: unknown;
}

/** One span in OTLP/JSON (`opentelemetry.proto.trace.v1.Span`): hex ids, nanosecond strings. */
export function toOtlpSpan(span: ReadableSpan, localParent: boolean): OtlpSpanJson {
  const status: { code: number; message?: string } = { code: STATUS[span.status.code] };
  if (span.status.message !== undefined) status.message = span.status.message;
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId === undefined ? {} : { parentSpanId: span.parentSpanId }),
    name: span.name,
    kind: KIND[span.kind] ?? 1,
    startTimeUnixNano: toUnixNanoString(span.startTime),
    endTimeUnixNano: toUnixNanoString(span.endTime),
    attributes: toOtlpGenAiAttributes(span.attributes),
    droppedAttributesCount: 0,
    events: toOtlpEvents(span),
    droppedEventsCount: 0,
    status,
    links: span.links.map((l) => ({
      attributes: toOtlpAttributes(l.attributes),
      spanId: l.spanId,
      traceId: l.traceId,
      droppedAttributesCount: 0,
    })),
    droppedLinksCount: 0,
    flags: localParent ? FLAGS_LOCAL_PARENT : FLAGS_SAMPLED,
  };
}

/** `service.name` is the project, as every OTLP backend groups by it. */
export function toOtlpResource(resource: Resource): { attributes: OtlpKeyValue[]; droppedAttributesCount: number } {
  const attrs: Attributes = {
    'service.name': resource.project,
    'deployment.environment.name': resource.environment,
  };
  if (resource.serviceVersion !== undefined) attrs['service.version'] = resource.serviceVersion;
  attrs['telemetry.sdk.name'] = resource.sdkName;
  attrs['telemetry.sdk.language'] = 'nodejs';
  attrs['telemetry.sdk.version'] = resource.sdkVersion;
  return { attributes: toOtlpAttributes(attrs), droppedAttributesCount: 0 };
}

// The Noveum name each GenAI name is copied or moved from, where a cut value's head is recorded.
const GEN_AI_TO_LLM: ReadonlyMap<string, string> = new Map(GEN_AI_PAIRS.map(([l, g]) => [g, l]));

function cutHeadIn(source: Attributes, kv: OtlpKeyValue): string | undefined {
  if (!('stringValue' in kv.value)) return undefined;
  const value = kv.value.stringValue;
  const from = GEN_AI_TO_LLM.get(kv.key);
  return cutHeadOf(source, kv.key, value) ?? (from === undefined ? undefined : cutHeadOf(source, from, value));
}

/**
 * One span's piece of the body. A span with cut captures is written into the buffer here, its
 * cut values from their heads as the Noveum encoder writes them (`writeCutString`): no '…' turns
 * the text into a two-byte string, and the escaped text is not joined into the span's JSON first.
 */
function otlpSpanPiece(span: ReadableSpan, localParent: boolean): BodyPiece {
  const json = toOtlpSpan(span, localParent);
  if (spanHasLongString(span)) return { json };
  const source = span.attributes;
  if (!hasCutHeads(source)) return JSON.stringify(json);
  const { attributes, ...rest } = json;
  return (w) => {
    w.write(`${JSON.stringify(rest).slice(0, -1)},"attributes":[`);
    for (let i = 0; i < attributes.length; i++) {
      const kv = attributes[i]!;
      const head = cutHeadIn(source, kv);
      const sep = i === 0 ? '' : ',';
      if (head === undefined) w.write(sep + JSON.stringify(kv));
      else {
        w.write(`${sep}{"key":${JSON.stringify(kv.key)},"value":{"stringValue":`);
        writeCutString(w, head);
        w.write('}}');
      }
    }
    w.write(']}');
  };
}

/** The spans of one trace as body pieces, with each span's parent looked up among its siblings. */
export function otlpSpanPieces(trace: FinishedTrace): BodyPiece[] {
  const ids = new Set(trace.spans.map((s) => s.spanId));
  return trace.spans.map((s) => otlpSpanPiece(s, s.parentSpanId === undefined || ids.has(s.parentSpanId)));
}

/** The start of an `ExportTraceServiceRequest` body, up to the opening of its `spans` array. */
export function otlpRequestHead(resource: Resource): string {
  const head = JSON.stringify({ resource: toOtlpResource(resource) }).slice(0, -1);
  const scope = JSON.stringify({ name: OTLP_SCOPE_NAME, version: resource.sdkVersion });
  return `{"resourceSpans":[${head},"scopeSpans":[{"scope":${scope},"spans":[`;
}

/** Closes what {@link otlpRequestHead} opened. */
export const OTLP_REQUEST_TAIL = ']}]}]}';
