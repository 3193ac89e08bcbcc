import { pauseIfBusy, sliceIsLong } from './yield.js';

/** A serialised body: UTF-8 chunks of about `CHUNK_CHARS`, never one large string. */
export type BodyChunks = readonly Buffer[];

/**
 * A piece of a body: JSON text as it is, or a value whose JSON is written (one span's record):
 * the async writer escapes its long strings a piece at a time, the sync one in one step.
 */
export type BodyPiece = string | { readonly json: unknown };

/** Text gathered before it is encoded to one Buffer chunk. */
const CHUNK_CHARS = 64 * 1024;

/** Strings longer than this are written in pieces by `writeJson`. */
const LONG_STRING_CHARS = 2 * CHUNK_CHARS;

/** True when plain data `value` holds a string longer than `LONG_STRING_CHARS` (spans are shallow). */
export function hasLongString(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.length > LONG_STRING_CHARS;
  if (typeof value !== 'object' || value === null || depth > 8) return false;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    if (hasLongString(item, depth + 1)) return true;
  }
  return false;
}

/** Total bytes of a chunked body. */
export function bodyBytes(chunks: BodyChunks): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}

/**
 * Builds a request body or file line piece by piece (a span's JSON at a time),
 * encoding to Buffers every 64 KB and letting the caller yield between pieces.
 *
 * Why: `JSON.stringify` of a whole batch of LLM spans, then `Buffer.from` of the
 * result, is one synchronous step of tens of ms for 100 KB messages; and strings
 * held until the request ends are copied by every young-generation GC, while
 * Buffers live outside the JS heap.
 */
export class ChunkWriter {
  private _chunks: Buffer[] = [];
  private _pending = '';

  /** Appends text; encodes what has gathered once it would pass the chunk size. */
  write(text: string): void {
    if (this._pending !== '' && this._pending.length + text.length > CHUNK_CHARS) this._seal();
    // A large piece (one span's JSON) is encoded as it is: appending it to the pending text
    // would make V8 flatten a still larger string, possibly in the old generation.
    if (text.length >= CHUNK_CHARS) this._chunks.push(Buffer.from(text, 'utf8'));
    else this._pending += text;
  }

  /**
   * Appends the JSON of `value` (plain data: what the encoders build for one span). A string
   * longer than `LONG_STRING_CHARS` is escaped a piece at a time with pauses in between, so one
   * 5 MB attribute is never one long `JSON.stringify` and `Buffer.from`. Synchronous (no promise)
   * when there is no such string: the common span costs no microtask turns.
   */
  writeJson(value: unknown): void | Promise<void> {
    if (!hasLongString(value, 0)) return this.write(JSON.stringify(value) ?? 'null');
    if (typeof value === 'string') return this._writeLongString(value);
    return this._writeLongJson(value as object);
  }

  private async _writeLongJson(value: object): Promise<void> {
    const array = Array.isArray(value);
    this.write(array ? '[' : '{');
    let first = true;
    for (const [key, item] of Object.entries(value)) {
      // JSON.stringify leaves out undefined members (and writes null in arrays).
      if (!array && item === undefined) continue;
      this.write(`${first ? '' : ','}${array ? '' : JSON.stringify(key) + ':'}`);
      first = false;
      await this.writeJson(item);
    }
    this.write(array ? ']' : '}');
  }

  private async _writeLongString(text: string): Promise<void> {
    this.write('"');
    for (let start = 0; start < text.length;) {
      let end = Math.min(text.length, start + CHUNK_CHARS);
      // Never between the halves of a surrogate pair: each piece is escaped on its own.
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
      const quoted = JSON.stringify(text.slice(start, end));
      this.write(quoted.slice(1, -1));
      start = end;
      await this.pause();
    }
    this.write('"');
  }

  /** Resolves at once, or on a later turn when this slice of export work has run long. */
  pause(): Promise<void> {
    return pauseIfBusy();
  }

  /** Returns the chunks written so far and starts a new, empty body. */
  take(): Buffer[] {
    this._seal();
    const chunks = this._chunks;
    this._chunks = [];
    return chunks;
  }

  private _seal(): void {
    if (this._pending === '') return;
    this._chunks.push(Buffer.from(this._pending, 'utf8'));
    this._pending = '';
  }
}

/**
 * Writes `pieces` into `w`, pausing between them when the slice of export work has run long.
 * Awaits only what is pending: an `await` per piece would cost microtask turns per span.
 */
export async function writePieces(w: ChunkWriter, pieces: Iterable<BodyPiece>): Promise<void> {
  for (const piece of pieces) {
    if (typeof piece === 'string') w.write(piece);
    else {
      const writing = w.writeJson(piece.json);
      if (writing !== undefined) await writing;
    }
    if (sliceIsLong()) await w.pause();
  }
}

/** `writePieces` without pauses, for a process that is ending (only synchronous work runs). */
export function writePiecesSync(w: ChunkWriter, pieces: Iterable<BodyPiece>): void {
  for (const piece of pieces) w.write(typeof piece === 'string' ? piece : (JSON.stringify(piece.json) ?? 'null'));
}
