/**
 * `ai` 7 moved telemetry out of `experimental_telemetry.tracer`: integrations are objects with
 * lifecycle callbacks, registered with `registerTelemetry()` or per call in
 * `telemetry.integrations`. This one writes the tree the `ai` 5/6 tracer writes: an operation
 * span per call, one LLM span per model call (step, object step, embedding call) and a span per
 * tool execution, keyed by the call's `callId`. The callbacks run in the caller's async context,
 * so the operation nests under the caller's active span; `executeTool` and
 * `executeLanguageModelCall` run the tool and the provider request with our span active.
 */
import { getClient } from '../../api/client.js';
import { getSpan, isTracingSuppressed, setSpan } from '../../context/active-span.js';
import { createContextKey } from '../../context/context.js';
import { getActiveContext, withContext } from '../../context/context-manager.js';
import { ATTR_LLM_STREAM_OUTCOME } from '../../core/semconv.js';
import type { Span } from '../../core/types.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import { getGlobal } from '../../internal/global.js';
import { resolveCallCapture, type CallCapture, type PreparedCaptureConfig } from '../genai/capture.js';
import type { AttributeBag } from '../genai/usage.js';
import { AI_STREAMING_OPERATION_IDS } from './constants.js';
import * as map from './telemetry-map.js';
import type { AIEvent } from './telemetry-map.js';

/** One open model call: its span and the attributes it started with. */
interface OpenLLM {
  readonly span: Span;
  readonly start: AttributeBag;
}

/** One `generateText`/`streamText`/`embed`/... call, by `callId`. */
interface CallState {
  readonly op: Span;
  readonly stream: boolean;
  readonly capture: CallCapture;
  /** Open model calls: `step` for text and object steps, the `embedCallId` for embedding calls. */
  readonly llm: Map<string, OpenLLM>;
  readonly tools: Map<string, Span>;
}

/** Set by the `streamText` wrapper of `autoInstrument('ai')`: learns the call's id in `onStart`. */
export interface CallHolder {
  callId?: string;
  owner?: NoveumAITelemetry;
}
export const CALL_HOLDER_KEY = createContextKey('vercel-ai.call-holder');

// The calls some integration of ours traces, in every copy of this package: a second one
// (registered by the app beside the one autoInstrument registered) leaves them alone.
const claimed = getGlobal('vercel-ai.claimed-calls', () => new Set<string>());

// Calls whose end never comes (a stream nobody reads to the end, without autoInstrument) are
// dropped, oldest first, past this many, so a long-running app does not keep them forever.
const MAX_OPEN_CALLS = 10_000;

const write = (span: Span, attributes: AttributeBag): void => {
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined && value !== null) span.setAttribute(key, value);
  }
};

function fail(span: Span, error: unknown): void {
  if (error === undefined) return;
  span.recordException(error);
  span.setStatus('error', error instanceof Error ? error.message : String(error));
}

/** Marks an integration object as ours, so `autoInstrument('ai')` does not register a second one. */
export const TELEMETRY_MARK = Symbol.for('noveum-trace.vercel-ai.telemetry');

/** A telemetry integration for `ai` 7 (`registerTelemetry(...)`, `telemetry.integrations`). */
export class NoveumAITelemetry {
  readonly [TELEMETRY_MARK] = true;
  private readonly _calls = new Map<string, CallState>();

  constructor(
    private readonly _capture: () => PreparedCaptureConfig,
    private readonly _isOn: () => boolean = () => true
  ) {}

  onStart(event: unknown): void {
    this._guard('onStart', () => {
      const e = event as AIEvent;
      const callId = String(e.callId);
      const client = getClient();
      if (!this._isOn() || !client.isEnabled || claimed.has(callId)) return;
      const ctx = getActiveContext();
      if (isTracingSuppressed(ctx)) return;
      const holder = ctx.getValue(CALL_HOLDER_KEY) as CallHolder | undefined;
      if (holder !== undefined && holder.callId === undefined) {
        holder.callId = callId;
        holder.owner = this;
      }
      const capture = resolveCallCapture(this._capture(), client.capture);
      const name = String(e.operationId ?? 'ai.operation');
      const functionId = typeof e.functionId === 'string' && e.functionId !== '' ? ` ${e.functionId}` : '';
      const parent = getSpan(ctx);
      const options = { attributes: map.operationStart(e, capture), kind: 'internal' as const };
      const op = client.startSpan(name + functionId, parent ? { ...options, parent } : options);
      if (!op.isRecording()) return;
      const stream = AI_STREAMING_OPERATION_IDS.includes(name);
      this._calls.set(callId, { op, stream, capture, llm: new Map(), tools: new Map() });
      claimed.add(callId);
      if (this._calls.size > MAX_OPEN_CALLS) this.abandon(this._calls.keys().next().value);
    });
  }

  onLanguageModelCallStart(event: unknown): void {
    this._startLLM(event, 'step', 'chat');
  }

  onLanguageModelCallEnd(event: unknown): void {
    this._endLLM(event, 'step');
  }

  onObjectStepStart(event: unknown): void {
    this._startLLM(event, 'step', 'chat');
  }

  onObjectStepEnd(event: unknown): void {
    this._endLLM(event, 'step');
  }

  onEmbedStart(event: unknown): void {
    this._startLLM(event, String((event as AIEvent).embedCallId), 'embeddings');
  }

  onEmbedEnd(event: unknown): void {
    this._endLLM(event, String((event as AIEvent).embedCallId));
  }

  onToolExecutionStart(event: unknown): void {
    this._guard('onToolExecutionStart', () => {
      const e = event as AIEvent;
      const call = this._calls.get(String(e.callId));
      const attributes = call && map.toolStart(e, call.capture);
      if (call === undefined || attributes === undefined) return;
      const name = typeof attributes['tool.name'] === 'string' ? `tool ${attributes['tool.name']}` : 'ai.toolCall';
      const span = getClient().startSpan(name, { attributes, kind: 'internal', parent: call.op });
      call.tools.set(String(attributes['ai.toolCall.id']), span);
    });
  }

  onToolExecutionEnd(event: unknown): void {
    this._guard('onToolExecutionEnd', () => {
      const e = event as AIEvent;
      const call = this._calls.get(String(e.callId));
      const id = String((e.toolCall as AIEvent | undefined)?.toolCallId);
      const span = call?.tools.get(id);
      if (call === undefined || span === undefined) return;
      call.tools.delete(id);
      const { attributes, error } = map.toolEnd(e, call.capture);
      write(span, attributes);
      fail(span, error);
      span.end();
    });
  }

  /** A step that failed before its model call ended: the error comes with `onError` next. */
  onStepError(event: unknown): void {
    this._guard('onStepError', () => {
      const e = event as AIEvent;
      const call = this._calls.get(String(e.callId));
      const open = call?.llm.get('step');
      if (call === undefined || open === undefined) return;
      call.llm.delete('step');
      this._endOpen(open, call.stream, e.error ?? new Error('the step failed'), 'error');
    });
  }

  onEnd(event: unknown): void {
    this._guard('onEnd', () => {
      const e = event as AIEvent;
      const callId = String(e.callId);
      const call = this._calls.get(callId);
      if (call === undefined) return;
      write(call.op, map.operationEnd(e, call.capture));
      if (call.stream) call.op.setAttribute(ATTR_LLM_STREAM_OUTCOME, 'completed');
      this._finish(callId, undefined, 'completed');
    });
  }

  onError(event: unknown): void {
    this._guard('onError', () => {
      const e = event as AIEvent;
      if (e === null || typeof e !== 'object' || !this._calls.has(String(e.callId))) return;
      this.abandon(String(e.callId), e.error ?? new Error('the AI SDK call failed'));
    });
  }

  onAbort(event: unknown): void {
    this._guard('onAbort', () => this.abandon(String((event as AIEvent).callId)));
  }

  executeTool<T>(options: { callId: string; toolCallId: string; execute: () => PromiseLike<T> }): PromiseLike<T> {
    const span = this._calls.get(String(options.callId))?.tools.get(String(options.toolCallId));
    return span === undefined ? options.execute() : withContext(setSpan(getActiveContext(), span), options.execute);
  }

  executeLanguageModelCall<T>(options: { callId: string; execute: () => PromiseLike<T> }): PromiseLike<T> {
    const open = this._calls.get(String(options.callId))?.llm.get('step');
    if (open === undefined) return options.execute();
    return withContext(setSpan(getActiveContext(), open.span), options.execute);
  }

  /**
   * Ends a call the SDK will not end itself (its stream was cancelled or failed): open model and
   * tool spans first, then the operation, with `error` recorded when there is one.
   */
  abandon(callId: string | undefined, error?: unknown): void {
    if (callId === undefined || !this._calls.has(callId)) return;
    this._finish(callId, error, error === undefined ? 'cancelled' : 'error');
  }

  private _finish(callId: string, error: unknown, outcome: 'completed' | 'cancelled' | 'error'): void {
    const call = this._calls.get(callId);
    if (call === undefined) return;
    this._calls.delete(callId);
    claimed.delete(callId);
    try {
      for (const open of call.llm.values()) this._endOpen(open, call.stream, error, outcome);
      for (const tool of call.tools.values()) {
        fail(tool, error);
        tool.end();
      }
      if (outcome !== 'completed') call.op.setAttribute(ATTR_LLM_STREAM_OUTCOME, outcome);
      fail(call.op, error);
    } finally {
      call.op.end();
    }
  }

  private _endOpen(open: OpenLLM, stream: boolean, error: unknown, outcome: string): void {
    if (stream) open.span.setAttribute(ATTR_LLM_STREAM_OUTCOME, outcome);
    fail(open.span, error);
    open.span.end();
  }

  private _startLLM(event: unknown, key: string, operation: 'chat' | 'embeddings'): void {
    this._guard('llmStart', () => {
      const e = event as AIEvent;
      const call = this._calls.get(String(e.callId));
      if (call === undefined) return;
      const start = map.llmStart(e, operation, call.stream, call.capture);
      const model = typeof start['llm.model'] === 'string' ? ` ${start['llm.model']}` : '';
      const span = getClient().startSpan(operation + model, { attributes: start, kind: 'client', parent: call.op });
      call.llm.set(key, { span, start });
    });
  }

  private _endLLM(event: unknown, key: string): void {
    this._guard('llmEnd', () => {
      const e = event as AIEvent;
      const call = this._calls.get(String(e.callId));
      const open = call?.llm.get(key);
      if (call === undefined || open === undefined) return;
      call.llm.delete(key);
      try {
        write(open.span, map.llmEnd(e, open.start, call.capture));
        // A stream whose provider sent an error part ends with finish reason `error` only.
        const failed = e.finishReason === 'error';
        if (failed) open.span.setStatus('error', 'the model stream reported an error');
        if (call.stream) open.span.setAttribute(ATTR_LLM_STREAM_OUTCOME, failed ? 'error' : 'completed');
      } finally {
        open.span.end();
      }
    });
  }

  private _guard(where: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      reportInternalError(`vercel-ai.${where}`, error);
    }
  }
}
