/**
 * The stream observer every provider shares: its accumulator reads the chunks, this turns the
 * accumulated summary into the LLM span's attributes when the stream ends (once, on any path).
 */
import { ATTR_LLM_STREAM_OUTCOME } from '../../core/semconv.js';
import type { StreamObserver, StreamOutcome } from '../../proxy/preserve-stream.js';
import type { CallCapture } from './capture.js';
import { failLlmCall, finishLlmCall, type LlmCall } from './llm-call.js';
import { resultAttributes, type ResultSummary } from './result.js';
import { streamTimingAttributes } from './stream-timing.js';
import type { AttributeBag } from './usage.js';

/** What a provider's stream accumulator gives the shared observer. */
export interface StreamSummaryAccumulator {
  add(chunk: unknown): void;
  result(): ResultSummary;
  /** Epoch ms of the first content piece, if any. */
  readonly firstTokenAt: number | undefined;
  /** Content pieces read: the output token count when the provider reports none. */
  readonly contentPieces: number;
}

/**
 * The observer for one streamed call.
 *
 * @param provider - the `llm.provider` value (`openai`, `anthropic`)
 * @param acc - the provider's accumulator for this stream
 * @param base - attributes known when the stream opened (request id, status)
 */
export function createSummaryStreamObserver(
  provider: string,
  call: LlmCall,
  acc: StreamSummaryAccumulator,
  requestModel: string | undefined,
  capture: CallCapture,
  base: AttributeBag
): StreamObserver {
  const attributes = (outcome: StreamOutcome | 'error', endTime?: number): AttributeBag => {
    const summary = acc.result();
    const attrs = resultAttributes(provider, summary, requestModel, capture, { ...base });
    const tokens = summary.usage?.output ?? acc.contentPieces;
    streamTimingAttributes(call.startTime, acc.firstTokenAt, tokens, endTime, attrs);
    attrs[ATTR_LLM_STREAM_OUTCOME] = outcome;
    return attrs;
  };
  return {
    onChunk: (chunk) => acc.add(chunk),
    onEnd: (outcome, endTime) => finishLlmCall(call, attributes(outcome, endTime), endTime),
    onError: (error) => failLlmCall(call, error, attributes('error')),
  };
}
