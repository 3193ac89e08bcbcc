/**
 * The state every provider's stream accumulator keeps: the first-token time, the content pieces
 * read, and the text up to the capture limit. `SummaryAccumulator` adds the response fields and
 * tool calls most providers fill in the same way, and the summary built from them.
 */
import type { CallCapture } from './capture.js';
import type { NeutralToolCall, ResultSummary } from './result.js';
import type { StreamSummaryAccumulator } from './stream-observer.js';
import type { NormalizedUsage } from './usage.js';

export abstract class ContentAccumulator implements StreamSummaryAccumulator {
  firstTokenAt: number | undefined;
  contentPieces = 0;
  /** The streamed text, kept up to the capture limit (plus slack for the cut marker). */
  protected text = '';
  private readonly _limit: number;

  constructor(capture: CallCapture) {
    this._limit = capture.outputs ? capture.maxOutputLength + 256 : 0;
  }

  abstract add(chunk: unknown): void;
  abstract result(): ResultSummary;

  /** One content piece arrived (text, or a tool call's part when `text` is undefined). */
  protected gotContent(text: string | undefined): void {
    this.firstTokenAt ??= Date.now();
    this.contentPieces++;
    if (text !== undefined && this.text.length < this._limit) this.text += text;
  }
}

/** Response id, model, finish reason, usage and tool calls by index, summarised the same way. */
export abstract class SummaryAccumulator extends ContentAccumulator {
  protected id: string | undefined;
  protected model: string | undefined;
  protected finishReason: string | undefined;
  protected usage: NormalizedUsage | undefined;
  /** Tool calls by index; a call's JSON arguments may arrive in pieces. */
  protected readonly tools = new Map<number, NeutralToolCall>();

  result(): ResultSummary {
    const summary: ResultSummary = {
      id: this.id,
      model: this.model,
      finishReason: this.finishReason,
      usage: this.usage,
    };
    if (this.text !== '') summary.text = this.text;
    if (this.tools.size > 0) summary.toolCalls = [...this.tools.values()];
    return summary;
  }
}
