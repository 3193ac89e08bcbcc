import type { ReadableSpan } from '../core/types.js';
import { pauseIfBusy, sliceIsLong } from './yield.js';

/** A serialised body: UTF-8 chunks of about `CHUNK_CHARS`, never one large string. */
export type BodyChunks = readonly Buffer[];

/**
 * A piece of a body: JSON text as it is, a value whose JSON is written (one span's record:
 * the async writer escapes its long strings a piece at a time, the sync one in one step), or a
 * function that writes its JSON into the writer itself (a span with cut captures, see the encoders).
 */
export type BodyPiece = string | { readonly json: unknown } | ((w: ChunkWriter) => void);

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

function hasLongValue(attributes: unknown): boolean {
  if (typeof attributes !== 'object' || attributes === null) return false;
  for (const key in attributes) if (hasLongString((attributes as Record<string, unknown>)[key], 2)) return true;
  return false;
}

/**
 * True when some string of `span` is longer than `LONG_STRING_CHARS`, so that its record goes to
 * the paced path: read on the span itself, not by walking the record an encoder built of it.
 */
export function spanHasLongString(span: ReadableSpan): boolean {
  if (hasLongValue(span.attributes) || hasLongString(span.name, 0) || hasLongString(span.status.message, 0))
    return true;
  for (const e of span.events) if (hasLongString(e.name, 0) || hasLongValue(e.attributes)) return true;
  for (const l of span.links) if (hasLongValue(l.attributes)) return true;
  const ex = span.exception;
  return ex !== undefined && hasLongString([ex.type, ex.message, ex.stackTrace], 0);
}

/** Total bytes of a chunked body. */
export function bodyBytes(chunks: BodyChunks): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}

/** Bytes of the slab the writer encodes small pieces into (the size of one chunk). */
const SLAB_BYTES = 64 * 1024;

/**
 * Builds a request body or file line piece by piece (a span's JSON at a time),
 * encoding to Buffers of about 64 KB and letting the caller yield between pieces.
 *
 * Why: `JSON.stringify` of a whole batch of LLM spans, then `Buffer.from` of the
 * result, is one synchronous step of tens of ms for 100 KB messages; and strings
 * held until the request ends are copied by every young-generation GC, while
 * Buffers live outside the JS heap. Pieces are encoded straight into a slab, not
 * joined into a string first: joining built a 64 KB string per chunk that V8 then
 * flattened (a copy) before encoding it (another), a third of the export's allocation.
 */
export class ChunkWriter {
  private _chunks: Buffer[] = [];
  private _slab: Buffer | undefined;
  private _used = 0;

  /** Appends text; starts a new chunk once the current one is full. */
  write(text: string): void {
    if (text.length === 0) return;
    // A large piece (one span's JSON) is encoded on its own, as one chunk.
    if (text.length >= CHUNK_CHARS) return this._whole(text);
    let slab = this._slab;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only a piece that may not fit is measured.
    if (slab === undefined || this._used + text.length * 3 > slab.length) {
      const bytes = Buffer.byteLength(text, 'utf8');
      if (slab === undefined || this._used + bytes > slab.length) {
        if (bytes > SLAB_BYTES) return this._whole(text);
        this._seal();
        slab = this._slab = Buffer.allocUnsafe(SLAB_BYTES);
      }
    }
    this._used += slab.write(text, this._used, 'utf8');
  }

  /**
   * Appends the first `length` characters of `text`, which the caller knows to be ASCII (so one
   * byte each). Written as Latin-1: V8 copies the characters straight out of a string that is
   * still a tree of parts (what `JSON.stringify` returns for a long string), where UTF-8 would
   * flatten it into a new string first, and no byte count is needed to see whether it fits.
   */
  writeAscii(text: string, length = text.length): void {
    if (length === 0) return;
    let slab = this._slab;
    if (slab === undefined || this._used + length > slab.length) {
      this._seal();
      // A piece larger than a chunk gets a slab of its own size, sealed as one chunk.
      slab = this._slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, length));
    }
    this._used += slab.write(text, this._used, length, 'latin1');
  }

  private _whole(text: string): void {
    this._seal();
    this._chunks.push(Buffer.from(text, 'utf8'));
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

  /**
   * Ends the current chunk. A short one (a small batch, a file line) is copied out, so the body
   * does not keep a 64 KB slab alive through its retries, and the slab is written again.
   */
  private _seal(): void {
    const slab = this._slab;
    if (slab === undefined || this._used === 0) return;
    if (this._used < slab.length / 2) {
      this._chunks.push(Buffer.from(slab.subarray(0, this._used)));
    } else {
      this._chunks.push(slab.subarray(0, this._used));
      this._slab = undefined;
    }
    this._used = 0;
  }
}

/**
 * Writes `pieces` into `w`, pausing between them when the slice of export work has run long.
 * Awaits only what is pending: an `await` per piece would cost microtask turns per span.
 */
export async function writePieces(w: ChunkWriter, pieces: Iterable<BodyPiece>): Promise<void> {
  for (const piece of pieces) {
    if (typeof piece === 'string') w.write(piece);
    else if (typeof piece === 'function') piece(w);
    else {
      const writing = w.writeJson(piece.json);
      if (writing !== undefined) await writing;
    }
    if (sliceIsLong()) await w.pause();
  }
}

/** `writePieces` without pauses, for a process that is ending (only synchronous work runs). */
export function writePiecesSync(w: ChunkWriter, pieces: Iterable<BodyPiece>): void {
  for (const piece of pieces) {
    if (typeof piece === 'function') piece(w);
    else w.write(typeof piece === 'string' ? piece : (JSON.stringify(piece.json) ?? 'null'));
  }
}
