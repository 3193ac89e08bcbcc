/**
 * The state every provider's stream accumulator keeps: the first-token time, the content pieces
 * read, and the text up to the capture limit. `SummaryAccumulator` adds the response fields and
 * tool calls most providers fill in the same way, and the summary built from them.
 */
import type { CallCapture } from './capture.js';
import type { NeutralToolCall, ResultSummary } from './result.js';
import type { StreamSummaryAccumulator } from './stream-observer.js';
import type { NormalizedUsage } from './usage.js';

/** Pieces kept unjoined before they are joined into one flat string. */
const PIECES_PER_JOIN = 64;

export abstract class ContentAccumulator implements StreamSummaryAccumulator {
  firstTokenAt: number | undefined;
  contentPieces = 0;
  // The streamed text, kept up to the capture limit (plus slack for the cut marker): joined text
  // and the latest pieces. `text += piece` per chunk would keep a tree of one cons string per
  // piece alive for the whole stream, which every young-generation GC copies again.
  private _joined = '';
  private readonly _pieces: string[] = [];
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
    // An indexed store, not `push()`: optimised code calls push's builtin instead of inlining it.
    this._pieces[this._count] = text;
    if (++this._count === PIECES_PER_JOIN) this._joinPieces();
  }

  /** The text read so far, up to the capture limit ('' when none). */
  protected streamedText(): string {
    if (this._count > 0) this._joinPieces();
    return this._joined;
  }

  private _joinPieces(): void {
    this._pieces.length = this._count;
    this._joined += this._pieces.join('');
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
