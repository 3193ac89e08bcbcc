import type * as Crypto from 'node:crypto';
import { lazyBuiltin } from '../internal/builtin.js';

const crypto = lazyBuiltin<typeof Crypto>('node:crypto');

/**
 * W3C ids from a pooled buffer of crypto randomness: one syscall and one hex
 * conversion per 1024 span ids, then each id is a slice of that hex string
 * (an O(1) substring, not 16 concatenations). No Math.random: ids decide sampling.
 */

const POOL_BYTES = 8192;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolHex = '';
let offset = 0;

// Buffer#toString('hex') is native whatever tier the JIT has reached: a table loop written here
// costs less once optimised, but refills are rare (one per 341 root spans) and mostly run
// unoptimised, at three times the cost.
function refill(): void {
  crypto().randomFillSync(pool);
  poolHex = pool.toString('hex');
  offset = 0;
}

function hex(chars: number): string {
  if (offset + chars > poolHex.length) refill();
  const id = poolHex.slice(offset, offset + chars);
  offset += chars;
  return id;
}

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const CHAR_ZERO = 48;

/** A new 32-hex-character trace id, never all zeros. */
export function generateTraceId(): string {
  const id = hex(32);
  // The first digit first: comparing two substrings of the pool goes through the runtime.
  return id.charCodeAt(0) === CHAR_ZERO && id === ZERO_TRACE ? generateTraceId() : id;
}

/** A new 16-hex-character span id, never all zeros. */
export function generateSpanId(): string {
  const id = hex(16);
  return id.charCodeAt(0) === CHAR_ZERO && id === ZERO_SPAN ? generateSpanId() : id;
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
