/**
 * Streamed Mistral chats: the SDK's `EventStream` yields `{ data: CompletionChunk }` events; the
 * last chunk carries the finish reason and the usage. The span ends once when the caller finishes,
 * breaks, aborts, or the stream fails.
 */
import type { StreamObserver } from '../../proxy/preserve-stream.js';
import { stringValue as str } from '../../internal/read-value.js';
import type { CallCapture } from '../genai/capture.js';
import type { LlmCall } from '../genai/llm-call.js';
import type { NeutralToolCall, ResultSummary } from '../genai/result.js';
import { createSummaryStreamObserver, type StreamSummaryAccumulator } from '../genai/stream-observer.js';
import type { AttributeBag, NormalizedUsage } from '../genai/usage.js';
import { MISTRAL_PROVIDER } from './constants.js';
import type { MistralResponse } from './internal-types.js';
import { contentText, readMistralUsage, toolCallOf } from './utils.js';

class ChunkAccumulator implements StreamSummaryAccumulator {
  private _id: string | undefined;
  private _model: string | undefined;
  private _finishReason: string | undefined;
  private _usage: NormalizedUsage | undefined;
  private _text = '';
  // Tool calls by index; Mistral usually sends each whole, but arguments may come in pieces.
  private readonly _tools = new Map<number, NeutralToolCall>();
  private readonly _limit: number;
  firstTokenAt: number | undefined;
  contentPieces = 0;

  constructor(capture: CallCapture) {
    this._limit = capture.outputs ? capture.maxOutputLength + 256 : 0;
  }

  add(event: unknown): void {
    const chunk = (event as { data?: unknown } | null)?.data as MistralResponse | undefined;
    if (typeof chunk !== 'object' || chunk === null) return;
    this._id ??= str(chunk.id);
    this._model ??= str(chunk.model);
    this._usage = readMistralUsage(chunk.usage) ?? this._usage;
    const choice = chunk.choices?.[0];
    this._finishReason = str(choice?.finishReason) ?? this._finishReason;
    const text = contentText(choice?.delta?.content);
    const calls = choice?.delta?.toolCalls;
    if (!text && !(Array.isArray(calls) && calls.length > 0)) return;
    this.firstTokenAt ??= Date.now();
    this.contentPieces++;
    if (text && this._text.length < this._limit) this._text += text;
    for (const [i, call] of (calls ?? []).entries()) {
      const index = typeof call.index === 'number' ? call.index : i;
      const piece = toolCallOf(call);
      const known = this._tools.get(index);
      if (known === undefined) this._tools.set(index, piece);
      else known.arguments = (known.arguments ?? '') + (piece.arguments ?? '');
    }
  }

  result(): ResultSummary {
    const summary: ResultSummary = {
      id: this._id,
      model: this._model,
      finishReason: this._finishReason,
      usage: this._usage,
    };
    if (this._text !== '') summary.text = this._text;
    if (this._tools.size > 0) summary.toolCalls = [...this._tools.values()];
    return summary;
  }
}

/** The observer for one streamed chat; `base` holds attributes known when the stream opened. */
export function createChatStreamObserver(
  call: LlmCall,
  requestModel: string | undefined,
  capture: CallCapture,
  base: AttributeBag
): StreamObserver {
  return createSummaryStreamObserver(
    MISTRAL_PROVIDER,
    call,
    new ChunkAccumulator(capture),
    requestModel,
    capture,
    base
  );
}
