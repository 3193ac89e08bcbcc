/**
 * Heads of cut attribute values, for export. A cut value is its kept head plus the marker
 * `…[truncated]`; the marker's '…' is not Latin-1, so the joined value, once V8 flattens it
 * (redaction reads it), is a two-byte string, and so is every JSON text it is written into:
 * escaping and UTF-8 encoding then cost about half as much again. The head alone is usually
 * one-byte, so the Noveum writer writes the head's JSON and the marker as the ASCII escape
 * `\u2026` (the same JSON value; see `cutHeadOf`).
 */
import { getGlobal } from '../internal/global.js';
import type { Attributes } from './types.js';

interface CutRecord {
  /** The attribute value as stored: `head` + the marker. */
  readonly value: string;
  readonly head: string;
}

// Keyed by the attributes object: a redactor that changes any value copies the object, so a
// record is found only for the object it was made for. Process-wide, like the spans' other
// cross-copy state: the span may come from the other build (ESM or CommonJS).
const heads = getGlobal('cut-text-heads', () => new WeakMap<object, Map<string, CutRecord>>());

/** Records that `attributes[key]`, now `value`, is `head` followed by the truncation marker. */
export function rememberCutHead(attributes: Attributes, key: string, value: string, head: string): void {
  let map = heads.get(attributes);
  if (map === undefined) heads.set(attributes, (map = new Map()));
  map.set(key, { value, head });
}

/** True when some value of `attributes` has a recorded head (a quick test before the per-key reads). */
export function hasCutHeads(attributes: Attributes): boolean {
  return heads.has(attributes);
}

/**
 * The head of `attributes[key]` when that value is still the one recorded (the same string),
 * else undefined: the value was replaced or redacted since, and must be written as it is.
 */
export function cutHeadOf(attributes: Attributes, key: string, value: unknown): string | undefined {
  const record = heads.get(attributes)?.get(key);
  return record !== undefined && record.value === value ? record.head : undefined;
}

/** Gives `to`, a copy of `from`, the records of `from` (each still checked against its value). */
export function copyCutHeads(from: Attributes, to: Attributes): void {
  const map = heads.get(from);
  if (map !== undefined) heads.set(to, new Map(map));
}
