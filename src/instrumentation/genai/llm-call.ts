/**
 * The life of one traced LLM call, shared by every GenAI instrumentation: start (nest or
 * enrich), run the client call in the span's context, finish with usage and cost, or fail.
 *
 * Enrich vs nest: inside an unclaimed LLM owner (a `traceLLM` scope, or a framework's LLM span;
 * see context/llm-owner) the call writes its figures onto the owner's span instead of opening a
 * child, so one model call shows up once, across `await` and for streams (the owner's end waits
 * for the stream). A framework that keeps its own span context (OpenAI Agents) is asked first
 * (context/llm-owner `getExternalScope`): its model-call span is the owner, and its current span
 * the parent of a call's own span. A second call in the same owner (a retry) and calls under any other span get
 * their own child span. An active LLM span without an owner record (`withSpan`, a scoped span)
 * is enriched by a non-streamed call only, since nothing holds its end for a stream.
 */
import { getClient } from '../../api/client.js';
import { getSpan, isTracingSuppressed, runSuppressed } from '../../context/active-span.js';
import { withOtelActiveSpan } from '../../context/otel-bridge.js';
import { getActiveContext } from '../../context/context-manager.js';
import {
  claimLlmOwner,
  claimOwner,
  getExternalScope,
  getLlmOwner,
  releaseLlmOwner,
  type LlmOwner,
} from '../../context/llm-owner.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_LLM_INPUT_TOKENS,
  ATTR_LLM_RESPONSE_ID,
  ATTR_NOVEUM_SPAN_TYPE,
} from '../../core/semconv.js';
import { toRecordedException } from '../../core/span.js';
import type { Span } from '../../core/types.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import { getGlobal } from '../../internal/global.js';
import type { LiveSettings } from '../types.js';
import { resolveCallCapture, type CallCapture } from './capture.js';
import type { AttributeBag } from './usage.js';

/** One traced call. `enriched`: the span belongs to an enclosing LLM scope, which ends it. */
export interface LlmCall {
  readonly span: Span;
  readonly enriched: boolean;
  /** The owner this call claimed; released when the call finishes (a stream holds its end). */
  readonly owner?: LlmOwner | undefined;
  /** Epoch ms when the call started (for time to first token). */
  readonly startTime: number;
}

/** The part of a recording span that enriching reads; either build's `RecordingSpan` has it. */
interface EnrichableSpan extends Span {
  readonly attributes: Readonly<Record<string, unknown>>;
}

// Spans that already speak for one LLM call, so a second call nests. Owned by this layer (not a
// field on the core span) and process-wide: the traceLLM span may come from the other build.
const claimedSpans = getGlobal('claimed-llm-spans', () => new WeakSet<Span>());

// Duck-typed, not `instanceof`: the traceLLM span may come from the other build (ESM/CommonJS).
function canEnrich(span: Span | undefined): span is EnrichableSpan {
  if (span === undefined || claimedSpans.has(span) || !span.isRecording() || span.isEnded()) return false;
  const a = (span as Partial<EnrichableSpan>).attributes ?? {};
  return (
    a[ATTR_NOVEUM_SPAN_TYPE] === 'llm' &&
    a[ATTR_LLM_RESPONSE_ID] === undefined &&
    a[ATTR_LLM_INPUT_TOKENS] === undefined
  );
}

/**
 * The capture settings of one call of an integration, or undefined when nothing is traced
 * (before `init()`, or the integration turned off): where every wrapper's call starts.
 */
export function callCapture(settings: LiveSettings): CallCapture | undefined {
  const client = getClient();
  if (!client.isEnabled || !settings.enabled) return undefined;
  return resolveCallCapture(settings.capture, client.capture);
}

/**
 * Starts tracing a call, or returns undefined when nothing should be recorded: before
 * `init()`, under suppression, inside another traced call, or when the trace is sampled out.
 */
export function startLlmCall(
  name: string,
  attributes: AttributeBag,
  options: { stream: boolean }
): LlmCall | undefined {
  const client = getClient();
  if (!client.isEnabled) return undefined;
  const ctx = getActiveContext();
  if (isTracingSuppressed(ctx)) return undefined;
  const startTime = Date.now();
  const active = getSpan(ctx);
  // A framework with its own span context (OpenAI Agents) first: its model-call span is the owner.
  const external = getExternalScope(active);
  const owner =
    external !== undefined
      ? external.owner && claimOwner(external.owner, options.stream)
      : claimLlmOwner(ctx, options.stream);
  if (owner !== undefined) {
    claimedSpans.add(owner.span);
    owner.span.setAttributes(attributes);
    return { span: owner.span, enriched: true, startTime, owner };
  }
  if (external === undefined && !options.stream && getLlmOwner(ctx) === undefined && canEnrich(active)) {
    claimedSpans.add(active);
    active.setAttributes(attributes);
    return { span: active, enriched: true, startTime };
  }
  attributes[ATTR_NOVEUM_SPAN_TYPE] = 'llm';
  const parent = external !== undefined && !external.span.isEnded() ? external.span : undefined;
  const span = client.startSpan(name, parent ? { attributes, kind: 'client', parent } : { attributes, kind: 'client' });
  // Sampled out: a shared no-op span; skip all attribute work for this call.
  if (!span.isRecording()) return undefined;
  claimedSpans.add(span);
  return { span, enriched: false, startTime };
}

/**
 * Starts a provider call that is not a model generation (Anthropic's `countTokens`): always a
 * span of its own (`noveum.span_type` `operation`), never enriching or claiming an LLM owner, so
 * it neither counts as the model call of a `traceLLM` scope nor adds an LLM span.
 */
export function startOperationCall(name: string, attributes: AttributeBag): LlmCall | undefined {
  const client = getClient();
  if (!client.isEnabled || isTracingSuppressed(getActiveContext())) return undefined;
  attributes[ATTR_NOVEUM_SPAN_TYPE] = 'operation';
  const span = client.startSpan(name, { attributes, kind: 'client' });
  if (!span.isRecording()) return undefined;
  return { span, enriched: false, startTime: Date.now() };
}

/**
 * Runs `invoke` (the original client call) as a traced call: with tracing suppressed for its
 * synchronous part, so another layer of instrumentation reached from it (a proxy over a patched
 * client, a patch over a patch) records nothing. The call's span is not made the active span:
 * client libraries start no spans of ours inside their own calls, and not entering a context
 * keeps AsyncLocalStorage's promise hooks off in apps that use no scopes. An app running the
 * OpenTelemetry SDK sees `span` as its active span, so the library's own OpenTelemetry spans
 * (and HTTP spans) are its children.
 */
export function runTracedCall<R>(span: Span | undefined, invoke: () => R): R {
  return runSuppressed(() => withOtelActiveSpan(span, invoke));
}

/** Writes `attributes` (undefined values skipped) while the span is still open. */
export function setCallAttributes(call: LlmCall, attributes: AttributeBag): void {
  if (call.span.isEnded()) return;
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined && value !== null) call.span.setAttribute(key, value);
  }
}

/** Ends the call successfully: final attributes first, then status and end (unless enriched); `endTime` in epoch ms. */
export function finishLlmCall(call: LlmCall, attributes: AttributeBag, endTime?: number): void {
  try {
    if (call.span.isEnded()) return;
    setCallAttributes(call, attributes);
    if (call.enriched) return;
    call.span.setStatus('ok');
    call.span.end(endTime);
  } catch (error) {
    reportInternalError('genai.finishLlmCall', error);
  } finally {
    if (call.owner !== undefined) releaseLlmOwner(call.owner);
  }
}

/** `error.type` and HTTP status of an SDK or network error. */
export function errorAttributes(error: unknown): AttributeBag {
  const status = (error as { status?: unknown } | null)?.status;
  return {
    [ATTR_ERROR_TYPE]: toRecordedException(error).type,
    [ATTR_HTTP_RESPONSE_STATUS_CODE]: typeof status === 'number' ? status : undefined,
  };
}

/** Ends the call with `error` recorded (the caller rethrows the same object). */
export function failLlmCall(call: LlmCall, error: unknown, attributes: AttributeBag = {}): void {
  try {
    if (call.span.isEnded()) return;
    setCallAttributes(call, { ...attributes, ...errorAttributes(error) });
    call.span.recordException(error);
    call.span.setStatus('error', toRecordedException(error).message);
    if (!call.enriched) call.span.end();
  } catch (internal) {
    reportInternalError('genai.failLlmCall', internal);
  } finally {
    if (call.owner !== undefined) releaseLlmOwner(call.owner);
  }
}
