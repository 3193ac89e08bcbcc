import { performance } from 'node:perf_hooks';

const origin = performance.timeOrigin;

/** Epoch milliseconds with sub-millisecond precision, monotonic within the process. */
export function now(): number {
  return origin + performance.now();
}

/** ISO 8601 in UTC with microseconds, as the Noveum API expects. */
export function toIsoString(epochMs: number): string {
  const whole = Math.floor(epochMs);
  const micros = Math.floor((epochMs - whole) * 1000);
  const iso = new Date(whole).toISOString(); // 2026-01-01T00:00:00.123Z
  return `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}+00:00`;
}

/** Epoch milliseconds as a decimal string of nanoseconds (OTLP's fixed64), without float error. */
export function toUnixNanoString(epochMs: number): string {
  const whole = Math.floor(epochMs);
  const nanosInMs = Math.round((epochMs - whole) * 1e6);
  return (BigInt(whole) * 1_000_000n + BigInt(Math.min(nanosInMs, 999_999))).toString();
}
