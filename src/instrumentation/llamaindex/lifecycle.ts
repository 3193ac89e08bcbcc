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
import { endLlmOwner, getLlmOwner, releaseLlmOwner, setLlmOwner, type LlmOwner } from '../../context/llm-owner.js';
import { ATTR_LLM_STREAM_OUTCOME, ATTR_NOVEUM_SPAN_TYPE } from '../../core/semconv.js';
import type { Span } from '../../core/types.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import { getGlobal } from '../../internal/global.js';
import { observeAsyncIterable, type StreamOutcome } from '../../proxy/preserve-stream.js';
import type { CallCapture } from '../genai/capture.js';
import { callCapture, errorAttributes } from '../genai/llm-call.js';
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
  /**
   * The call runs inside the app's LLM scope (`traceLLM`): it writes onto that span, unless a
   * provider call inside claims it first, and never ends it (the scope does).
   */
  readonly enrichOnly: boolean;
  readonly description: CallDescription;
  readonly capture: CallCapture;
  readonly startTime: number;
}

// Model-call spans this integration opened (either build): a model call inside one of them
// (`complete` calling `chat`) is the same call and passes straight through.
const ownModelSpans = getGlobal('llamaindex-model-spans', () => new WeakSet<Span>());

function isModelOperation(op: LlamaIndexOperation): boolean {
  return op === 'chat' || op === 'complete' || op === 'embeddings';
}

/** The active span as an unclaimed LLM owner (our own `complete`, or the app's `traceLLM`), if it is one. */
function unclaimedOwner(context: Context): LlmOwner | undefined {
  const owner = getLlmOwner(context);
  const usable =
    owner !== undefined &&
    !owner.claimed &&
    getSpan(context) === owner.span &&
    owner.span.isRecording() &&
    !owner.span.isEnded();
  return usable ? owner : undefined;
}

function definedOnly(attributes: AttributeBag): AttributeBag {
  const out: AttributeBag = {};
  for (const key in attributes) if (attributes[key] !== undefined) out[key] = attributes[key];
  return out;
}

/** Opens the call's span, or returns undefined to leave the call untraced. */
export function startCall(
  op: LlamaIndexOperation,
  self: unknown,
  args: unknown[],
  settings: LiveSettings
): TracedCall | undefined {
  const capture = callCapture(settings);
  if (capture === undefined) return undefined;
  const active = getActiveContext();
  if (isTracingSuppressed(active)) return undefined;
  const enclosing = isModelOperation(op) ? unclaimedOwner(active) : undefined;
  if (enclosing !== undefined && ownModelSpans.has(enclosing.span)) return undefined;
  const description = describeCall(op, self, args, capture);
  const startTime = Date.now();
  if (enclosing !== undefined) {
    // The scope's end waits for a stream written onto it, as for a provider's stream.
    if (description.streamed) enclosing.pending++;
    const { [ATTR_NOVEUM_SPAN_TYPE]: _type, ...request } = description.attributes;
    setDefined(enclosing.span, request);
    const owner = enclosing;
    return { op, span: owner.span, context: active, owner, enrichOnly: true, description, capture, startTime };
  }
  const span = getClient().startSpan(description.name, {
    attributes: definedOnly(description.attributes),
    kind: description.kind,
  });
  let context = setSpan(active, span);
  let owner: LlmOwner | undefined;
  if (description.modelCall) {
    ownModelSpans.add(span);
    context = setLlmOwner(context, span);
    owner = getLlmOwner(context);
  }
  return { op, span, context, owner, enrichOnly: false, description, capture, startTime };
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
 * owner), its usage, ids and cost are the precise ones: only the text and tool calls are added,
 * and nothing onto the app's scope, where the provider's record is the whole story.
 */
function modelResultAttributes(call: TracedCall, summary: ResultSummary): AttributeBag {
  const { provider, model } = call.description;
  const claimed = call.owner?.claimed === true;
  if (claimed && call.enrichOnly) return {};
  const own: ResultSummary = claimed ? { text: summary.text, toolCalls: summary.toolCalls } : summary;
  return resultAttributes(provider, own, model, call.capture);
}

/** Ends the span (after the streams writing onto it), or for a scope's call, lets the scope end. */
function endWith(call: TracedCall, end: () => void): void {
  if (!call.enrichOnly) endLlmOwner(call.owner, end);
  else if (call.description.streamed && call.owner !== undefined) releaseLlmOwner(call.owner);
}

function endOk(call: TracedCall): void {
  endWith(call, () => endSpanOk(call.span));
}

/** Ends the call with `error` recorded (the caller gets the same error, unchanged). */
export function failCall(call: TracedCall, error: unknown, attributes: AttributeBag = {}): void {
  try {
    if (!(call.enrichOnly && call.owner?.claimed === true))
      setDefined(call.span, { ...attributes, ...errorAttributes(error) });
  } catch (internal) {
    reportInternalError(`llamaindex.${call.op}.fail`, internal);
  }
  endWith(call, () => endSpanWithError(call.span, error));
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
    if (call.enrichOnly && call.owner?.claimed === true) return {};
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
