/**
 * Heads of cut attribute values, for export. A cut value is its kept head plus the marker
 * `…[truncated]`; the marker's '…' is not Latin-1, so the joined value, once V8 flattens it
 * (redaction reads it), is a two-byte string, and so is every JSON text it is written into:
 * escaping and UTF-8 encoding then cost about half as much again. The head alone is usually
 * one-byte, so the Noveum writer writes the head's JSON and the marker as the ASCII escape
 * `\u2026` (the same JSON value; see `cutHeadOf`).
 */
import type { Attributes } from './types.js';

interface CutRecord {
  /** The attribute value as stored: `head` + the marker. */
  readonly value: string;
  readonly head: string;
}

// Kept on the attributes object itself, in a property no listing, spread or JSON shows: a
// redactor that changes any value copies the object, so a record is found only for the object it
// was made for. A registered symbol, so the other build (ESM or CommonJS) finds it too. Not a
// process-wide WeakMap: measured, its entries (a 20 KB head and its joined value per capture)
// outlived young-generation GCs and ~25 KB per 100 KB call reached the old generation.
const HEADS = Symbol.for('noveum-trace.cut-heads');

type WithHeads = Attributes & { [HEADS]?: Map<string, CutRecord> };

function headsOf(attributes: Attributes): Map<string, CutRecord> | undefined {
  return (attributes as WithHeads)[HEADS];
}

function setHeads(attributes: Attributes, map: Map<string, CutRecord>): void {
  // A frozen object cannot take the records: its cut values are then written as they are (the same JSON).
  if (!Object.isExtensible(attributes)) return;
  Object.defineProperty(attributes, HEADS, { value: map, configurable: true, writable: true, enumerable: false });
}

/** Records that `attributes[key]`, now `value`, is `head` followed by the truncation marker. */
export function rememberCutHead(attributes: Attributes, key: string, value: string, head: string): void {
  let map = headsOf(attributes);
  if (map === undefined) setHeads(attributes, (map = new Map()));
  map.set(key, { value, head });
}

/** True when some value of `attributes` has a recorded head (a quick test before the per-key reads). */
export function hasCutHeads(attributes: Attributes): boolean {
  return headsOf(attributes) !== undefined;
}

/**
 * The head of `attributes[key]` when that value is still the one recorded (the same string),
 * else undefined: the value was replaced or redacted since, and must be written as it is.
 */
export function cutHeadOf(attributes: Attributes, key: string, value: unknown): string | undefined {
  const record = headsOf(attributes)?.get(key);
  return record !== undefined && record.value === value ? record.head : undefined;
}

/** Gives `to`, a copy of `from`, the records of `from` (each still checked against its value). */
export function copyCutHeads(from: Attributes, to: Attributes): void {
  const map = headsOf(from);
  if (map !== undefined) setHeads(to, new Map(map));
}
