/**
 * What an LLM call produced, in one provider-neutral shape, and its span attributes. Each
 * provider maps its response body (or accumulated stream) to a `ResultSummary`; the attributes
 * are the same for all of them.
 */
import {
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_LLM_FINISH_REASON,
  ATTR_LLM_REQUEST_ID,
  ATTR_LLM_RESPONSE,
  ATTR_LLM_RESPONSE_ID,
  ATTR_LLM_RESPONSE_MODEL,
  ATTR_LLM_TOOL_CALLS,
} from '../../core/semconv.js';
import type { ResponseLike } from '../../proxy/preserve-api-promise.js';
import { deferCapture, type CallCapture } from './capture.js';
import { usageAttributes, type AttributeBag, type NormalizedUsage } from './usage.js';

/** Tool calls in one neutral shape: `{ id, name, arguments }`. */
export interface NeutralToolCall {
  id?: string | undefined;
  name?: string | undefined;
  arguments?: string | undefined;
}

/** What a call produced, before it becomes attributes: shared by plain and streamed results. */
export interface ResultSummary {
  id?: string | undefined;
  model?: string | undefined;
  finishReason?: string | undefined;
  text?: string | undefined;
  toolCalls?: NeutralToolCall[] | undefined;
  usage?: NormalizedUsage | undefined;
  extra?: AttributeBag | undefined;
}

/** The span name of a model call, OpenTelemetry GenAI style: `{operation} {model}`, e.g. `chat gpt-4o-mini`. */
export function llmSpanName(operation: string, model: unknown): string {
  return typeof model === 'string' && model !== '' ? `${operation} ${model}` : operation;
}

/**
 * Attributes of a summary: response id/model, finish reason, output (if captured), usage and
 * cost, written into `into` (returned) so a call builds one bag, not one per part.
 */
export function resultAttributes(
  provider: string,
  summary: ResultSummary,
  requestModel: string | undefined,
  capture: CallCapture,
  into: AttributeBag = {}
): AttributeBag {
  into[ATTR_LLM_RESPONSE_ID] = summary.id;
  into[ATTR_LLM_RESPONSE_MODEL] = summary.model;
  into[ATTR_LLM_FINISH_REASON] = summary.finishReason;
  if (summary.extra !== undefined) Object.assign(into, summary.extra);
  usageAttributes(provider, summary.model ?? requestModel, summary.usage, into);
  if (capture.outputs) {
    if (summary.text !== undefined)
      into[ATTR_LLM_RESPONSE] = deferCapture(summary.text, capture.maxOutputLength, capture.redact);
    if (summary.toolCalls !== undefined && summary.toolCalls.length > 0) {
      into[ATTR_LLM_TOOL_CALLS] = deferCapture(summary.toolCalls, capture.maxOutputLength, capture.redact);
    }
  }
  return into;
}

/**
 * The request id a Stainless SDK copied onto a parsed body (`_request_id`, the same header's
 * value, or null without one), or undefined when the body has none. Reading it saves a second
 * lookup in the response's `Headers`, which costs more than the rest of the response's attributes.
 */
function parsedRequestId(parsed: unknown): string | null | undefined {
  if (typeof parsed !== 'object' || parsed === null || !Object.hasOwn(parsed, '_request_id')) return undefined;
  const id = (parsed as { _request_id?: unknown })._request_id;
  return typeof id === 'string' || id === null ? id : undefined;
}

/**
 * HTTP status and the provider's request id of a raw response: the `_request_id` the SDK put on
 * the `parsed` body when there is one, else the `requestIdHeader` header.
 */
export function responseMetaAttributes(
  response: ResponseLike | undefined,
  requestIdHeader: string,
  parsed?: unknown
): AttributeBag {
  const fromBody = parsedRequestId(parsed);
  // Assignments, not a literal with computed keys (a runtime call per key in V8).
  const attrs: AttributeBag = {};
  attrs[ATTR_HTTP_RESPONSE_STATUS_CODE] = typeof response?.status === 'number' ? response.status : undefined;
  attrs[ATTR_LLM_REQUEST_ID] =
    (fromBody === undefined ? response?.headers?.get?.(requestIdHeader) : fromBody) ?? undefined;
  return attrs;
}
