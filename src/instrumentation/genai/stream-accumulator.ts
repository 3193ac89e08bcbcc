/**
 * The state every provider's stream accumulator keeps: the first-token time, the content pieces
 * read, and the text up to the capture limit. `SummaryAccumulator` adds the response fields and
 * tool calls most providers fill in the same way, and the summary built from them.
 */
import type { CallCapture } from './capture.js';
import type { NeutralToolCall, ResultSummary } from './result.js';
import type { StreamSummaryAccumulator } from './stream-observer.js';
import type { NormalizedUsage } from './usage.js';

/** Pieces added to a block of text before it is flattened. */
const PIECES_PER_BLOCK = 64;

export abstract class ContentAccumulator implements StreamSummaryAccumulator {
  firstTokenAt: number | undefined;
  contentPieces = 0;
  // The streamed text, kept up to the capture limit (plus slack for the cut marker): the closed
  // blocks and the block being filled. `text += piece` over the whole stream would keep a tree of
  // one cons string per piece alive as long as the stream, promoted and then marked by every
  // full GC; a block of pieces is flattened when it closes, so its pieces die young.
  private _joined = '';
  private _block = '';
  private _count = 0;
  private _length = 0;
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
    if (text === undefined || this._length >= this._limit) return;
    this._length += text.length;
    this._block += text;
    if (++this._count === PIECES_PER_BLOCK) this._closeBlock();
  }

  /** The text read so far, up to the capture limit ('' when none). */
  protected streamedText(): string {
    if (this._count > 0) this._closeBlock();
    return this._joined;
  }

  private _closeBlock(): void {
    const block = this._block;
    // Reading a character makes V8 flatten the block (one copy of its characters), which costs
    // less than `Array#join` of the same pieces; the test keeps the read from being optimised away.
    if (block.charCodeAt(0) >= 0) this._joined += block;
    this._block = '';
    this._count = 0;
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
    const text = this.streamedText();
    if (text !== '') summary.text = text;
    if (this.tools.size > 0) summary.toolCalls = [...this.tools.values()];
    return summary;
  }
}
