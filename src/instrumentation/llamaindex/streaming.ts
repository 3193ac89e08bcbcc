/**
 * Reading LlamaIndex streams as the caller reads them: the chunks of `chat({ stream: true })`
 * (`{ delta, raw, options }`, `raw` being the provider's chunk), of `complete` (`{ text }`) and of
 * the engines (`EngineResponse` with `delta`) add up to one result summary.
 */
import type { ResultSummary } from '../genai/result.js';
import { llmResultSummary } from './utils.js';
import type { ResponseLike } from './internal-types.js';

/** Accumulates one stream's chunks. */
export interface ChunkAccumulator {
  add(chunk: unknown): void;
  summary(): ResultSummary;
  /** Epoch ms of the first non-empty piece of text, if any. */
  readonly firstTokenAt: number | undefined;
  /** Non-empty pieces read: the output token count when the provider reported none. */
  readonly pieces: number;
}

function pieceOf(c: ResponseLike): string {
  if (typeof c.delta === 'string') return c.delta;
  return typeof c.text === 'string' ? c.text : '';
}

/** A new accumulator; reading a chunk never throws (an odd chunk adds nothing). */
export function createChunkAccumulator(): ChunkAccumulator {
  let text = '';
  let last: ResultSummary = {};
  let toolCall: unknown;
  const acc = {
    firstTokenAt: undefined as number | undefined,
    pieces: 0,
    add(chunk: unknown): void {
      if (typeof chunk !== 'object' || chunk === null) return;
      const c = chunk as ResponseLike;
      const piece = pieceOf(c);
      if (piece !== '') {
        acc.firstTokenAt ??= Date.now();
        acc.pieces++;
        text += piece;
      }
      if (c.options?.toolCall !== undefined) toolCall = c.options.toolCall;
      // The provider's chunk: the last one carrying a field wins (usage comes on the final chunk).
      const s = llmResultSummary({ raw: c.raw });
      last = {
        id: s.id ?? last.id,
        model: s.model ?? last.model,
        finishReason: s.finishReason ?? last.finishReason,
        usage: s.usage ?? last.usage,
      };
    },
    summary(): ResultSummary {
      const calls = llmResultSummary({ message: { options: { toolCall } } }).toolCalls;
      return { ...last, text, toolCalls: calls };
    },
  };
  return acc;
}
