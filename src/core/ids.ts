import { randomFillSync } from 'node:crypto';

/**
 * W3C ids from a pooled buffer of crypto randomness: one syscall per 256 ids
 * instead of one per id, and no Math.random (ids decide sampling).
 */

const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  let out = '';
  const end = offset + bytes;
  for (let i = offset; i < end; i++) out += HEX[pool[i] as number];
  offset = end;
  return out;
}

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** A new 32-hex-character trace id, never all zeros. */
export function generateTraceId(): string {
  const id = hex(16);
  return id === ZERO_TRACE ? generateTraceId() : id;
}

/** A new 16-hex-character span id, never all zeros. */
export function generateSpanId(): string {
  const id = hex(8);
  return id === ZERO_SPAN ? generateSpanId() : id;
}

export const INVALID_TRACE_ID = ZERO_TRACE;
export const INVALID_SPAN_ID = ZERO_SPAN;

const TRACE_ID_RE = /^[0-9a-f]{32}$/;
const SPAN_ID_RE = /^[0-9a-f]{16}$/;

export function isValidTraceId(id: unknown): id is string {
  return typeof id === 'string' && TRACE_ID_RE.test(id) && id !== ZERO_TRACE;
}

export function isValidSpanId(id: unknown): id is string {
  return typeof id === 'string' && SPAN_ID_RE.test(id) && id !== ZERO_SPAN;
}
