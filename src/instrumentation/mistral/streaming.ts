/**
 * Streamed Mistral chats: the SDK's `EventStream` yields `{ data: CompletionChunk }` events; the
 * last chunk carries the finish reason and the usage. The span ends once when the caller finishes,
 * breaks, aborts, or the stream fails.
 */
import type { StreamObserver } from '../../proxy/preserve-stream.js';
import { stringValue as str } from '../../internal/read-value.js';
import type { CallCapture } from '../genai/capture.js';
import type { LlmCall } from '../genai/llm-call.js';
import { SummaryAccumulator } from '../genai/stream-accumulator.js';
import { createSummaryStreamObserver } from '../genai/stream-observer.js';
import type { AttributeBag } from '../genai/usage.js';
import { MISTRAL_PROVIDER } from './constants.js';
import type { MistralResponse } from './internal-types.js';
import { contentText, readMistralUsage, toolCallOf } from './utils.js';

class ChunkAccumulator extends SummaryAccumulator {
  add(event: unknown): void {
    const chunk = (event as { data?: unknown } | null)?.data as MistralResponse | undefined;
    if (typeof chunk !== 'object' || chunk === null) return;
    this.id ??= str(chunk.id);
    this.model ??= str(chunk.model);
    this.usage = readMistralUsage(chunk.usage) ?? this.usage;
    const choice = chunk.choices?.[0];
    this.finishReason = str(choice?.finishReason) ?? this.finishReason;
    const text = contentText(choice?.delta?.content);
    const calls = choice?.delta?.toolCalls;
    if (!text && !(Array.isArray(calls) && calls.length > 0)) return;
    this.gotContent(text || undefined);
    // Mistral usually sends each tool call whole, but its arguments may come in pieces.
    for (const [i, call] of (calls ?? []).entries()) {
      const index = typeof call.index === 'number' ? call.index : i;
      const piece = toolCallOf(call);
      const known = this.tools.get(index);
      if (known === undefined) this.tools.set(index, piece);
      else known.arguments = (known.arguments ?? '') + (piece.arguments ?? '');
    }
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
