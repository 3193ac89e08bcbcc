/** Timing figures of a streamed call, shared by every provider's stream accumulator. */
import { ATTR_LLM_TIME_TO_FIRST_TOKEN_MS, ATTR_LLM_TOKENS_PER_SECOND } from '../../core/semconv.js';
import type { AttributeBag } from './usage.js';

/**
 * Time to first token (from the call's start) and output tokens per second (from the first
 * token to `end`), written into `into` (returned); nothing when no token arrived.
 *
 * @param startTime - epoch ms when the call started
 * @param firstTokenAt - epoch ms of the first content piece, if any
 * @param tokens - output tokens (the provider's count, or the number of pieces read)
 * @param end - epoch ms when the stream ended
 * @param into - the bag to write into (a new one by default)
 */
export function streamTimingAttributes(
  startTime: number,
  firstTokenAt: number | undefined,
  tokens: number,
  end = Date.now(),
  into: AttributeBag = {}
): AttributeBag {
  if (firstTokenAt === undefined) return into;
  const seconds = (end - firstTokenAt) / 1000;
  // Assignments, not a literal with computed keys (a runtime call per key in V8).
  into[ATTR_LLM_TIME_TO_FIRST_TOKEN_MS] = firstTokenAt - startTime;
  into[ATTR_LLM_TOKENS_PER_SECOND] = seconds > 0 ? Math.round((tokens / seconds) * 100) / 100 : undefined;
  return into;
}
