/**
 * The JSON text of a trace's head and of a span, written with templates: byte for byte what
 * `JSON.stringify` writes for the objects of `toNoveumTraceHead` and `toNoveumSpan`, in their
 * field order, without building those objects first. Measured: building them, stringifying them
 * whole and walking them for long strings cost about as much as escaping the captures. The text
 * the SDK controls (timestamps, numbers, constant fields) is written as it is; every string a
 * user may set goes through `JSON.stringify`. A record with a field of an unexpected type (a
 * hand-made span) is built as an object and stringified, as before.
 */
import { toIsoString } from '../../core/clock.js';
import { ATTR_NOVEUM_TAGS, ATTR_REQUEST_ID, ATTR_SESSION_ID, ATTR_USER_ID } from '../../core/semconv.js';
import type { AttributeValue, Attributes, FinishedTrace, ReadableSpan, Resource, SpanEvent } from '../../core/types.js';

export interface NoveumEventJson {
  name: string;
  timestamp: string;
  attributes: Attributes;
}

export interface NoveumMetadataJson {
  user_id: string | null;
  session_id: string | null;
  request_id: string | null;
  tags: Record<string, string>;
  custom_attributes: Attributes;
}

/** `"metadata":` with none of its fields set on the root span: the usual case. */
const EMPTY_METADATA =
  '"metadata":{"user_id":null,"session_id":null,"request_id":null,"tags":{},"custom_attributes":{}}';

/** The tail of a span without events, links or exception: the usual case. */
const PLAIN_SPAN_TAIL = ',"events":[],"links":[]}';

// The JSON of the strings spans share with their trace, or with many spans: the last trace id and
// name written, and the kinds and status codes.
let lastId = '';
let lastIdJson = '""';
let lastName = '';
let lastNameJson = '""';
const KNOWN: Readonly<Record<string, string>> = Object.assign(
  Object.create(null) as Record<string, string>,
  Object.fromEntries(
    ['ok', 'error', 'unset', 'internal', 'server', 'client', 'producer', 'consumer'].map((s) => [s, `"${s}"`])
  )
);

function traceIdJson(id: string): string {
  if (id !== lastId) {
    lastIdJson = JSON.stringify(id);
    lastId = id;
  }
  return lastIdJson;
}

function nameJson(name: string): string {
  if (name !== lastName) {
    lastNameJson = JSON.stringify(name);
    lastName = name;
  }
  return lastNameJson;
}

function knownJson(value: string): string {
  return KNOWN[value] ?? JSON.stringify(value);
}

// The last duration written: a trace's and its root span's are usually the same number.
let lastNumber = Number.NaN;
let lastNumberJson = 'null';

/** A finite number as JSON writes it (`String` of a finite number is its JSON), else null. */
function jsonNumber(n: number): string {
  if (n === lastNumber) return lastNumberJson;
  const json = Number.isFinite(n) ? `${n}` : 'null';
  lastNumber = n;
  lastNumberJson = json;
  return json;
}

/** JSON of `value ?? null` for a string or nullish value; undefined for anything else. */
function stringOrNullJson(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'null';
  return typeof value === 'string' ? JSON.stringify(value) : undefined;
}

// The resource's fields, the same for every trace of an exporter: written once, checked by identity.
let lastResource: Resource | undefined;
let lastResourceFields: readonly unknown[] = [];
let lastResourceJson = '';
let lastPlainTail = '';

function resourceFields(r: Resource): unknown[] {
  return [r.sdkName, r.sdkVersion, r.project, r.environment, r.serviceVersion];
}

/** `"sdk":{...},"project":...,"environment":...[,"service_version":...]`, the head's last fields. */
function resourceJson(resource: Resource): string {
  const fields = resourceFields(resource);
  if (resource !== lastResource || fields.some((f, i) => f !== lastResourceFields[i])) {
    const out: Record<string, unknown> = {
      sdk: { name: resource.sdkName, version: resource.sdkVersion },
      project: resource.project,
      environment: resource.environment,
    };
    if (resource.serviceVersion !== undefined) out['service_version'] = resource.serviceVersion;
    lastResourceJson = JSON.stringify(out).slice(1, -1);
    lastPlainTail = `,"attributes":{},${EMPTY_METADATA},"events":[],${lastResourceJson}`;
    lastResource = resource;
    lastResourceFields = fields;
  }
  return lastResourceJson;
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

/** A trace's `metadata`, read from its root span's attributes. */
export function toNoveumMetadata(rootAttrs: Attributes): NoveumMetadataJson {
  return {
    user_id: stringOrNull(rootAttrs[ATTR_USER_ID]),
    session_id: stringOrNull(rootAttrs[ATTR_SESSION_ID]),
    request_id: stringOrNull(rootAttrs[ATTR_REQUEST_ID]),
    tags: toTags(rootAttrs[ATTR_NOVEUM_TAGS]),
    custom_attributes: {},
  };
}

/** The head's fields after `error_count`: attributes, metadata, events and the resource's. */
function headTail(rootAttrs: Attributes, resource: Resource): string {
  const resourceText = resourceJson(resource);
  const plain =
    rootAttrs[ATTR_USER_ID] === undefined &&
    rootAttrs[ATTR_SESSION_ID] === undefined &&
    rootAttrs[ATTR_REQUEST_ID] === undefined &&
    rootAttrs[ATTR_NOVEUM_TAGS] === undefined;
  if (plain) return lastPlainTail;
  return `,"attributes":{},"metadata":${JSON.stringify(toNoveumMetadata(rootAttrs))},"events":[],${resourceText}`;
}

/**
 * The JSON of `toNoveumTraceHead(trace, resource)` without its closing brace, or undefined when
 * a field has a type its template cannot write (the caller then stringifies the object).
 */
export function traceHeadJson(trace: FinishedTrace, resource: Resource, errorCount: number): string | undefined {
  const root = trace.rootSpan;
  const status = root?.status.code ?? (errorCount > 0 ? 'error' : 'unset');
  const message = stringOrNullJson(root?.status.message);
  if (typeof trace.traceId !== 'string' || typeof trace.name !== 'string' || typeof status !== 'string') return;
  if (message === undefined) return;
  return (
    `{"trace_id":${traceIdJson(trace.traceId)},"name":${nameJson(trace.name)}` +
    `,"start_time":"${toIsoString(trace.startTime)}","end_time":"${toIsoString(trace.endTime)}"` +
    `,"duration_ms":${jsonNumber(trace.endTime - trace.startTime)},"status":${knownJson(status)}` +
    `,"status_message":${message},"span_count":${trace.spans.length},"error_count":${errorCount}` +
    headTail(root?.attributes ?? {}, resource)
  );
}

/**
 * The JSON of `toNoveumSpan(span)` up to and including `"attributes":`, or undefined when a
 * field has a type its template cannot write.
 */
export function spanHeadJson(span: ReadableSpan): string | undefined {
  const { spanId, traceId, name, kind, status, durationMs } = span;
  const parent = stringOrNullJson(span.parentSpanId);
  const message = stringOrNullJson(status.message);
  if (parent === undefined || message === undefined || typeof durationMs !== 'number') return;
  if (typeof spanId !== 'string' || typeof traceId !== 'string' || typeof name !== 'string') return;
  if (typeof kind !== 'string' || typeof status.code !== 'string') return;
  return (
    `{"span_id":${JSON.stringify(spanId)},"trace_id":${traceIdJson(traceId)},"parent_span_id":${parent}` +
    `,"name":${nameJson(name)},"kind":${knownJson(kind)}` +
    `,"start_time":"${toIsoString(span.startTime)}","end_time":"${toIsoString(span.endTime)}"` +
    `,"duration_ms":${jsonNumber(durationMs)},"status":${knownJson(status.code)}` +
    `,"status_message":${message},"attributes":`
  );
}

/** One event in the Noveum wire format. */
export function toNoveumEvent(event: SpanEvent): NoveumEventJson {
  return { name: event.name, timestamp: toIsoString(event.time), attributes: event.attributes };
}

/** The JSON of `toNoveumSpan(span)` after its attributes: events, links, the exception, the closing brace. */
export function spanTailJson(span: ReadableSpan): string {
  const { events, links, exception } = span;
  if (events.length === 0 && links.length === 0 && exception === undefined) return PLAIN_SPAN_TAIL;
  const eventsJson = events.length === 0 ? '[]' : JSON.stringify(events.map(toNoveumEvent));
  const linksJson =
    links.length === 0
      ? '[]'
      : JSON.stringify(links.map((l) => ({ trace_id: l.traceId, span_id: l.spanId, attributes: l.attributes })));
  if (exception === undefined) return `,"events":${eventsJson},"links":${linksJson}}`;
  const e = { type: exception.type, message: exception.message, stack_trace: exception.stackTrace ?? null };
  return `,"events":${eventsJson},"links":${linksJson},"exception":${JSON.stringify(e)}}`;
}
