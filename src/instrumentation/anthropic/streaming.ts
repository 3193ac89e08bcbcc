/**
 * Streamed Anthropic messages: accumulate the events the caller reads (`message_start` …
 * `message_stop`) into a result summary, and finish the span exactly once when the stream
 * completes, is cancelled, aborted or fails (an `error` event makes the SDK's stream throw).
 */
import type { StreamObserver } from '../../proxy/preserve-stream.js';
import type { CallCapture } from '../genai/capture.js';
import type { LlmCall } from '../genai/llm-call.js';
import type { NeutralToolCall, ResultSummary } from '../genai/result.js';
import { ContentAccumulator } from '../genai/stream-accumulator.js';
import { createSummaryStreamObserver } from '../genai/stream-observer.js';
import { readTokenUsage, type AttributeBag } from '../genai/usage.js';
import { ANTHROPIC_PROVIDER } from './constants.js';
import type { AnthropicStreamEvent, AnthropicUsage } from './internal-types.js';
import { toolCallOf } from './utils.js';

/** Accumulated state of one stream. Text is kept only up to the capture limit. */
class MessageAccumulator extends ContentAccumulator {
  private _id: string | undefined;
  private _model: string | undefined;
  private _stopReason: string | undefined;
  // `message_start` carries input and cache counts; `message_delta` the cumulative output count.
  private _usage: Record<string, unknown> | undefined;
  // Tool calls by content block index; their JSON input arrives in pieces.
  private readonly _tools = new Map<number, NeutralToolCall>();

  add(chunk: unknown): void {
    if (typeof chunk !== 'object' || chunk === null) return;
    const e = chunk as AnthropicStreamEvent;
    // Almost every event is a text delta, recognised by its delta alone (only a
    // `content_block_delta` carries one): `e.type` is read from events of many shapes, and a
    // long type string from JSON.parse is not internalised, so comparing it reads its characters.
    const d = e.delta;
    if (d !== undefined && d !== null && d.type === 'text_delta' && typeof d.text === 'string') {
      this.gotContent(d.text);
      return;
    }
    switch (e.type) {
      case 'content_block_delta':
        this._addOtherDelta(e);
        return;
      case 'message_start':
        this._id = e.message?.id;
        this._model = e.message?.model;
        this._mergeUsage(e.message?.usage);
        return;
      case 'content_block_start':
        if (e.content_block?.type === 'tool_use' || e.content_block?.type === 'server_tool_use') {
          this._tools.set(e.index ?? 0, { ...toolCallOf({ ...e.content_block, input: undefined }) });
        }
        return;
      case 'message_delta':
        if (e.delta?.stop_reason) this._stopReason = e.delta.stop_reason;
        this._mergeUsage(e.usage);
        return;
    }
  }

  /** A delta without text (a tool's JSON input, thinking): a content piece all the same. */
  private _addOtherDelta(e: AnthropicStreamEvent): void {
    const d = e.delta;
    this.gotContent(undefined);
    if (d?.type === 'input_json_delta' && typeof d.partial_json === 'string') {
      const tool = this._tools.get(e.index ?? 0);
      if (tool !== undefined) tool.arguments = (tool.arguments ?? '') + d.partial_json;
    }
  }

  private _mergeUsage(usage: AnthropicUsage | null | undefined): void {
    if (typeof usage !== 'object' || usage === null) return;
    const merged: Record<string, unknown> = { ...this._usage };
    for (const [key, value] of Object.entries(usage)) if (value !== null && value !== undefined) merged[key] = value;
    this._usage = merged;
  }

  result(): ResultSummary {
    const summary: ResultSummary = {
      id: this._id,
      model: this._model,
      finishReason: this._stopReason,
      usage: readTokenUsage(this._usage),
    };
    const text = this.streamedText();
    if (text !== '') summary.text = text;
    if (this._tools.size > 0) summary.toolCalls = [...this._tools.values()];
    return summary;
  }
}

/** The observer for one streamed call; `base` holds attributes known when the stream opened. */
export function createMessageStreamObserver(
  call: LlmCall,
  requestModel: string | undefined,
  capture: CallCapture,
  base: AttributeBag
): StreamObserver {
  return createSummaryStreamObserver(
    ANTHROPIC_PROVIDER,
    call,
    new MessageAccumulator(capture),
    requestModel,
    capture,
    base
  );
}
