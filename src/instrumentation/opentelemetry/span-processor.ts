/**
 * `NoveumSpanProcessor`: an OpenTelemetry span processor that sends the spans of the app's
 * OpenTelemetry SDK through noveum-trace's pipeline (sampling, redaction, exporters), in the
 * same traces as noveum's own spans. Added to the app's tracer provider:
 *
 *   new NodeTracerProvider({ spanProcessors: [new NoveumSpanProcessor()] }).register();
 *
 * Each OpenTelemetry span gets a noveum mirror with the same ids when it starts, so noveum spans
 * started inside it are its children and the trace is delivered once, whole, when its local root
 * ends. Needs no import of OpenTelemetry: the SDK calls it through the `SpanProcessor` shape.
 */
import { getClient, type Client } from '../../api/client.js';
import { ATTR_NOVEUM_SPAN_TYPE } from '../../core/semconv.js';
import { isRecordingSpan } from '../../core/span.js';
import type { Tracer } from '../../core/tracer.js';
import type { Span } from '../../core/types.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import {
  isGenAiCall,
  kindOf,
  parentIdOf,
  scopeAttributes,
  statusOf,
  toMillis,
  type OtelReadableSpan,
} from './otel-span.js';

/** What the processor needs of the client `init()` made (duck-typed: another copy of the package may own it). */
type TracerLike = Pick<Tracer, 'startSpan' | 'findOpenSpan' | 'alias' | 'unalias'>;

function tracerOf(client: Client): TracerLike | undefined {
  if (!client.isEnabled) return undefined;
  const tracer = (client as { tracer?: Partial<TracerLike> }).tracer;
  return typeof tracer?.startSpan === 'function' && typeof tracer.alias === 'function'
    ? (tracer as TracerLike)
    : undefined;
}

/** One of our LLM spans: an OpenTelemetry GenAI span directly under it records the same call. */
function isLlmSpan(span: Span | undefined): span is Span {
  return isRecordingSpan(span) && span._attributes[ATTR_NOVEUM_SPAN_TYPE] === 'llm';
}

/** What became of an OpenTelemetry span: mirrored by a noveum span, or folded into our LLM span. */
type Fate = { readonly mirror: Span } | { readonly foldedInto: string };

/**
 * Sends OpenTelemetry spans through noveum-trace. Before `init()` (or with tracing disabled) it
 * does nothing. Its `shutdown` only flushes: noveum-trace's own `shutdown()` ends its pipeline.
 *
 * An OpenTelemetry GenAI span (a model call recorded by a client library such as the Anthropic
 * SDK) whose parent is one of noveum's LLM spans is not exported: noveum's span already records
 * that call, so one call never shows as two LLM spans. Its children become children of that span.
 */
export class NoveumSpanProcessor {
  private readonly _fates = new WeakMap<object, Fate>();

  onStart(span: OtelReadableSpan, _parentContext?: unknown): void {
    try {
      const tracer = tracerOf(getClient());
      if (tracer === undefined) return;
      const { traceId, spanId } = span.spanContext();
      const parentId = parentIdOf(span);
      const parent = parentId === undefined ? undefined : tracer.findOpenSpan(parentId);
      if (isLlmSpan(parent) && isGenAiCall(span.attributes)) {
        tracer.alias(spanId, parent);
        this._fates.set(span, { foldedInto: spanId });
        return;
      }
      const mirror = tracer.startSpan({
        name: span.name,
        kind: kindOf(span.kind),
        attributes: span.attributes,
        startTime: toMillis(span.startTime),
        ids: { traceId, spanId },
        // A parent this process did not record (or has already ended): continued by its ids.
        parent: parent ?? (parentId === undefined ? undefined : ({ traceId, spanId: parentId } as unknown as Span)),
      });
      void mirror.spanId; // indexes the open mirror, so spans started inside it find it as their parent
      this._fates.set(span, { mirror });
    } catch (error) {
      reportInternalError('NoveumSpanProcessor.onStart', error);
    }
  }

  onEnd(span: OtelReadableSpan): void {
    try {
      const fate = this._fates.get(span);
      if (fate === undefined) return;
      this._fates.delete(span);
      if ('foldedInto' in fate) {
        tracerOf(getClient())?.unalias(fate.foldedInto);
        return;
      }
      copyEnd(fate.mirror, span);
    } catch (error) {
      reportInternalError('NoveumSpanProcessor.onEnd', error);
    }
  }

  forceFlush(): Promise<void> {
    return getClient().forceFlush();
  }

  shutdown(): Promise<void> {
    return getClient().forceFlush();
  }
}

/** Copies what the OpenTelemetry span recorded onto its mirror and ends the mirror at the same time. */
function copyEnd(mirror: Span, span: OtelReadableSpan): void {
  if (mirror.name !== span.name) mirror.updateName(span.name);
  mirror.setAttributes({ ...span.attributes, ...scopeAttributes(span) });
  for (const event of span.events) mirror.addEvent(event.name, event.attributes, toMillis(event.time));
  for (const link of span.links)
    mirror.addLink({ traceId: link.context.traceId, spanId: link.context.spanId, attributes: { ...link.attributes } });
  const status = statusOf(span.status.code);
  if (status !== 'unset') mirror.setStatus(status, span.status.message);
  mirror.end(toMillis(span.endTime));
}
