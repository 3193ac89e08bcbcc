/**
 * Bedrock streams: ConverseStream events (`{ contentBlockDelta }`, `{ messageStop }`,
 * `{ metadata }`, ...) and InvokeModelWithResponseStream chunks (`{ chunk: { bytes } }` holding
 * the model family's own stream events as JSON). Each accumulates into a summary; the span ends
 * once when the caller finishes, breaks, aborts, or the stream throws (an exception frame).
 */
import type { StreamObserver } from '../../proxy/preserve-stream.js';
import { stringValue as str } from '../../internal/read-value.js';
import type { CallCapture } from '../genai/capture.js';
import type { LlmCall } from '../genai/llm-call.js';
import type { NeutralToolCall, ResultSummary } from '../genai/result.js';
import { createSummaryStreamObserver, type StreamSummaryAccumulator } from '../genai/stream-observer.js';
import type { AttributeBag, NormalizedUsage } from '../genai/usage.js';
import { BEDROCK_PROVIDER } from './constants.js';
import type { ConverseStreamEvent } from './internal-types.js';
import { parseBody, readNativeChunk, type NativeChunk } from './native.js';
import { readConverseUsage } from './utils.js';

/** What both stream shapes accumulate: text up to the capture limit, tool calls, finish reason, usage. */
abstract class BaseAccumulator implements StreamSummaryAccumulator {
  protected _id: string | undefined;
  protected _model: string | undefined;
  protected _finishReason: string | undefined;
  protected _usage: NormalizedUsage | undefined;
  private _text = '';
  protected readonly _tools = new Map<number, NeutralToolCall>();
  private readonly _limit: number;
  firstTokenAt: number | undefined;
  contentPieces = 0;

  constructor(capture: CallCapture) {
    this._limit = capture.outputs ? capture.maxOutputLength + 256 : 0;
  }

  abstract add(chunk: unknown): void;

  protected addText(text: string | undefined): void {
    this.firstTokenAt ??= Date.now();
    this.contentPieces++;
    if (text !== undefined && this._text.length < this._limit) this._text += text;
  }

  protected addToolInput(index: number, piece: string | undefined): void {
    const tool = this._tools.get(index);
    if (tool !== undefined && piece !== undefined) tool.arguments = (tool.arguments ?? '') + piece;
  }

  protected mergeUsage(usage: Partial<NormalizedUsage> | undefined): void {
    if (usage === undefined) return;
    const merged: Record<string, unknown> = { ...this._usage };
    for (const [key, value] of Object.entries(usage)) if (value !== undefined) merged[key] = value;
    this._usage = merged as NormalizedUsage;
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

class ConverseStreamAccumulator extends BaseAccumulator {
  add(chunk: unknown): void {
    if (typeof chunk !== 'object' || chunk === null) return;
    const e = chunk as ConverseStreamEvent;
    if (e.contentBlockDelta) {
      const delta = e.contentBlockDelta.delta;
      if (delta?.toolUse) {
        this.addText(undefined);
        this.addToolInput(e.contentBlockDelta.contentBlockIndex ?? 0, str(delta.toolUse.input));
      } else this.addText(str(delta?.text));
    } else if (e.contentBlockStart?.start?.toolUse) {
      const t = e.contentBlockStart.start.toolUse;
      this._tools.set(e.contentBlockStart.contentBlockIndex ?? 0, { id: str(t.toolUseId), name: str(t.name) });
    } else if (e.messageStop) this._finishReason = str(e.messageStop.stopReason);
    else if (e.metadata) this._usage = readConverseUsage(e.metadata.usage) ?? this._usage;
  }
}

class InvokeStreamAccumulator extends BaseAccumulator {
  private _toolIndex = -1;

  add(chunk: unknown): void {
    const bytes = (chunk as { chunk?: { bytes?: unknown } } | null)?.chunk?.bytes;
    const event = parseBody(bytes);
    if (event === undefined) return;
    this._apply(readNativeChunk(event));
  }

  private _apply(c: NativeChunk): void {
    this._id ??= c.id;
    this._model ??= c.model;
    if (c.toolStart !== undefined) this._tools.set(++this._toolIndex, c.toolStart);
    if (c.text !== undefined) this.addText(c.text);
    if (c.toolInput !== undefined) {
      this.addText(undefined);
      this.addToolInput(this._toolIndex, c.toolInput);
    }
    this._finishReason = c.finishReason ?? this._finishReason;
    this.mergeUsage(c.usage);
  }
}

/** The observer for one ConverseStream (`api` converse) or InvokeModelWithResponseStream (`invoke`) call. */
export function createBedrockStreamObserver(
  api: 'converse' | 'invoke',
  call: LlmCall,
  requestModel: string | undefined,
  capture: CallCapture,
  base: AttributeBag
): StreamObserver {
  const acc = api === 'converse' ? new ConverseStreamAccumulator(capture) : new InvokeStreamAccumulator(capture);
  return createSummaryStreamObserver(BEDROCK_PROVIDER, call, acc, requestModel, capture, base);
}
