import { pauseIfBusy } from './yield.js';

/** A serialised body: UTF-8 chunks of about `CHUNK_CHARS`, never one large string. */
export type BodyChunks = readonly Buffer[];

/** Text gathered before it is encoded to one Buffer chunk. */
const CHUNK_CHARS = 64 * 1024;

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
