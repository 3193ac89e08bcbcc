/**
 * Streamed Gemini responses: every chunk is a `GenerateContentResponse` holding the next parts;
 * the last one carries the finish reason and the usage for the whole response. The span ends
 * once when the generator completes, is returned early, aborted or fails.
 */
import type { StreamObserver } from '../../proxy/preserve-stream.js';
import { stringValue as str } from '../../internal/read-value.js';
import type { CallCapture } from '../genai/capture.js';
import type { LlmCall } from '../genai/llm-call.js';
import { SummaryAccumulator } from '../genai/stream-accumulator.js';
import { createSummaryStreamObserver } from '../genai/stream-observer.js';
import type { AttributeBag } from '../genai/usage.js';
import { GOOGLE_GENAI_PROVIDER } from './constants.js';
import type { GeminiResponse } from './internal-types.js';
import { modelId, readGeminiUsage, readParts } from './utils.js';

/** Accumulated state of one stream. Text is kept only up to the capture limit. */
class ContentAccumulator extends SummaryAccumulator {
  add(chunk: unknown): void {
    if (typeof chunk !== 'object' || chunk === null) return;
    const r = chunk as GeminiResponse;
    this.id ??= str(r.responseId);
    this.model ??= modelId(r.modelVersion);
    const candidate = r.candidates?.[0];
    this.finishReason = str(candidate?.finishReason) ?? this.finishReason;
    // Usage is cumulative: the last chunk that has it speaks for the whole response.
    this.usage = readGeminiUsage(r.usageMetadata) ?? this.usage;
    const { text, toolCalls } = readParts(candidate?.content?.parts);
    if (text === undefined && toolCalls.length === 0) return;
    this.gotContent(text);
    // Each part is a whole call: numbered in the order they arrive.
    for (const call of toolCalls) this.tools.set(this.tools.size, call);
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
