/**
 * Streamed Gemini responses: every chunk is a `GenerateContentResponse` holding the next parts;
 * the last one carries the finish reason and the usage for the whole response. The span ends
 * once when the generator completes, is returned early, aborted or fails.
 */
import type { StreamObserver } from '../../proxy/preserve-stream.js';
import { stringValue as str } from '../../internal/read-value.js';
import type { CallCapture } from '../genai/capture.js';
import type { LlmCall } from '../genai/llm-call.js';
import type { NeutralToolCall, ResultSummary } from '../genai/result.js';
import { createSummaryStreamObserver, type StreamSummaryAccumulator } from '../genai/stream-observer.js';
import type { AttributeBag, NormalizedUsage } from '../genai/usage.js';
import { GOOGLE_GENAI_PROVIDER } from './constants.js';
import type { GeminiResponse } from './internal-types.js';
import { modelId, readGeminiUsage, readParts } from './utils.js';

/** Accumulated state of one stream. Text is kept only up to the capture limit. */
class ContentAccumulator implements StreamSummaryAccumulator {
  private _id: string | undefined;
  private _model: string | undefined;
  private _finishReason: string | undefined;
  private _usage: NormalizedUsage | undefined;
  private _text = '';
  private readonly _tools: NeutralToolCall[] = [];
  private readonly _limit: number;
  firstTokenAt: number | undefined;
  contentPieces = 0;

  constructor(capture: CallCapture) {
    this._limit = capture.outputs ? capture.maxOutputLength + 256 : 0;
  }

  add(chunk: unknown): void {
    if (typeof chunk !== 'object' || chunk === null) return;
    const r = chunk as GeminiResponse;
    this._id ??= str(r.responseId);
    this._model ??= modelId(r.modelVersion);
    const candidate = r.candidates?.[0];
    this._finishReason = str(candidate?.finishReason) ?? this._finishReason;
    // Usage is cumulative: the last chunk that has it speaks for the whole response.
    this._usage = readGeminiUsage(r.usageMetadata) ?? this._usage;
    const { text, toolCalls } = readParts(candidate?.content?.parts);
    if (text === undefined && toolCalls.length === 0) return;
    this.firstTokenAt ??= Date.now();
    this.contentPieces++;
    if (text !== undefined && this._text.length < this._limit) this._text += text;
    this._tools.push(...toolCalls);
  }

  result(): ResultSummary {
    const summary: ResultSummary = {
      id: this._id,
      model: this._model,
      finishReason: this._finishReason,
      usage: this._usage,
    };
    if (this._text !== '') summary.text = this._text;
    if (this._tools.length > 0) summary.toolCalls = [...this._tools];
    return summary;
  }
}

/** The observer for one streamed call; `base` holds attributes known when the stream opened. */
export function createContentStreamObserver(
  call: LlmCall,
  requestModel: string | undefined,
  capture: CallCapture,
  base: AttributeBag
): StreamObserver {
  return createSummaryStreamObserver(
    GOOGLE_GENAI_PROVIDER,
    call,
    new ContentAccumulator(capture),
    requestModel,
    capture,
    base
  );
}
