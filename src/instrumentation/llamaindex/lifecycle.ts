/**
 * The life of one traced LlamaIndex call: its span opens in the caller's context and is made
 * active for the call (so retrievers, model calls and tools inside nest under it), and ends
 * once, on every path: a sync return or throw, the promise settling, or, for a streamed result,
 * the stream ending. LlamaIndex's own callback events have no error event; ending here does not
 * depend on them.
 *
 * A model call's span (chat, complete, embeddings) is the LLM owner of its context: the provider
 * integration (`openai`) called inside writes its precise usage, request id and cost onto it
 * instead of opening a second LLM span, and a streamed call's end waits for the provider's
 * stream to write its usage (see context/llm-owner).
 */
import { getClient } from '../../api/client.js';
import { endSpanOk, endSpanWithError, isNativePromise } from '../../api/run-in-span.js';
import { getSpan, isTracingSuppressed, setSpan } from '../../context/active-span.js';
import type { Context } from '../../context/context.js';
import { getActiveContext } from '../../context/context-manager.js';
import { endLlmOwner, getLlmOwner, setLlmOwner, type LlmOwner } from '../../context/llm-owner.js';
import { ATTR_LLM_STREAM_OUTCOME } from '../../core/semconv.js';
import type { Span } from '../../core/types.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import { observeAsyncIterable, type StreamOutcome } from '../../proxy/preserve-stream.js';
import { resolveCallCapture, type CallCapture } from '../genai/capture.js';
import { errorAttributes } from '../genai/llm-call.js';
import { resultAttributes, type ResultSummary } from '../genai/result.js';
import { streamTimingAttributes } from '../genai/stream-timing.js';
import type { AttributeBag } from '../genai/usage.js';
import type { LiveSettings } from '../types.js';
import type { LlamaIndexOperation } from './constants.js';
import { createChunkAccumulator } from './streaming.js';
import { describeCall, llmResultSummary, outputAttributes, type CallDescription } from './utils.js';

/** One traced call. */
export interface TracedCall {
  readonly op: LlamaIndexOperation;
  readonly span: Span;
  /** The context the original runs in: the span active (and, for a model call, the LLM owner). */
  readonly context: Context;
  readonly owner: LlmOwner | undefined;
  readonly description: CallDescription;
  readonly capture: CallCapture;
  readonly startTime: number;
}

function isModelOperation(op: LlamaIndexOperation): boolean {
  return op === 'chat' || op === 'complete' || op === 'embeddings';
}

/**
 * True when the active span is an unclaimed LLM owner (our own `complete` calling `chat`, or
 * the app's `traceLLM`): that span already stands for this model call, and the provider called
 * inside writes onto it, so no second LLM span is opened.
 */
function insideUnclaimedOwner(context: Context): boolean {
  const owner = getLlmOwner(context);
  return (
    owner !== undefined &&
    !owner.claimed &&
    getSpan(context) === owner.span &&
    owner.span.isRecording() &&
    !owner.span.isEnded()
  );
}

/** Opens the call's span, or returns undefined to leave the call untraced. */
export function startCall(
  op: LlamaIndexOperation,
  self: unknown,
  args: unknown[],
  settings: LiveSettings
): TracedCall | undefined {
  const client = getClient();
  if (!client.isEnabled || !settings.enabled) return undefined;
  const active = getActiveContext();
  if (isTracingSuppressed(active)) return undefined;
  if (isModelOperation(op) && insideUnclaimedOwner(active)) return undefined;
  const capture = resolveCallCapture(settings.capture, client.capture);
  const description = describeCall(op, self, args, capture);
  const attributes: AttributeBag = {};
  for (const key in description.attributes)
    if (description.attributes[key] !== undefined) attributes[key] = description.attributes[key];
  const span = client.startSpan(description.name, { attributes, kind: description.kind });
  let context = setSpan(active, span);
  let owner: LlmOwner | undefined;
  if (description.modelCall) {
    context = setLlmOwner(context, span);
    owner = getLlmOwner(context);
  }
  return { op, span, context, owner, description, capture, startTime: Date.now() };
}

function setDefined(span: Span, attributes: AttributeBag): void {
  if (span.isEnded() || !span.isRecording()) return;
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined && value !== null) span.setAttribute(key, value);
  }
}

/**
 * Attributes of a model call's result. When a provider wrote onto the span (it claimed the
 * owner), its usage, ids and cost are the precise ones: only the text and tool calls are added.
 */
function modelResultAttributes(call: TracedCall, summary: ResultSummary): AttributeBag {
  const { provider, model } = call.description;
  const claimed = call.owner?.claimed === true;
  const own: ResultSummary = claimed ? { text: summary.text, toolCalls: summary.toolCalls } : summary;
  return resultAttributes(provider, own, model, call.capture);
}

function endOk(call: TracedCall): void {
  endLlmOwner(call.owner, () => endSpanOk(call.span));
}

/** Ends the call with `error` recorded (the caller gets the same error, unchanged). */
export function failCall(call: TracedCall, error: unknown, attributes: AttributeBag = {}): void {
  try {
    setDefined(call.span, { ...attributes, ...errorAttributes(error) });
  } catch (internal) {
    reportInternalError(`llamaindex.${call.op}.fail`, internal);
  }
  endLlmOwner(call.owner, () => endSpanWithError(call.span, error));
}

/** Ends the call with what it returned. */
export function finishCall(call: TracedCall, value: unknown): void {
  try {
    const attributes =
      call.op === 'chat' || call.op === 'complete'
        ? modelResultAttributes(call, llmResultSummary(value))
        : outputAttributes(call.op, value, call.capture);
    setDefined(call.span, attributes);
  } catch (error) {
    reportInternalError(`llamaindex.${call.op}.finish`, error);
  }
  endOk(call);
}

function observeStreamed(call: TracedCall, stream: object): void {
  const acc = createChunkAccumulator();
  const attributes = (outcome: StreamOutcome | 'error'): AttributeBag => {
    const summary = acc.summary();
    if (call.op !== 'chat' && call.op !== 'complete') {
      return outputAttributes(call.op, { response: summary.text }, call.capture);
    }
    const attrs = modelResultAttributes(call, summary);
    const tokens = summary.usage?.output ?? acc.pieces;
    Object.assign(attrs, streamTimingAttributes(call.startTime, acc.firstTokenAt, tokens));
    attrs[ATTR_LLM_STREAM_OUTCOME] = outcome;
    return attrs;
  };
  observeAsyncIterable(stream, {
    onChunk: (chunk) => acc.add(chunk),
    onEnd: (outcome) => {
      setDefined(call.span, attributes(outcome));
      endOk(call);
    },
    onError: (error) => failCall(call, error, attributes('error')),
  });
}

function isAsyncIterable(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

function settle(call: TracedCall, value: unknown): void {
  if (call.description.streamed && isAsyncIterable(value)) observeStreamed(call, value);
  else finishCall(call, value);
}

/** Watches what the original returned (a promise is observed on a side chain) and ends the span. */
export function observeCall(call: TracedCall, result: unknown): void {
  if (!isNativePromise(result)) {
    settle(call, result);
    return;
  }
  // The side chain's rejection handler keeps it from ever rejecting unhandled.
  void result.then(
    (value) => settle(call, value),
    (error: unknown) => failCall(call, error)
  );
}
