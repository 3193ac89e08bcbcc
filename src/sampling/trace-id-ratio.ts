/**
 * The trace-id ratio rule, shared by every service that samples the same trace:
 * the last 14 hex digits (56 bits) of the trace id are read as an unsigned number
 * R, the W3C Trace Context Level 2 "random" part. A trace is kept at rate p when
 * R >= T, with T = round((1 - p) * 2^56): OpenTelemetry's consistent probability
 * sampling threshold. Two services with the same rate make the same decision, and
 * a service with a higher rate keeps a superset of what one with a lower rate keeps.
 */

const TWO_POW_28 = 0x1000_0000;
const TWO_POW_56 = 2 ** 56;

/** A precomputed threshold, split into two 28-bit halves so the hot path stays in small integers. */
export interface RatioThreshold {
  readonly high: number;
  readonly low: number;
}

/** Computes the threshold for a rate in [0, 1] once, at creation. */
export function ratioThreshold(rate: number): RatioThreshold {
  // Floats hold 2^56 multiples exactly enough here: the error is below 2^-53 of the rate.
  const t = rate >= 1 ? 0 : rate <= 0 ? TWO_POW_56 : Math.round((1 - rate) * TWO_POW_56);
  const high = Math.floor(t / TWO_POW_28);
  return { high, low: t - high * TWO_POW_28 };
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return 0;
}

/** Reads 7 hex digits (28 bits) of `traceId` from `start` without allocating. */
function read28(traceId: string, start: number): number {
  let n = 0;
  for (let i = start; i < start + 7; i++) n = n * 16 + hexDigit(traceId.charCodeAt(i));
  return n;
}

/** True when the trace id's random part reaches the threshold (the trace is kept). */
export function passesRatio(traceId: string, threshold: RatioThreshold): boolean {
  const end = traceId.length;
  // A short or malformed id reads as zeros (NaN char codes map to 0): deterministic, never throws.
  const high = read28(traceId, end - 14);
  if (high !== threshold.high) return high > threshold.high;
  return read28(traceId, end - 7) >= threshold.low;
}
