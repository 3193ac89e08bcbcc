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
import { SummaryAccumulator } from '../genai/stream-accumulator.js';
import { createSummaryStreamObserver } from '../genai/stream-observer.js';
import type { AttributeBag, NormalizedUsage } from '../genai/usage.js';
import { BEDROCK_PROVIDER } from './constants.js';
import type { ConverseStreamEvent } from './internal-types.js';
import { parseBody, readNativeChunk, type NativeChunk } from './native.js';
import { readConverseUsage } from './utils.js';

/** What both stream shapes accumulate: text up to the capture limit, tool calls, finish reason, usage. */
abstract class BaseAccumulator extends SummaryAccumulator {
  protected addToolInput(index: number, piece: string | undefined): void {
    const tool = this.tools.get(index);
    if (tool !== undefined && piece !== undefined) tool.arguments = (tool.arguments ?? '') + piece;
  }

  protected mergeUsage(usage: Partial<NormalizedUsage> | undefined): void {
    if (usage === undefined) return;
    const merged: Record<string, unknown> = { ...this.usage };
    for (const [key, value] of Object.entries(usage)) if (value !== undefined) merged[key] = value;
    this.usage = merged as NormalizedUsage;
  }
}

class ConverseStreamAccumulator extends BaseAccumulator {
  add(chunk: unknown): void {
    if (typeof chunk !== 'object' || chunk === null) return;
    const e = chunk as ConverseStreamEvent;
    if (e.contentBlockDelta) {
      const delta = e.contentBlockDelta.delta;
      if (delta?.toolUse) {
        this.gotContent(undefined);
        this.addToolInput(e.contentBlockDelta.contentBlockIndex ?? 0, str(delta.toolUse.input));
      } else this.gotContent(str(delta?.text));
    } else if (e.contentBlockStart?.start?.toolUse) {
      const t = e.contentBlockStart.start.toolUse;
      this.tools.set(e.contentBlockStart.contentBlockIndex ?? 0, { id: str(t.toolUseId), name: str(t.name) });
    } else if (e.messageStop) this.finishReason = str(e.messageStop.stopReason);
    else if (e.metadata) this.usage = readConverseUsage(e.metadata.usage) ?? this.usage;
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
    this.id ??= c.id;
    this.model ??= c.model;
    if (c.toolStart !== undefined) this.tools.set(++this._toolIndex, c.toolStart);
    if (c.text !== undefined) this.gotContent(c.text);
    if (c.toolInput !== undefined) {
      this.gotContent(undefined);
      this.addToolInput(this._toolIndex, c.toolInput);
    }
    this.finishReason = c.finishReason ?? this.finishReason;
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
