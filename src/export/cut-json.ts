/**
 * The JSON of cut captures, shared by the Noveum and OTLP encoders. A cut value is its head
 * plus the marker `…[truncated]` (see `core/cut-text`); it is written as the head's JSON with the
 * marker as the ASCII escape `\u2026`: the same JSON value, with no two-byte string made of it.
 */
import { TRUNCATION_MARKER } from '../internal/safe-stringify.js';
import type { ChunkWriter } from './chunk-writer.js';

// The marker and the closing quote as JSON text in ASCII only.
const MARKER_TAIL = `${JSON.stringify(TRUNCATION_MARKER)
  .slice(1, -1)
  .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;

/** True when every character of `text` is ASCII (its UTF-8 is as long as it is). */
function isAscii(text: string): boolean {
  return Buffer.byteLength(text, 'utf8') === text.length;
}

/**
 * Writes the JSON string of a cut value from its `head`. The head's JSON goes into the buffer
 * without its closing quote and without a copy of it: an ASCII head (the usual captured JSON or
 * prose) is written as it comes out of `JSON.stringify`, one byte a character; only other heads
 * are sliced (a copy) and encoded as UTF-8.
 */
export function writeCutString(w: ChunkWriter, head: string): void {
  const json = JSON.stringify(head);
  if (isAscii(head)) w.writeAscii(json, json.length - 1);
  else w.write(json.slice(0, -1));
  w.writeAscii(MARKER_TAIL);
}
