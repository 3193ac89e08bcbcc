/**
 * Streamed OpenAI calls: accumulate what the caller reads (chunks or Responses events) into a
 * result summary, and finish the span exactly once when the stream completes, is cancelled,
 * aborted or fails. Timing: time to first token and output tokens per second.
 */
import type { StreamObserver } from '../../proxy/preserve-stream.js';
import type { CallCapture } from '../genai/capture.js';
import type { LlmCall } from '../genai/llm-call.js';
import type { NeutralToolCall, ResultSummary } from '../genai/result.js';
import { ContentAccumulator } from '../genai/stream-accumulator.js';
import { createSummaryStreamObserver } from '../genai/stream-observer.js';
import type { AttributeBag, NormalizedUsage } from '../genai/usage.js';
import { OPENAI_PROVIDER } from './constants.js';
import type { OpenAIOperation } from './constants.js';
import type { ChatChoice, OpenAIResult, ResponsesStreamEvent } from './internal-types.js';
import { normalizeUsage, summarizeResult } from './utils.js';

/** The choice with index 0 (a plain loop: this runs once per chunk). */
function firstChoice(choices: readonly ChatChoice[] | undefined): ChatChoice | undefined {
  if (choices === undefined || choices === null) return undefined;
  for (let i = 0; i < choices.length; i++) {
    const choice = choices[i]!;
    if ((choice.index ?? 0) === 0) return choice;
  }
  return undefined;
}

/** Accumulated state of one stream. Text is kept only up to the capture limit. */
class StreamAccumulator extends ContentAccumulator {
  // Fields, not a summary object that gains keys as chunks arrive: an empty object that gains `id`
  // grows from the root map JSON.parse builds every chunk from (`id` is a chunk's first key), and
  // a second branch there makes each later parse search the transitions for every chunk.
  private _id: string | undefined;
  private _model: string | undefined;
  private _finishReason: string | undefined;
  private _usage: NormalizedUsage | undefined;
  /** What the Responses API's final event(s) said, summarised whole: it overrides the fields above. */
  private _final: ResultSummary | undefined;
  private readonly _tools: NeutralToolCall[] = [];

  constructor(
    private readonly _operation: OpenAIOperation,
    capture: CallCapture
  ) {
    super(capture);
  }

  add(chunk: unknown): void {
    if (typeof chunk !== 'object' || chunk === null) return;
    if (this._operation === 'responses') this._addEvent(chunk as ResponsesStreamEvent);
    else this._addChunk(chunk as OpenAIResult);
  }

  private _addChunk(c: OpenAIResult): void {
    this._id ??= c.id;
    this._model ??= c.model;
    if (c.usage) this._usage = normalizeUsage(c.usage);
    const choice = firstChoice(c.choices);
    if (choice === undefined) return;
    if (choice.finish_reason) this._finishReason = choice.finish_reason;
    const piece = this._operation === 'completions' ? choice.text : choice.delta?.content;
    if (typeof piece === 'string' && piece !== '') this.gotContent(piece);
    const toolCalls = choice.delta?.tool_calls;
    if (toolCalls === undefined || toolCalls === null) return;
    for (const t of toolCalls) {
      this.gotContent(undefined);
      // All three keys at once, from a literal: see the fields above.
      const slot = (this._tools[t.index ?? 0] ??= { id: undefined, name: undefined, arguments: undefined });
      slot.id ??= t.id;
      slot.name ??= t.function?.name;
      if (t.function?.arguments) slot.arguments = (slot.arguments ?? '') + t.function.arguments;
    }
  }

  private _addEvent(e: ResponsesStreamEvent): void {
    if (e.type === 'response.output_text.delta' || e.type === 'response.function_call_arguments.delta') {
      this.gotContent(e.type === 'response.output_text.delta' ? e.delta : undefined);
    } else if (e.type === 'response.created' && e.response) {
      this._id ??= e.response.id;
      this._model ??= e.response.model;
    } else if (
      e.response &&
      (e.type === 'response.completed' || e.type === 'response.incomplete' || e.type === 'response.failed')
    ) {
      this._final = Object.assign(this._final ?? {}, summarizeResult('responses', e.response));
    }
  }

  /** The summary with the streamed text and tool calls filled in. */
  result(): ResultSummary {
    const s: ResultSummary = {
      id: this._id,
      model: this._model,
      finishReason: this._finishReason,
      usage: this._usage,
    };
    if (this._final !== undefined) Object.assign(s, this._final);
    if (s.text === undefined) {
      const text = this.streamedText();
      if (text !== '') s.text = text;
    }
    if ((s.toolCalls === undefined || s.toolCalls.length === 0) && this._tools.length > 0)
      s.toolCalls = this._tools.filter(Boolean);
    return s;
  }
}

/** The observer for one streamed call; `base` holds attributes known when the stream opened. */
export function createStreamObserver(
  call: LlmCall,
  operation: OpenAIOperation,
  requestModel: string | undefined,
  capture: CallCapture,
  base: AttributeBag
): StreamObserver {
  const acc = new StreamAccumulator(operation, capture);
  return createSummaryStreamObserver(OPENAI_PROVIDER, call, acc, requestModel, capture, base);
}
